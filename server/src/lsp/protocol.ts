// The Corroborate custom LSP protocol, typed once for the server and the
// VS Code client (src/ imports this file; esbuild bundles it into both).
// Only vscode-languageserver-protocol types: no server or client code here.
import { NotificationType, RequestType, type Range } from 'vscode-languageserver-protocol';

type Relation = 'verbatim' | 'partial' | 'paraphrase' | 'conflict';
type StatementKind = 'quote' | 'claim';

// ---- Semantic tokens legend -------------------------------------------------
// The client contributes matching `semanticTokenTypes` / `semanticTokenModifiers`.

export const TokenTypes = ['quote', 'claim'] as const;
export const TokenModifiers = ['corroborated', 'singleSource', 'conflict'] as const;
export type TokenModifier = (typeof TokenModifiers)[number];
export const semanticTokensLegend = {
  tokenTypes: [...TokenTypes] as string[],
  tokenModifiers: [...TokenModifiers] as string[],
};

// ---- corroborate/documentStatements ----------------------------------------

interface StatementMatch {
  uri: string;
  /** Outlet label of the other document (DocumentAnalysis.source). */
  source: string;
  range: Range;
  text: string;
  relation: Relation;
  /** 0..1, higher is stronger. */
  score: number;
}

export interface StatementInfo {
  /** Stable within the document (derived from the statement's words). */
  id: string;
  kind: StatementKind;
  range: Range;
  text: string;
  /** Speaker name (possibly borrowed from a matching source), or null. */
  speaker: string | null;
  /** Source label the speaker name was borrowed from, when it was. */
  speakerFrom?: string;
  /** Best first. */
  matches: StatementMatch[];
}

export interface DocumentStatementsParams {
  uri?: string;
  /** Accepted as an alternative to `uri`. */
  textDocument?: { uri: string };
}
export interface DocumentStatementsResult {
  uri: string;
  /** Outlet label of this document ('' when the document is unknown). */
  source: string;
  statements: StatementInfo[];
}
export const DocumentStatementsRequest = new RequestType<DocumentStatementsParams, DocumentStatementsResult, void>('corroborate/documentStatements');

// ---- corroborate/corpusSummary ----------------------------------------------

interface CorpusDocument {
  uri: string;
  source: string;
  title: string;
  statements: number;
}
export interface CorpusSummary {
  documents: CorpusDocument[];
  /** Total statements in the corpus. */
  statements: number;
  /** True while the initial scan (or a rescan) is running. */
  indexing: boolean;
}
export const CorpusSummaryRequest = new RequestType<Record<string, never> | null | undefined, CorpusSummary, void>('corroborate/corpusSummary');

// ---- corroborate/status (server -> client notification) ---------------------

export interface StatusParams {
  state: 'indexing' | 'idle';
  /** Files processed / to process in the current scan (both 0 when idle without a scan). */
  done: number;
  total: number;
  /** Documents and statements currently in the corpus. */
  documents: number;
  statements: number;
}
export const StatusNotification = new NotificationType<StatusParams>('corroborate/status');

// ---- Commands ----------------------------------------------------------------

/**
 * Command attached to code lenses. Arguments: [uri: string, position: Position,
 * locations: Location[]] (LSP shapes; the client converts them, e.g. to run
 * `editor.action.showReferences`).
 */
export const ShowMatchesCommand = '_corroborate.showMatches';

// ---- Settings (section `corroborate`) ----------------------------------------

export interface ServerSettings {
  include: string;
  exclude: string[];
  /** Bytes; larger files are skipped. 0 = no limit. */
  maxFileSize: number;
  /** Most files indexed from disk. 0 = no limit. */
  maxFiles: number;
  flagSingleSource: boolean;
  codeLensEnabled: boolean;
  inlayHintsEnabled: boolean;
  /** `match.threshold`: minimum score for a link (0 = the matcher's own threshold). Corpus-wide (first folder's value). */
  matchThreshold: number;
}

/**
 * The `corroborate.*` setting each field is read from (package.json's
 * `contributes.configuration` declares them for VS Code; `test/settings.test.ts`
 * fails when the two disagree on a key or a default).
 */
export const SETTING_KEYS: Record<keyof ServerSettings, string> = {
  include: 'include',
  exclude: 'exclude',
  maxFileSize: 'maxFileSize',
  maxFiles: 'maxFiles',
  flagSingleSource: 'flagSingleSource',
  codeLensEnabled: 'codeLens.enabled',
  inlayHintsEnabled: 'inlayHints.enabled',
  matchThreshold: 'match.threshold',
};

export const DEFAULT_SETTINGS: ServerSettings = {
  include: '**/*.txt',
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSize: 1_000_000,
  maxFiles: 5000,
  flagSingleSource: false,
  codeLensEnabled: false,
  inlayHintsEnabled: true,
  matchThreshold: 0,
};

// ---- Presentation shared by client and server --------------------------------
export { formatScore } from './format';
