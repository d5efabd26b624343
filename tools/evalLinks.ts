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
//     event instance; the bar: at least 95%), and, looser, any instance;
//   - ECB+: gold same-happening sentence pairs (two coref-annotated sentences
//     in different articles of one gold story sharing two ACTION instances,
//     or one ACTION and two participant/place/time instances, as the data's
//     README defines them) that are linked by any relation (a statement
//     overlapping one linked to a statement overlapping the other; the bar:
//     at least 40%);
//   - with --per-topic, the same on each ECB+ topic folder alone (one topic's two stories in a
//     corpus of their own), summed over the topics.
// Tune on half A, report half B (held out) and all (`--tune` measures ECB+ half A alone;
// `--per-topic` adds the per-topic-folder sums).
// Paths given to the engine are neutral (doc<n>.txt): nothing can be read
// from them. EXAMPLES=1 prints every wrong cross-story link and every link
// between annotated sentences that shares no gold event (else five examples).
import { performance } from 'node:perf_hooks';
import { createEngine, type Engine, type Statement } from '../server/src/engine';
import { wordnetIndex } from './wordnetIndex';
import { common, docName, ecbSentences, half, loadRows, sentencesOf, type Row, type Sentences } from './ecbGold';

const wordnet = wordnetIndex();

/** A quote's words, lower-cased, without punctuation or quote marks. */
const words = (s: Statement) => s.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(2)}%` : 'n/a');

interface Tally { inside: number; insideWrong: number; ecbPairs: number; ecbAction: number; gold: number; statements: number; linked: number }
const tally = (): Tally => ({ inside: 0, insideWrong: 0, ecbPairs: 0, ecbAction: 0, gold: 0, statements: 0, linked: 0 });

/**
 * Gold same-happening sentence pairs of one corpus's rows and whether each is
 * linked: for every two articles of one gold story, every two annotated
 * sentences sharing two ACTION instances, or one and two other instances.
 */
function sameHappening(engine: Engine, rows: Row[], ecb: Map<string, Sentences>, t: Tally, examples: string[]): void {
  const byStory = new Map<string, Row[]>();
  for (const r of rows) {
    const l = byStory.get(r.story);
    if (l) l.push(r);
    else byStory.set(r.story, [r]);
  }
  // per article: per annotated sentence, its statements
  const statementsIn = (r: Row, x: Sentences) => {
    const out = new Map<number, Statement[]>();
    for (const s of engine.get(r.id)!.statements) for (const i of sentencesOf(s, x)) if (x.annotated.has(i)) (out.get(i) ?? out.set(i, []).get(i)!).push(s);
    return out;
  };
  for (const list of byStory.values()) {
    for (let p = 0; p < list.length; p++) {
      const x = ecb.get(docName(list[p].path));
      if (!x) continue;
      const sx = statementsIn(list[p], x);
      for (let q = p + 1; q < list.length; q++) {
        const y = ecb.get(docName(list[q].path));
        if (!y) continue;
        const sy = statementsIn(list[q], y);
        for (const i of x.annotated) {
          for (const j of y.annotated) {
            const acts = common(x.actions.get(i), y.actions.get(j));
            if (!(acts >= 2 || (acts === 1 && common(x.things.get(i), y.things.get(j)) >= 2))) continue;
            t.gold++;
            if (sx.get(i) && sy.get(j)) t.statements++;
            let rel: string | undefined;
            for (const s of sx.get(i) ?? []) {
              for (const m of engine.matches(list[p].id, s.id)) {
                if (m.path !== list[q].id) continue;
                const o = (sy.get(j) ?? []).find((u) => u.id === m.statementId);
                if (o && !rel) rel = m.relation;
              }
            }
            if (rel) t.linked++;
            if (!rel && examples.length < (process.env.EXAMPLES ? 40 : 0)) {
              const sent = (r: Row, z: Sentences, k: number) => r.text.slice(z.spans[k][0], z.spans[k][1]).replace(/\s+/g, ' ').slice(0, 110);
              examples.push(`    missed: ${sent(list[p], x, i)}\n         ↔ ${sent(list[q], y, j)}${sx.get(i) && sy.get(j) ? '' : ' (not both statements)'}`);
            }
          }
        }
      }
    }
  }
}

function measure(name: string, rows: Row[], ecb: Map<string, Sentences> | undefined, quiet = false, t: Tally = tally()): Tally {
  const engine = createEngine({ wordnet });
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
          const ok = shares(x.actions, y.actions);
          if (ok) ecbAction++;
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
  t.inside += inside;
  t.insideWrong += insideWrong;
  t.ecbPairs += ecbPairs;
  t.ecbAction += ecbAction;
  const missed: string[] = [];
  const before = { ...t };
  if (ecb) sameHappening(engine, rows, ecb, t, missed);
  if (quiet) return t;
  const gold = new Set(rows.map((r) => r.story)).size;
  console.log(`${name}: ${rows.length} articles, ${gold} gold stories, ${storiesFound} found; build + grouping ${(build / 1000).toFixed(1)} s`);
  console.log(`  links inside a story: ${inside}, joining different gold stories ${insideWrong} (${pct(insideWrong, inside)})`);
  console.log(`  links marked otherStory: ${other}, joining different gold stories ${otherWrong}; all links joining different gold stories ${pct(insideWrong + otherWrong, inside + other)}`);
  for (const e of wrongExamples) console.log(e);
  console.log(`  quotes printed word for word by two outlets of one story: ${shared} pairs, linked ${kept} (${pct(kept, shared)})`);
  for (const e of lost) console.log(e);
  if (ecb) {
    console.log(`  links between coref-annotated sentences: ${ecbPairs}, sharing an event instance ${ecbAction} (${pct(ecbAction, ecbPairs)}), any instance ${ecbAny} (${pct(ecbAny, ecbPairs)})`);
    const g = t.gold - before.gold;
    console.log(`  gold same-happening sentence pairs: ${g} (both sentences holding a statement: ${t.statements - before.statements}), linked ${t.linked - before.linked} (${pct(t.linked - before.linked, g)})`);
    for (const e of missed) console.log(e);
  }
  return t;
}

/** ECB+ one topic folder at a time (its two stories in a corpus of their own), summed. */
function perTopic(name: string, rows: Row[], ecb: Map<string, Sentences>): void {
  const topics = new Map<string, Row[]>();
  for (const r of rows) {
    const topic = r.path.split('/')[1].replace(/_ecb(plus)?$/, '');
    const l = topics.get(topic);
    if (l) l.push(r);
    else topics.set(topic, [r]);
  }
  const t = tally();
  for (const list of topics.values()) measure(name, list, ecb, true, t);
  console.log(`${name}, ecbplus per topic folder (${topics.size} corpora): links joining different gold stories ${t.insideWrong} of ${t.inside} (${pct(t.insideWrong, t.inside)}); links between coref-annotated sentences supported ${pct(t.ecbAction, t.ecbPairs)} of ${t.ecbPairs}; gold same-happening pairs ${t.gold}, linked ${t.linked} (${pct(t.linked, t.gold)})`);
}

function main(): void {
  const [dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: npm run eval:links -- <stories dir>');
    process.exit(2);
  }
  const rows = loadRows(dir);
  const ecb = ecbSentences(dir);
  const tuning = process.argv.includes('--tune');
  const halves = tuning ? [['half A (tuning)', 'A'] as const] : ([['half A (tuning)', 'A'], ['half B (held out)', 'B'], ['all', undefined]] as const);
  for (const [label, h] of halves) {
    for (const corpus of ['basil', 'ecbplus']) {
      if (tuning && corpus === 'basil') continue;
      measure(`${label}, ${corpus}`, rows.filter((r) => r.corpus === corpus && (!h || half(r.story) === h)), corpus === 'ecbplus' ? ecb : undefined);
    }
    if (process.argv.includes('--per-topic')) perTopic(label, rows.filter((r) => r.corpus === 'ecbplus' && (!h || half(r.story) === h)), ecb);
  }
}

main();
