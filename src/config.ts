// Typed access to the `corroborate.*` settings (see contributes.configuration).
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from './protocol';

export const SECTION = 'corroborate';

export interface Settings {
  include: string;
  exclude: string[];
  maxFileSize: number;
  flagSingleSource: boolean;
  codeLensEnabled: boolean;
  inlayHintsEnabled: boolean;
  matchThreshold: number;
}

/** Same defaults as the server (server/src/lsp/protocol.ts) and package.json. */
const DEFAULTS: Settings = {
  include: DEFAULT_SETTINGS.include,
  exclude: DEFAULT_SETTINGS.exclude,
  maxFileSize: DEFAULT_SETTINGS.maxFileSize,
  flagSingleSource: DEFAULT_SETTINGS.flagSingleSource,
  codeLensEnabled: DEFAULT_SETTINGS.codeLensEnabled,
  inlayHintsEnabled: DEFAULT_SETTINGS.inlayHintsEnabled,
  matchThreshold: DEFAULT_SETTINGS.matchThreshold,
};

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  return {
    include: c.get<string>('include') || DEFAULTS.include,
    exclude: c.get<string[]>('exclude') ?? DEFAULTS.exclude,
    maxFileSize: c.get<number>('maxFileSize') ?? DEFAULTS.maxFileSize,
    flagSingleSource: c.get<boolean>('flagSingleSource') ?? DEFAULTS.flagSingleSource,
    codeLensEnabled: c.get<boolean>('codeLens.enabled') ?? DEFAULTS.codeLensEnabled,
    inlayHintsEnabled: c.get<boolean>('inlayHints.enabled') ?? DEFAULTS.inlayHintsEnabled,
    matchThreshold: c.get<number>('match.threshold') ?? DEFAULTS.matchThreshold,
  };
}

/** Language-client document selector for the configured include glob. */
export function documentSelector(s: Settings): vscode.DocumentFilter[] {
  return [{ scheme: 'file', language: 'plaintext', pattern: s.include }];
}

/**
 * Does this document pass the corpus settings (include, not exclude, not too
 * big)? Only such documents are sent to the server; the server still decides
 * whether one is an article (Corroborate.inCorpus asks it).
 */
export function matchesCorpusSettings(doc: vscode.TextDocument, s: Settings = readSettings(doc.uri)): boolean {
  if (vscode.languages.match(documentSelector(s), doc) === 0) return false;
  if (s.exclude.some((pattern) => vscode.languages.match({ scheme: 'file', pattern }, doc) > 0)) return false;
  // maxFileSize is in bytes; UTF-16 length is a cheap lower bound that is exact for ASCII.
  if (s.maxFileSize > 0 && doc.getText().length > s.maxFileSize) return false;
  return true;
}
