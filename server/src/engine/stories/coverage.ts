// Coverage of a story: who reports what. One row per thing reported (a group
// of statements linked to each other inside the story: a connected component
// over the engine's matches, links to other stories left out), one column per
// source (document of the story), and in each cell how that source reports
// the row's statement: verbatim, partial, paraphrase, conflict or absent.
//
// A row is labelled by its best statement (the anchor: the one most sources
// link to without conflict). A cell says how its source's statement relates
// to the anchor: along the best chain of links from the anchor, a chain being
// as weak as its weakest link (verbatim > partial > paraphrase > conflict), so
// a source linked verbatim to a source that conflicts with the anchor is in
// conflict too. The anchor's own cell is verbatim: it prints the label.
//
// Pure: reads the documents and matches it is given, never all pairs (each
// statement's own matches only).
import type { DocumentAnalysis, Match, Relation, Statement, Story } from '../model';

/** What coverage reads of an engine (Engine has both). */
interface CoverageReader {
  get(path: string): DocumentAnalysis | undefined;
  matches(path: string, statementId: string): Match[];
}

export type CoverageRelation = Relation | 'absent';

/** Which statement labels a row, other things equal: a quote, then a claim (fuller than a headline), then a headline. */
const KIND_RANK: Record<Statement['kind'], number> = { quote: 2, claim: 1, headline: 0 };

interface CoverageCell {
  relation: CoverageRelation;
  /** The source's statement (absent: none). */
  statementId?: string;
  start?: number;
  end?: number;
  text?: string;
  /** Statements of this source in the row besides the one shown. */
  more?: number;
}

interface CoverageRow {
  /** Stable while the anchor statement stays: its document and id. */
  id: string;
  /** The anchor's text. */
  label: string;
  kind: Statement['kind'];
  /** Speaker of the anchor, when known. */
  speaker?: string;
  /** Document of the anchor. */
  path: string;
  /** Sources that report it (cells not absent). */
  sources: number;
  /** Some source reports it with different details. */
  conflict: boolean;
  /** One per source, parallel to Coverage.sources. */
  cells: CoverageCell[];
}

export interface Coverage {
  story: Story;
  /** The story's documents the reader has, in the story's order: the columns. */
  sources: string[];
  /** Most sources first; then by where the anchor stands (column, offset). */
  rows: CoverageRow[];
}

/** Strength of a link, strongest first; a chain is as strong as its weakest link. */
const RANK: Record<Relation, number> = { verbatim: 0, partial: 1, paraphrase: 2, conflict: 3 };
const BY_RANK: Relation[] = ['verbatim', 'partial', 'paraphrase', 'conflict'];

interface Node {
  doc: number;
  statement: Statement;
  /** Links inside the story: other node, rank. */
  links: { to: number; rank: number }[];
}

export function storyCoverage(reader: CoverageReader, story: Story): Coverage {
  const sources: string[] = [];
  const docIndex = new Map<string, number>();
  const nodes: Node[] = [];
  /** path → statement id → node. */
  const nodeOf = new Map<string, Map<string, number>>();
  for (const path of story.documents) {
    const a = reader.get(path);
    if (!a) continue;
    const d = sources.length;
    docIndex.set(path, d);
    sources.push(path);
    const ids = new Map<string, number>();
    nodeOf.set(path, ids);
    for (const s of a.statements) {
      ids.set(s.id, nodes.length);
      nodes.push({ doc: d, statement: s, links: [] });
    }
  }

  // Links inside the story, both ways (each kept once per direction, strongest).
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const link = (a: number, b: number, rank: number) => {
    const l = nodes[a].links.find((x) => x.to === b);
    if (!l) nodes[a].links.push({ to: b, rank });
    else if (rank < l.rank) l.rank = rank;
  };
  nodes.forEach((n, i) => {
    for (const m of reader.matches(sources[n.doc], n.statement.id)) {
      const j = nodeOf.get(m.path)?.get(m.statementId);
      if (j === undefined || j === i) continue;
      const rank = RANK[m.relation];
      link(i, j, rank);
      link(j, i, rank);
      const [ri, rj] = [find(i), find(j)];
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  });

  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });

  const rows: CoverageRow[] = [];
  for (const members of groups.values()) rows.push(row(members));
  rows.sort((x, y) => y.sources - x.sources || (docIndex.get(x.path) ?? 0) - (docIndex.get(y.path) ?? 0) || cellStart(x) - cellStart(y));
  return { story, sources, rows };

  function cellStart(r: CoverageRow): number {
    return r.cells[docIndex.get(r.path) ?? 0]?.start ?? 0;
  }

  /** Distinct other documents a node links to without, and with, conflict. */
  function reach(i: number): { agree: number; disagree: number } {
    const agree = new Set<number>();
    const disagree = new Set<number>();
    for (const l of nodes[i].links) (l.rank === RANK.conflict ? disagree : agree).add(nodes[l.to].doc);
    return { agree: agree.size, disagree: disagree.size };
  }

  function row(members: number[]): CoverageRow {
    // The anchor: most sources agreeing, fewest disagreeing, a quote before a claim before a headline, then column and offset.
    const facts = new Map(members.map((i) => [i, reach(i)]));
    const anchor = members.reduce((best, i) => {
      const a = facts.get(i)!;
      const b = facts.get(best)!;
      const ni = nodes[i];
      const nb = nodes[best];
      const better =
        a.agree - b.agree ||
        b.disagree - a.disagree ||
        KIND_RANK[ni.statement.kind] - KIND_RANK[nb.statement.kind] ||
        nb.doc - ni.doc ||
        nb.statement.start - ni.statement.start;
      return better > 0 ? i : best;
    });

    // Best chain from the anchor: widen the allowed rank level by level.
    const level = new Map<number, number>([[anchor, RANK.verbatim]]);
    for (let rank = 0; rank < BY_RANK.length; rank++) {
      const queue = [...level.keys()];
      while (queue.length) {
        const i = queue.pop()!;
        for (const l of nodes[i].links) {
          if (l.rank > rank || level.has(l.to)) continue;
          level.set(l.to, rank);
          queue.push(l.to);
        }
      }
    }

    const cells: CoverageCell[] = sources.map(() => ({ relation: 'absent' }));
    const chosen: (number | undefined)[] = sources.map(() => undefined);
    const count = sources.map(() => 0);
    for (const i of members) {
      const n = nodes[i];
      count[n.doc]++;
      const c = chosen[n.doc];
      const better =
        c === undefined ||
        i === anchor ||
        (c !== anchor && (level.get(i)! < level.get(c)! || (level.get(i) === level.get(c) && n.statement.start < nodes[c].statement.start)));
      if (better) chosen[n.doc] = i;
    }
    chosen.forEach((i, d) => {
      if (i === undefined) return;
      const s = nodes[i].statement;
      cells[d] = { relation: BY_RANK[level.get(i)!], statementId: s.id, start: s.start, end: s.end, text: s.text };
      if (count[d] > 1) cells[d].more = count[d] - 1;
    });
    const a = nodes[anchor].statement;
    const r: CoverageRow = {
      id: `${sources[nodes[anchor].doc]}#${a.id}`,
      label: a.text,
      kind: a.kind,
      path: sources[nodes[anchor].doc],
      sources: cells.filter((c) => c.relation !== 'absent').length,
      conflict: cells.some((c) => c.relation === 'conflict'),
      cells,
    };
    if (a.speaker?.name) r.speaker = a.speaker.name;
    return r;
  }
}
