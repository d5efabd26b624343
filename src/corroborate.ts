// The language-client side of Corroborate: starts dist/server.js over node IPC,
// mirrors which documents the server has in its corpus, tracks the server's indexing status and
// exposes typed wrappers for the custom requests.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { SECTION, documentSelector, readSettings } from './config';
import {
  CorpusSummary,
  CorpusSummaryRequest,
  DocumentStatementsRequest,
  StatementInfo,
  StatementStatus,
  StatusNotification,
  StatusParams,
} from './protocol';

type CorroborateState = 'stopped' | 'starting' | 'indexing' | 'idle' | 'error';

export interface CorroborateStatus {
  state: CorroborateState;
  done: number;
  total: number;
  summary?: CorpusSummary;
  error?: string;
}

/** Statement converted to VS Code types. */
export interface Statement {
  id: string;
  kind: StatementInfo['kind'];
  text: string;
  range: vscode.Range;
  /** The server's decision: corroborated, single source or conflict. */
  status: StatementStatus;
  speaker?: string | null;
  matches: Match[];
}
export interface Match {
  uri: vscode.Uri;
  source: string;
  range: vscode.Range;
  text: string;
  relation: StatementInfo['matches'][number]['relation'];
  score?: number;
}

export class Corroborate implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private _status: CorroborateStatus = { state: 'stopped', done: 0, total: 0 };
  private readonly statusEmitter = new vscode.EventEmitter<CorroborateStatus>();
  /** Fires on every status change (indexing progress, idle with summary, errors). */
  readonly onDidChangeStatus = this.statusEmitter.event;
  /** Monotonic counter: bumps each time the server reports indexing, so "idle" waits can tell stale idles apart. */
  private generation = 0;
  private idleGeneration = -1;
  /** The server's own "done": set by a corroborate/status idle notification after the latest (re)start. */
  private serverReportedIdle = false;
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Documents the server has in its corpus (keys from corpusKey): from every
   * corpus summary, and from each documentStatements answer. The server decides
   * what is an article; the client only mirrors its answer.
   */
  private corpus = new Set<string>();
  /** True once a summary of a finished scan has been seen: "not listed" then means "not in the corpus". */
  private corpusKnown = false;
  private readonly corpusEmitter = new vscode.EventEmitter<void>();
  /** Fires when the set of documents in the corpus may have changed. */
  readonly onDidChangeCorpus = this.corpusEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Corroborate');
    this.disposables.push(this.output, this.statusEmitter, this.corpusEmitter);
  }

  get status(): CorroborateStatus {
    return this._status;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  /**
   * Is this document in the server's corpus? The server decides (include,
   * exclude, size, article or not): true when it lists it, false when it does
   * not once its scan is done, undefined while that is not known yet (the first
   * scan is still running, or the server is not up). A document the client does
   * not synchronise and the server does not list is not in it.
   */
  inCorpus(doc: vscode.TextDocument): boolean | undefined {
    if (this.corpus.has(corpusKey(doc.uri))) return true;
    if (vscode.languages.match(documentSelector(readSettings(doc.uri)), doc) === 0) return false;
    return this.corpusKnown && this.isIdle() ? false : undefined;
  }

  private setCorpus(uris: Iterable<string>, complete: boolean) {
    const next = new Set<string>(complete ? [] : this.corpus);
    for (const u of uris) next.add(corpusKey(vscode.Uri.parse(u)));
    const changed = next.size !== this.corpus.size || [...next].some((k) => !this.corpus.has(k)) || (complete && !this.corpusKnown);
    this.corpus = next;
    if (complete) this.corpusKnown = true;
    if (changed) this.corpusEmitter.fire();
  }

  private noteMembership(uri: vscode.Uri, member: boolean) {
    const key = corpusKey(uri);
    if (member === this.corpus.has(key)) return;
    if (member) this.corpus.add(key);
    else if (this.isIdle()) this.corpus.delete(key); // while indexing, "unknown" may just mean "not read yet"
    else return;
    this.corpusEmitter.fire();
  }

  private setStatus(s: CorroborateStatus) {
    this._status = s;
    this.statusEmitter.fire(s);
  }

  private log(msg: string) {
    this.output.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
  }

  /**
   * Where the server may keep its cache: the extension's storage for this
   * workspace, or its global storage without one; never a workspace folder.
   * Undefined when that storage is not on the local disk.
   */
  private storageDir(): string | undefined {
    const uri = this.context.storageUri ?? this.context.globalStorageUri;
    return uri?.scheme === 'file' ? uri.fsPath : undefined;
  }

  start(): Promise<void> {
    if (!this.starting) this.starting = this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const settings = readSettings();
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    this.generation++;
    this.serverReportedIdle = false;
    this.setStatus({ state: 'starting', done: 0, total: 0 });
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(serverModule));
    } catch {
      const error = `language server not found at ${serverModule} (run "npm run build")`;
      this.log(error);
      this.setStatus({ state: 'error', done: 0, total: 0, error });
      return;
    }
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // What is synchronised; the server decides what of it joins the corpus.
      documentSelector: documentSelector(settings) as LanguageClientOptions['documentSelector'],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      synchronize: { configurationSection: SECTION },
      initializationOptions: { settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION, null))), storageDir: this.storageDir() },
      middleware: {
        provideCodeLenses: (doc, token, next) => (readSettings(doc.uri).codeLensEnabled ? next(doc, token) : []),
        provideInlayHints: (doc, range, token, next) => (readSettings(doc.uri).inlayHintsEnabled ? next(doc, range, token) : []),
      },
    };
    const client = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
    this.client = client;
    client.onNotification(StatusNotification, (p: StatusParams) => this.onServerStatus(p));
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped && this.client === client && this._status.state !== 'error') {
        this.setStatus({ ...this._status, state: 'stopped' });
      }
    });
    this.log(`starting ${serverModule}`);
    try {
      await client.start();
    } catch (e) {
      const error = `language server failed to start: ${e instanceof Error ? e.message : String(e)}`;
      this.log(error);
      this.setStatus({ state: 'error', done: 0, total: 0, error });
      return;
    }
    this.log('language server started');
    // Show what the server has so far; 'idle' waits for its corroborate/status idle.
    await this.refreshSummary();
  }

  private async onServerStatus(p: StatusParams) {
    if (p.state === 'indexing') {
      this.generation++;
      this.setStatus({ ...this._status, state: 'indexing', done: p.done, total: p.total });
    } else {
      this.serverReportedIdle = true;
      await this.refreshSummary();
    }
  }

  /** Ask the server for the corpus summary; moves to 'idle' unless it says it is still indexing. */
  async refreshSummary(): Promise<CorpusSummary | undefined> {
    const client = this.client;
    if (!client || !client.isRunning()) return undefined;
    const gen = this.generation;
    let summary: CorpusSummary;
    try {
      summary = await client.sendRequest(CorpusSummaryRequest, {});
    } catch (e) {
      this.log(`${CorpusSummaryRequest} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (client !== this.client) return summary;
    if (summary.indexing) {
      this.setCorpus(summary.documents.map((d) => d.uri), false);
      if (this._status.state !== 'indexing') this.setStatus({ ...this._status, state: 'indexing', summary });
    } else if (gen === this.generation && this.serverReportedIdle) {
      this.idleGeneration = gen;
      // corpus first (listed documents stay shown), then idle (unlisted ones become "not in the corpus")
      this.setCorpus(summary.documents.map((d) => d.uri), true);
      this.setStatus({ state: 'idle', done: summary.documents.length, total: summary.documents.length, summary });
    }
    return summary;
  }

  /** Resolves once the server has reported it is idle (indexing finished) after the latest change. */
  whenIdle(timeoutMs = 120_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`Corroborate: server not idle after ${timeoutMs} ms (state ${this._status.state}${this._status.error ? ': ' + this._status.error : ''})`));
      }, timeoutMs);
      const sub = this.onDidChangeStatus((s) => {
        if (this.isIdle()) { clearTimeout(timer); sub.dispose(); resolve(); }
        else if (s.state === 'error') { clearTimeout(timer); sub.dispose(); reject(new Error(s.error)); }
      });
      // Poll once in case a status notification was missed (e.g. older server).
      void this.start().then(() => this.refreshSummary());
    });
  }

  private isIdle() {
    return this._status.state === 'idle' && this.idleGeneration === this.generation;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client) {
      try { await client.stop(5000); } catch (e) { this.log(`stop: ${e instanceof Error ? e.message : String(e)}`); }
      client.dispose();
    }
    this.corpusKnown = false; // the next server decides again
    this.setStatus({ state: 'stopped', done: 0, total: 0 });
  }

  /** Re-run code lens / inlay hint providers (after their settings changed). */
  refreshEditorFeatures() {
    const client = this.client;
    if (!client?.isRunning()) return;
    try {
      // One provider per registration; fire each once.
      const lenses = new Set<vscode.EventEmitter<void>>();
      const hints = new Set<vscode.EventEmitter<void>>();
      for (const doc of vscode.workspace.textDocuments) {
        const l = client.getFeature('textDocument/codeLens').getProvider(doc)?.onDidChangeCodeLensEmitter;
        const h = client.getFeature('textDocument/inlayHint').getProvider(doc)?.onDidChangeInlayHints;
        if (l) lenses.add(l);
        if (h) hints.add(h);
      }
      for (const e of [...lenses, ...hints]) e.fire();
    } catch (e) {
      this.log(`refresh failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async corpusSummary(): Promise<CorpusSummary | undefined> {
    if (this._status.summary && this.isIdle()) return this._status.summary;
    return this.refreshSummary();
  }

  /** Statements of one document with their matches, in document order, converted to VS Code types. */
  async documentStatements(uri: vscode.Uri): Promise<Statement[]> {
    await this.start();
    const client = this.client;
    if (!client?.isRunning()) return [];
    const res = await client.sendRequest(DocumentStatementsRequest, { uri: client.code2ProtocolConverter.asUri(uri) });
    if (res && client === this.client) this.noteMembership(uri, !!res.source); // source '' = the server does not have it
    const list = res?.statements ?? [];
    const summary = this._status.summary;
    const sourceOf = (u: string) => summary?.documents.find((d) => d.uri === u)?.source;
    const p2c = client.protocol2CodeConverter;
    return list
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        text: s.text,
        range: p2c.asRange(s.range),
        status: s.status,
        speaker: s.speaker,
        matches: (s.matches ?? []).map((m) => {
          const target = p2c.asUri(m.uri);
          return {
            uri: target,
            source: m.source || sourceOf(m.uri) || (target.path.split('/').pop() ?? m.uri),
            range: p2c.asRange(m.range),
            text: m.text,
            relation: m.relation,
            score: m.score,
          };
        }),
      }))
      .sort((a, b) => a.range.start.compareTo(b.range.start));
  }

  dispose() {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}

/** Comparable key of a document URI (the server may spell a file URI differently). */
export function corpusKey(uri: vscode.Uri): string {
  if (uri.scheme !== 'file') return uri.toString();
  return `file:${process.platform === 'win32' ? uri.fsPath.toLowerCase() : uri.fsPath}`;
}
