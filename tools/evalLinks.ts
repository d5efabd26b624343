// npm run eval:links -- <stories dir>: the links of a folder holding many
// stories, on the shared stories data (all BASIL articles in one folder, all
// ECB+ articles in another; each ECB+ topic holds two different events of one
// kind). Reported on the held-out half B of the story split used by
// tools/evalStories.ts (a hash of the gold story id) and on all stories:
//   - links joining different gold stories: share of the links inside a story
//     (the bar: at most 0.5%), and apart the links marked `otherStory` (a long
//     quote printed word for word in another story) with how many of those
//     join different gold stories;
//   - quotes printed word for word by two outlets of one gold story (the same
//     words, four or more, after dropping case and punctuation) that stay
//     linked (the bar: at least 99%);
//   - ECB+: links between two statements lying in coreference-annotated
//     sentences that the gold coreference supports (the sentences share an
//     event instance; the bar: at least 95%), and, looser, any instance.
// Paths given to the engine are neutral (doc<n>.txt): nothing can be read
// from them. EXAMPLES=1 prints every wrong cross-story link and every link
// between annotated sentences that shares no gold event (else five examples).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine, type Statement } from '../server/src/engine';
import { wordnetIndex } from './wordnetIndex';

interface Row { path: string; corpus: string; story: string; text: string; id: string }

interface EcbDoc {
  doc: string;
  text: string;
  sentences: Record<string, [number, number]>;
  coref_annotated_sentences: number[];
  mentions: { tag: string; sentence: number; instance_id: string | null }[];
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const half = (story: string) => (fnv(story) & 1 ? 'B' : 'A');

/** UTF-16 offset of each code point offset of `text` (the data's offsets are code points). */
function utf16Offsets(text: string): number[] {
  const out: number[] = [];
  let u = 0;
  for (const ch of text) {
    out.push(u);
    u += ch.length;
  }
  out.push(u);
  return out;
}

/** A quote's words, lower-cased, without punctuation or quote marks. */
const words = (s: Statement) => s.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(2)}%` : 'n/a');

interface Sentences {
  /** UTF-16 spans of the sentences, by index. */
  spans: [number, number][];
  annotated: Set<number>;
  /** Instance ids per sentence: events (ACTION_*) and all. */
  actions: Map<number, Set<string>>;
  any: Map<number, Set<string>>;
}

function ecbSentences(dir: string): Map<string, Sentences> {
  const out = new Map<string, Sentences>();
  for (const line of readFileSync(join(dir, 'ecbplus_docs.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as EcbDoc;
    const map = utf16Offsets(d.text);
    const spans: [number, number][] = [];
    for (const [k, [a, b]] of Object.entries(d.sentences)) spans[Number(k)] = [map[a], map[b]];
    const actions = new Map<number, Set<string>>();
    const any = new Map<number, Set<string>>();
    for (const m of d.mentions) {
      if (!m.instance_id) continue;
      const put = (into: Map<number, Set<string>>) => {
        let s = into.get(m.sentence);
        if (!s) into.set(m.sentence, (s = new Set()));
        s.add(m.instance_id!);
      };
      put(any);
      if (m.tag.startsWith('ACTION')) put(actions);
    }
    out.set(d.doc, { spans, annotated: new Set(d.coref_annotated_sentences), actions, any });
  }
  return out;
}

/** The sentences a statement overlaps (by index). */
function sentencesOf(s: Statement, sent: Sentences): number[] {
  const out: number[] = [];
  sent.spans.forEach((sp, i) => {
    if (sp && sp[0] < s.end && s.start < sp[1]) out.push(i);
  });
  return out;
}

function measure(name: string, rows: Row[], ecb: Map<string, Sentences> | undefined): void {
  const engine = createEngine({ wordnet: wordnetIndex() });
  const t0 = performance.now();
  engine.setMany(rows.map((r) => ({ path: r.id, text: r.text })));
  const storiesFound = engine.stories().length;
  const build = performance.now() - t0;
  const byId = new Map(rows.map((r) => [r.id, r]));
  let inside = 0;
  let insideWrong = 0;
  let other = 0;
  let otherWrong = 0;
  let ecbPairs = 0;
  let ecbAction = 0;
  let ecbAny = 0;
  const wrongExamples: string[] = [];
  for (const r of rows) {
    const a = engine.get(r.id)!;
    for (const s of a.statements) {
      for (const m of engine.matches(r.id, s.id)) {
        // each link once: from the side whose (path, start) is smaller
        if (m.path < r.id || (m.path === r.id && m.start < s.start)) continue;
        const o = byId.get(m.path)!;
        const wrong = o.story !== r.story;
        if (m.otherStory) {
          other++;
          if (wrong) otherWrong++;
          continue;
        }
        inside++;
        if (wrong) {
          insideWrong++;
          if (wrongExamples.length < (process.env.EXAMPLES ? 99 : 5)) wrongExamples.push(`    ${m.relation}: ${s.text.slice(0, 70).replace(/\s+/g, ' ')} ↔ ${m.text.slice(0, 70).replace(/\s+/g, ' ')}`);
        }
        if (ecb) {
          const x = ecb.get(docName(r.path));
          const y = ecb.get(docName(o.path));
          if (!x || !y) continue;
          const sx = sentencesOf(s, x);
          const other = engine.get(m.path)!.statements.find((t) => t.id === m.statementId)!;
          const sy = sentencesOf(other, y);
          if (!sx.length || !sy.length || !sx.every((i) => x.annotated.has(i)) || !sy.every((i) => y.annotated.has(i))) continue;
          ecbPairs++;
          const shares = (mx: Map<number, Set<string>>, my: Map<number, Set<string>>) =>
            sx.some((i) => [...(mx.get(i) ?? [])].some((id) => sy.some((j) => my.get(j)?.has(id))));
          if (shares(x.actions, y.actions)) ecbAction++;
          else if (process.env.EXAMPLES) console.log(`    unsupported ${m.relation} ${s.kind}/${other.kind}: ${s.text.slice(0, 80).replace(/\s+/g, ' ')} ↔ ${other.text.slice(0, 80).replace(/\s+/g, ' ')}`);
          if (shares(x.any, y.any)) ecbAny++;
        }
      }
    }
  }
  // Quotes printed word for word by two outlets of one gold story.
  const byWords = new Map<string, { id: string; s: Statement; story: string }[]>();
  for (const r of rows) {
    for (const s of engine.get(r.id)!.statements) {
      if (s.kind !== 'quote') continue;
      const w = words(s);
      if (w.length < 4) continue;
      const key = w.join(' ');
      let list = byWords.get(key);
      if (!list) byWords.set(key, (list = []));
      list.push({ id: r.id, s, story: r.story });
    }
  }
  let shared = 0;
  let kept = 0;
  const lost: string[] = [];
  for (const list of byWords.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a.id === b.id || a.story !== b.story) continue;
        shared++;
        if (engine.matches(a.id, a.s.id).some((m) => m.path === b.id && m.statementId === b.s.id)) kept++;
        else if (lost.length < 5) lost.push(`    ${a.s.text.slice(0, 100).replace(/\s+/g, ' ')}`);
      }
    }
  }
  const gold = new Set(rows.map((r) => r.story)).size;
  console.log(`${name}: ${rows.length} articles, ${gold} gold stories, ${storiesFound} found; build + grouping ${(build / 1000).toFixed(1)} s`);
  console.log(`  links inside a story: ${inside}, joining different gold stories ${insideWrong} (${pct(insideWrong, inside)})`);
  console.log(`  links marked otherStory: ${other}, joining different gold stories ${otherWrong}; all links joining different gold stories ${pct(insideWrong + otherWrong, inside + other)}`);
  for (const e of wrongExamples) console.log(e);
  console.log(`  quotes printed word for word by two outlets of one story: ${shared} pairs, linked ${kept} (${pct(kept, shared)})`);
  for (const e of lost) console.log(e);
  if (ecb) console.log(`  links between coref-annotated sentences: ${ecbPairs}, sharing an event instance ${ecbAction} (${pct(ecbAction, ecbPairs)}), any instance ${ecbAny} (${pct(ecbAny, ecbPairs)})`);
}

/** The ECB+ document name of a data path: ecbplus/1_ecb/1_1ecb.txt → 1_1ecb. */
const docName = (path: string) => path.split('/').pop()!.replace(/\.txt$/, '');

function main(): void {
  const [dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: npm run eval:links -- <stories dir>');
    process.exit(2);
  }
  const rows: Row[] = readFileSync(join(dir, 'stories.jsonl'), 'utf8').split('\n').filter(Boolean).map((line, i) => {
    const r = JSON.parse(line) as { path: string; corpus: string; story: string };
    return { ...r, text: readFileSync(join(dir, r.path), 'utf8'), id: `doc${String(i).padStart(4, '0')}.txt` };
  });
  const ecb = ecbSentences(dir);
  for (const [label, h] of [['half A (tuning)', 'A'], ['half B (held out)', 'B'], ['all', undefined]] as const) {
    for (const corpus of ['basil', 'ecbplus']) {
      measure(`${label}, ${corpus}`, rows.filter((r) => r.corpus === corpus && (!h || half(r.story) === h)), corpus === 'ecbplus' ? ecb : undefined);
    }
  }
}

main();
