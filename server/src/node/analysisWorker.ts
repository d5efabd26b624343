// A worker thread of the analysis pool (pool.ts; bundled to
// dist/analysisWorker.js): its own engine, used only to analyse. Each message
// { id, path, text } is answered { id, doc } (the portable analysis) or
// { id, error } when the analysis throws; messages are handled one at a time,
// in the order they came. It says { ready: true } once its engine is made.
import { parentPort } from 'node:worker_threads';
import { createEngine } from '../engine';

const port = parentPort;
if (!port) throw new Error('analysisWorker runs as a worker thread');
const engine = createEngine();
port.on('message', ({ id, path, text }: { id: number; path: string; text: string }) => {
  try {
    port.postMessage({ id, doc: engine.analyse(path, text) });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
