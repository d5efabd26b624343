// Writes package.json's `contributes.configuration` from the one settings
// table (SETTINGS in server/src/lsp/protocol.ts), the way Code Spell Checker
// generates its schema: `npm run settings`. test/settings.test.ts fails when
// package.json differs from what this would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../server/src/lsp/protocol';

/** Schema fields in the order package.json lists them (`key` and `clientOnly` are the table's own). */
const FIELDS = ['type', 'items', 'enum', 'default', 'minimum', 'maximum', 'scope', 'order', 'enumDescriptions', 'markdownDescription', 'description'] as const;

export function contributedConfiguration(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const s of Object.values(SETTINGS)) {
    const out: Record<string, unknown> = {};
    for (const f of FIELDS) if (f in s) out[f] = (s as Record<string, unknown>)[f];
    properties[`corroborate.${s.key}`] = out;
  }
  return { title: 'Corroborate', properties };
}

/** package.json's text with its configuration replaced by the generated one. */
export function withConfiguration(packageJson: string): string {
  const pkg = JSON.parse(packageJson);
  pkg.contributes.configuration = contributedConfiguration();
  return JSON.stringify(pkg, null, 2) + '\n';
}

if (require.main === module) {
  const file = join(__dirname, '..', '..', 'package.json');
  const before = readFileSync(file, 'utf8');
  const after = withConfiguration(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? 'package.json: settings unchanged' : 'package.json: settings written');
}
