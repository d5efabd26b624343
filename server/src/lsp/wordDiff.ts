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

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

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
    if (last && last.op === o.op) last.text += ' ' + o.text;
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

/** Markdown for the other passage with differences marked; joins words with single spaces, glues punctuation. */
export function renderDiff(ops: DiffOp[]): string {
  let out = '';
  for (const o of ops) {
    const t = escapeMarkdown(tidy(o.text));
    const piece = o.op === 'same' ? t : o.op === 'add' ? `**${t}**` : `~~${t}~~`;
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
