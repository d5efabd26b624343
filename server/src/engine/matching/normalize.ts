// Token-level normalisation for statement matching: canonical spellings
// (quote marks, case, "Sept." -> "september", "U.S." -> "usa"), numbers in
// words or digits -> one canonical numeric string, stop words. Pure
// functions, no NLP calls. Synonyms and other word relations come from
// WordNet (lexicon/wordnet.ts), asked through the Lexicon (prepare.ts).

const MONTHS: Record<string, string> = {
  jan: 'january', feb: 'february', mar: 'march', apr: 'april', jun: 'june', jul: 'july', aug: 'august',
  sep: 'september', sept: 'september', oct: 'october', nov: 'november', dec: 'december',
};
const MONTH_NAMES = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
const DAYS: Record<string, string> = {
  mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday',
  fri: 'friday', sat: 'saturday', sun: 'sunday',
};
const DAY_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** Is this canonical word a month or weekday (a date part)? */
export function isDateWord(w: string): boolean {
  return MONTH_NAMES.has(w) || DAY_NAMES.has(w);
}

const PLACE: Record<string, string> = {
  'u.s.': 'usa', 'u.s': 'usa', 'u.s.a.': 'usa', 'u.s.a': 'usa', usa: 'usa',
  'u.k.': 'uk', 'u.k': 'uk', uk: 'uk', britain: 'uk',
  'u.n.': 'un', 'u.n': 'un',
  'e.u.': 'eu',
};

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  dozen: 12,
};
const SCALE: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, mln: 1e6, m: 1e6, k: 1e3,
};

/** Numeric value of a single number token ("1,000", "2.5", "eleven", "3rd"), or NaN. */
export function numberValue(tok: string): number {
  const t = tok.toLowerCase();
  if (t in SMALL) return SMALL[t];
  const m = /^[-+]?\$?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:st|nd|rd|th|s)?$/.exec(t);
  if (m) return parseFloat(m[1].replace(/,/g, ''));
  return NaN;
}
export function isScaleWord(tok: string): boolean {
  return tok in SCALE && tok !== 'm' && tok !== 'k';
}
export function scaleValue(tok: string): number {
  return SCALE[tok] ?? NaN;
}

/** Canonical string for a numeric value (so 11 == "eleven", 2.5 billion == 2500000000). */
export function numberKey(v: number): string {
  if (!isFinite(v)) return '';
  const r = Math.round(v * 1000) / 1000;
  return String(r);
}

/** Canonical form of one token value (lower case, quote marks folded, abbreviations expanded). */
export function canonicalWord(value: string): string {
  let w = value.toLowerCase().replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
  if (w in PLACE) return PLACE[w];
  const bare = w.endsWith('.') ? w.slice(0, -1) : w;
  if (bare in MONTHS) return MONTHS[bare];
  if (bare in DAYS) return DAYS[bare];
  if (w === "n't" || w === 'nt') return 'not';
  if (w === '%' || w === 'pct' || w === 'pc') return 'percent';
  if (w === '&') return 'and';
  if (w === "'s" || w === "'") return "'s";
  if (w === "'re") return 'be';
  if (w === "'ve") return 'have';
  if (w === "'ll") return 'will';
  if (w === "'m") return 'be';
  if (w === "'d") return 'would';
  // strip leading/trailing punctuation other than internal dots/hyphens
  w = w.replace(/^[^\p{L}\p{N}$]+|[^\p{L}\p{N}]+$/gu, '');
  return w;
}

export const STOP = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto upon about as than that this these those ' +
    'there here be am is are was were been being have has had having do does did doing will would shall should can could may might must ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs who whom whose which what ' +
    'when where why how all any both each few more most other some such no nor not only own same so too very just also ' +
    "'s s t up out over under again further once while during before after above below between through against off down " +
    'said say says saying told tell add added adding according'
  ).split(/\s+/),
);

/** Reporting verbs (lemmas) and function lemmas treated as non-content. */
export const LIGHT_LEMMAS = new Set(['say', 'tell', 'add', 'be', 'have', 'do', 'will', 'would', 'can', 'could', 'may', 'might', 'shall', 'should', 'must', 'get', 'accord', 'also']);

export const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', "n't", 'cannot', 'nowhere']);

/** Levenshtein distance with an early exit above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev = new Int32Array(lb + 1);
  let cur = new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      let v = ca === b.charCodeAt(j - 1) ? prev[j - 1] : prev[j - 1] + 1;
      const up = prev[j] + 1;
      if (up < v) v = up;
      const left = cur[j - 1] + 1;
      if (left < v) v = left;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/** Length of the common prefix. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
