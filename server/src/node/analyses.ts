// The persisted cache of per-file analyses (node/cache.ts) as an
// AnalysisStore the pools look files up in (analysis.ts `throughStore`): a
// stored analysis comes back without being analysed again, a new one is
// stored. Each file's `AnalysedDocument` is kept under (format, path, text)
// (the path is part of the analysis: it names the source when nothing else
// does), without its text, which the key already fixes and the reader has.
import { join } from 'node:path';
import { ANALYSIS_FORMAT, type AnalysedDocument } from '../engine';
import type { AnalysisStore, Loaded } from './analysis';
import { DiskCache, modelVersion } from './cache';

/** What is stored per file, and its shape's version. */
const FORMAT = `AnalysedDocument/${ANALYSIS_FORMAT}`;
const PACKAGE_VERSION = '0.1.0';

/** The cache of per-file analyses in `dir`, versioned by this build (the running bundle and WordNet beside it). */
export function openAnalysisCache(dir: string, maxBytes?: number): DiskCache {
  return new DiskCache({ dir, format: FORMAT, model: () => modelVersion(PACKAGE_VERSION, [__filename, join(__dirname, 'wordnet.bin')]), maxBytes });
}

/** `cache` as the pools' store of analyses. */
export function analysisStore(cache: DiskCache): AnalysisStore {
  const key = (file: Loaded) => DiskCache.key(FORMAT, file.path, file.text);
  return {
    get(file) {
      const v = cache.get(key(file)) as Omit<AnalysedDocument, 'text'> | undefined;
      // the checksum and versions were checked by the cache; the shape is checked here
      if (!v || typeof v !== 'object' || v.format !== ANALYSIS_FORMAT || v.path !== file.path || !Array.isArray(v.statements)) return undefined;
      if (!v.analysis || !Array.isArray(v.analysis.statements) || v.analysis.statements.length !== v.statements.length) return undefined;
      if (typeof v.vocab !== 'string' && !Array.isArray(v.vocab)) return undefined;
      return { ...v, text: file.text };
    },
    set(file, doc) {
      const { text: _text, ...rest } = doc;
      cache.set(key(file), rest);
    },
  };
}
