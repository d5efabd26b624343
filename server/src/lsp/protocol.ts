// The Corroborate custom LSP protocol, typed once for the server and the
// VS Code client (src/ imports this file; esbuild bundles it into both).
// Only vscode-languageserver-protocol types and the engine's data types
// (`import type`: erased, so no engine code reaches the client bundle;
// test/layers.test.ts checks both): no server or client code here.
import { NotificationType, RequestType, type Range } from 'vscode-languageserver-protocol';
import type { CoverageRelation, Relation, Statement } from '../engine';

type StatementKind = Statement['kind'];

// ---- Semantic tokens legend -------------------------------------------------
// The client contributes matching `semanticTokenTypes` / `semanticTokenModifiers`.

// The kinds drawn in the text (a token, an underline, a diagnostic, a lens or
// hint): a headline is listed, linked and hovered, never marked (`isMarked`).
export const TokenTypes = ['quote', 'claim'] as const;
export const TokenModifiers = ['corroborated', 'singleSource', 'conflict'] as const;
export type TokenModifier = (typeof TokenModifiers)[number];
/** Whether statements of this kind are marked in the text (tokens, underlines, diagnostics, lenses, hints). */
export const isMarked = (kind: StatementKind): kind is (typeof TokenTypes)[number] => (TokenTypes as readonly string[]).includes(kind);
/** How the editor names a statement's kind (the hover's head, tooltips). */
export const KindLabels: Record<StatementKind, string> = { quote: 'Quote', claim: 'Claim', headline: 'Headline' };
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

/**
 * How other sources report a statement, decided once on the server
 * (lsp/status.ts) for every mark: the client's underlines, the semantic token
 * modifiers, diagnostics, lenses and hovers.
 */
export type StatementStatus = 'corroborated' | 'single' | 'conflict';

export interface StatementInfo {
  /** Stable within the document (derived from the statement's words). */
  id: string;
  kind: StatementKind;
  status: StatementStatus;
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

// ---- corroborate/stories ------------------------------------------------------

export interface StoriesParams {
  /** Id of a story whose coverage matrix to include. */
  story?: string;
}
export interface StoryArticle {
  uri: string;
  /** Outlet label (DocumentAnalysis.source). */
  source: string;
  title: string;
  date?: string;
  statements: number;
}
export interface StoryInfo {
  /** Stable while its earliest-ranked member stays (engine/stories). */
  id: string;
  label: string;
  /** The story's articles: the coverage matrix's columns, in this order. */
  documents: StoryArticle[];
}
interface CoverageCellInfo {
  relation: CoverageRelation;
  /** The source's statement (not for `absent`). */
  range?: Range;
  text?: string;
  /** Statements of this source in the row besides the one shown. */
  more?: number;
}
export interface CoverageRowInfo {
  /** Stable while its anchor statement stays. */
  id: string;
  /** The text of the row's best statement. */
  label: string;
  kind: StatementKind;
  speaker?: string;
  /** Sources that report it. */
  sources: number;
  conflict: boolean;
  /** One per StoryInfo.documents entry, in that order. */
  cells: CoverageCellInfo[];
}
interface StoryCoverage {
  story: string;
  /** Most sources first. */
  rows: CoverageRowInfo[];
}
export interface StoriesResult {
  /** Largest first. */
  stories: StoryInfo[];
  /** The requested story's coverage (absent when no story was asked for, or it no longer exists). */
  coverage?: StoryCoverage;
  /** True while a scan is running (stories may still change). */
  indexing: boolean;
}
export const StoriesRequest = new RequestType<StoriesParams | null | undefined, StoriesResult, void>('corroborate/stories');

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
// Declared once, here: package.json's `contributes.configuration` is generated
// from this table (`npm run settings`, tools/settings.ts; test/settings.test.ts
// fails when package.json differs), the server's ServerSettings and defaults
// are derived from it, and the client reads its settings through it.

/** One `corroborate.*` setting as VS Code's configuration schema declares it. */
interface SettingSchema {
  /** The key under `corroborate.` (e.g. `codeLens.enabled`). */
  key: string;
  type: 'string' | 'array' | 'integer' | 'number' | 'boolean';
  items?: { type: 'string' };
  enum?: readonly string[];
  default: unknown;
  minimum?: number;
  maximum?: number;
  scope: 'resource' | 'window' | 'machine';
  /** Position in the Settings editor. */
  order: number;
  enumDescriptions?: readonly string[];
  markdownDescription?: string;
  description?: string;
  /** Read by vscode-languageclient, not by the server (not in ServerSettings). */
  clientOnly?: true;
}

export const SETTINGS = {
  include: {
    key: 'include',
    type: 'string',
    default: '**/*.txt',
    scope: 'resource',
    order: 0,
    markdownDescription: 'Glob of the plain-text articles Corroborate reads and links, e.g. `**/*.txt` or `news/**/*.txt`. Matching files in the workspace form the corpus; only plain-text editors are analysed. Changing it restarts the language server.',
  },
  exclude: {
    key: 'exclude',
    type: 'array',
    items: { type: 'string' },
    default: ['**/node_modules/**', '**/.git/**'],
    scope: 'resource',
    order: 1,
    markdownDescription: 'Globs of files to leave out even when they match `#corroborate.include#`.',
  },
  /** Bytes; larger files are skipped. 0 = no limit. */
  maxFileSize: {
    key: 'maxFileSize',
    type: 'integer',
    default: 1_000_000,
    minimum: 0,
    scope: 'resource',
    order: 2,
    markdownDescription: 'Largest article, in bytes, that Corroborate analyses. Bigger files are skipped. `0` means no limit.',
  },
  /** Most files indexed from disk. 0 = no limit. */
  maxFiles: {
    key: 'maxFiles',
    type: 'integer',
    default: 5000,
    minimum: 0,
    scope: 'resource',
    order: 2,
    markdownDescription: 'Most files read from the workspace into the corpus. `0` means no limit.',
  },
  /** Worker threads a folder load analyses on. 0 = one per core. */
  maxWorkers: {
    key: 'maxWorkers',
    type: 'integer',
    default: 0,
    minimum: 0,
    scope: 'machine',
    order: 2,
    markdownDescription: 'Most worker threads that analyse the articles while a folder is read (the editor keeps answering meanwhile). `0` means one per processor core. Takes effect at the next scan of the folders.',
  },
  flagSingleSource: {
    key: 'flagSingleSource',
    type: 'boolean',
    default: false,
    scope: 'resource',
    order: 3,
    markdownDescription: 'Mark quotes and claims that no other source in the corpus reports (a faint dotted underline), so uncorroborated statements stand out.',
  },
  codeLensEnabled: {
    key: 'codeLens.enabled',
    type: 'boolean',
    default: false,
    scope: 'resource',
    order: 10,
    markdownDescription: 'Show a code lens above each corroborated statement naming the other sources (click to open one).',
  },
  inlayHintsEnabled: {
    key: 'inlayHints.enabled',
    type: 'boolean',
    default: true,
    scope: 'resource',
    order: 11,
    markdownDescription: 'Show an inlay hint such as "3 sources" after each corroborated statement. Also needs `#editor.inlayHints.enabled#`.',
  },
  /** Minimum score for a link (0 = the matcher's own threshold). Corpus-wide (first folder's value). */
  matchThreshold: {
    key: 'match.threshold',
    type: 'number',
    default: 0,
    minimum: 0,
    maximum: 1,
    scope: 'resource',
    order: 20,
    markdownDescription: "Minimum match score (0–1) two statements need to be linked. `0` uses the matcher's own calibrated threshold; raise it to keep only closer matches.",
  },
  /** Megabytes; read when the server starts. */
  cacheMaxSize: {
    key: 'cache.maxSize',
    type: 'integer',
    default: 200,
    minimum: 1,
    scope: 'window',
    order: 30,
    markdownDescription: "Largest size, in MB, of the cache of analyses Corroborate keeps in the extension's own storage (never in your folders), so that reopening a folder reads only changed articles again. The least recently used entries go first. Takes effect when the language server starts.",
  },
  traceServer: {
    key: 'trace.server',
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    order: 100,
    enumDescriptions: ['No tracing.', 'Trace request and notification names.', 'Trace messages with their parameters.'],
    description: 'Traces the communication between VS Code and the Corroborate language server to the "Corroborate" output channel.',
    clientOnly: true,
  },
} as const satisfies Record<string, SettingSchema>;

type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T extends readonly (infer U)[] ? Widen<U>[] : T;
type Settings = typeof SETTINGS;
type ServerSettingName = { [K in keyof Settings]: Settings[K] extends { clientOnly: true } ? never : K }[keyof Settings];

/** The settings the server reads (and the client's own copies of them). */
export type ServerSettings = { [K in ServerSettingName]: Widen<Settings[K]['default']> };

const serverEntries = Object.entries(SETTINGS).filter(([, s]) => !('clientOnly' in s)) as [ServerSettingName, SettingSchema][];

/** The `corroborate.*` key each field is read from. */
export const SETTING_KEYS = Object.fromEntries(serverEntries.map(([name, s]) => [name, s.key])) as Record<ServerSettingName, string>;

export const DEFAULT_SETTINGS = Object.fromEntries(serverEntries.map(([name, s]) => [name, s.default])) as ServerSettings;

// ---- Presentation shared by client and server --------------------------------
export { formatScore } from './format';
