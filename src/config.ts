// Typed access to the `corroborate.*` settings, read through the one settings
// table (SETTINGS in server/src/lsp/protocol.ts, which package.json's
// contributes.configuration is generated from).
import * as vscode from 'vscode';
import { SETTINGS, type ServerSettings } from './protocol';

export const SECTION = 'corroborate';

export function readSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SETTINGS)) {
    if ('clientOnly' in s) continue;
    const v = c.get(s.key);
    // an empty include glob would select nothing: it means the default
    out[name] = v === undefined || v === null || v === '' ? s.default : v;
  }
  return out as ServerSettings;
}

/**
 * Which documents the language client synchronises: plain-text files the
 * include glob selects. Whether one is in the corpus (exclude, size, article or
 * not) is the server's decision; Corroborate.inCorpus follows its answers.
 */
export function documentSelector(s: ServerSettings): vscode.DocumentFilter[] {
  return [{ scheme: 'file', language: 'plaintext', pattern: s.include }];
}
