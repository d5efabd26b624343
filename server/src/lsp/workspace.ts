// Workspace side of the server: settings, URI <-> path, the include/exclude
// test, and the Workspace the session reads the disk through (the Node one
// here, over the walker and reader the CLI uses too; tests bring an in-memory
// one). No LSP connection here; main.ts wires it up.
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { formatBytes, type Cancellation } from '../engine';
import { readFileText, walkFolder, type FileRead } from '../node/files';
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
    maxWorkers: Math.floor(num(c.maxWorkers, DEFAULT_SETTINGS.maxWorkers)),
    flagSingleSource: bool(c.flagSingleSource, DEFAULT_SETTINGS.flagSingleSource),
    codeLensEnabled: bool(nested('codeLens', 'enabled'), DEFAULT_SETTINGS.codeLensEnabled),
    inlayHintsEnabled: bool(nested('inlayHints', 'enabled'), DEFAULT_SETTINGS.inlayHintsEnabled),
    matchThreshold: Math.min(1, num(nested('match', 'threshold'), DEFAULT_SETTINGS.matchThreshold)),
    cacheMaxSize: Math.max(1, num(nested('cache', 'maxSize'), DEFAULT_SETTINGS.cacheMaxSize)),
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

/** The include and exclude globs of `settings`, for paths relative to a folder ('/'-separated). */
function globs(settings: ServerSettings): { inc: (rel: string) => boolean; exc: (rel: string) => boolean } {
  const opts = { dot: true };
  return { inc: picomatch(settings.include, opts), exc: settings.exclude.length ? picomatch(settings.exclude, opts) : () => false };
}

/** include/exclude test for absolute paths: relative to the containing folder when there is one. */
export function makeMatcher(settings: ServerSettings, folders: Folder[]): Matcher {
  const { inc, exc } = globs(settings);
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

export type ReadResult =
  | { ok: true; text: string; warning?: string }
  | { ok: false; reason: 'missing' | 'tooLarge' | 'binary' | 'notArticle' | 'error'; message: string };

/**
 * What the session needs from the files of the workspace folders. The
 * session holds no file system call of its own, so it runs in a test over an
 * in-memory workspace exactly as over the disk.
 */
export interface Workspace {
  /** The corpus files under `folder` (include/exclude of `settings`), sorted; at most `limit` (0 = all), `truncated` when there were more. */
  list(folder: Folder, settings: ServerSettings, limit: number, token: Cancellation): Promise<{ files: string[]; truncated: boolean }>;
  /** A file's text when it belongs in the corpus (decoded, an article, within `maxFileSize`; 0 = no limit), or why not. */
  read(path: string, maxFileSize: number): Promise<ReadResult>;
  /** Whether the file is still there (a file deleted without a watcher event). */
  exists(path: string): boolean;
}

/** The workspace on disk. */
export const nodeWorkspace: Workspace = {
  list: listFolder,
  read: async (path, maxFileSize) => corpusRead(path, await readFileText(path, maxFileSize), maxFileSize),
  exists: existsSync,
};

/**
 * Files under `folder` that match; walks the tree once, skipping excluded
 * directories early (a directory is skipped when `<dir>/x` is excluded).
 */
async function listFolder(folder: Folder, settings: ServerSettings, limit: number, token: Cancellation): Promise<{ files: string[]; truncated: boolean }> {
  const { inc, exc } = globs(settings);
  let truncated = false;
  let kept = 0;
  const files = await walkFolder(folder.path, {
    enter: (rel) => !(exc(rel) || exc(`${rel}/`) || exc(`${rel}/x`)),
    keep: (rel, e) => {
      if (!(e.isFile() || e.isSymbolicLink()) || !inc(rel) || exc(rel)) return false;
      if (limit > 0 && kept >= limit) return !(truncated = true);
      kept++;
      return true;
    },
    // The walk stops once the limit is passed: the message says "the first N".
    token: { get isCancellationRequested() { return truncated || token.isCancellationRequested; } },
  });
  return { files: files.sort(), truncated };
}

/**
 * The session's view of one read, with the messages the output log shows:
 * binary before the size limit, so a large binary is "binary", not "too
 * large"; only news articles join the corpus (the engine decides: a LICENSE,
 * build file or changelog does not).
 */
export function corpusRead(path: string, r: FileRead, maxFileSize: number): ReadResult {
  if (r.ok) {
    if (!r.verdict.article) return { ok: false, reason: 'notArticle', message: notArticleMessage(path, r.verdict.reason) };
    return r.warning ? { ok: true, text: r.text, warning: `${path}: ${r.warning}` } : { ok: true, text: r.text };
  }
  switch (r.kind) {
    case 'binary':
      return { ok: false, reason: 'binary', message: `${path}: ${r.reason}` };
    case 'tooLarge':
      return { ok: false, reason: 'tooLarge', message: `${path} is ${formatBytes(r.size)}, over corroborate.maxFileSize (${formatBytes(maxFileSize)}); skipped` };
    case 'notFile':
      return { ok: false, reason: 'missing', message: r.message };
    case 'missing':
      return { ok: false, reason: 'missing', message: `${path} no longer exists` };
    default:
      return { ok: false, reason: 'error', message: `${path}: ${r.message}` };
  }
}

export const notArticleMessage = (path: string, reason: string) => `${path} is not a news article (${reason}); left out`;
