// The request side of the server: every LSP request goes through one wrapper
// (`handle`) that never answers an internal error, then to a thin handler in
// ./features over the session's state.
import {
  CancellationToken,
  CodeLensRequest,
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
  type CodeLens,
  type Connection,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
  type Location,
  type Position,
  type Range,
  type SemanticTokens,
  type SymbolInformation,
} from 'vscode-languageserver/node';
import { corpusSummary, documentStatements } from './features/custom';
import { hover } from './features/hover';
import { codeLenses, inlayHints } from './features/lenses';
import { definition, references } from './features/navigation';
import { semanticTokens } from './features/semanticTokens';
import { stories } from './features/stories';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { CorpusSummaryRequest, DocumentStatementsRequest, StoriesRequest, type DocumentStatementsParams, type DocumentStatementsResult, type StoriesParams, type StoriesResult } from './protocol';
import type { Session } from './session';
import type { ServerState } from './state';

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

const hasStory: Check = (p) => (p.story === undefined || typeof p.story === 'string' ? undefined : 'story is not a string');

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
function requestHandler(connection: Connection, session: Session) {
  const state = session.state;
  return function handle<P, R>(method: string, empty: R, check: Check, fn: (p: P, token: CancellationToken) => R | Promise<R>, opts: HandlerOptions<P, R> = {}): void {
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
        session.log('warn', `${method}: malformed request (${problem}); answered empty`);
        return empty;
      }
      const p = raw as P;
      try {
        if (opts.yieldFirst) {
          await new Promise((r) => setImmediate(r));
          if (token.isCancellationRequested) throw cancelled();
        }
        const uri = (raw as { textDocument?: { uri?: unknown }; uri?: unknown }).textDocument?.uri ?? (raw as { uri?: unknown }).uri;
        // A document the session does not have answers before anything is looked up by its URI.
        if (typeof uri === 'string' && !session.prepare(uri)) return opts.unknown ? opts.unknown(p) : empty;
        const pos = (raw as { position?: Position }).position;
        if (pos && typeof uri === 'string') {
          const doc = state.doc(uri);
          if (doc && pos.line >= doc.lines.lineCount) return empty;
        }
        if (opts.linksBefore) session.dropVanished(opts.linksBefore(p));
        let result = await fn(p, token);
        if (token.isCancellationRequested) throw cancelled();
        if (opts.linksAfter && session.dropVanished([...opts.linksAfter(result)].map((u) => state.pathOf(u)))) {
          result = await fn(p, token);
          if (token.isCancellationRequested) throw cancelled();
        }
        return result;
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        session.log('error', `${method} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
        return empty;
      }
    });
  };
}

/** Documents linked to the statement at a position (what hover, definition and references point at). */
function linksAt(state: ServerState, p: { textDocument: { uri: string }; position: Position }): string[] {
  const doc = state.doc(p.textDocument.uri);
  const s = doc && state.corpus.statementAt(doc.path, doc.lines.offsetAt(p.position));
  return s ? state.corpus.matches(doc.path, s.id).map((m) => m.path) : [];
}

const locationUris = (r: Location | Location[] | null) => (r ? (Array.isArray(r) ? r : [r]).map((l) => l.uri) : []);

type DocParams = { textDocument: { uri: string } };
type PosParams = DocParams & { position: Position };
type RangeParams = DocParams & { range: Range };

/** Registers every request the server answers. */
export function registerRequests(connection: Connection, session: Session): void {
  const state = session.state;
  const h = requestHandler(connection, session);
  const links = (p: PosParams) => linksAt(state, p);
  h<DocParams, SemanticTokens>(SemanticTokensRequest.method, { data: [] }, hasDoc, (p) => semanticTokens(state, p.textDocument.uri));
  h<RangeParams, SemanticTokens>(SemanticTokensRangeRequest.method, { data: [] }, hasRange, (p) => semanticTokens(state, p.textDocument.uri, p.range));
  h<PosParams, Hover | null>(HoverRequest.method, null, hasPosition, (p) => hover(state, p.textDocument.uri, p.position), { linksBefore: links });
  h<PosParams, Location | null>(DefinitionRequest.method, null, hasPosition, (p) => definition(state, p.textDocument.uri, p.position), {
    linksBefore: links,
    linksAfter: locationUris,
  });
  h<PosParams & { context?: { includeDeclaration?: boolean } }, Location[]>(
    ReferencesRequest.method,
    [],
    hasPosition,
    (p) => references(state, p.textDocument.uri, p.position, !!p.context?.includeDeclaration),
    { linksBefore: links, linksAfter: locationUris },
  );
  h<DocParams, DocumentSymbol[]>(DocumentSymbolRequest.method, [], hasDoc, (p) => documentSymbols(state, p.textDocument.uri));
  h<{ query?: string }, SymbolInformation[]>(WorkspaceSymbolRequest.method, [], hasQuery, (p, token) => workspaceSymbols(state, p.query ?? '', token), {
    yieldFirst: true,
    linksAfter: (r) => r.map((x) => x.location.uri),
  });
  h<DocParams, CodeLens[]>(CodeLensRequest.method, [], hasDoc, async (p) =>
    (await session.settingsFor(p.textDocument.uri)).codeLensEnabled ? codeLenses(state, p.textDocument.uri) : [],
  );
  h<RangeParams, InlayHint[]>(InlayHintRequest.method, [], hasRange, async (p) =>
    (await session.settingsFor(p.textDocument.uri)).inlayHintsEnabled ? inlayHints(state, p.textDocument.uri, p.range) : [],
  );
  h<DocumentStatementsParams, DocumentStatementsResult>(
    DocumentStatementsRequest.method,
    { uri: '', source: '', statements: [] },
    hasStatementsUri,
    (p) => documentStatements(state, p),
    {
      unknown: (p) => ({ uri: (typeof p.uri === 'string' ? p.uri : p.textDocument?.uri) ?? '', source: '', statements: [] }),
      linksAfter: (r) => r.statements.flatMap((x) => x.matches.map((m) => m.uri)),
    },
  );
  h<StoriesParams, StoriesResult>(StoriesRequest.method, { stories: [], indexing: state.indexing }, hasStory, (p) => stories(state, p), {
    yieldFirst: true,
    // the coverage's cells point into its story's articles
    linksAfter: (r) => (r.coverage ? r.stories.find((s) => s.id === r.coverage?.story)?.documents.map((d) => d.uri) ?? [] : []),
  });
  connection.onRequest(CorpusSummaryRequest.method, (...args: unknown[]) => {
    const token = args.find(isToken);
    if (token?.isCancellationRequested) throw cancelled();
    try {
      return corpusSummary(state);
    } catch (e) {
      session.log('error', `${CorpusSummaryRequest.method} failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
      return { documents: [], statements: 0, indexing: state.indexing };
    }
  });
}
