// Client-side view of the Corroborate custom LSP protocol.
//
// The authoritative definitions live in server/src/protocol.ts (owned by the
// server). Until that file lands, this mirrors the agreed description; once it
// exists, the types below are re-exported from it (esbuild bundles it) and only
// the tolerant readers at the bottom stay here, so a small shape drift between
// client and server degrades a feature instead of crashing it.
import type * as lsp from 'vscode-languageclient';

export type Relation = 'verbatim' | 'partial' | 'paraphrase' | 'conflict';

export interface StatementMatch {
  uri: string;
  /** Outlet label of the other document, when the server sends it. */
  source?: string;
  range: lsp.Range;
  text: string;
  relation: Relation | string;
  score?: number;
}

export interface StatementInfo {
  id: string;
  kind: 'quote' | 'claim' | string;
  text: string;
  range: lsp.Range;
  speaker?: string | null;
  matches: StatementMatch[];
}

export interface DocumentStatementsParams { uri: string }
export interface DocumentStatementsResult { uri: string; source?: string; statements: StatementInfo[] }

export interface CorpusDocument { uri: string; source: string; statements: number }
export interface CorpusSummary { documents: CorpusDocument[]; statements: number; indexing: boolean }

export interface StatusParams { state: 'indexing' | 'idle'; done: number; total: number }

export const DocumentStatementsRequest = 'corroborate/documentStatements';
export const CorpusSummaryRequest = 'corroborate/corpusSummary';
export const StatusNotification = 'corroborate/status';
