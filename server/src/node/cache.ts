// A content-addressed on-disk cache of per-file results (issue 13, "a persisted
// index"). The CLI keeps it in `--cache DIR`, the server in the directory the
// client hands it (the extension's storage); never in the user's folders.
//
// Layout: one file per entry, `DIR/ab/cdef…` (the key's first two hex digits
// name one of 256 sub-directories). One file per entry makes every write a
// single atomic rename, lets two processes share the directory without a lock
// or an index to keep consistent, and makes eviction an unlink; a warm start
// reads each entry with open + fstat + read + close (measured in
// test/cache.test.ts's comment and by `npm run bench`).
//
// An entry (all integers little-endian):
//   0   8  magic "CRBCACH1" (this container's own version)
//   8  32  the key (sha256): a file renamed or copied under another name is foreign
//  40  32  sha256 of the format and model versions: another version's entry is stale
//  72   1  kind: 0 JSON, 1 bytes
//  73   3  zero
//  76   4  payload length (compressed)
//  80   4  payload length (inflated)
//  84   4  CRC-32 of the compressed payload
//  88   …  payload, deflate-raw; the file ends exactly there
//
// Invariants: an entry is never trusted. Whatever is wrong with it (missing,
// stale, foreign, truncated, corrupt, unreadable) makes `get` answer undefined
// and count the reason; nothing here throws into the caller, on reading or on
// writing. Writes go to a temporary file beside the entry and are renamed over
// it, so a reader sees a whole old entry, a whole new one, or none. The
// directory is bounded (`maxBytes`): when what this process knows of its size
// passes the bound, the least recently used entries (by mtime; a hit touches
// an entry at most once an hour) are removed down to 80% of it. The size is
// learnt by one scan on the first write and re-learnt after each tenth of the
// bound written, so reads never scan and writes scan rarely.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const MAGIC = Buffer.from('CRBCACH1', 'latin1');
const HEADER = 88;
const KIND_JSON = 0;
const KIND_BYTES = 1;
/** A hit refreshes an entry's mtime (its place in the LRU order) when it is older than this. */
const TOUCH_MS = 60 * 60 * 1000;
/** Temporary files older than this were left by a process that died mid-write. */
const ORPHAN_MS = 10 * 60 * 1000;
export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;

export interface CacheOptions {
  /** The cache's own directory (created on the first write; never a user folder). */
  dir: string;
  /** The version of the values' format: entries written under another are stale. */
  format: string;
  /** The version of what produced them (package version, model and WordNet hashes); a function is asked once, on first use. */
  model: string | (() => string);
  /** Bound on the directory's size in bytes (default 200 MB). */
  maxBytes?: number;
}

/** What the cache did, for the caller's log and for tests. */
export interface CacheStats {
  hits: number;
  /** No entry under the key. */
  missing: number;
  /** An entry of another format or model version. */
  stale: number;
  /** Not ours, truncated, a failed checksum, inflate or parse, or unreadable. */
  corrupt: number;
  writes: number;
  writeErrors: number;
  evicted: number;
}

/** Why `get` found nothing usable (also what `check` returns for a file). */
type Verdict = 'ok' | 'missing' | 'stale' | 'corrupt';

export class DiskCache {
  readonly dir: string;
  readonly maxBytes: number;
  readonly stats: CacheStats = { hits: 0, missing: 0, stale: 0, corrupt: 0, writes: 0, writeErrors: 0, evicted: 0 };
  private readonly format: string;
  private readonly model: string | (() => string);
  private versionsDigest: Buffer | undefined;
  /** Bytes in the directory as last scanned, plus what this process wrote since (undefined before the first scan). */
  private known: number | undefined;
  private writtenSinceScan = 0;
  private readonly madeDirs = new Set<string>();
  /** Set when the directory cannot be created or written at all: writes stop being tried. */
  private disabled = false;

  constructor(options: CacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.format = options.format;
    this.model = options.model;
  }

  /** sha256 of the format and model versions, computed on first use (the model version may cost a hash of the bundle). */
  private get versions(): Buffer {
    if (!this.versionsDigest) {
      const model = typeof this.model === 'function' ? this.model() : this.model;
      this.versionsDigest = createHash('sha256').update(`${this.format}\0${model}`).digest();
    }
    return this.versionsDigest;
  }

  /** A key (hex sha256) for the given parts, e.g. ('analysis', path, text); each part is length-prefixed, so parts never run into each other. */
  static key(...parts: (string | Uint8Array)[]): string {
    const h = createHash('sha256');
    const len = Buffer.alloc(4);
    for (const p of parts) {
      const b = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
      len.writeUInt32LE(b.length);
      h.update(len).update(b);
    }
    return h.digest('hex');
  }

  /** The value stored under `key`, or undefined (counted by reason) when there is none usable. */
  get(key: string): unknown {
    const got = this.read(key);
    this.stats[got.verdict === 'ok' ? 'hits' : got.verdict]++;
    return got.value;
  }

  /** Stores `value` (JSON-serialisable, or bytes); false (counted) when it could not be written. */
  set(key: string, value: unknown): boolean {
    if (!isKey(key) || this.disabled) return false;
    let tmp: string | undefined;
    try {
      const bytes = value instanceof Uint8Array;
      const raw = bytes ? value : Buffer.from(JSON.stringify(value), 'utf8');
      const payload = deflateRawSync(raw, { level: 1 });
      const head = Buffer.alloc(HEADER);
      MAGIC.copy(head, 0);
      head.write(key, 8, 32, 'hex');
      this.versions.copy(head, 40);
      head[72] = bytes ? KIND_BYTES : KIND_JSON;
      head.writeUInt32LE(payload.length, 76);
      head.writeUInt32LE(raw.length, 80);
      head.writeUInt32LE(crc32(payload), 84);
      const sub = join(this.dir, key.slice(0, 2));
      if (!this.madeDirs.has(sub)) {
        mkdirSync(sub, { recursive: true });
        this.madeDirs.add(sub);
      }
      if (this.known === undefined) this.scan();
      tmp = join(sub, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
      writeFileSync(tmp, Buffer.concat([head, payload]));
      renameSync(tmp, join(sub, key.slice(2)));
      tmp = undefined;
      this.stats.writes++;
      const size = HEADER + payload.length;
      this.known! += size;
      this.writtenSinceScan += size;
      if (this.writtenSinceScan > this.maxBytes / 10) this.scan();
      if (this.known! > this.maxBytes) this.evict();
      return true;
    } catch (e) {
      this.stats.writeErrors++;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') this.disabled = true;
      if (tmp) tryUnlink(tmp);
      return false;
    }
  }

  /** Reads and checks one entry; never throws. */
  private read(key: string): { verdict: Verdict; value?: unknown } {
    if (!isKey(key)) return { verdict: 'missing' };
    let fd: number | undefined;
    try {
      try {
        fd = openSync(join(this.dir, key.slice(0, 2), key.slice(2)), 'r');
      } catch {
        return { verdict: 'missing' };
      }
      const st = fstatSync(fd);
      if (!st.isFile() || st.size < HEADER || st.size > 0x7fffffff) return { verdict: 'corrupt' };
      const buf = readFileSync(fd);
      if (buf.length !== st.size || !buf.subarray(0, 8).equals(MAGIC) || buf.toString('hex', 8, 40) !== key) return { verdict: 'corrupt' };
      if (!buf.subarray(40, 72).equals(this.versions)) return { verdict: 'stale' };
      const kind = buf[72];
      const length = buf.readUInt32LE(76);
      const inflated = buf.readUInt32LE(80);
      const payload = buf.subarray(HEADER);
      if ((kind !== KIND_JSON && kind !== KIND_BYTES) || payload.length !== length || crc32(payload) !== buf.readUInt32LE(84)) return { verdict: 'corrupt' };
      const raw = inflateRawSync(payload, { maxOutputLength: Math.max(1, inflated) });
      if (raw.length !== inflated) return { verdict: 'corrupt' };
      const value = kind === KIND_BYTES ? raw : JSON.parse(raw.toString('utf8'));
      if (Date.now() - st.mtimeMs > TOUCH_MS) {
        try {
          const now = new Date();
          futimesSync(fd, now, now);
        } catch {
          // read-only cache: the LRU order just goes stale
        }
      }
      return { verdict: 'ok', value };
    } catch {
      return { verdict: 'corrupt' };
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // nothing to do
        }
      }
    }
  }

  /** Every entry's path, size and mtime; removes temporary files left by dead writers. */
  private entries(): { path: string; size: number; mtime: number }[] {
    const out: { path: string; size: number; mtime: number }[] = [];
    let subs: string[];
    try {
      subs = readdirSync(this.dir);
    } catch {
      return out;
    }
    const now = Date.now();
    for (const s of subs) {
      if (!/^[0-9a-f]{2}$/.test(s)) continue;
      let names: string[];
      try {
        names = readdirSync(join(this.dir, s));
      } catch {
        continue;
      }
      for (const n of names) {
        const path = join(this.dir, s, n);
        try {
          const st = statSync(path);
          if (!st.isFile()) continue;
          if (n.startsWith('.tmp-')) {
            if (now - st.mtimeMs > ORPHAN_MS) tryUnlink(path);
            continue;
          }
          out.push({ path, size: st.size, mtime: st.mtimeMs });
        } catch {
          // removed meanwhile by another process
        }
      }
    }
    return out;
  }

  private scan(): void {
    this.known = this.entries().reduce((n, e) => n + e.size, 0);
    this.writtenSinceScan = 0;
  }

  /** Removes the least recently used entries until the directory is at 80% of the bound. */
  private evict(): void {
    const all = this.entries().sort((a, b) => a.mtime - b.mtime);
    let total = all.reduce((n, e) => n + e.size, 0);
    const target = this.maxBytes * 0.8;
    for (const e of all) {
      if (total <= target) break;
      if (tryUnlink(e.path)) this.stats.evicted++;
      total -= e.size;
    }
    this.known = total;
    this.writtenSinceScan = 0;
  }
}

const isKey = (key: string) => /^[0-9a-f]{64}$/.test(key);

function tryUnlink(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The model version for entries made by this build: the package version and a
 * hash of the files that decide what an analysis yields (the running bundle,
 * which holds the code and the trained weights, and WordNet's index). A file
 * that cannot be read is hashed as its name, so the version still differs
 * from a build that had it.
 */
export function modelVersion(packageVersion: string, files: string[]): string {
  const h = createHash('sha256').update(packageVersion);
  for (const f of files) {
    try {
      h.update('\0').update(readFileSync(f));
    } catch {
      h.update(`\0missing:${f}`);
    }
  }
  return `${packageVersion}+${h.digest('hex').slice(0, 16)}`;
}
