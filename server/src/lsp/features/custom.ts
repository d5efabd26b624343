// corroborate/documentStatements and corroborate/corpusSummary.
import type { CorpusSummary, DocumentStatementsParams, DocumentStatementsResult, StatementInfo } from '../protocol';
import type { ServerState } from '../state';

export function documentStatements(state: ServerState, params: DocumentStatementsParams | null | undefined): DocumentStatementsResult {
  const uri = (typeof params?.uri === 'string' ? params.uri : params?.textDocument?.uri) ?? '';
  const doc = uri ? state.doc(uri) : undefined;
  if (!doc) return { uri, source: '', statements: [] };
  const statements: StatementInfo[] = doc.analysis.statements.map((s) => {
    const sum = state.summarize(doc.path, s);
    const view = sum?.view;
    const speaker = view?.speaker ?? s.speaker;
    const info: StatementInfo = {
      id: s.id,
      kind: s.kind,
      status: sum?.status ?? 'single',
      range: doc.lines.rangeOf(s),
      text: s.text,
      speaker: speaker?.name ?? null,
      matches: [],
    };
    if (speaker?.borrowedFrom) info.speakerFrom = state.sourceOf(speaker.borrowedFrom.path);
    for (const m of view?.matches ?? []) {
      const range = state.matchRange(m);
      if (range) info.matches.push({ uri: state.uriOf(m.path), range, source: state.sourceOf(m.path), relation: m.relation, score: m.score, text: m.text });
    }
    return info;
  });
  return { uri, source: doc.analysis.source, statements };
}

export function corpusSummary(state: ServerState): CorpusSummary {
  const documents: CorpusSummary['documents'] = [];
  let statements = 0;
  for (const [path, a] of state.analysed) {
    const analysis = state.corpus.get(path);
    if (!analysis) continue;
    documents.push({ uri: a.uri, source: analysis.source, title: analysis.title, statements: analysis.statements.length });
    statements += analysis.statements.length;
  }
  documents.sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : 0));
  return { documents, statements, indexing: state.indexing };
}
