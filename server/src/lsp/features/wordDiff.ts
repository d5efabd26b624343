// A small word diff for hover cards: renders the other source's passage with
// words it adds in **bold** and words of this statement it lacks as ~~strike~~.

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]+/gu;

interface Word {
  raw: string;
  key: string;
  /** Does this token carry content (letters/digits), i.e. is it worth marking? */
  content: boolean;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const content = /[\p{L}\p{N}]/u.test(raw);
    out.push({ raw, key: content ? raw.toLowerCase().replace(/’/g, "'") : raw.replace(/[“”„«»]/g, '"').replace(/[‘’]/g, "'"), content });
  }
  return out;
}

/** `gap`: words left out by compactDiff (rendered as "…"). */
export type DiffOp = { op: 'same' | 'add' | 'del' | 'gap'; text: string };

/** Word-level diff of `other` against `mine` (LCS; falls back to "no diff" on huge passages). */
export function wordDiff(mine: string, other: string, maxWords = 400): DiffOp[] {
  const a = words(mine).filter((w) => w.content);
  const b = words(other);
  const bc = b.map((w, i) => ({ w, i })).filter((x) => x.w.content);
  if (a.length > maxWords || bc.length > maxWords) return [{ op: 'same', text: other }];
  const n = a.length;
  const m = bc.length;
  const dp = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i * (m + 1) + j] = a[i].key === bc[j].w.key ? dp[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(dp[(i + 1) * (m + 1) + j], dp[i * (m + 1) + j + 1]);
  // Walk the LCS: for each content word of `other`, same/add; deletions are emitted before the next kept word.
  const ops: DiffOp[] = [];
  const status = new Map<number, 'same' | 'add'>();
  const delsBefore = new Map<number, string[]>();
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i].key === bc[j].w.key) {
      status.set(bc[j].i, 'same');
      i++;
      j++;
    } else if (j < m && (i >= n || dp[i * (m + 1) + j + 1] >= dp[(i + 1) * (m + 1) + j])) {
      status.set(bc[j].i, 'add');
      j++;
    } else {
      const at = j < m ? bc[j].i : b.length;
      (delsBefore.get(at) ?? delsBefore.set(at, []).get(at)!).push(a[i].raw);
      i++;
    }
  }
  for (let k = 0; k <= b.length; k++) {
    const dels = delsBefore.get(k);
    if (dels) ops.push({ op: 'del', text: dels.join(' ') });
    if (k < b.length) ops.push({ op: status.get(k) ?? 'same', text: b[k].raw });
  }
  return merge(ops);
}

function merge(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const o of ops) {
    const last = out[out.length - 1];
    if (last && last.op === o.op && o.op !== 'gap') last.text += ' ' + o.text;
    else out.push({ ...o });
  }
  return out;
}

export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_\[\]<>|~]/g, (c) => '\\' + c)
    .replace(/\s+/g, ' ')
    .replace(/^([#+=-]|\d+[.)])/, '\\$1');
}

export interface CompactOptions {
  /** Most content words shown (the other passage's and struck-out ones together). */
  maxWords: number;
  /** Words of the other passage kept on each side of the shared region. */
  edge: number;
  /** A run of unchanged (or added) words longer than this keeps only its ends. */
  longRun: number;
  /** A run of struck-out words longer than this keeps only its ends. */
  longDeletion: number;
}

const COMPACT: CompactOptions = { maxWords: 22, edge: 5, longRun: 12, longDeletion: 6 };

interface Tok {
  op: DiffOp['op'];
  raw: string;
  content: boolean;
}

/**
 * Shortens a diff around what the two passages share, for a hover card:
 * the other passage from its first to its last shared word, with a few words
 * of context on each side; long runs inside keep their ends around a "…";
 * words of this statement the other lacks before or after the shared region
 * are dropped (the other passage is an excerpt, not a contradiction); at most
 * `maxWords` content words in all. Passages with nothing shared keep their
 * own words only.
 */
export function compactDiff(ops: DiffOp[], options: Partial<CompactOptions> = {}): DiffOp[] {
  const o = { ...COMPACT, ...options };
  const toks: Tok[] = [];
  for (const op of ops) {
    if (op.op === 'gap') {
      toks.push({ op: 'gap', raw: op.text, content: false });
      continue;
    }
    for (const raw of op.text.split(/\s+/)) if (raw) toks.push({ op: op.op, raw, content: /[\p{L}\p{N}]/u.test(raw) });
  }
  const contentIdx = toks.map((t, i) => (t.content ? i : -1)).filter((i) => i >= 0);
  const shared = contentIdx.filter((i) => toks[i].op === 'same');
  const anchor = shared.length ? shared : contentIdx.filter((i) => toks[i].op === 'add');
  if (!anchor.length) return ops;
  const first = anchor[0];
  const last = anchor[anchor.length - 1];
  const keep = new Uint8Array(toks.length);
  // Context outside the shared region: the other passage's nearest words, never this statement's.
  const outside = (from: number, step: number) => {
    let n = 0;
    for (let i = from; i >= 0 && i < toks.length && n < o.edge; i += step) if (toks[i].content && toks[i].op !== 'del') ((keep[i] = 1), n++);
  };
  outside(first - 1, -1);
  outside(last + 1, 1);
  // Inside: runs of one kind of content word; long ones keep their two ends.
  for (let k = 0; k < contentIdx.length; ) {
    const i = contentIdx[k];
    if (i < first || i > last) {
      k++;
      continue;
    }
    let e = k;
    while (e + 1 < contentIdx.length && contentIdx[e + 1] <= last && toks[contentIdx[e + 1]].op === toks[i].op) e++;
    const run = contentIdx.slice(k, e + 1);
    const limit = toks[i].op === 'del' ? o.longDeletion : o.longRun;
    if (run.length <= limit) for (const j of run) keep[j] = 1;
    else {
      const head = Math.ceil(limit / 2);
      const tail = Math.max(1, limit - head - 1);
      for (const j of run.slice(0, head)) keep[j] = 1;
      for (const j of run.slice(run.length - tail)) keep[j] = 1;
    }
    k = e + 1;
  }
  // The word budget, from the start.
  let budget = o.maxWords;
  for (const i of contentIdx) if (keep[i] && budget-- <= 0) keep[i] = 0;
  // Punctuation goes with a kept neighbour: the word before it, or (an opening mark) the other passage's next word.
  let prevKept = false;
  let nextKept = false;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i];
    if (t.content && t.op !== 'del') nextKept = !!keep[i];
    else if (!t.content && t.op !== 'gap' && nextKept) keep[i] = 2;
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.content) prevKept = !!keep[i];
    else if (t.op !== 'gap') keep[i] = prevKept || keep[i] === 2 ? 1 : 0;
  }
  // Elided words of the other passage (and the middle of a long struck run) show as one "…";
  // struck words outside the shared region, and punctuation, vanish.
  const out: DiffOp[] = [];
  let gap = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (keep[i]) {
      if (gap) out.push({ op: 'gap', text: '…' });
      gap = false;
      out.push({ op: t.op, text: t.raw });
    } else if (t.op === 'gap' || (t.content && (t.op !== 'del' || (i > first && i < last)))) {
      gap = true;
    }
  }
  if (gap) out.push({ op: 'gap', text: '…' });
  return merge(out);
}

/** Markdown for the other passage with differences marked; joins words with single spaces, glues punctuation. */
export function renderDiff(ops: DiffOp[]): string {
  let out = '';
  for (const o of ops) {
    const t = escapeMarkdown(tidy(o.text));
    const piece = o.op === 'same' || o.op === 'gap' ? t : o.op === 'add' ? `**${t}**` : `~~${t}~~`;
    if (out && !/^[,.;:!?”’)\]]/.test(o.text) && !/[“‘(\[]$/.test(out)) out += ' ';
    out += piece;
  }
  return out;
}

function tidy(t: string): string {
  return t.replace(/ ([,.;:!?”’)\]])/g, '$1').replace(/([“‘(\[]) /g, '$1');
}

/** Are the two passages the same words (ignoring case and punctuation)? */
export function sameWords(a: string, b: string): boolean {
  const k = (s: string) => words(s).filter((w) => w.content).map((w) => w.key).join(' ');
  return k(a) === k(b);
}
