// The one folder walker, as the server lists a workspace folder: include and
// exclude relative to the folder (dot files count), excluded directories not
// entered, the result sorted, and a limit that keeps the first files in
// walking order (names sorted) and says there were more.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ServerSettings } from '../server/src/lsp/protocol';
import { nodeWorkspace } from '../server/src/lsp/workspace';

const TREE = ['b.txt', 'a.txt', 'c.md', 'node_modules/x.txt', 'sub/e.txt', 'sub/d.txt', 'sub/deeper/g.txt', '.hidden/f.txt'];
const never = { isCancellationRequested: false };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-walk-'));
  for (const f of TREE) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'text');
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(settings: Partial<ServerSettings>, limit: number, expected: string[], truncated = false) {
  const r = await nodeWorkspace.list({ uri: `file://${dir}`, path: dir }, { ...DEFAULT_SETTINGS, ...settings }, limit, never);
  expect(r).toEqual({ files: expected.map((f) => join(dir, f)), truncated });
}

describe('listing a workspace folder', () => {
  it('takes every *.txt below it but node_modules, dot folders included, sorted', () =>
    check({}, 0, ['.hidden/f.txt', 'a.txt', 'b.txt', 'sub/d.txt', 'sub/deeper/g.txt', 'sub/e.txt']));
  it('leaves out an excluded folder', () => check({ exclude: ['sub/**'] }, 0, ['.hidden/f.txt', 'a.txt', 'b.txt', 'node_modules/x.txt']));
  it('matches include against the path below the folder', () => check({ include: 'sub/*.txt' }, 0, ['sub/d.txt', 'sub/e.txt']));
  it('keeps the first files up to the limit and says there were more', () => check({}, 3, ['.hidden/f.txt', 'a.txt', 'b.txt'], true));
  it('is not truncated at exactly the limit', () => check({ include: 'sub/*.txt' }, 2, ['sub/d.txt', 'sub/e.txt']));
});
