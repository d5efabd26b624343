// Analysing many files, wherever it runs: the interface the CLI and the
// server load folders through (`AnalysisPool`), its in-process form, and the
// one rule every form keeps: results come out in input order, whatever order
// the analyses finish in, so what the engine is fed (and so every output)
// does not depend on the number of workers or on timing. The worker-thread
// form is in pool.ts; this file imports no worker_threads, so the server's
// session can take the interface and be handed either.
import type { AnalysedDocument, Cancellation } from '../engine';

export interface Loaded {
  path: string;
  text: string;
}

/** One file's outcome: its analysis, or why there is none (the file is skipped; the others go on). */
export type AnalysisResult = { path: string; doc: AnalysedDocument } | { path: string; error: string };

export interface AnalysisPool {
  /** Worker threads analysing (0: in this thread). */
  readonly workers: number;
  /**
   * Analyses `files`, one result per file, in the order of `files`. Reads
   * ahead of the consumer by a bounded number of files; stops reading once
   * `token` is cancelled or the consumer stops.
   */
  analyse(files: Iterable<Loaded> | AsyncIterable<Loaded>, token?: Cancellation): AsyncGenerator<AnalysisResult>;
  close(): Promise<void>;
}

/** Starts one file's analysis; the promise never rejects (an error is a result). */
export type Submit = (file: Loaded) => Promise<AnalysisResult>;

/** Analyses kept from an earlier run (the persisted cache, analyses.ts), by path and text. */
export interface AnalysisStore {
  get(file: Loaded): AnalysedDocument | undefined;
  set(file: Loaded, doc: AnalysedDocument): void;
}

/** `submit` through `store`: a stored analysis comes back at once, a new one is stored. */
export function throughStore(submit: Submit, store: AnalysisStore | undefined): Submit {
  if (!store) return submit;
  return async (file) => {
    const hit = store.get(file);
    if (hit) return { path: file.path, doc: hit };
    const r = await submit(file);
    if ('doc' in r) store.set(file, r.doc);
    return r;
  };
}

/**
 * The results of `submit` over `files` in input order: up to `ahead` files are
 * in flight at once; each is yielded only after every file before it.
 */
export async function* inOrder(files: Iterable<Loaded> | AsyncIterable<Loaded>, submit: Submit, ahead: number, token?: Cancellation): AsyncGenerator<AnalysisResult> {
  const queue: Promise<AnalysisResult>[] = [];
  const input = (Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]()) as AsyncIterator<Loaded> | Iterator<Loaded>;
  let ended = false;
  try {
    for (;;) {
      while (!ended && queue.length < Math.max(1, ahead) && !token?.isCancellationRequested) {
        const next = await input.next();
        if (next.done) ended = true;
        else queue.push(submit(next.value));
      }
      const head = queue.shift();
      if (!head || token?.isCancellationRequested) return;
      yield await head;
    }
  } finally {
    if (!ended) await input.return?.();
  }
}

/** A message for a thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Analysis in this thread, one file at a time (`analyse` is an engine's). */
export function inProcessPool(analyse: (path: string, text: string) => AnalysedDocument, store?: AnalysisStore): AnalysisPool {
  const submit = throughStore(async ({ path, text }) => {
    try {
      return { path, doc: analyse(path, text) };
    } catch (e) {
      return { path, error: messageOf(e) };
    }
  }, store);
  return {
    workers: 0,
    analyse: (files, token) => inOrder(files, submit, 1, token),
    close: async () => {},
  };
}
