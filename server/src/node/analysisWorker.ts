// The worker side of the analysis pool (pool.ts). The pool starts the bundle
// that holds it (dist/cli.js, dist/server.js) again as a worker thread, marked
// by WORKER_DATA; that bundle's entry sees `isAnalysisWorker()` and calls
// `serveAnalysis()` instead of starting the command or the server, so the
// .vsix ships no second copy of the engine. The worker has its own engine,
// used only to analyse: each message { id, path, text } is answered { id,
// doc } (the portable analysis without its text: the pool has the text and
// puts it back, so it crosses once) or { id, error } when the analysis throws,
// one at a time, in the order they came. It says { ready: true } once its
// engine is made.
import { constants, setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../engine';
import { messageOf } from './analysis';

/** What the pool passes as `workerData`. */
export const WORKER_DATA = { role: 'corroborate-analysis' } as const;

export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_DATA.role;
}

export function serveAnalysis(): void {
  const port = parentPort;
  if (!port) throw new Error('serveAnalysis runs in a worker thread');
  // Below the main thread, which answers requests (and on Linux a thread's
  // nice value is its own: 0 names this thread); where the system says no,
  // the worker runs at the normal priority.
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not allowed here: nothing to do
  }
  const engine = createEngine();
  port.on('message', ({ id, path, text }: { id: number; path: string; text: string }) => {
    try {
      const { text: _text, ...doc } = engine.analyse(path, text);
      port.postMessage({ id, doc });
    } catch (e) {
      port.postMessage({ id, error: messageOf(e) });
    }
  });
  port.postMessage({ ready: true });
}
