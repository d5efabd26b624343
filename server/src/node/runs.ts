// A whole CLI run's result in the cache (node/cache.ts), for a warm run over
// unchanged inputs. What `analyze` or `stories` prints is a function of the
// build (the cache's versions), the command and its output options, and the
// bytes of every input file in order: the key covers all of them, so a hit
// is the output a cold run would print, byte for byte (stderr's per-file
// notes included), and any change at all is a miss. A miss runs as usual
// (the per-file analyses still come from the cache) and stores its result.
// The key is made from each file's bytes as read once (`readRaw`); the run
// then decodes those same bytes.
import { DiskCache } from './cache';
import type { RawRead } from './files';

/** The stored record's layout version (part of the key). */
const RUN_FORMAT = 1;

/** What a run printed: stdout whole (as bytes when read back: it is only written out again), and its per-file notes on stderr, in order. */
export interface RunRecord {
  stdout: string | Uint8Array;
  notes: string[];
}

/** The key of a run of `command` with `options` (those that change what is printed) over `inputs`, in order. */
export function runKey(command: string, options: string[], inputs: readonly { path: string; raw: RawRead }[]): string {
  const parts: (string | Uint8Array)[] = ['run', String(RUN_FORMAT), command, options.join('\0'), String(inputs.length)];
  for (const { path, raw } of inputs) {
    parts.push(path);
    if (!raw.ok) parts.push(`E${raw.kind}:${raw.code}`);
    else if ('bytes' in raw) parts.push('B', raw.bytes);
    else parts.push(`H${raw.size}`, raw.head);
  }
  return DiskCache.key(...parts);
}

/** The record stored under `key`, if any and well formed. */
export function getRun(cache: DiskCache, key: string): RunRecord | undefined {
  const v = cache.get(key);
  if (!(v instanceof Uint8Array) || v.length < 4) return undefined;
  const b = Buffer.from(v.buffer, v.byteOffset, v.length);
  const n = b.readUInt32LE(0);
  if (4 + n > b.length) return undefined;
  try {
    const notes: unknown = JSON.parse(b.toString('utf8', 4, 4 + n));
    if (!Array.isArray(notes) || !notes.every((m) => typeof m === 'string')) return undefined;
    return { notes, stdout: b.subarray(4 + n) };
  } catch {
    return undefined;
  }
}

/** Stores a run's record under `key` (bytes: the notes' length, the notes as JSON, stdout). */
export function setRun(cache: DiskCache, key: string, record: RunRecord): boolean {
  const notes = Buffer.from(JSON.stringify(record.notes), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(notes.length);
  return cache.set(key, Buffer.concat([len, notes, typeof record.stdout === 'string' ? Buffer.from(record.stdout, 'utf8') : record.stdout]));
}
