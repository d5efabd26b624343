// Workspace side of the server: settings, URI <-> path, file discovery with
// include/exclude globs, and reading files with the size/binary/UTF-8 guards.
// No LSP connection here; server.ts wires it up.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { articleVerdict, decodeDocument, formatBytes, screenDocument, SNIFF_BYTES } from '../engine';
import { DEFAULT_SETTINGS, type ServerSettings } from './protocol';

/** Normalises a raw `corroborate` configuration object (any shape) into settings. */
export function toSettings(raw: unknown): ServerSettings {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const nested = (key: string, sub: string): unknown => {
    const v = c[key];
    if (v && typeof v === 'object') return (v as Record<string, unknown>)[sub];
    return c[`${key}.${sub}`];
  };
  const str = (v: unknown, d: string) => (typeof v === 'string' && v.trim() ? v.trim() : d);
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const list = (v: unknown, d: string[]) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : typeof v === 'string' && v.trim() ? [v] : d);
  return {
    include: str(c.include, DEFAULT_SETTINGS.include),
    exclude: list(c.exclude, DEFAULT_SETTINGS.exclude),
    maxFileSize: num(c.maxFileSize, DEFAULT_SETTINGS.maxFileSize),
    maxFiles: num(c.maxFiles, DEFAULT_SETTINGS.maxFiles),
    flagSingleSource: bool(c.flagSingleSource, DEFAULT_SETTINGS.flagSingleSource),
    codeLensEnabled: bool(nested('codeLens', 'enabled'), DEFAULT_SETTINGS.codeLensEnabled),
    inlayHintsEnabled: bool(nested('inlayHints', 'enabled'), DEFAULT_SETTINGS.inlayHintsEnabled),
    matchThreshold: Math.min(1, num(nested('match', 'threshold'), DEFAULT_SETTINGS.matchThreshold)),
  };
}

export function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Corpus key for a URI: the file system path for file URIs, the URI itself otherwise. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return nodePath.normalize(fileURLToPath(uri));
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}

export interface Folder {
  uri: string;
  path: string;
}

export interface Matcher {
  (absPath: string): boolean;
}

/** include/exclude test for absolute paths: relative to the containing folder when there is one. */
export function makeMatcher(settings: ServerSettings, folders: Folder[]): Matcher {
  const opts = { dot: true };
  const inc = picomatch(settings.include, opts);
  const exc = settings.exclude.length ? picomatch(settings.exclude, opts) : () => false;
  return (absPath: string) => {
    const folder = folders.find((f) => isInside(absPath, f.path));
    const rel = (folder ? nodePath.relative(folder.path, absPath) : absPath.replace(/^[\\/]+/, '')).split(nodePath.sep).join('/');
    return inc(rel) && !exc(rel);
  };
}

function isInside(path: string, dir: string): boolean {
  const rel = nodePath.relative(dir, path);
  return !!rel && !rel.startsWith('..') && !nodePath.isAbsolute(rel);
}

/**
 * Files under `folder` that match; walks the tree once, skipping excluded
 * directories early (a directory is skipped when `<dir>/x` is excluded).
 */
export async function discover(folder: Folder, settings: ServerSettings, limit: number, isCancelled: () => boolean = () => false): Promise<{ files: string[]; truncated: boolean }> {
  const opts = { dot: true };
  const inc = picomatch(settings.include, opts);
  const exc = settings.exclude.length ? picomatch(settings.exclude, opts) : () => false;
  const files: string[] = [];
  let truncated = false;
  const stack: string[] = [''];
  while (stack.length) {
    if (isCancelled()) break;
    const rel = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(nodePath.join(folder.path, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (exc(r) || exc(`${r}/`) || exc(`${r}/x`)) continue;
        stack.push(r);
      } else if (e.isFile() || e.isSymbolicLink()) {
        if (!inc(r) || exc(r)) continue;
        if (limit > 0 && files.length >= limit) {
          truncated = true;
          continue;
        }
        files.push(nodePath.join(folder.path, ...r.split('/')));
      }
    }
  }
  files.sort();
  return { files, truncated };
}

export type ReadResult =
  | { ok: true; text: string; warning?: string }
  | { ok: false; reason: 'missing' | 'tooLarge' | 'binary' | 'notArticle' | 'error'; message: string };

/**
 * Reads a corpus file with the guards shared with the CLI (core/decode.ts):
 * binary (NUL in the first 8 KB) before the size limit, so a large binary is
 * "binary", not "too large"; only the head of an over-large file is read.
 * `maxFileSize` 0 means no limit. Then invalid UTF-8 and BOM handling.
 */
export async function readCorpusFile(path: string, maxFileSize: number): Promise<ReadResult> {
  let data: Buffer;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) return { ok: false, reason: 'missing', message: `${path} is not a file` };
    if (maxFileSize > 0 && st.size > maxFileSize) {
      const skipped = skip(path, await readHead(path), st.size, maxFileSize);
      if (skipped) return skipped;
    }
    data = await fs.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: `${path} no longer exists` };
    return { ok: false, reason: 'error', message: `${path}: ${(e as Error).message}` };
  }
  const r = skip(path, data, data.length, maxFileSize) ?? decode(path, data);
  return r.ok ? articleOnly(path, r) : r;
}

/** Only news articles join the corpus (the engine decides: a LICENSE, build file or changelog does not). */
function articleOnly(path: string, r: Extract<ReadResult, { ok: true }>): ReadResult {
  const v = articleVerdict(path, r.text);
  return v.article ? r : { ok: false, reason: 'notArticle', message: notArticleMessage(path, v.reason) };
}

export const notArticleMessage = (path: string, reason: string) => `${path} is not a news article (${reason}); left out`;

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function skip(path: string, head: Uint8Array, size: number, maxFileSize: number): ReadResult | undefined {
  const s = screenDocument(head, size, maxFileSize);
  if (!s) return undefined;
  if (s.kind === 'binary') return { ok: false, reason: 'binary', message: `${path}: ${s.reason}` };
  return { ok: false, reason: 'tooLarge', message: `${path} is ${formatBytes(size)}, over corroborate.maxFileSize (${formatBytes(maxFileSize)}); skipped` };
}

function decode(path: string, data: Uint8Array): ReadResult {
  // Shared front-end rules (binary, BOM, invalid UTF-8); the size limit was checked by the caller.
  const d = decodeDocument(data, 0);
  if (!d.ok) return { ok: false, reason: d.kind, message: `${path}: ${d.reason}` };
  return d.warning ? { ok: true, text: d.text, warning: `${path}: ${d.warning}` } : { ok: true, text: d.text };
}
