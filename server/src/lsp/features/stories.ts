// corroborate/stories: the corpus's stories with their articles and, for a
// requested story, its coverage matrix (engine/stories/coverage.ts) with the
// cells' offsets turned into ranges (positions.ts, through the state's line
// indexes). Translates only: the rows and relations are the engine's.
import { storyCoverage, type Story } from '../../engine';
import type { CoverageRowInfo, StoriesParams, StoriesResult, StoryArticle, StoryInfo } from '../protocol';
import type { ServerState } from '../state';

export function stories(state: ServerState, params: StoriesParams | null | undefined): StoriesResult {
  const list: StoryInfo[] = [];
  let wanted: Story | undefined;
  for (const story of state.corpus.stories()) {
    const documents: StoryArticle[] = [];
    for (const path of story.documents) {
      const a = state.has(path) ? state.corpus.get(path) : undefined;
      if (!a) continue;
      const article: StoryArticle = { uri: state.uriOf(path), source: a.source, title: a.title, statements: a.statements.length };
      if (a.date) article.date = a.date;
      documents.push(article);
    }
    if (!documents.length) continue;
    list.push({ id: story.id, label: story.label, documents });
    if (story.id === params?.story) wanted = { ...story, documents: story.documents.filter((p) => state.has(p)) };
  }
  const result: StoriesResult = { stories: list, indexing: state.indexing };
  if (wanted) {
    const c = storyCoverage(state.corpus, wanted);
    const rows = c.rows.map((r): CoverageRowInfo => {
      const row: CoverageRowInfo = {
        id: r.id,
        label: r.label,
        kind: r.kind,
        sources: r.sources,
        conflict: r.conflict,
        cells: r.cells.map((cell, i) => {
          const lines = state.analysed.get(c.sources[i])?.lines;
          if (cell.relation === 'absent' || !lines || cell.start === undefined || cell.end === undefined) return { relation: 'absent' as const };
          const out: CoverageRowInfo['cells'][number] = { relation: cell.relation, range: lines.rangeOf({ start: cell.start, end: cell.end }), text: cell.text };
          if (cell.more) out.more = cell.more;
          return out;
        }),
      };
      if (r.speaker) row.speaker = r.speaker;
      return row;
    });
    result.coverage = { story: wanted.id, rows };
  }
  return result;
}
