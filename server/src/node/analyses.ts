// The seam where "the analysis of a file" is looked up in and stored to the
// persisted cache (node/cache.ts), for the CLI (and, later, the server).
//
// For now the engine analyses every file itself (`Engine.setMany`), so the
// cache is only written and checked here: each file's `DocumentAnalysis` is
// stored under (path, text) and a later run counts its hits. When the engine
// takes analyses from outside (`analyzeDocument` → `Engine.setAnalysed`), the
// hits are handed to it and only the misses are analysed: that change is
// local to `analyseFiles`.
import { join } from 'node:path';
import type { Engine } from '../engine';
import { DiskCache, modelVersion } from './cache';

/** Bumped whenever what is stored per file changes shape. */
const FORMAT = 'DocumentAnalysis/1';
const PACKAGE_VERSION = '0.1.0';

/** The cache of per-file analyses in `dir`, versioned by this build (the running bundle and WordNet beside it). */
export function openAnalysisCache(dir: string, maxBytes?: number): DiskCache {
  return new DiskCache({ dir, format: FORMAT, model: () => modelVersion(PACKAGE_VERSION, [__filename, join(__dirname, 'wordnet.bin')]), maxBytes });
}

/** Puts `files` in `engine`, looking each file's analysis up in `cache` and storing those it lacked. */
export function analyseFiles(engine: Engine, files: { path: string; text: string }[], cache?: DiskCache): void {
  if (!cache) {
    engine.setMany(files);
    return;
  }
  const keys = files.map((f) => DiskCache.key(FORMAT, f.path, f.text));
  const missing = files.filter((_, i) => cache.get(keys[i]) === undefined);
  engine.setMany(files);
  const missed = new Set(missing.map((f) => f.path));
  files.forEach((f, i) => {
    if (!missed.has(f.path)) return;
    const analysis = engine.get(f.path);
    if (analysis) cache.set(keys[i], analysis);
  });
}
