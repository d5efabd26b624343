// A Workspace held in memory, for running the server's session in process:
// files are bytes by absolute path, read through the same decode and article
// rules as the disk (decodeFile, corpusRead), listed with the same
// include/exclude test.
import { makeMatcher, corpusRead, type Folder, type ReadResult, type Workspace } from '../server/src/lsp/workspace';
import type { ServerSettings } from '../server/src/lsp/protocol';
import { decodeFile } from '../server/src/node/files';

export class InMemoryWorkspace implements Workspace {
  private readonly files = new Map<string, Uint8Array>();

  write(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? Buffer.from(content) : content);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  async list(folder: Folder, settings: ServerSettings, limit: number): Promise<{ files: string[]; truncated: boolean }> {
    const matches = makeMatcher(settings, [folder]);
    const all = [...this.files.keys()].filter((p) => p.startsWith(folder.path + '/') && matches(p)).sort();
    return limit > 0 && all.length > limit ? { files: all.slice(0, limit), truncated: true } : { files: all, truncated: false };
  }

  async read(path: string, maxFileSize: number): Promise<ReadResult> {
    const bytes = this.files.get(path);
    if (!bytes) return corpusRead(path, { ok: false, kind: 'missing', code: 'ENOENT', message: `ENOENT: no such file, open '${path}'` }, maxFileSize);
    return corpusRead(path, decodeFile(path, bytes, maxFileSize), maxFileSize);
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }
}
