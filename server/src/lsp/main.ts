// The Corroborate language server. Run as `node dist/server.js --stdio` (or
// over node IPC / --socket, as vscode-languageclient starts it).
//
// This file only wires the connection: the session (./session.ts) keeps the
// corpus, the open documents and the settings over the disk (nodeWorkspace)
// and this connection (connectionClient); ./requests.ts answers the requests.
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type Disposable,
  type FileSystemWatcher,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { semanticTokensLegend, StatusNotification, type StatusParams } from './protocol';
import { registerRequests } from './requests';
import { Session, type Client } from './session';
import { nodeWorkspace, toSettings } from './workspace';
import { loadWordNet } from '../node/wordnet';
import { createPool, workerCount } from '../node/pool';
import { analysisStore, openAnalysisCache } from '../node/analyses';
import { isAbsolute, join } from 'node:path';

/**
 * The session's Client over an LSP connection. Each call checks the
 * capabilities the client declared in `initialize`; what the client lacks is
 * not sent.
 */
class ConnectionClient implements Client {
  capabilities: ClientCapabilities = {};
  private watcher: Disposable | undefined;

  constructor(private readonly connection: Connection) {}

  configuration(scopeUri: string | undefined): Promise<unknown> | undefined {
    if (!this.capabilities.workspace?.configuration) return undefined;
    return this.connection.workspace.getConfiguration({ scopeUri, section: 'corroborate' });
  }

  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  status(params: StatusParams): void {
    void this.connection.sendNotification(StatusNotification, params);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.connection.console[level](message);
  }

  show(type: 'warning' | 'info', message: string): void {
    if (type === 'warning') void this.connection.window.showWarningMessage(message);
    else void this.connection.window.showInformationMessage(message);
  }

  refresh(): void {
    const ws = this.capabilities.workspace;
    if (ws?.semanticTokens?.refreshSupport) void this.connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
    if (ws?.codeLens?.refreshSupport) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (ws?.inlayHint?.refreshSupport) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  async progress() {
    if (!this.capabilities.window?.workDoneProgress) return undefined;
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Corroborate', 0, 'Finding articles…', false);
    return progress;
  }

  async watch(folders: { uri: string; include: string }[], fallback: string): Promise<void> {
    const watched = this.capabilities.workspace?.didChangeWatchedFiles;
    if (!watched?.dynamicRegistration) return;
    const watchers: FileSystemWatcher[] = folders.map((f) => ({
      globPattern: watched.relativePatternSupport ? { baseUri: f.uri, pattern: f.include } : f.include.startsWith('**/') ? f.include : `**/${f.include}`,
    }));
    if (!folders.length) watchers.push({ globPattern: fallback });
    const old = this.watcher;
    this.watcher = undefined;
    try {
      old?.dispose();
      this.watcher = await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    } catch (e) {
      this.log('warn', `could not register file watchers: ${e instanceof Error ? e.message : e}`);
    }
  }
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const client = new ConnectionClient(connection);
const wordnet = loadWordNet();
const session: Session = new Session(nodeWorkspace, client, {
  debounceMs: Number(process.env.CORROBORATE_DEBOUNCE_MS) || 200,
  wordnet: wordnet.ok ? wordnet.index : undefined,
  // folder loads analyse on worker threads (dist/analysisWorker.js beside this bundle)
  // and keep them in the client's storage (the session's cache, set at initialize)
  pool: (cap, fallback, warn) => createPool({ workers: workerCount(cap), fallback, warn, store: session.cache && analysisStore(session.cache) }),
});
connection.onShutdown(() => session.close());

connection.onInitialize((params): InitializeResult => {
  client.capabilities = params.capabilities;
  const opts = params.initializationOptions as { settings?: unknown; storageDir?: unknown } | undefined;
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: `file://${params.rootPath}`, name: 'root' }] : []);
  // The client's own storage (never a workspace folder); other editors may send none: no cache then.
  const storage = typeof opts?.storageDir === 'string' && isAbsolute(opts.storageDir) ? opts.storageDir : undefined;
  const cacheBytes = toSettings(opts?.settings).cacheMaxSize * 1024 * 1024;
  session.initialize(folders, opts?.settings, storage ? openAnalysisCache(join(storage, 'analysis-cache'), cacheBytes) : undefined);
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

connection.onInitialized(async () => {
  const caps = client.capabilities;
  if (session.cache) client.log('info', `analysis cache: ${session.cache.dir} (bound ${Math.round(session.cache.maxBytes / 1024 / 1024)} MB)`);
  if (wordnet.ok) client.log('info', `WordNet: ${wordnet.index.wordCount} lemmas, ${wordnet.index.synsetCount} synsets, loaded in ${Math.round(wordnet.ms)} ms`);
  else client.log('warn', `WordNet: cannot read ${wordnet.file} (${wordnet.message}); going on without it`);
  try {
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'corroborate' });
    }
    if (caps.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => session.foldersChanged(e.added, e.removed));
  } catch (e) {
    connection.console.warn(`registration failed: ${e instanceof Error ? e.message : e}`);
  }
  await session.start();
});

connection.onDidChangeConfiguration((change) => session.configurationChanged((change.settings as { corroborate?: unknown } | null)?.corroborate));
connection.onDidChangeWatchedFiles((params) => session.filesChanged(params.changes.map((c) => ({ uri: c.uri, deleted: c.type === FileChangeType.Deleted }))));
documents.onDidOpen((e) => session.didOpen(e.document));
documents.onDidChangeContent((e) => session.didChange(e.document));
documents.onDidClose((e) => session.didClose(e.document.uri));
registerRequests(connection, session);

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

process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : e}`));

documents.listen(connection);
connection.listen();
