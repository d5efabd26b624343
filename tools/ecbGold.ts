// The stories data's gold, for the tools that measure links on it
// (evalLinks.ts) and train the happening model (trainEvents.ts): the rows of
// stories.jsonl with their texts under neutral paths (doc<n>.txt), the split
// into halves by a hash of the gold story id, and ECB+'s annotated sentences
// with their coreference instances (UTF-16 offsets).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Statement } from '../server/src/engine';

export interface Row { path: string; corpus: string; story: string; text: string; id: string }

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

export const half = (story: string) => (fnv(story) & 1 ? 'B' : 'A');

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

export interface Sentences {
  /** UTF-16 spans of the sentences, by index. */
  spans: [number, number][];
  annotated: Set<number>;
  /** Instance ids per sentence: events (ACTION_*) and all. */
  actions: Map<number, Set<string>>;
  any: Map<number, Set<string>>;
  /** Non-action instance ids per sentence (participants, places, times). */
  things: Map<number, Set<string>>;
}

export function ecbSentences(dir: string): Map<string, Sentences> {
  const out = new Map<string, Sentences>();
  for (const line of readFileSync(join(dir, 'ecbplus_docs.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as EcbDoc;
    const map = utf16Offsets(d.text);
    const spans: [number, number][] = [];
    for (const [k, [a, b]] of Object.entries(d.sentences)) spans[Number(k)] = [map[a], map[b]];
    const actions = new Map<number, Set<string>>();
    const any = new Map<number, Set<string>>();
    const things = new Map<number, Set<string>>();
    for (const m of d.mentions) {
      if (!m.instance_id) continue;
      const put = (into: Map<number, Set<string>>) => {
        let s = into.get(m.sentence);
        if (!s) into.set(m.sentence, (s = new Set()));
        s.add(m.instance_id!);
      };
      put(any);
      if (m.tag.startsWith('ACTION')) put(actions);
      else put(things);
    }
    out.set(d.doc, { spans, annotated: new Set(d.coref_annotated_sentences), actions, any, things });
  }
  return out;
}

/** The sentences a statement overlaps (by index). */
export function sentencesOf(s: Statement, sent: Sentences): number[] {
  const out: number[] = [];
  sent.spans.forEach((sp, i) => {
    if (sp && sp[0] < s.end && s.start < sp[1]) out.push(i);
  });
  return out;
}

export const common = (x: Set<string> | undefined, y: Set<string> | undefined) => {
  let n = 0;
  if (x && y) for (const v of x) if (y.has(v)) n++;
  return n;
};

/** The ECB+ document name of a data path: ecbplus/1_ecb/1_1ecb.txt → 1_1ecb. */
export const docName = (path: string) => path.split('/').pop()!.replace(/\.txt$/, '');

/** The rows of a stories folder, each with its text and a neutral id. */
export function loadRows(dir: string): Row[] {
  return readFileSync(join(dir, 'stories.jsonl'), 'utf8').split('\n').filter(Boolean).map((line, i) => {
    const r = JSON.parse(line) as { path: string; corpus: string; story: string };
    return { ...r, text: readFileSync(join(dir, r.path), 'utf8'), id: `doc${String(i).padStart(4, '0')}.txt` };
  });
}
