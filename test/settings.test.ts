// The settings are declared twice by necessity: package.json's
// contributes.configuration (what VS Code shows and stores) and the server's
// ServerSettings with its defaults (what the server reads). This test keeps
// the two one declaration: the same keys, the same defaults, and the server
// reading each key as VS Code sends it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS, type ServerSettings } from '../server/src/lsp/protocol';
import { toSettings } from '../server/src/lsp/workspace';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
const declared: Record<string, { default: unknown; scope?: string }> = pkg.contributes.configuration.properties;
/** Settings only the client reads. */
const CLIENT_ONLY = ['corroborate.trace.server'];

/** Nested object as VS Code's getConfiguration('corroborate') returns it: "codeLens.enabled" → { codeLens: { enabled } }. */
function asSection(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(values)) {
    const parts = key.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = at[p] ??= {};
    at[parts[parts.length - 1]] = value;
  }
  return out;
}

describe('settings: package.json and the server agree', () => {
  it('declare the same keys', () => {
    const server = Object.values(SETTING_KEYS).map((k) => `corroborate.${k}`).sort();
    const contributed = Object.keys(declared).filter((k) => !CLIENT_ONLY.includes(k)).sort();
    expect(contributed).toEqual(server);
  });

  it.each(Object.entries(SETTING_KEYS) as [keyof ServerSettings, string][])('%s: the same default as corroborate.%s', (field, key) => {
    expect(declared[`corroborate.${key}`]?.default).toEqual(DEFAULT_SETTINGS[field]);
  });

  it('reads every key as VS Code sends it', () => {
    // values other than the defaults, so a key read under the wrong name falls back and fails
    const sent: Record<string, unknown> = {
      include: 'news/**/*.txt',
      exclude: ['**/drafts/**'],
      maxFileSize: 12345,
      maxFiles: 7,
      flagSingleSource: true,
      'codeLens.enabled': true,
      'inlayHints.enabled': false,
      'match.threshold': 0.5,
    };
    expect(Object.keys(sent).sort()).toEqual(Object.values(SETTING_KEYS).sort());
    const read = toSettings(asSection(sent));
    for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof ServerSettings, string][]) {
      expect(read[field], key).toEqual(sent[key]);
      expect(read[field], key).not.toEqual(DEFAULT_SETTINGS[field]);
    }
  });
});
