// A minimal LSP client over stdio: spawns the built language server
// (`node dist/server.js --stdio`), speaks JSON-RPC to it and records what it
// sends. The protocol tests and `npm run bench -- --server` use it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type DataCallback, type Disposable, type Message, type MessageConnection } from 'vscode-jsonrpc/node';

/** What the server answered to a request sent with `LspHarness.raw`: exactly one of result / error. */
export interface RawResponse {
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

/** Marker for `LspHarness.raw`: send the request without a `params` member. */
export const NO_PARAMS = Symbol('no params');

/** Reads the server's messages, taking out the answers to raw requests (their ids start with "raw:"). */
class TeeReader extends StreamMessageReader {
  readonly raw = new Map<string, (r: RawResponse) => void>();
  override listen(callback: DataCallback): Disposable {
    return super.listen((m: Message) => {
      const id = (m as { id?: unknown }).id;
      const done = typeof id === 'string' && !('method' in m) ? this.raw.get(id) : undefined;
      if (!done) return callback(m);
      this.raw.delete(id as string);
      done(m as RawResponse);
    });
  }
}

export interface HarnessEvent {
  kind: 'status' | 'progress' | 'diagnostics' | 'log' | 'showMessage' | 'refresh';
  params: any;
  at: number;
}

/** A minimal editor: speaks LSP to `node dist/server.js --stdio` and records what the server sends. */
export class LspHarness {
  readonly events: HarnessEvent[] = [];
  private waiters: { pred: (e: HarnessEvent) => boolean; from: number; resolve: (e: HarnessEvent) => void }[] = [];
  stderr = '';

  private rawIds = 0;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    private readonly reader: TeeReader,
  ) {}

  /** Starts `node [nodeArgs] serverJs --stdio`; `settings` is what it gets for workspace/configuration. */
  static start(serverJs: string, settings: Record<string, unknown> = {}, env: Record<string, string> = {}, nodeArgs: string[] = []): LspHarness {
    const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const reader = new TeeReader(proc.stdout!);
    const conn = createMessageConnection(reader, new StreamMessageWriter(proc.stdin!));
    const h = new LspHarness(proc, conn, reader);
    proc.stderr!.on('data', (d) => (h.stderr += String(d)));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    for (const m of ['workspace/semanticTokens/refresh', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh']) {
      conn.onRequest(m, () => {
        h.push('refresh', { method: m });
        return null;
      });
    }
    conn.onNotification('corroborate/status', (p) => h.push('status', p));
    conn.onNotification('$/progress', (p) => h.push('progress', p));
    conn.onNotification('textDocument/publishDiagnostics', (p) => h.push('diagnostics', p));
    conn.onNotification('window/logMessage', (p) => h.push('log', p));
    conn.onNotification('window/showMessage', (p) => h.push('showMessage', p));
    conn.onRequest('window/showMessageRequest', (p) => {
      h.push('showMessage', p);
      return null;
    });
    conn.listen();
    return h;
  }

  private push(kind: HarnessEvent['kind'], params: any): void {
    const e = { kind, params, at: performance.now() };
    const index = this.events.push(e) - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index >= w.from && w.pred(e)) {
        w.resolve(e);
        return false;
      }
      return true;
    });
  }

  /** Resolves with the first event at or after index `from` that satisfies `pred`. */
  waitFor(pred: (e: HarnessEvent) => boolean, from = 0, timeoutMs = 60_000): Promise<HarnessEvent> {
    const hit = this.events.slice(from).find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a server event; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiters.push({ pred, from, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  get mark(): number {
    return this.events.length;
  }

  waitIdle(from = 0, timeoutMs?: number): Promise<HarnessEvent> {
    return this.waitFor((e) => e.kind === 'status' && e.params.state === 'idle', from, timeoutMs);
  }

  async initialize(folder: string, initializationOptions?: unknown): Promise<any> {
    const uri = pathToFileURL(folder).href;
    const res = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: nodePath.basename(folder) }],
      initializationOptions,
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          semanticTokens: { refreshSupport: true },
          codeLens: { refreshSupport: true },
          inlayHint: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true },
          semanticTokens: { requests: { full: true, range: true }, tokenTypes: ['quote', 'claim'], tokenModifiers: ['corroborated', 'singleSource', 'conflict'], formats: ['relative'] },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /**
   * Sends a request exactly as given (`params` verbatim; NO_PARAMS leaves the
   * member out), bypassing vscode-jsonrpc's own parameter handling, and
   * resolves with the server's answer, result or error. With `cancel`, the
   * `$/cancelRequest` for it goes in the same write, so the server reads both
   * before it dispatches the request. Send raw requests only while no other
   * message is being written (await what was sent before).
   */
  raw(method: string, params: unknown, opts: { cancel?: boolean } = {}): Promise<RawResponse> {
    const id = `raw:${++this.rawIds}`;
    const messages: object[] = [{ jsonrpc: '2.0', id, method, ...(params === NO_PARAMS ? {} : { params }) }];
    if (opts.cancel) messages.push({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
    const frames = messages.map((m) => {
      const body = Buffer.from(JSON.stringify(m), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    const answer = new Promise<RawResponse>((resolve) => this.reader.raw.set(id, resolve));
    this.proc.stdin!.write(Buffer.concat(frames));
    return answer;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise((r) => this.proc.once('exit', r));
    const t = setTimeout(() => this.proc.kill(), 2000);
    if (this.proc.exitCode === null) await exited;
    clearTimeout(t);
    this.conn.dispose();
  }
}

/** Line/character of an offset (test/bench side; "\n" line ends only). */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetOf(text: string, pos: { line: number; character: number }): number {
  let off = 0;
  for (let i = 0; i < pos.line; i++) off = text.indexOf('\n', off) + 1;
  return off + pos.character;
}
