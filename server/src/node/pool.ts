// The analysis pool on worker threads: N workers (the bundle that holds this
// pool, started again as a worker: analysisWorker.ts), each with its own
// engine, analyse the files handed to them; results come back in
// input order (analysis.ts `inOrder`), so the engine they feed sees exactly
// what a single-threaded load gives, for any N and any completion order.
//
// Failures stay per file. A file whose analysis throws is an error result (the
// worker goes on). A worker that dies (crash, out of memory) was working on the
// oldest file it had been sent: that file is an error result, the others it
// held are sent again, and a new worker takes its place. A worker that cannot
// start at all (its script missing, threads unavailable) is not replaced; once
// none is left the files are analysed in this thread, with one warning.
// Only the CLI and the server's main.ts import this file (ARCHITECTURE.md).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalysedDocument } from '../engine';
import { inOrder, inProcessPool, messageOf, throughStore, type AnalysisPool, type AnalysisResult, type AnalysisStore, type Loaded } from './analysis';
import { WORKER_DATA } from './analysisWorker';

export interface PoolOptions {
  /** Worker threads; 1 or less analyses in this thread. */
  workers: number;
  /** This thread's analysis (an engine's `analyse`): for 1 worker, and when no worker can start. */
  fallback: (path: string, text: string) => AnalysedDocument;
  /** Told when a worker cannot start or stops (the files go on). */
  warn?: (message: string) => void;
  /** The worker's script (it must serve `isAnalysisWorker()`); default this bundle (dist/cli.js, dist/server.js). */
  script?: string;
  /** Analyses kept from an earlier run: a file found there is not analysed again; new analyses are kept. */
  store?: AnalysisStore;
}

/** Files sent to one worker before it answers the first (keeps it busy while an answer travels). */
const PER_WORKER = 2;
/**
 * A worker's young generation (MB): below V8's default, since an analysis's
 * garbage is short-lived. analyze --json on 2,290 articles, two workers:
 * peak RSS about 600 -> 570 MB (two runs each).
 */
const YOUNG_MB = 24;
/** Idle workers stop after this long (each holds an engine); the next file starts them again. */
const IDLE_MS = 30_000;

/** Workers for a cap from the settings or the command line (0 = one per core). */
export function workerCount(cap: number): number {
  const cores = availableParallelism();
  return cap > 0 ? Math.min(cap, cores) : cores;
}

/** A pool of `workers` threads, or the in-process pool for one. */
export function createPool(options: PoolOptions): AnalysisPool {
  return options.workers > 1 ? new WorkerPool(options) : inProcessPool(options.fallback, options.store);
}

interface Job {
  id: number;
  file: Loaded;
  resolve: (r: AnalysisResult) => void;
}

interface Slot {
  worker: Worker;
  /** Sent, not answered, oldest first (a worker handles them in order). */
  sent: Job[];
  ready: boolean;
  gone: boolean;
}

class WorkerPool implements AnalysisPool {
  readonly workers: number;
  private readonly script: string;
  private slots: Slot[] = [];
  private started = false;
  private closing = false;
  /** No worker could start: analyse here. */
  private inProcess = false;
  private readonly queue: Job[] = [];
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly options: PoolOptions) {
    this.workers = options.workers;
    this.script = options.script ?? __filename;
  }

  analyse(files: Iterable<Loaded> | AsyncIterable<Loaded>, token?: Parameters<AnalysisPool['analyse']>[1]): AsyncGenerator<AnalysisResult> {
    return inOrder(files, throughStore((file) => this.submit(file), this.options.store), this.workers * PER_WORKER * 2, token);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.idle);
    await this.stopAll();
  }

  /** Stops every worker (none holds a file). */
  private async stopAll(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    this.started = false;
    for (const s of slots) s.gone = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private submit(file: Loaded): Promise<AnalysisResult> {
    clearTimeout(this.idle);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, resolve });
      if (!this.started) {
        this.started = true;
        for (let i = 0; i < this.workers; i++) this.spawn();
      }
      this.dispatch();
    });
  }

  private spawn(): void {
    if (this.closing) return;
    let worker: Worker;
    try {
      worker = new Worker(this.script, { workerData: WORKER_DATA, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    } catch (e) {
      this.cannotStart(messageOf(e));
      return;
    }
    const slot: Slot = { worker, sent: [], ready: false, gone: false };
    this.slots.push(slot);
    worker.on('message', (m: { ready?: true; id: number; doc?: Omit<AnalysedDocument, 'text'>; error?: string }) => {
      if (m.ready) {
        slot.ready = true;
        return;
      }
      const i = slot.sent.findIndex((j) => j.id === m.id);
      if (i < 0) return;
      const [job] = slot.sent.splice(i, 1);
      job.resolve(m.doc ? { path: job.file.path, doc: { ...m.doc, text: job.file.text } } : { path: job.file.path, error: m.error ?? 'no analysis' });
      this.dispatch();
      if (!this.queue.length && this.slots.every((s) => !s.sent.length)) {
        clearTimeout(this.idle);
        this.idle = setTimeout(() => void this.stopAll(), IDLE_MS).unref();
      }
    });
    // Only 'exit' ends a worker here: Node delivers the messages it posted before
    // it died first (the 'error' event can come before them).
    let why: string | undefined;
    worker.on('error', (e) => (why ??= messageOf(e)));
    worker.on('exit', (code) => this.lost(slot, why ?? `exit code ${code}`));
  }

  /** A worker ended: its oldest file fails (it was being analysed) unless the worker never started; the rest go again. */
  private lost(slot: Slot, why: string): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots = this.slots.filter((s) => s !== slot);
    if (this.closing) return;
    const sent = slot.sent.splice(0);
    if (!slot.ready) {
      this.queue.unshift(...sent);
      this.cannotStart(why);
    } else {
      const culprit = sent.shift();
      this.queue.unshift(...sent);
      this.options.warn?.(`an analysis worker stopped (${why})${culprit ? ` while analysing ${culprit.file.path}` : ''}; starting another`);
      culprit?.resolve({ path: culprit.file.path, error: `the analysis worker stopped (${why})` });
      this.spawn();
    }
    this.dispatch();
  }

  private cannotStart(why: string): void {
    if (this.slots.some((s) => !s.gone) || this.inProcess) return;
    this.inProcess = true;
    this.options.warn?.(`cannot start analysis worker threads (${why}); analysing in this thread`);
  }

  private dispatch(): void {
    if (this.inProcess) {
      for (const job of this.queue.splice(0)) {
        try {
          job.resolve({ path: job.file.path, doc: this.options.fallback(job.file.path, job.file.text) });
        } catch (e) {
          job.resolve({ path: job.file.path, error: messageOf(e) });
        }
      }
      return;
    }
    while (this.queue.length) {
      let best: Slot | undefined;
      for (const s of this.slots) if (!s.gone && s.sent.length < PER_WORKER && (!best || s.sent.length < best.sent.length)) best = s;
      if (!best) return;
      const job = this.queue.shift()!;
      best.sent.push(job);
      best.worker.postMessage({ id: job.id, path: job.file.path, text: job.file.text });
    }
  }
}
