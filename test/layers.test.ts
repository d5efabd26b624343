// ARCHITECTURE.md's import rules, checked: the core is a pure library, only
// src/ touches vscode, and the client shares nothing with the server but the
// protocol types.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);

describe('layers', () => {
  it('keeps the analysis core free of vscode, LSP and I/O', () => {
    const files = sources(join(root, 'server/src/core'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      for (const spec of importsOf(f)) {
        expect(spec, relative(root, f)).not.toMatch(/^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)/);
        expect(spec, relative(root, f)).not.toMatch(/^(node:)?(fs|child_process|net|http|https|worker_threads)$/);
        if (spec.startsWith('.')) expect(join(f, '..', spec).startsWith(join(root, 'server/src/core')), `${relative(root, f)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('lets only src/ import vscode', () => {
    for (const f of [...sources(join(root, 'server/src'))]) {
      for (const spec of importsOf(f)) expect(spec, relative(root, f)).not.toMatch(/^vscode(-languageclient)?$|^vscode-languageclient\//);
    }
  });

  it('lets the client reach into the server only for the shared protocol', () => {
    for (const f of sources(join(root, 'src'))) {
      for (const spec of importsOf(f)) {
        if (spec.includes('server/')) expect(spec, relative(root, f)).toMatch(/server\/src\/protocol$/);
      }
    }
  });
});
