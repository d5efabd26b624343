// dist/server.js: the language server (./main.ts), or, started again by its
// own analysis pool as a worker thread, one of the pool's workers.
import { isAnalysisWorker, serveAnalysis } from '../node/analysisWorker';

if (isAnalysisWorker()) serveAnalysis();
else void import('./main');
