// The server's session: one corpus of every article in the workspace folders
// (files matching `corroborate.include`, open or not). It decides which copy
// of a document the corpus holds (an open document overrides its disk copy;
// closing it brings the disk back), debounces edits (only an open document's
// latest version is analysed), rescans when folders or settings change,
// follows watched-file events, caches settings per folder, reports progress
// and status, and publishes diagnostics.
//
// It talks to the world only through two interfaces: a Workspace (the files:
// list, read, exists) and a Client (what goes to the editor). main.ts gives it
// the disk and the LSP connection; test/session.test.ts gives it memory and a
// recorder, and runs it in process.
import type { Diagnostic } from 'vscode-languageserver';
import { articleVerdict, type AnalysedDocument, type Cancellation, type WordNetIndex } from '../engine';
import { inProcessPool, type AnalysisPool, type Loaded } from '../node/analysis';
import { diagnostics } from './features/diagnostics';
import { DEFAULT_SETTINGS, type ServerSettings, type StatusParams } from './protocol';
import type { DiskCache } from '../node/cache';
import { ServerState } from './state';
import { makeMatcher, notArticleMessage, sameSettings, toSettings, uriToPath, type Folder, type Workspace } from './workspace';

/** What the session sends to the editor. Capabilities the client lacks are the implementation's concern (a no-op there). */
export interface Client {
  /** The raw `corroborate` settings of a scope; undefined when the client cannot be asked (the initial settings hold). */
  configuration(scopeUri: string | undefined): Promise<unknown> | undefined;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  status(params: StatusParams): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  show(type: 'warning' | 'info', message: string): void;
  /** Asks the editor to re-request semantic tokens, code lenses and inlay hints. */
  refresh(): void;
  /** Starts a work-done progress ("Finding articles…"), or undefined when the client shows none. */
  progress(): Promise<Progress | undefined>;
  /** Replaces the file watchers: one per folder for its include glob (`fallback` with no folder). */
  watch(folders: { uri: string; include: string }[], fallback: string): Promise<void>;
}

interface Progress {
  report(percentage: number, message: string): void;
  done(): void;
}

/** An open document as the editor holds it (vscode-languageserver-textdocument's TextDocument is one). */
export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export interface SessionOptions {
  /** Quiet period after the last keystroke before a document is re-analysed. */
  debounceMs?: number;
  /** WordNet, handed to every corpus the session makes (main.ts reads it from beside the bundle). */
  wordnet?: WordNetIndex;
  /**
   * Makes the pool a folder load analyses on, for `corroborate.maxWorkers`
   * (`cap`, 0 = one per core); `fallback` analyses in this thread. main.ts
   * gives worker threads (node/pool.ts); by default (tests) the analysis runs
   * in process.
   */
  pool?: (cap: number, fallback: (path: string, text: string) => AnalysedDocument, warn: (message: string) => void) => AnalysisPool;
}

/** Files read and analysed per indexing step (the event loop is yielded between steps). */
const CHUNK = 4;
/**
 * A folder load's slice of work between two turns of the event loop, in ms
 * (single statements and GC overshoot it). Hover while 2,000 PolNeAR articles
 * load (bench --server-only): p50 41.7 / p95 107.3 ms a chunk at a time with
 * stories re-decided on every hover; 6.8 / 28.7 ms in 3 ms slices with one
 * turn between; 3.5–4.2 / 14.2–16.3 ms (two runs) in 1 ms slices with two
 * (`twoTurns`), indexing in 21.5–23.2 s against 21.3 s (within the noise).
 */
const SLICE_MS = 1;

/**
 * Two turns of the event loop: vscode-jsonrpc answers a request in steps,
 * each queued with setImmediate (the message, then the write), and one turn
 * let the next slice run before each step.
 */
async function twoTurns(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
}

/** A `more` for `LoadJob.step`: true until `ms` have passed. */
function budget(ms: number): () => boolean {
  const end = performance.now() + ms;
  return () => performance.now() < end;
}

/** Cancelled when the work it was given to is superseded (a newer scan, a newer edit, a close). */
class Superseded implements Cancellation {
  isCancellationRequested = false;
  cancel(): void {
    this.isCancellationRequested = true;
  }
}

export class Session {
  readonly state: ServerState;
  /**
   * The persisted cache of per-file analyses (from `initialize`), in the
   * directory the client gave (its own storage, never a workspace folder);
   * created on its first write. main.ts makes it the folder-load pool's
   * store (a stored analysis is not analysed again); edits and file events
   * are analysed in this thread without it.
   */
  cache: DiskCache | undefined;
  private readonly debounceMs: number;
  private readonly makePool: NonNullable<SessionOptions['pool']>;
  /** The folder loads' pool and the cap it was made for (made at the first scan, again when the cap changes). */
  private pool: { cap: number; pool: AnalysisPool } | undefined;
  private folders: Folder[] = [];
  private initSettings: ServerSettings = DEFAULT_SETTINGS;
  private started = false;
  private readonly settingsCache = new Map<string, Promise<ServerSettings>>();

  /** Disk files currently in the corpus (by path). */
  private readonly onDisk = new Set<string>();
  /** Open documents we analyse, by path, with the URI as the client spells it. */
  private readonly openUris = new Map<string, string>();
  /** The editor's copy of every open document (accepted or not), by URI. */
  private readonly openDocs = new Map<string, OpenDocument>();
  /** Whether an open document (by URI) passed include/exclude and the size limit. */
  private readonly accepted = new Map<string, boolean>();
  /** Edits waiting for their quiet period, by path; the token is cancelled when a newer edit or a close supersedes them. */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; token: Superseded; release: () => void }>();
  /** The running scan's token: a newer scan cancels it. */
  private scan: Superseded | undefined;

  /** Watched-file events waiting for their 50 ms: path → deleted. */
  private readonly fileEvents = new Map<string, boolean>();
  private fileTimer: { timer: NodeJS.Timeout; release: () => void } | undefined;

  private lastStatus = 0;
  private readonly warnedOnce = new Set<string>();
  private readonly loggedSkips = new Set<string>();
  /** Documents with diagnostics on the client. */
  private readonly published = new Set<string>();
  private readonly toPublish = new Set<string>();
  private refreshQueued = false;

  /** Work in flight (scans, timers, reads, publishes); whenIdle waits for 0. */
  private busy = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly workspace: Workspace,
    private readonly client: Client,
    options: SessionOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.state = new ServerState(options.wordnet);
    this.makePool = options.pool ?? ((_cap, fallback) => inProcessPool(fallback));
  }

  /** Stops the pool's workers (at shutdown). */
  async close(): Promise<void> {
    this.scan?.cancel();
    const pool = this.pool?.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** The pool for the current `corroborate.maxWorkers` (the first folder's, as the link threshold). */
  private async analysisPool(): Promise<AnalysisPool> {
    const cap = (await this.settingsFor(this.folders[0]?.uri)).maxWorkers;
    if (this.pool?.cap !== cap) {
      const old = this.pool?.pool;
      this.pool = {
        cap,
        pool: this.makePool(cap, (path, text) => this.state.corpus.analyse(path, text), (message) => this.client.log('warn', message)),
      };
      void old?.close();
      const n = this.pool.pool.workers;
      this.client.log('info', n ? `folder loads analyse on ${n} worker threads` : 'folder loads analyse in this thread');
    }
    return this.pool.pool;
  }

  // ---- lifecycle -------------------------------------------------------------

  /** The folders and initial settings from `initialize` (only file: folders count). */
  initialize(folders: { uri: string }[], settings: unknown, cache?: DiskCache): void {
    if (settings) this.initSettings = toSettings(settings);
    this.cache = cache;
    this.folders = folders.filter((f) => f.uri.startsWith('file:')).map((f) => ({ uri: f.uri, path: uriToPath(f.uri) }));
  }

  /** After `initialized`: the first settings, the watchers and the first scan. */
  async start(): Promise<void> {
    const release = this.hold();
    try {
      this.started = true;
      const first = await this.settingsFor(this.folders[0]?.uri);
      if (first.matchThreshold !== this.state.threshold) this.state.reset(first.matchThreshold);
      await this.registerWatchers();
      await this.rescan('startup');
    } finally {
      release();
    }
  }

  /** Resolves once nothing is left to do: no scan, no waiting edit or file event, nothing left to publish. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settle();
    });
  }

  private hold(): () => void {
    this.busy++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.busy--;
      this.settle();
    };
  }

  /** Wakes the idle waiters once the count has stayed at 0 for a turn (work often schedules more work). */
  private settle(): void {
    if (this.busy || !this.idleWaiters.length) return;
    setImmediate(() => {
      if (this.busy) return;
      for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  foldersChanged(added: { uri: string }[], removed: { uri: string }[]): void {
    const gone = new Set(removed.map((f) => uriToPath(f.uri)));
    this.folders = this.folders.filter((f) => !gone.has(f.path));
    for (const f of added) if (f.uri.startsWith('file:')) this.folders.push({ uri: f.uri, path: uriToPath(f.uri) });
    this.settingsCache.clear();
    const release = this.hold();
    void this.registerWatchers()
      .then(() => this.rescan('workspace folders changed'))
      .finally(release);
  }

  /** `workspace/didChangeConfiguration`: `raw` is the pushed `corroborate` section, if the client sent one. */
  async configurationChanged(raw: unknown): Promise<void> {
    const release = this.hold();
    try {
      if (raw) this.initSettings = toSettings(raw);
      const before = await Promise.all(this.folders.map((f) => this.settingsFor(f.uri)));
      this.settingsCache.clear();
      const after = await Promise.all(this.folders.map((f) => this.settingsFor(f.uri)));
      const scanChanged = before.some((b, i) => {
        const a = after[i];
        return a.include !== b.include || JSON.stringify(a.exclude) !== JSON.stringify(b.exclude) || a.maxFileSize !== b.maxFileSize || a.maxFiles !== b.maxFiles;
      });
      const threshold = after[0]?.matchThreshold ?? this.initSettings.matchThreshold;
      if (threshold !== this.state.threshold) {
        // The link threshold is corpus-wide: rebuild from scratch (open documents from the editor).
        this.state.reset(threshold);
        this.onDisk.clear();
        for (const [path, uri] of this.openUris) {
          const doc = this.openDocs.get(uri);
          if (doc && this.accepted.get(uri)) this.state.set(path, doc.getText(), doc.version);
        }
        await this.registerWatchers();
        await this.rescan('match.threshold changed');
      } else if (scanChanged) {
        await this.registerWatchers();
        await this.rescan('settings changed');
      } else if (!before.every((b, i) => sameSettings(b, after[i])) || !this.folders.length) {
        this.publishAll();
        this.refreshEditors();
      }
    } finally {
      release();
    }
  }

  // ---- settings -----------------------------------------------------------------

  /** Settings of a resource scope (a folder or an open document), asked once and cached until they change. */
  settingsFor(scopeUri: string | undefined): Promise<ServerSettings> {
    const key = scopeUri ?? '';
    let p = this.settingsCache.get(key);
    if (!p) {
      const asked = this.client.configuration(scopeUri);
      p = asked
        ? asked
            .then((raw) => toSettings(raw ?? this.initSettings))
            .catch((e) => {
              this.client.log('warn', `workspace/configuration failed: ${e instanceof Error ? e.message : e}`);
              return this.initSettings;
            })
        : Promise.resolve(this.initSettings);
      this.settingsCache.set(key, p);
    }
    return p;
  }

  private folderOf(path: string): Folder | undefined {
    return this.folders.find((f) => path === f.path || path.startsWith(f.path.endsWith('/') ? f.path : f.path + '/'));
  }

  /** Settings that govern a document: its folder's (closed files) or its own resource scope (open). */
  private docSettings(path: string): Promise<ServerSettings> {
    const open = this.openUris.get(path);
    if (open) return this.settingsFor(open);
    return this.settingsFor(this.folderOf(path)?.uri ?? this.folders[0]?.uri);
  }

  private async registerWatchers(): Promise<void> {
    const list: { uri: string; include: string }[] = [];
    for (const f of this.folders) list.push({ uri: f.uri, include: (await this.settingsFor(f.uri)).include });
    await this.client.watch(list, this.initSettings.include);
  }

  // ---- status & messages ------------------------------------------------------------

  private sendStatus(st: 'indexing' | 'idle', done: number, total: number, force = false): void {
    const now = Date.now();
    if (!force && st === 'indexing' && now - this.lastStatus < 100) return;
    this.lastStatus = now;
    this.client.status({ state: st, done, total, documents: this.state.corpus.size, statements: this.state.statementCount() });
  }

  private idleStatus(): void {
    this.sendStatus('idle', this.state.corpus.size, this.state.corpus.size, true);
  }

  private showOnce(key: string, type: 'warning' | 'info', message: string): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.client.show(type, message);
  }

  /** Logs why a file is left out, once per file and reason. */
  private skip(path: string, reason: string, message: string): void {
    const key = `${reason}:${path}`;
    if (this.loggedSkips.has(key)) return;
    this.loggedSkips.add(key);
    this.client.log(reason === 'notArticle' ? 'info' : 'warn', message);
    if (reason === 'tooLarge') this.showOnce('tooLarge', 'warning', `Corroborate: skipped files over corroborate.maxFileSize (first: ${message}). See the output log for others.`);
  }

  // ---- disk -----------------------------------------------------------------------

  private isOpen(path: string): boolean {
    return this.openUris.has(path);
  }

  /** Reads files; returns the ones that belong in the corpus (the others are logged). */
  private async loadFiles(paths: string[]): Promise<Loaded[]> {
    const read = await Promise.all(
      paths.map(async (path) => {
        const r = await this.workspace.read(path, (await this.docSettings(path)).maxFileSize);
        if (!r.ok) {
          if (r.reason === 'missing') this.client.log('info', r.message);
          else this.skip(path, r.reason, r.message);
          return undefined;
        }
        if (r.warning) this.skip(path, 'utf8', r.warning);
        return { path, text: r.text };
      }),
    );
    return read.filter((x): x is Loaded => !!x);
  }

  /** Lists the folders and (re)reads every wanted file that is not open; a newer scan cancels this one. */
  async rescan(reason: string): Promise<void> {
    this.scan?.cancel();
    const token = (this.scan = new Superseded());
    const release = this.hold();
    this.state.indexing = true;
    const started = Date.now();
    let progress: Progress | undefined;
    try {
      progress = await this.client.progress();
    } catch (e) {
      this.client.log('warn', `progress unavailable: ${e instanceof Error ? e.message : e}`);
    }
    this.sendStatus('indexing', 0, 0, true);
    try {
      // 1. Discover.
      const wanted: string[] = [];
      let truncated = false;
      let cap = 0;
      for (const f of this.folders) {
        const s = await this.settingsFor(f.uri);
        cap = s.maxFiles;
        const left = s.maxFiles > 0 ? Math.max(0, s.maxFiles - wanted.length) : 0;
        if (s.maxFiles > 0 && left === 0) {
          truncated = true;
          break;
        }
        const r = await this.workspace.list(f, s, left, token);
        wanted.push(...r.files);
        truncated ||= r.truncated;
      }
      if (token.isCancellationRequested) return;
      if (truncated) {
        const msg = `Corroborate: the workspace has more than ${cap} matching files; indexing the first ${wanted.length}. Raise corroborate.maxFiles or narrow corroborate.include to change this.`;
        this.client.log('warn', msg);
        this.showOnce(`maxFiles:${cap}`, 'warning', msg);
      }
      // 2. Drop disk documents no longer wanted (open documents stay until closed).
      const wantedSet = new Set(wanted);
      const dropped: string[] = [];
      for (const path of [...this.onDisk]) {
        if (wantedSet.has(path)) continue;
        this.onDisk.delete(path);
        if (!this.isOpen(path) && this.state.remove(path)) dropped.push(path);
      }
      // 3. Read, analyse on the pool (worker threads: this thread stays free for
      // requests), and add the results in the order of `todo`, CHUNK at a time,
      // yielding between chunks.
      const todo = wanted.filter((p) => !this.isOpen(p));
      const total = todo.length;
      let done = 0;
      progress?.report(0, `0/${total} articles`);
      this.sendStatus('indexing', 0, total, true);
      const pool = await this.analysisPool();
      const reads = async function* (this: Session): AsyncGenerator<Loaded> {
        for (let i = 0; i < todo.length; i += CHUNK) {
          if (token.isCancellationRequested) return;
          const chunk = todo.slice(i, i + CHUNK);
          const files = (await this.loadFiles(chunk)).filter((f) => !this.isOpen(f.path));
          for (const p of chunk) {
            if (files.some((f) => f.path === p)) continue;
            done++;
            if (!this.isOpen(p) && this.state.remove(p)) dropped.push(p);
          }
          yield* files;
        }
      }.call(this);
      let batch: AnalysedDocument[] = [];
      const add = async () => {
        // In slices of SLICE_MS, so that a request waits for a few slices, not a chunk.
        const job = this.state.load(batch, token);
        while (!job.step(budget(SLICE_MS))) await twoTurns();
        // Recorded as on disk even if cancelled midway: the newer scan re-reads or drops them.
        for (const d of batch) this.onDisk.add(d.path);
        done += batch.length;
        batch = [];
        progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} articles`);
        this.sendStatus('indexing', done, total);
        await new Promise((r) => setImmediate(r));
      };
      for await (const r of pool.analyse(reads, token)) {
        if (token.isCancellationRequested) return;
        if ('error' in r) {
          done++;
          this.skip(r.path, 'analysis', `${r.path}: cannot analyse (${r.error}); skipped`);
          if (!this.isOpen(r.path) && this.state.remove(r.path)) dropped.push(r.path);
          continue;
        }
        if (this.isOpen(r.path)) {
          done++; // opened meanwhile: the editor's text is the one analysed
          continue;
        }
        batch.push(r.doc);
        if (batch.length >= CHUNK) await add();
      }
      if (token.isCancellationRequested) return;
      if (batch.length) await add();
      for (const p of dropped) this.clearDiagnostics(p);
      this.client.log('info', `indexed ${this.state.corpus.size} documents (${this.state.statementCount()} statements) in ${Date.now() - started} ms (${reason})`);
    } catch (e) {
      this.client.log('error', `indexing failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    } finally {
      progress?.done();
      if (!token.isCancellationRequested) {
        this.state.indexing = false;
        this.idleStatus();
        this.publishAll();
        this.refreshEditors();
      }
      release();
    }
  }

  // ---- watched files -----------------------------------------------------------------

  /** `workspace/didChangeWatchedFiles`, coalesced over 50 ms. */
  filesChanged(changes: { uri: string; deleted: boolean }[]): void {
    for (const c of changes) this.fileEvents.set(this.state.pathOf(c.uri), c.deleted);
    this.scheduleFileEvents(50);
  }

  private scheduleFileEvents(ms: number): void {
    const release = this.fileTimer?.release ?? this.hold();
    if (this.fileTimer) clearTimeout(this.fileTimer.timer);
    this.fileTimer = {
      release,
      timer: setTimeout(() => {
        this.fileTimer = undefined;
        void this.processFileEvents().finally(release);
      }, ms),
    };
  }

  private async processFileEvents(): Promise<void> {
    if (this.state.indexing) {
      // The running scan will see the disk as it is now only for files it has not reached;
      // re-run events after it.
      this.scheduleFileEvents(200);
      return;
    }
    const events = [...this.fileEvents];
    this.fileEvents.clear();
    if (!events.length) return;
    this.sendStatus('indexing', 0, events.length, true);
    const affected = new Set<string>();
    try {
      const toRead: string[] = [];
      for (const [path, deleted] of events) {
        if (this.isOpen(path)) continue; // the open document wins; closing it re-reads the disk
        const s = await this.docSettings(path);
        if (deleted || !makeMatcher(s, this.folders)(path)) {
          if (this.state.has(path)) this.drop(path, affected);
          continue;
        }
        if (!this.state.has(path) && s.maxFiles > 0 && this.onDisk.size >= s.maxFiles) {
          this.showOnce(`maxFiles:${s.maxFiles}`, 'warning', `Corroborate: corroborate.maxFiles (${s.maxFiles}) reached; new files are not indexed.`);
          continue;
        }
        toRead.push(path);
      }
      const files = (await this.loadFiles(toRead)).filter((f) => !this.isOpen(f.path));
      for (const f of files) for (const p of this.linkedPaths(f.path)) affected.add(p);
      for (const p of toRead) if (!files.some((f) => f.path === p) && this.state.has(p) && !this.isOpen(p)) this.drop(p, affected);
      if (files.length) {
        this.state.setMany(files);
        for (const f of files) {
          this.onDisk.add(f.path);
          affected.add(f.path);
          for (const p of this.linkedPaths(f.path)) affected.add(p);
        }
      }
    } catch (e) {
      this.client.log('error', `file events failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    }
    this.idleStatus();
    this.afterChange(affected);
  }

  /** Removes a disk document; the documents it was linked to are added to `affected`. */
  private drop(path: string, affected: Set<string>): void {
    for (const p of this.linkedPaths(path)) affected.add(p);
    this.state.remove(path);
    this.onDisk.delete(path);
    this.clearDiagnostics(path);
  }

  // ---- open documents -----------------------------------------------------------------

  private async accepts(uri: string, text: string): Promise<boolean> {
    if (!uri.startsWith('file:')) return false;
    const path = this.state.pathOf(uri);
    const s = await this.settingsFor(uri);
    if (!makeMatcher(s, this.folders)(path)) return false;
    if (s.maxFileSize > 0 && Buffer.byteLength(text, 'utf8') > s.maxFileSize) {
      this.skip(path, 'tooLarge', `${path} is over corroborate.maxFileSize; not analysed`);
      return false;
    }
    return true;
  }

  async didOpen(doc: OpenDocument): Promise<void> {
    const uri = doc.uri;
    if (!uri.startsWith('file:')) return;
    this.openDocs.set(uri, doc);
    const release = this.hold();
    try {
      const path = this.state.pathOf(uri);
      this.state.setUri(path, uri);
      this.openUris.set(path, uri);
      const ok = await this.accepts(uri, doc.getText()).catch(() => false);
      if (!this.openDocs.has(uri)) return; // closed meanwhile
      this.accepted.set(uri, ok);
      if (!ok) {
        this.openUris.delete(path);
        return;
      }
      this.analyseOpen(uri);
    } finally {
      release();
    }
  }

  didChange(doc: OpenDocument): void {
    const uri = doc.uri;
    if (this.openDocs.has(uri)) this.openDocs.set(uri, doc);
    if (!this.accepted.get(uri)) return;
    const path = this.state.pathOf(uri);
    if (this.state.analysed.get(path)?.version === doc.version) return;
    const old = this.cancelPending(path);
    const token = new Superseded();
    this.pending.set(path, { token, release: old ?? this.hold(), timer: setTimeout(() => this.analyseOpen(uri), this.debounceMs) });
  }

  /** Stops a document's waiting analysis; returns its hold on the idle count (to pass on), if it had one. */
  private cancelPending(path: string): (() => void) | undefined {
    const p = this.pending.get(path);
    if (!p) return undefined;
    clearTimeout(p.timer);
    p.token.cancel();
    this.pending.delete(path);
    return p.release;
  }

  async didClose(uri: string): Promise<void> {
    const path = this.state.pathOf(uri);
    this.cancelPending(path)?.();
    this.openDocs.delete(uri);
    const was = this.accepted.get(uri);
    this.accepted.delete(uri);
    this.openUris.delete(path);
    this.settingsCache.delete(uri);
    if (!was) return;
    const release = this.hold();
    try {
      // Revert to the disk copy (or drop the document when there is none).
      const affected = new Set<string>([path, ...this.linkedPaths(path)]);
      const s = await this.docSettings(path);
      const r = makeMatcher(s, this.folders)(path) ? await this.workspace.read(path, s.maxFileSize) : undefined;
      if (this.isOpen(path)) return; // reopened meanwhile
      const before = this.corpusShare(path);
      if (r?.ok) {
        const current = this.state.analysed.get(path);
        if (current?.text === r.text) {
          current.version = null;
          return;
        }
        this.state.set(path, r.text, null);
        this.onDisk.add(path);
      } else {
        this.state.remove(path);
        this.onDisk.delete(path);
        this.clearDiagnostics(path);
        affected.delete(path);
      }
      for (const p of this.linkedPaths(path)) affected.add(p);
      this.afterChange(affected);
      this.statusIfChanged(path, before);
    } finally {
      release();
    }
  }

  /** Analyses the latest text of an open document now (results always belong to that version). */
  private analyseOpen(uri: string): void {
    const path = this.state.pathOf(uri);
    const waiting = this.pending.get(path);
    if (waiting) clearTimeout(waiting.timer);
    this.pending.delete(path);
    try {
      this.analyseLatest(uri, path, waiting?.token);
    } finally {
      waiting?.release();
    }
  }

  private analyseLatest(uri: string, path: string, token: Cancellation | undefined): void {
    const doc = this.openDocs.get(uri);
    if (!doc || !this.accepted.get(uri)) return;
    const current = this.state.analysed.get(path);
    if (current?.version === doc.version) return;
    const text = doc.getText();
    if (current && current.text === text) {
      current.version = doc.version; // e.g. opening an unchanged file: nothing to redo
      return;
    }
    try {
      const before = this.corpusShare(path);
      const verdict = articleVerdict(path, text);
      if (!verdict.article) {
        // Not (or no longer) an article: out of the corpus, marks cleared; typing an article into it brings it back.
        this.skip(path, 'notArticle', notArticleMessage(path, verdict.reason));
        if (!this.state.has(path)) return;
        const affected = this.linkedPaths(path);
        this.state.remove(path);
        this.clearDiagnostics(path);
        this.afterChange(affected);
        this.statusIfChanged(path, before);
        return;
      }
      const affected = new Set<string>([path, ...this.linkedPaths(path)]);
      this.state.set(path, text, doc.version, token);
      for (const p of this.linkedPaths(path)) affected.add(p);
      this.afterChange(affected);
      this.statusIfChanged(path, before);
    } catch (e) {
      this.client.log('error', `analysis of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    }
  }

  /** What one document adds to the status: whether it is in the corpus, and its statements. */
  private corpusShare(path: string): string {
    return this.state.has(path) ? `in:${this.state.corpus.get(path)?.statements.length ?? 0}` : 'out';
  }

  /**
   * Outside a scan (which ends with its own idle status), tell the client when an
   * open document joined or left the corpus or changed its statement count, so
   * its idea of membership (inCorpus) and the status bar's counts stay current.
   */
  private statusIfChanged(path: string, before: string): void {
    if (this.state.indexing || this.corpusShare(path) === before) return;
    this.idleStatus();
  }

  /** Documents linked to any statement of `path`. */
  private linkedPaths(path: string): Set<string> {
    // its story mates too: their counts ("k of N sources") and links follow the story
    const out = new Set<string>(this.state.corpus.storyOf(path)?.documents);
    out.delete(path);
    for (const s of this.state.corpus.get(path)?.statements ?? []) for (const m of this.state.corpus.matches(path, s.id)) out.add(m.path);
    return out;
  }

  // ---- for requests ---------------------------------------------------------------------

  /**
   * Before a request about `uri`: false for a document the session does not
   * have (answer empty before anything is looked up by its URI: state.pathOf
   * remembers every URI it sees, and a client asking about endless made-up
   * URIs would grow that map). Otherwise runs the document's waiting analysis
   * now, so an answer never mixes stale offsets with new text; other
   * documents' waiting edits are left to their debounce (their cross-links
   * catch up then).
   */
  prepare(uri: string): boolean {
    const path = uriToPath(uri);
    if (!this.state.has(path) && !this.pending.has(path)) return false;
    if (this.pending.has(path)) this.analyseOpen(this.openUris.get(path) ?? uri);
    return true;
  }

  /**
   * Drops from the corpus the documents among `paths` that are gone from disk
   * (open documents excepted: the editor's text is theirs), for when a file was
   * deleted without a watcher event. Called only for the documents an answer is
   * about to point at, so it costs one stat per returned target. True if any was
   * dropped.
   */
  dropVanished(paths: Iterable<string>): boolean {
    const affected = new Set<string>();
    let dropped = false;
    for (const path of new Set(paths)) {
      if (this.isOpen(path) || !this.state.has(path) || this.workspace.exists(path)) continue;
      this.drop(path, affected);
      affected.delete(path);
      this.client.log('info', `${path} is no longer on disk; dropped it from the corpus`);
      dropped = true;
    }
    if (dropped) {
      this.afterChange(affected);
      this.idleStatus();
    }
    return dropped;
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.client.log(level, message);
  }

  // ---- diagnostics & refresh ----------------------------------------------------------------

  private async publish(path: string): Promise<void> {
    if (!this.state.has(path)) return this.clearDiagnostics(path);
    const s = await this.docSettings(path);
    const uri = this.state.uriOf(path);
    const list = diagnostics(this.state, uri, s.flagSingleSource && this.isOpen(path));
    if (!list.length && !this.published.has(path)) return;
    if (list.length) this.published.add(path);
    else this.published.delete(path);
    this.client.publishDiagnostics(uri, list);
  }

  /** Publishes `path`'s diagnostics, holding the idle count until they are sent. */
  private publishOne(path: string): void {
    const release = this.hold();
    void this.publish(path)
      .catch((e) => this.client.log('error', String(e)))
      .finally(release);
  }

  private clearDiagnostics(path: string): void {
    if (!this.published.delete(path)) return;
    this.client.publishDiagnostics(this.state.uriOf(path), []);
  }

  /** Every document's diagnostics, 100 per turn of the event loop. */
  private publishAll(): void {
    const paths = [...this.state.analysed.keys()];
    const release = this.hold();
    let i = 0;
    const step = () => {
      for (const end = Math.min(paths.length, i + 100); i < end; i++) this.publishOne(paths[i]);
      if (i < paths.length) setImmediate(step);
      else release();
    };
    step();
  }

  /** Republishes `paths` and refreshes the editors once, on the next turn. */
  private afterChange(paths: Iterable<string>): void {
    for (const p of paths) this.toPublish.add(p);
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    const release = this.hold();
    setImmediate(() => {
      this.refreshQueued = false;
      const list = [...this.toPublish];
      this.toPublish.clear();
      for (const p of list) this.publishOne(p);
      this.refreshEditors();
      release();
    });
  }

  private refreshEditors(): void {
    if (this.started) this.client.refresh();
  }
}
