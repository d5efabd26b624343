// Walks the CLI's inputs: files as given, folders for *.txt (or a glob).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';

const SKIP_DIRS = new Set(['node_modules', '.git']);

export function collectFiles(inputs: string[], include?: string): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  // A file named twice (`a.txt` and its folder, or a folder twice) is read once.
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(p);
    }
  };
  const matches = include ? picomatch(include, { dot: false, basename: !include.includes('/') }) : (p: string) => p.toLowerCase().endsWith('.txt');
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      errors.push(`${input}: no such file or folder`);
      continue;
    }
    if (st.isFile()) {
      add(input);
      continue;
    }
    const found: string[] = [];
    const walk = (dir: string) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        errors.push(`${dir}: cannot list (${(e as NodeJS.ErrnoException).code ?? e})`);
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(p);
        } else if (e.isFile() && matches(relative(input, p).split('\\').join('/'))) found.push(p);
      }
    };
    walk(input);
    if (found.length === 0) errors.push(`${input}: no text files found${include ? ` matching ${include}` : ' (*.txt)'}`);
    found.forEach(add);
  }
  return { files, errors };
}
