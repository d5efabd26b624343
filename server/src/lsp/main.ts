// The Corroborate language server. Run as `node dist/server.js --stdio` (or
// over node IPC / --socket, as vscode-languageclient starts it).
//
// It keeps one corpus of every article in the workspace (files matching
// `corroborate.include`, open or not), follows open documents (an open
// document overrides its disk copy) and watched-file events, and answers the
// editor features through thin handlers in ./lsp over the pure core.
import { existsSync } from 'node:fs';
import {
  CancellationToken,
  CodeLensRequest,
  createConnection,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  ReferencesRequest,
  ResponseError,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  WorkspaceSymbolRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeLens,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
  type Location,
  type Position,
  type Range,
  type SemanticTokens,
  type SymbolInformation,
  type Disposable,
  type FileSystemWatcher,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeLenses, inlayHints } from './features/lenses';
import { corpusSummary, documentStatements } from './features/custom';
import { diagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { definition, references } from './features/navigation';
import { semanticTokens } from './features/semanticTokens';
import { ServerState } from './state';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { CorpusSummaryRequest, DEFAULT_SETTINGS, DocumentStatementsRequest, type DocumentStatementsParams, type DocumentStatementsResult, semanticTokensLegend, StatusNotification, type ServerSettings } from './protocol';
import { articleVerdict } from '../engine';
import { discover, makeMatcher, notArticleMessage, readCorpusFile, sameSettings, toSettings, uriToPath, type Folder } from './workspace';

/** Quiet period after the last keystroke before a document is re-analysed. */
const DEBOUNCE_MS = Number(process.env.CORROBORATE_DEBOUNCE_MS) || 200;
/** Files read and analysed per indexing step (the event loop is yielded between steps). */
const CHUNK = 4;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const state = new ServerState();
const log = {
  info: (m: string) => connection.console.info(m),
  warn: (m: string) => connection.console.warn(m),
  error: (m: string) => connection.console.error(m),
};

let caps: ClientCapabilities = {};
let folders: Folder[] = [];
let initSettings: ServerSettings = DEFAULT_SETTINGS;
let initialized = false;

// ---- settings ---------------------------------------------------------------

const settingsCache = new Map<string, Promise<ServerSettings>>();

function settingsFor(scopeUri: string | undefined): Promise<ServerSettings> {
  const key = scopeUri ?? '';
  let p = settingsCache.get(key);
  if (!p) {
    p = caps.workspace?.configuration
      ? connection.workspace
          .getConfiguration({ scopeUri, section: 'corroborate' })
          .then((raw) => toSettings(raw ?? initSettings))
          .catch((e) => {
            log.warn(`workspace/configuration failed: ${e instanceof Error ? e.message : e}`);
            return initSettings;
          })
      : Promise.resolve(initSettings);
    settingsCache.set(key, p);
  }
  return p;
}

function folderOf(path: string): Folder | undefined {
  return folders.find((f) => path === f.path || path.startsWith(f.path.endsWith('/') ? f.path : f.path + '/'));
}

/** Settings that govern a document: its folder's (closed files) or its own resource scope (open). */
function docSettings(path: string): Promise<ServerSettings> {
  const open = openUris.get(path);
  if (open) return settingsFor(open);
  const f = folderOf(path);
  return settingsFor(f?.uri ?? folders[0]?.uri);
}

// ---- lifecycle --------------------------------------------------------------

connection.onInitialize((params): InitializeResult => {
  caps = params.capabilities;
  const opts = params.initializationOptions as { settings?: unknown } | undefined;
  if (opts?.settings) initSettings = toSettings(opts.settings);
  const wf = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: `file://${params.rootPath}`, name: 'root' }] : []);
  folders = wf.filter((f) => f.uri.startsWith('file:')).map((f) => ({ uri: f.uri, path: uriToPath(f.uri) }));
  return {
    capabilities: {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: { label: 'Corroborate' },
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: { resolveProvider: false },
      semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'corroborate', version: '0.1.0' },
  };
});

let watcher: Disposable | undefined;

connection.onInitialized(async () => {
  initialized = true;
  try {
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'corroborate' });
    }
    if (caps.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = folders.filter((f) => !removed.has(f.path));
        for (const f of e.added) if (f.uri.startsWith('file:')) folders.push({ uri: f.uri, path: uriToPath(f.uri) });
        settingsCache.clear();
        void registerWatchers().then(() => rescan('workspace folders changed'));
      });
    }
  } catch (e) {
    log.warn(`registration failed: ${e instanceof Error ? e.message : e}`);
  }
  const first = await settingsFor(folders[0]?.uri);
  if (first.matchThreshold !== state.threshold) state.reset(first.matchThreshold);
  await registerWatchers();
  await rescan('startup');
});

async function registerWatchers(): Promise<void> {
  if (!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  const relative = caps.workspace.didChangeWatchedFiles.relativePatternSupport;
  const watchers: FileSystemWatcher[] = [];
  for (const f of folders) {
    const s = await settingsFor(f.uri);
    watchers.push({ globPattern: relative ? { baseUri: f.uri, pattern: s.include } : s.include.startsWith('**/') ? s.include : `**/${s.include}` });
  }
  if (!folders.length) watchers.push({ globPattern: initSettings.include });
  const old = watcher;
  watcher = undefined;
  try {
    old?.dispose();
    watcher = await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  } catch (e) {
    log.warn(`could not register file watchers: ${e instanceof Error ? e.message : e}`);
  }
}

connection.onDidChangeConfiguration(async (change) => {
  const raw = (change.settings as { corroborate?: unknown } | null)?.corroborate;
  if (raw) initSettings = toSettings(raw);
  const before = await Promise.all(folders.map((f) => settingsFor(f.uri)));
  settingsCache.clear();
  const after = await Promise.all(folders.map((f) => settingsFor(f.uri)));
  const scanChanged = before.some((b, i) => {
    const a = after[i];
    return a.include !== b.include || JSON.stringify(a.exclude) !== JSON.stringify(b.exclude) || a.maxFileSize !== b.maxFileSize || a.maxFiles !== b.maxFiles;
  });
  const threshold = after[0]?.matchThreshold ?? initSettings.matchThreshold;
  if (threshold !== state.threshold) {
    // The link threshold is corpus-wide: rebuild from scratch (open documents from the editor).
    state.reset(threshold);
    onDisk.clear();
    for (const path of openUris.keys()) {
      const uri = openUris.get(path)!;
      const doc = documents.get(uri);
      if (doc && accepted.get(uri)) state.set(path, doc.getText(), doc.version);
    }
    await registerWatchers();
    await rescan('match.threshold changed');
  } else if (scanChanged) {
    await registerWatchers();
    await rescan('settings changed');
  } else if (!before.every((b, i) => sameSettings(b, after[i])) || !folders.length) {
    publishAll();
    refreshEditors();
  }
});

// ---- status & progress -----------------------------------------------------------

let lastStatus = 0;
function sendStatus(st: 'indexing' | 'idle', done: number, total: number, force = false): void {
  const now = Date.now();
  if (!force && st === 'indexing' && now - lastStatus < 100) return;
  lastStatus = now;
  void connection.sendNotification(StatusNotification, { state: st, done, total, documents: state.corpus.size, statements: state.statementCount() });
}

const warnedOnce = new Set<string>();
function showOnce(key: string, type: 'warning' | 'info', message: string): void {
  if (warnedOnce.has(key)) return;
  warnedOnce.add(key);
  if (type === 'warning') void connection.window.showWarningMessage(message);
  else void connection.window.showInformationMessage(message);
}

// ---- disk indexing --------------------------------------------------------------

/** Disk files currently in the corpus (by path), with what we saw on disk. */
const onDisk = new Set<string>();
const loggedSkips = new Set<string>();
let scanGeneration = 0;

/** Open documents we analyse, by path, with the URI as the client spells it. */
const openUris = new Map<string, string>();

function isOpen(path: string): boolean {
  return openUris.has(path);
}

function skip(path: string, reason: string, message: string): void {
  const key = `${reason}:${path}`;
  if (loggedSkips.has(key)) return;
  loggedSkips.add(key);
  if (reason === 'notArticle') log.info(message);
  else log.warn(message);
  if (reason === 'tooLarge') showOnce('tooLarge', 'warning', `Corroborate: skipped files over corroborate.maxFileSize (first: ${message}). See the output log for others.`);
}

/** Reads files and adds the good ones to the corpus; returns how many made it. */
async function loadFiles(paths: string[], maxFileSize: (p: string) => Promise<number>): Promise<{ path: string; text: string }[]> {
  const read = await Promise.all(
    paths.map(async (path) => {
      const r = await readCorpusFile(path, await maxFileSize(path));
      if (!r.ok) {
        if (r.reason === 'missing') log.info(r.message);
        else skip(path, r.reason, r.message);
        return undefined;
      }
      if (r.warning) skip(path, 'utf8', r.warning);
      return { path, text: r.text };
    }),
  );
  return read.filter((x): x is { path: string; text: string } => !!x);
}

async function rescan(reason: string): Promise<void> {
  const gen = ++scanGeneration;
  state.indexing = true;
  const started = Date.now();
  let progress: WorkDoneProgressServerReporter | undefined;
  try {
    if (caps.window?.workDoneProgress) {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('Corroborate', 0, 'Finding articles…', false);
    }
  } catch (e) {
    log.warn(`progress unavailable: ${e instanceof Error ? e.message : e}`);
  }
  sendStatus('indexing', 0, 0, true);
  try {
    // 1. Discover.
    const wanted: string[] = [];
    let truncated = false;
    let cap = 0;
    for (const f of folders) {
      const s = await settingsFor(f.uri);
      cap = s.maxFiles;
      const left = s.maxFiles > 0 ? Math.max(0, s.maxFiles - wanted.length) : 0;
      if (s.maxFiles > 0 && left === 0) {
        truncated = true;
        break;
      }
      const r = await discover(f, s, left, () => gen !== scanGeneration);
      wanted.push(...r.files);
      truncated ||= r.truncated;
    }
    if (gen !== scanGeneration) return;
    if (truncated) {
      const msg = `Corroborate: the workspace has more than ${cap} matching files; indexing the first ${wanted.length}. Raise corroborate.maxFiles or narrow corroborate.include to change this.`;
      log.warn(msg);
      showOnce(`maxFiles:${cap}`, 'warning', msg);
    }
    // 2. Drop disk documents no longer wanted (open documents stay until closed).
    const wantedSet = new Set(wanted);
    const dropped: string[] = [];
    for (const path of [...onDisk]) {
      if (wantedSet.has(path)) continue;
      onDisk.delete(path);
      if (!isOpen(path) && state.remove(path)) dropped.push(path);
    }
    // 3. Read and analyse in chunks, yielding between them.
    const todo = wanted.filter((p) => !isOpen(p));
    const total = todo.length;
    let done = 0;
    progress?.report(0, `0/${total} articles`);
    sendStatus('indexing', 0, total, true);
    const maxSize = async (p: string) => (await docSettings(p)).maxFileSize;
    for (let i = 0; i < todo.length; i += CHUNK) {
      if (gen !== scanGeneration) return;
      const chunk = todo.slice(i, i + CHUNK);
      const files = (await loadFiles(chunk, maxSize)).filter((f) => !isOpen(f.path));
      if (gen !== scanGeneration) return;
      state.setMany(files);
      for (const f of files) onDisk.add(f.path);
      for (const p of chunk) if (!files.some((f) => f.path === p) && !isOpen(p) && state.remove(p)) dropped.push(p);
      done += chunk.length;
      progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} articles`);
      sendStatus('indexing', done, total);
      await new Promise((r) => setImmediate(r));
    }
    for (const p of dropped) clearDiagnostics(p);
    log.info(`indexed ${state.corpus.size} documents (${state.statementCount()} statements) in ${Date.now() - started} ms (${reason})`);
  } catch (e) {
    log.error(`indexing failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
  } finally {
    if (gen === scanGeneration) {
      state.indexing = false;
      progress?.done();
      sendStatus('idle', state.corpus.size, state.corpus.size, true);
      publishAll();
      refreshEditors();
    } else {
      progress?.done();
    }
  }
}

// ---- watched files -------------------------------------------------------------------

const fileEvents = new Map<string, FileChangeType>();
let fileTimer: NodeJS.Timeout | undefined;

connection.onDidChangeWatchedFiles((params) => {
  for (const c of params.changes) fileEvents.set(state.pathOf(c.uri), c.type);
  clearTimeout(fileTimer);
  fileTimer = setTimeout(() => void processFileEvents(), 50);
});

async function processFileEvents(): Promise<void> {
  if (state.indexing) {
    // The running scan will see the disk as it is now only for files it has not reached;
    // re-run events after it.
    fileTimer = setTimeout(() => void processFileEvents(), 200);
    return;
  }
  const events = [...fileEvents];
  fileEvents.clear();
  if (!events.length) return;
  sendStatus('indexing', 0, events.length, true);
  const affected = new Set<string>();
  try {
    const toRead: string[] = [];
    for (const [path, type] of events) {
      if (isOpen(path)) continue; // the open document wins; closing it re-reads the disk
      const s = await docSettings(path);
      const matches = makeMatcher(s, folders)(path);
      if (type === FileChangeType.Deleted || !matches) {
        if (state.has(path)) {
          for (const p of linkedPaths(path)) affected.add(p);
          state.remove(path);
          onDisk.delete(path);
          clearDiagnostics(path);
        }
        continue;
      }
      if (!state.has(path) && s.maxFiles > 0 && onDisk.size >= s.maxFiles) {
        showOnce(`maxFiles:${s.maxFiles}`, 'warning', `Corroborate: corroborate.maxFiles (${s.maxFiles}) reached; new files are not indexed.`);
        continue;
      }
      toRead.push(path);
    }
    const files = (await loadFiles(toRead, async (p) => (await docSettings(p)).maxFileSize)).filter((f) => !isOpen(f.path));
    for (const f of files) for (const p of linkedPaths(f.path)) affected.add(p);
    for (const p of toRead) {
      if (!files.some((f) => f.path === p) && state.has(p) && !isOpen(p)) {
        for (const q of linkedPaths(p)) affected.add(q);
        state.remove(p);
        onDisk.delete(p);
        clearDiagnostics(p);
      }
    }
    if (files.length) {
      state.setMany(files);
      for (const f of files) {
        onDisk.add(f.path);
        affected.add(f.path);
        for (const p of linkedPaths(f.path)) affected.add(p);
      }
    }
  } catch (e) {
    log.error(`file events failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
  }
  sendStatus('idle', state.corpus.size, state.corpus.size, true);
  afterChange(affected);
}

// ---- open documents -------------------------------------------------------------------

const pending = new Map<string, NodeJS.Timeout>();

async function accepts(uri: string, text: string): Promise<boolean> {
  if (!uri.startsWith('file:')) return false;
  const path = state.pathOf(uri);
  const s = await settingsFor(uri);
  if (!makeMatcher(s, folders)(path)) return false;
  if (s.maxFileSize > 0 && Buffer.byteLength(text, 'utf8') > s.maxFileSize) {
    skip(path, 'tooLarge', `${path} is over corroborate.maxFileSize; not analysed`);
    return false;
  }
  return true;
}

const accepted = new Map<string, boolean>();

documents.onDidOpen(async (e) => {
  const uri = e.document.uri;
  if (!uri.startsWith('file:')) return;
  const path = state.pathOf(uri);
  state.setUri(path, uri);
  openUris.set(path, uri);
  const ok = await accepts(uri, e.document.getText()).catch(() => false);
  if (!documents.get(uri)) return; // closed meanwhile
  accepted.set(uri, ok);
  if (!ok) {
    openUris.delete(path);
    return;
  }
  analyseOpen(uri);
});

documents.onDidChangeContent((e) => {
  const uri = e.document.uri;
  if (!accepted.get(uri)) return;
  const path = state.pathOf(uri);
  if (state.analysed.get(path)?.version === e.document.version) return;
  clearTimeout(pending.get(path));
  pending.set(path, setTimeout(() => analyseOpen(uri), DEBOUNCE_MS));
});

documents.onDidClose(async (e) => {
  const uri = e.document.uri;
  const path = state.pathOf(uri);
  clearTimeout(pending.get(path));
  pending.delete(path);
  const was = accepted.get(uri);
  accepted.delete(uri);
  openUris.delete(path);
  settingsCache.delete(uri);
  if (!was) return;
  // Revert to the disk copy (or drop the document when there is none).
  const affected = new Set<string>([path, ...linkedPaths(path)]);
  const s = await docSettings(path);
  const r = makeMatcher(s, folders)(path) ? await readCorpusFile(path, s.maxFileSize) : undefined;
  if (isOpen(path)) return; // reopened meanwhile
  const before = corpusShare(path);
  if (r?.ok) {
    if (state.analysed.get(path)?.text === r.text) {
      state.analysed.get(path)!.version = null;
      return;
    }
    state.set(path, r.text, null);
    onDisk.add(path);
  } else {
    state.remove(path);
    onDisk.delete(path);
    clearDiagnostics(path);
    affected.delete(path);
  }
  for (const p of linkedPaths(path)) affected.add(p);
  afterChange(affected);
  statusIfChanged(path, before);
});

/** Analyses the latest text of an open document now (results always belong to that version). */
function analyseOpen(uri: string): void {
  const path = state.pathOf(uri);
  clearTimeout(pending.get(path));
  pending.delete(path);
  const doc = documents.get(uri);
  if (!doc || !accepted.get(uri)) return;
  const current = state.analysed.get(path);
  if (current?.version === doc.version) return;
  const text = doc.getText();
  if (current && current.text === text) {
    current.version = doc.version; // e.g. opening an unchanged file: nothing to redo
    return;
  }
  try {
    const before = corpusShare(path);
    const verdict = articleVerdict(path, text);
    if (!verdict.article) {
      // Not (or no longer) an article: out of the corpus, marks cleared; typing an article into it brings it back.
      skip(path, 'notArticle', notArticleMessage(path, verdict.reason));
      if (!state.has(path)) return;
      const affected = linkedPaths(path);
      state.remove(path);
      clearDiagnostics(path);
      afterChange(affected);
      statusIfChanged(path, before);
      return;
    }
    const affected = new Set<string>([path, ...linkedPaths(path)]);
    state.set(path, text, doc.version);
    for (const p of linkedPaths(path)) affected.add(p);
    afterChange(affected);
    statusIfChanged(path, before);
  } catch (e) {
    log.error(`analysis of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
  }
}

/** What one document adds to the status: whether it is in the corpus, and its statements. */
function corpusShare(path: string): string {
  return state.has(path) ? `in:${state.corpus.get(path)?.statements.length ?? 0}` : 'out';
}

/**
 * Outside a scan (which ends with its own idle status), tell the client when an
 * open document joined or left the corpus or changed its statement count, so
 * its idea of membership (inCorpus) and the status bar's counts stay current.
 */
function statusIfChanged(path: string, before: string): void {
  if (state.indexing || corpusShare(path) === before) return;
  sendStatus('idle', state.corpus.size, state.corpus.size, true);
}

/**
 * Runs a document's pending analysis now, so an answer about it never mixes
 * stale offsets with new text. Other documents' pending edits are left to
 * their debounce (their cross-links catch up then).
 */
function flushPending(uri: string | undefined): void {
  if (!uri) return;
  const path = state.pathOf(uri);
  if (pending.has(path)) analyseOpen(openUris.get(path) ?? uri);
}

/** Documents linked to any statement of `path`. */
function linkedPaths(path: string): Set<string> {
  const out = new Set<string>();
  for (const s of state.corpus.get(path)?.statements ?? []) for (const m of state.corpus.matches(path, s.id)) out.add(m.path);
  return out;
}

// ---- diagnostics & refresh -----------------------------------------------------------------

const published = new Set<string>();

async function publish(path: string): Promise<void> {
  if (!state.has(path)) return clearDiagnostics(path);
  const s = await docSettings(path);
  const list = diagnostics(state, state.uriOf(path), s.flagSingleSource && isOpen(path));
  if (!list.length && !published.has(path)) return;
  if (list.length) published.add(path);
  else published.delete(path);
  void connection.sendDiagnostics({ uri: state.uriOf(path), diagnostics: list });
}

function clearDiagnostics(path: string): void {
  if (!published.delete(path)) return;
  void connection.sendDiagnostics({ uri: state.uriOf(path), diagnostics: [] });
}

function publishAll(): void {
  const paths = [...state.analysed.keys()];
  let i = 0;
  const step = () => {
    for (const end = Math.min(paths.length, i + 100); i < end; i++) void publish(paths[i]).catch((e) => log.error(String(e)));
    if (i < paths.length) setImmediate(step);
  };
  step();
}

let refreshQueued = false;
const toPublish = new Set<string>();

function afterChange(paths: Iterable<string>): void {
  for (const p of paths) toPublish.add(p);
  if (refreshQueued) return;
  refreshQueued = true;
  setImmediate(() => {
    refreshQueued = false;
    const list = [...toPublish];
    toPublish.clear();
    for (const p of list) void publish(p).catch((e) => log.error(String(e)));
    refreshEditors();
  });
}

function refreshEditors(): void {
  if (!initialized) return;
  const ws = caps.workspace;
  if (ws?.semanticTokens?.refreshSupport) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
  if (ws?.codeLens?.refreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (ws?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

// ---- feature handlers ------------------------------------------------------------------------

type Params = Record<string, unknown>;
type Check = (p: Params) => string | undefined;

const isObject = (x: unknown): x is Params => typeof x === 'object' && x !== null && !Array.isArray(x);
const isIndex = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;

/** textDocument.uri is a non-empty string. */
const hasDoc: Check = (p) => {
  const td = p.textDocument;
  return isObject(td) && typeof td.uri === 'string' && td.uri ? undefined : 'no textDocument.uri';
};

function badPosition(x: unknown, what: string): string | undefined {
  return isObject(x) && isIndex(x.line) && isIndex(x.character) ? undefined : `${what} is not a position`;
}

const hasPosition: Check = (p) => hasDoc(p) ?? badPosition(p.position, 'position');

const hasRange: Check = (p) => {
  const r = p.range;
  const bad = hasDoc(p) ?? (isObject(r) ? badPosition(r.start, 'range.start') ?? badPosition(r.end, 'range.end') : 'no range');
  if (bad) return bad;
  const { start, end } = r as { start: Position; end: Position };
  return end.line < start.line || (end.line === start.line && end.character < start.character) ? 'range ends before it starts' : undefined;
};

const hasQuery: Check = (p) => (p.query === undefined || typeof p.query === 'string' ? undefined : 'query is not a string');

const hasStatementsUri: Check = (p) => (typeof p.uri === 'string' && p.uri ? undefined : hasDoc(p));

/** What vscode-jsonrpc passes as a handler's last argument. */
function isToken(x: unknown): x is CancellationToken {
  return isObject(x) && typeof x.isCancellationRequested === 'boolean' && typeof x.onCancellationRequested === 'function';
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

interface HandlerOptions<P, R> {
  /** Yield to the event loop once before the work, so a `$/cancelRequest` sent right after the request is seen (for requests with no position: their answer does not depend on which edit came first). */
  yieldFirst?: boolean;
  /** Corpus documents the answer will point at, known before the work (checked on disk first). */
  linksBefore?: (p: P) => Iterable<string>;
  /** URIs of the documents an answer points at (checked on disk after the work; the work reruns if one vanished). */
  linksAfter?: (r: R) => Iterable<string>;
  /** The answer about a document not in the corpus (default: `empty`). */
  unknown?: (p: P) => R;
}

/**
 * Registers a request handler that never answers an internal error:
 *  - malformed or missing params (null, not an object, no textDocument, bad
 *    position or range) answer `empty` and log one line;
 *  - a position past the last line answers `empty`;
 *  - a cancelled request answers the RequestCancelled error (-32800), checked
 *    on entry, after the optional first yield and after the work;
 *  - documents the answer links to that vanished from disk without a watcher
 *    event are dropped from the corpus and left out of the answer;
 *  - any exception is logged and answers `empty`.
 * Registered by method name, not through the typed `connection.onHover` &c.:
 * those read `params.workDoneToken` before our code runs (an internal error
 * for null params) and refuse absent params with InvalidParams.
 */
function handle<P, R>(method: string, empty: R, check: Check, fn: (p: P, token: CancellationToken) => R | Promise<R>, opts: HandlerOptions<P, R> = {}): void {
  connection.onRequest(method, async (...args: unknown[]): Promise<R> => {
    // vscode-jsonrpc calls handler(params, token), handler(token) when params are absent,
    // and handler(...params, token) for by-position (array) params.
    const last = args[args.length - 1];
    const token = isToken(last) ? last : CancellationToken.None;
    const given = isToken(last) ? args.slice(0, -1) : args;
    if (token.isCancellationRequested) throw cancelled();
    const raw = given.length === 1 ? given[0] : undefined;
    const problem = given.length === 0 ? 'no params' : given.length > 1 || !isObject(raw) ? 'params are not an object' : check(raw);
    if (problem) {
      log.warn(`${method}: malformed request (${problem}); answered empty`);
      return empty;
    }
    const p = raw as P;
    try {
      if (opts.yieldFirst) {
        await new Promise((r) => setImmediate(r));
        if (token.isCancellationRequested) throw cancelled();
      }
      const uri = (raw as { textDocument?: { uri?: unknown }; uri?: unknown }).textDocument?.uri ?? (raw as { uri?: unknown }).uri;
      if (typeof uri === 'string') {
        // A document we do not have answers empty before anything is looked up by its URI
        // (state.pathOf remembers every URI it sees: a client asking about endless
        // made-up URIs would grow that map).
        const path = uriToPath(uri);
        if (!state.has(path) && !pending.has(path)) return opts.unknown ? opts.unknown(p) : empty;
        flushPending(uri);
      }
      const pos = (raw as { position?: Position }).position;
      if (pos && typeof uri === 'string') {
        const doc = state.doc(uri);
        if (doc && pos.line >= doc.lines.lineCount) return empty;
      }
      if (opts.linksBefore) dropVanished(opts.linksBefore(p));
      let result = await fn(p, token);
      if (token.isCancellationRequested) throw cancelled();
      if (opts.linksAfter && dropVanished([...opts.linksAfter(result)].map((u) => state.pathOf(u)))) {
        result = await fn(p, token);
        if (token.isCancellationRequested) throw cancelled();
      }
      return result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log.error(`${method} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
      return empty;
    }
  });
}

/**
 * Drops from the corpus the documents among `paths` that are gone from disk
 * (open documents excepted: the editor's text is theirs), for when a file was
 * deleted without a watcher event. Called only for the documents an answer is
 * about to point at, so it costs one stat per returned target. True if any was
 * dropped.
 */
function dropVanished(paths: Iterable<string>): boolean {
  const affected = new Set<string>();
  let dropped = false;
  for (const path of new Set(paths)) {
    if (isOpen(path) || !state.has(path) || existsSync(path)) continue;
    for (const p of linkedPaths(path)) affected.add(p);
    state.remove(path);
    onDisk.delete(path);
    clearDiagnostics(path);
    affected.delete(path);
    log.info(`${path} is no longer on disk; dropped it from the corpus`);
    dropped = true;
  }
  if (dropped) {
    afterChange(affected);
    sendStatus('idle', state.corpus.size, state.corpus.size, true);
  }
  return dropped;
}

/** Documents linked to the statement at a position (what hover, definition and references point at). */
function linksAt(p: { textDocument: { uri: string }; position: Position }): string[] {
  const doc = state.doc(p.textDocument.uri);
  const s = doc && state.corpus.statementAt(doc.path, doc.lines.offsetAt(p.position));
  return s ? state.corpus.matches(doc.path, s.id).map((m) => m.path) : [];
}

const locationUris = (r: Location | Location[] | null) => (r ? (Array.isArray(r) ? r : [r]).map((l) => l.uri) : []);

type DocParams = { textDocument: { uri: string } };
type PosParams = DocParams & { position: Position };
type RangeParams = DocParams & { range: Range };

handle<DocParams, SemanticTokens>(SemanticTokensRequest.method, { data: [] }, hasDoc, (p) => semanticTokens(state, p.textDocument.uri));
handle<RangeParams, SemanticTokens>(SemanticTokensRangeRequest.method, { data: [] }, hasRange, (p) => semanticTokens(state, p.textDocument.uri, p.range));
handle<PosParams, Hover | null>(HoverRequest.method, null, hasPosition, (p) => hover(state, p.textDocument.uri, p.position), { linksBefore: linksAt });
handle<PosParams, Location | null>(DefinitionRequest.method, null, hasPosition, (p) => definition(state, p.textDocument.uri, p.position), {
  linksBefore: linksAt,
  linksAfter: locationUris,
});
handle<PosParams & { context?: { includeDeclaration?: boolean } }, Location[]>(
  ReferencesRequest.method,
  [],
  hasPosition,
  (p) => references(state, p.textDocument.uri, p.position, !!p.context?.includeDeclaration),
  { linksBefore: linksAt, linksAfter: locationUris },
);
handle<DocParams, DocumentSymbol[]>(DocumentSymbolRequest.method, [], hasDoc, (p) => documentSymbols(state, p.textDocument.uri));
handle<{ query?: string }, SymbolInformation[]>(WorkspaceSymbolRequest.method, [], hasQuery, (p, token) => workspaceSymbols(state, p.query ?? '', token), {
  yieldFirst: true,
  linksAfter: (r) => r.map((x) => x.location.uri),
});
handle<DocParams, CodeLens[]>(CodeLensRequest.method, [], hasDoc, async (p) =>
  (await settingsFor(p.textDocument.uri)).codeLensEnabled ? codeLenses(state, p.textDocument.uri) : [],
);
handle<RangeParams, InlayHint[]>(InlayHintRequest.method, [], hasRange, async (p) =>
  (await settingsFor(p.textDocument.uri)).inlayHintsEnabled ? inlayHints(state, p.textDocument.uri, p.range) : [],
);
handle<DocumentStatementsParams, DocumentStatementsResult>(
  DocumentStatementsRequest.method,
  { uri: '', source: '', statements: [] },
  hasStatementsUri,
  (p) => documentStatements(state, p),
  {
    unknown: (p) => ({ uri: (typeof p.uri === 'string' ? p.uri : p.textDocument?.uri) ?? '', source: '', statements: [] }),
    linksAfter: (r) => r.statements.flatMap((x) => x.matches.map((m) => m.uri)),
  },
);
connection.onRequest(CorpusSummaryRequest.method, (...args: unknown[]) => {
  const token = args.find(isToken);
  if (token?.isCancellationRequested) throw cancelled();
  try {
    return corpusSummary(state);
  } catch (e) {
    log.error(`${CorpusSummaryRequest.method} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    return { documents: [], statements: 0, indexing: state.indexing };
  }
});

// Only under `node --expose-gc dist/server.js` (the memory measurement in tools/benchServer.ts):
// collects garbage and reports process.memoryUsage(). Absent in normal runs.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  connection.onRequest('corroborate/debug/memory', () => {
    gc();
    gc();
    return process.memoryUsage();
  });
}

process.on('uncaughtException', (e) => log.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log.error(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : e}`));

documents.listen(connection);
connection.listen();
