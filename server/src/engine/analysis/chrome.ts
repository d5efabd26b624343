// Page chrome: text that came with the web page, not the article. Found per
// paragraph (one non-blank line each), reported as ignored regions with a
// reason, never silently dropped.
import type { IgnoredRegion, Span } from '../model';

/** Whole lines that are navigation, sharing, comment or subscription furniture. */
const BOILERPLATE_LINE = new RegExp(
  '^(?:' +
    [
      'skip to (?:main )?content',
      'latest news',
      'thumbnail',
      'share(?: this)?(?: post| article| story| on \\w+)?',
      'add a comment',
      'leave a (?:reply|comment)',
      'post a comment',
      '\\d+ comments?',
      'comments?',
      'read more(?: .{0,60})?',
      'related(?: articles| stories| news)?',
      'more from .{1,40}',
      'advertisement',
      'sponsored',
      'subscribe(?: now| to .{1,40})?',
      'sign up(?: for .{1,60})?',
      'support (?:us|our journalism)(?: today)?!?',
      'not ready to support today\\??',
      'remind me later\\.?',
      'pa(?:i|y)ment methods',
      'donate(?: now)?',
      'your email address will not be published\\.?(?: required fields are marked \\*)?',
      'required fields are marked \\*',
      '%d bloggers like this:?',
      'like this:?',
      'loading\\.*',
      'image \\d+ of \\d+',
      'click (?:here )?to .{1,60}',
      'follow us on .{1,40}',
      'print(?: this)?',
      'email(?: this)?',
      'tweet',
      'copyright .{0,80}',
      '©.{0,80}',
      'all rights reserved\\.?',
    ].join('|') +
    ')$',
  'i',
);

/** "Support The Daily Example!": a donation banner that names the outlet. */
const SUPPORT_BANNER = /^(?:[Ss]upport|[Dd]onate to|[Ss]ubscribe to) ((?:[Tt]he )?\p{Lu}[\p{L}’'.&-]*(?: \p{Lu}[\p{L}’'.&-]*){0,4})(?: today)?!?$/u;

/** Lines about commenting rules ("Please let us know if you're having issues with commenting."). */
const COMMENT_POLICY = /\b(?:comment(?:ing|s)? policy|having (?:issues|trouble|problems) with commenting|comments? (?:are|is) (?:closed|moderated)|we reserve the right to (?:remove|delete)|community guidelines|civil(?:ity)? and on[- ]topic)\b/i;

/** The opening of a donation/subscription appeal; following appeal paragraphs join it. */
const APPEAL_START = /(?:we have a small favou?r to ask|please (?:consider )?(?:support|donat)|support (?:us|our (?:work|journalism|newsroom))|become a (?:member|subscriber|patron)|make a (?:donation|contribution)|donate (?:now|today)|independent journalism needs you)/i;
const APPEAL_CONTINUES = /\b(?:support|donat\w*|journalis\w+|subscri\w+|contribut\w+|our (?:mission|reporting|newsroom|voice|work)|silenced?|thank you|monthly|membership|paywall)\b/i;

/** Embedded social-media markup (tweets pasted as text). */
const EMBED = /(?:pic\.twitter\.com\/\w+|https?:\/\/t\.co\/\w+|^—\s*.{1,60}\(@\w{1,15}\)\s+\w+ \d{1,2}, \d{4}$|^\(@\w{1,15}\)|^@\w{1,15}$|^<blockquote|^<\/?(?:p|a|script)\b|twitter-tweet|instagram-media)/i;

/** Photo credits and bylines: "Parwiz Parwiz / Reuters", "By Jane Doe", "Photo: AP". */
const CREDIT = /^(?:(?:photo|image|picture|video|credit|file photo)s?(?: by)?\s*[:/]|by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,? .{0,40})?$|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} \/ (?:[A-Z][\w&.-]*)(?: [A-Z][\w&.-]*)*$)/;

/** `key: value` front-matter / metadata lines. */
const META_LINE = /^(source|title|date|url|author|byline|published|publisher|link)\s*:\s*(.+)$/i;

const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu) ?? []).length;

/** A line that reads as a heading: short, no sentence-final punctuation, no quote. */
function looksLikeHeading(line: string): boolean {
  if (/[.!?:;,"”’)\]…]$/.test(line) || /^[“"]/.test(line)) return false;
  const words = wordCount(line);
  return words > 0 && words <= 14;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/**
 * The duplicate-line key of `s`: lower-cased letters and digits, each run of
 * anything else one space (ASCII without a regex: this runs on every line).
 * Returns a hash of the key (with its length) and the key's length; with
 * `buf`, also writes the key's code units there. Lines are compared by this
 * hash (checked against the keys themselves when two hashes agree) rather
 * than by key strings: building and hashing a string per line was ~3% of the
 * analysis.
 */
function scanKey(s: string, buf?: Uint16Array): { hash: number; length: number } {
  let n = 0;
  let h = 0; // h * 31 + unit: collisions only cost a comparison of the keys
  let gap = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let lower: string | undefined;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      // kept as is
    } else if (c >= 0x41 && c <= 0x5a) {
      c += 32;
    } else if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f)) {
      // no-break space, curly quotes, dashes (General Punctuation has no letter or digit): a gap, without the regex
      gap = n > 0;
      continue;
    } else if (c >= 0x80) {
      // a letter outside the BMP is two code units: test the pair
      const ch = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? s.slice(i, i + 2) : s[i];
      i += ch.length - 1;
      if (!LETTER_OR_DIGIT.test(ch)) {
        gap = n > 0;
        continue;
      }
      lower = ch.toLowerCase();
    } else {
      gap = n > 0;
      continue;
    }
    if (gap) {
      if (buf) buf[n] = 0x20;
      n++;
      h = ((h << 5) - h + 0x20) | 0;
    }
    gap = false;
    if (lower === undefined) {
      if (buf) buf[n] = c;
      n++;
      h = ((h << 5) - h + c) | 0;
    } else {
      for (let k = 0; k < lower.length; k++) {
        const u = lower.charCodeAt(k);
        if (buf) buf[n] = u;
        n++;
        h = ((h << 5) - h + u) | 0;
      }
    }
  }
  return { hash: (h >>> 0) * 0x200000 + (n & 0x1fffff), length: n };
}

/** The duplicate-line key of `s` as a string (only when two lines' hashes agree). */
function normaliseForDuplicate(s: string): string {
  // a character's lower case is at most two code units (U+0130), and a space may precede it
  const buf = new Uint16Array(3 * s.length + 1);
  const n = scanKey(s, buf).length;
  let out = '';
  for (let k = 0; k < n; k += 4096) out += String.fromCharCode.apply(null, buf.subarray(k, Math.min(n, k + 4096)) as unknown as number[]);
  return out;
}

export interface ChromeResult {
  ignored: IgnoredRegion[];
  /** Front-matter / "Source:" values found, for the source label. */
  meta: Record<string, string>;
}

/**
 * Classifies paragraphs as chrome. `paragraphs` are the text model's
 * non-blank lines, in order.
 */
export function findChrome(text: string, paragraphs: Span[]): ChromeResult {
  const ignored: IgnoredRegion[] = [];
  const meta: Record<string, string> = {};
  /** Key hash -> paragraphs that first had a key with that hash (one per distinct key). */
  const seen = new Map<number, number[]>();
  let inAppeal = false;
  let frontMatter = paragraphs.length > 0 && text.slice(paragraphs[0].start, paragraphs[0].end) === '---';
  let firstContent = true;

  paragraphs.forEach((p, i) => {
    const line = text.slice(p.start, p.end);
    const add = (reason: IgnoredRegion['reason'], detail: string) => ignored.push({ start: p.start, end: p.end, reason, detail });

    if (frontMatter) {
      if (i > 0 && line === '---') frontMatter = false;
      const m = META_LINE.exec(line);
      if (m) meta[m[1].toLowerCase()] ??= m[2].trim();
      add('metadata', 'front matter');
      return;
    }
    const metaMatch = META_LINE.exec(line);
    if (metaMatch && (firstContent || /^source$/i.test(metaMatch[1]) || wordCount(metaMatch[2]) <= 8)) {
      meta[metaMatch[1].toLowerCase()] ??= metaMatch[2].trim();
      add('metadata', `${metaMatch[1]} line`);
      return;
    }
    const banner = SUPPORT_BANNER.exec(line);
    if (banner) {
      meta.outlet ??= banner[1];
      add('boilerplate', 'support banner');
      return;
    }
    if (BOILERPLATE_LINE.test(line)) {
      add('boilerplate', 'page furniture');
      return;
    }
    if (COMMENT_POLICY.test(line) && wordCount(line) < 40) {
      add('boilerplate', 'comment policy');
      return;
    }
    if (EMBED.test(line)) {
      add('embed', 'embedded social-media post');
      return;
    }
    if (APPEAL_START.test(line) || (inAppeal && (APPEAL_CONTINUES.test(line) || wordCount(line) <= 6))) {
      inAppeal = true;
      add('boilerplate', 'donation appeal');
      return;
    }
    inAppeal = false;
    if (CREDIT.test(line) && wordCount(line) <= 10) {
      add('metadata', 'credit or byline');
      return;
    }
    const { hash, length } = scanKey(line);
    if (length >= 12) {
      // the first earlier paragraph with the same key
      const sameHash = seen.get(hash);
      let earlier: number | undefined;
      if (sameHash) {
        const key = normaliseForDuplicate(line);
        earlier = sameHash.find((j) => normaliseForDuplicate(text.slice(paragraphs[j].start, paragraphs[j].end)) === key);
      }
      if (earlier !== undefined) {
        add('duplicate', `repeats paragraph ${earlier + 1}`);
        return;
      }
      if (sameHash) sameHash.push(i);
      else seen.set(hash, [i]);
    }
    firstContent = false;
  });
  return { ignored: mergeDuplicateRuns(text, paragraphs, ignored), meta };
}

/**
 * The second copy of an article: once two or more consecutive paragraphs are
 * duplicates, short lines between them (a repeated "Thumbnail", a heading)
 * belong to the copy as well.
 */
function mergeDuplicateRuns(text: string, paragraphs: Span[], ignored: IgnoredRegion[]): IgnoredRegion[] {
  const byStart = new Map(ignored.map((r) => [r.start, r]));
  const out: IgnoredRegion[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const r = byStart.get(paragraphs[i].start);
    if (r) {
      out.push(r);
      continue;
    }
    const prev = out[out.length - 1];
    const next = byStart.get(paragraphs[i + 1]?.start ?? -1);
    const line = text.slice(paragraphs[i].start, paragraphs[i].end);
    if (prev?.reason === 'duplicate' && prev.end <= paragraphs[i].start && next?.reason === 'duplicate' && looksLikeHeading(line)) {
      out.push({ start: paragraphs[i].start, end: paragraphs[i].end, reason: 'duplicate', detail: 'inside a repeated copy' });
    }
  }
  return out;
}

/**
 * Headings among the lines chrome left: short unpunctuated lines, added to
 * the ignored regions (sorted). The first one, when it opens the article, is
 * the title and the headline (its span: the analysis makes it a `headline`
 * statement); an article that opens with body text takes its first line as
 * its title and has no headline.
 */
export function withHeadings(text: string, paragraphs: Span[], chrome: IgnoredRegion[]): { ignored: IgnoredRegion[]; title: string | undefined; headline: Span | undefined } {
  const chromeStarts = new Set(chrome.map((r) => r.start));
  const ignored: IgnoredRegion[] = [...chrome];
  let title: string | undefined;
  let headline: Span | undefined;
  for (const p of paragraphs) {
    if (chromeStarts.has(p.start)) continue;
    const line = text.slice(p.start, p.end);
    if (looksLikeHeading(line)) {
      if (title === undefined) headline = { start: p.start, end: p.end };
      title ??= line;
      ignored.push({ start: p.start, end: p.end, reason: 'heading', detail: title === line ? 'title' : 'section heading' });
    } else if (title === undefined) {
      title = line.length > 120 ? line.slice(0, 117).trimEnd() + '…' : line;
    }
  }
  ignored.sort((a, b) => a.start - b.start);
  return { ignored, title, headline };
}
