// The settings are declared once: the SETTINGS table in
// server/src/lsp/protocol.ts. package.json's contributes.configuration (what
// VS Code shows and stores) is generated from it by tools/settings.ts, and the
// server reads each key as VS Code sends it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS, type ServerSettings } from '../server/src/lsp/protocol';
import { toSettings } from '../server/src/lsp/workspace';
import { withConfiguration } from '../tools/settings';

const pkgText = readFileSync(join(__dirname, '..', 'package.json'), 'utf8');

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

describe('settings: one declaration', () => {
  it('package.json holds what `npm run settings` writes from the table', () => {
    expect(pkgText, 'package.json differs from the SETTINGS table: run npm run settings').toBe(withConfiguration(pkgText));
  });

  it('declares the settings users have (keys, defaults and scopes are user-visible)', () => {
    const declared: Record<string, { default: unknown; scope: string }> = JSON.parse(pkgText).contributes.configuration.properties;
    expect(Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, [v.default, v.scope]]))).toEqual({
      'corroborate.include': ['**/*.txt', 'resource'],
      'corroborate.exclude': [['**/node_modules/**', '**/.git/**'], 'resource'],
      'corroborate.maxFileSize': [1_000_000, 'resource'],
      'corroborate.maxFiles': [5000, 'resource'],
      'corroborate.maxWorkers': [0, 'machine'],
      'corroborate.flagSingleSource': [false, 'resource'],
      'corroborate.codeLens.enabled': [false, 'resource'],
      'corroborate.inlayHints.enabled': [true, 'resource'],
      'corroborate.match.threshold': [0, 'resource'],
      'corroborate.cache.maxSize': [200, 'window'],
      'corroborate.trace.server': ['off', 'window'],
    });
  });

  it('reads every key as VS Code sends it', () => {
    // values other than the defaults, so a key read under the wrong name falls back and fails
    const sent: Record<string, unknown> = {
      include: 'news/**/*.txt',
      exclude: ['**/drafts/**'],
      maxFileSize: 12345,
      maxFiles: 7,
      maxWorkers: 3,
      flagSingleSource: true,
      'codeLens.enabled': true,
      'inlayHints.enabled': false,
      'match.threshold': 0.5,
      'cache.maxSize': 64,
    };
    expect(Object.keys(sent).sort()).toEqual(Object.values(SETTING_KEYS).sort());
    const read = toSettings(asSection(sent));
    for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof ServerSettings, string][]) {
      expect(read[field], key).toEqual(sent[key]);
      expect(read[field], key).not.toEqual(DEFAULT_SETTINGS[field]);
    }
  });
});
