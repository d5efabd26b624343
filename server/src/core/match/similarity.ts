// Pairwise statement similarity: prepare() once per statement, keyTerms() for
// the inverted index, compare() for candidate pairs. A learned gradient-boosted
// model (model.json, produced by server/src/train.ts on MRPC) scores
// "same statement"; rules on top name the relation (verbatim, partial excerpt,
// paraphrase, conflict on numbers/dates/names).
import type { MatchReason, Relation } from '../types';
import { F_CONTENT, F_DATE, F_NAME, F_NUMBER, pairFeatures, prepare as prepareImpl } from './features';
import type { PairFeatures, Prepared, TokenInfo } from './features';
import { predictProb } from './gbm';
import type { GbmModel } from './gbm';
import modelJson from './model.json';

export type { Prepared, TokenInfo } from './features';

export interface Judgement {
  score: number;
  same: boolean;
  relation: Relation | null;
  reason: MatchReason;
}

export interface SimilarityModel {
  threshold: number;
  gbm: GbmModel;
  idf: IdfTable;
}

export interface IdfTable {
  /** Number of sentences the table was counted on. */
  n: number;
  /** Document frequency per canonical lemma (terms seen at least twice). */
  df: Record<string, number>;
}

/** IDF lookup over a table; unseen terms count as seen once. */
export function idfFromTable(t: IdfTable): (term: string) => number {
  const cache = new Map<string, number>();
  const logN = Math.log(t.n + 1);
  return (term) => {
    let v = cache.get(term);
    if (v === undefined) {
      const df = Object.prototype.hasOwnProperty.call(t.df, term) ? t.df[term] : 1;
      v = Math.max(0.1, logN - Math.log(df + 1));
      cache.set(term, v);
    }
    return v;
  };
}

const shipped: SimilarityModel = modelJson as unknown as SimilarityModel;
let shippedIdf: ((t: string) => number) | undefined;
/** IDF from the shipped table (news sentences). */
export function defaultIdf(term: string): number {
  shippedIdf ??= idfFromTable(shipped.idf);
  return shippedIdf(term);
}

export function prepare(text: string, tokens?: TokenInfo[]): Prepared {
  return prepareImpl(text, tokens);
}

/**
 * Distinctive terms for an inverted index: content lemmas (synonym-free
 * canonical forms), names and numbers, most distinctive first.
 */
export function keyTerms(p: Prepared, idf: (term: string) => number = defaultIdf): string[] {
  const seen = new Set<string>();
  const out: { t: string; w: number }[] = [];
  for (let k = 0; k < p.content.length; k++) {
    const i = p.content[k];
    const t = p.lemmas[i];
    if (t.length < 2 || seen.has(t)) continue;
    seen.add(t);
    const f = p.flags[i];
    out.push({ t, w: idf(t) + (f & F_NAME ? 0.5 : 0) + (f & F_NUMBER ? 1 : 0) });
  }
  out.sort((x, y) => y.w - x.w);
  return out.map((o) => o.t);
}

/** Thresholds of the rule layer. */
export const RULES = {
  /** Near-verbatim: share of content words aligned on both sides and order kept. */
  verbatimCoverage: 0.85,
  verbatimOrder: 0.8,
  /** Partial: share of the excerpt's content words found (in order) in the longer statement. */
  partialCoverage: 0.9,
  partialMinContent: 3,
  /** Partial: longest shared contiguous run / shorter length (an excerpt is quoted, not reworded). */
  partialRun: 0.75,
  /** Conflict: share of non-number content words aligned (both sides). */
  conflictCoverage: 0.6,
};

function relationOf(a: Prepared, b: Prepared, pf: PairFeatures, prob: number, thr: number): { relation: Relation | null; note: string; threshold: number; score: number } {
  const x = pf.x;
  const na = a.content.length;
  const nb = b.content.length;
  const al = pf.alignment;
  let cntA = 0;
  for (let q = 0; q < na; q++) if (al.ab[q] >= 0) cntA++;
  let cntB = 0;
  for (let q = 0; q < nb; q++) if (al.ba[q] >= 0) cntB++;
  const covA = na ? cntA / na : 0;
  const covB = nb ? cntB / nb : 0;
  const lcsMin = x[19];
  const lcsMax = x[18];
  const diffs = [...pf.numberDiffs, ...pf.dateDiffs];
  const exact = x[32] === 1;
  if (exact && a.words.length > 0) return { relation: 'verbatim', note: 'identical after normalising', threshold: 1, score: 1 };
  const minCovered = Math.min(cntA, cntB);
  // near-verbatim
  if (Math.min(covA, covB) >= RULES.verbatimCoverage && lcsMax >= RULES.verbatimOrder && minCovered >= 3) {
    if (diffs.length) return { relation: 'conflict', note: `same wording, different ${pf.numberDiffs.length ? 'numbers' : 'dates'}`, threshold: RULES.verbatimCoverage, score: Math.max(prob, 0.5) };
    return { relation: 'verbatim', note: `same words: ${minCovered} of ${Math.max(na, nb)} content words, order kept`, threshold: RULES.verbatimCoverage, score: Math.max(prob, 0.9) };
  }
  // partial: the shorter one lies inside the longer one
  const aShort = na <= nb;
  const nShort = aShort ? na : nb;
  const covShort = aShort ? covA : covB;
  const nLong = aShort ? nb : na;
  const runMin = x[38];
  if (nShort >= RULES.partialMinContent && covShort >= RULES.partialCoverage && lcsMin >= 0.9 && runMin >= RULES.partialRun && nLong >= nShort + 2) {
    const covLong = aShort ? covB : covA;
    if (diffs.length) return { relation: 'conflict', note: 'excerpt with different details', threshold: RULES.partialCoverage, score: Math.max(prob, 0.5) };
    return {
      relation: 'partial',
      note: `excerpt: ${Math.round(covShort * nShort)} of ${nShort} content words inside the other (${Math.round(covLong * 100)}% of it)`,
      threshold: RULES.partialCoverage,
      score: Math.max(prob, 0.6 + 0.3 * covShort * (nShort / nLong)),
    };
  }
  if (diffs.length) {
    // Same event with different details, or different events of the same kind
    // (two earthquakes: several numbers, dates or names differ)?
    const fewDiffs = diffs.length + pf.nameDiffs.length <= 2;
    if (fewDiffs && ((pf.coverageNoNumbers >= RULES.conflictCoverage && minCovered >= 3) || prob >= thr)) {
      return { relation: 'conflict', note: `same event, different ${pf.numberDiffs.length ? 'numbers' : 'dates'}`, threshold: RULES.conflictCoverage, score: prob };
    }
    if (!fewDiffs) return { relation: null, note: `different details (${diffs.length + pf.nameDiffs.length}): likely a different event`, threshold: thr, score: Math.min(prob, 0.3) };
  }
  if (prob >= thr && minCovered >= 2) return { relation: 'paraphrase', note: `model score ${prob.toFixed(2)} ≥ ${thr.toFixed(2)}`, threshold: thr, score: prob };
  return { relation: null, note: `model score ${prob.toFixed(2)} < ${thr.toFixed(2)}`, threshold: thr, score: prob };
}

/** Compare with an explicit model (used by training/evaluation). */
export function compareWith(model: SimilarityModel, a: Prepared, b: Prepared, idf: (term: string) => number): Judgement {
  // Fast exit for unrelated candidates: fewer than two content lemmas in common.
  let shared = 0;
  for (let x = 0; x < a.content.length && shared < 2; x++) {
    const id = a.lid[a.content[x]];
    for (let y = 0; y < b.content.length; y++) if (b.lid[b.content[y]] === id) {
      shared++;
      break;
    }
  }
  if (shared < 2 && a.content.length > 1 && b.content.length > 1) {
    return { score: 0, same: false, relation: null, reason: { aligned: [], threshold: model.threshold, note: 'fewer than two content words in common' } };
  }
  const pf = pairFeatures(a, b, idf);
  const prob = predictProb(model.gbm, pf.x);
  const r = relationOf(a, b, pf, prob, model.threshold);
  const reason: MatchReason = { aligned: pf.aligned, threshold: r.threshold, note: r.note };
  if (r.relation === 'conflict') reason.differences = [...pf.numberDiffs, ...pf.dateDiffs];
  // Conflicts count as the same statement only when the model, which weighs the
  // disagreeing numbers/dates itself, still says so (MRPC labels such pairs both ways).
  const same = r.relation === 'verbatim' || r.relation === 'partial' || r.relation === 'paraphrase' || (r.relation === 'conflict' && prob >= model.threshold);
  return { score: r.score, same, relation: r.relation, reason };
}

export function compare(a: Prepared, b: Prepared, idf?: (term: string) => number): Judgement {
  return compareWith(shipped, a, b, idf ?? defaultIdf);
}

export function compareTexts(a: string, b: string): Judgement {
  return compare(prepare(a), prepare(b));
}

export { F_CONTENT, F_DATE };
