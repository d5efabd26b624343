// corroborate: the command-line front end of the analysis core.
// Output goes through `Output` (backpressure, quiet stop when the reader
// closes the pipe); the process ends by itself once stdout has drained, never
// by process.exit with data pending. `--json` is written document by
// document, so no string ever holds the whole report.
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, DEFAULT_MAX_BYTES, type DocumentAnalysis, type Engine, type Match, type Story } from '../engine';
import { collectFiles, decodeRaw, readRawSync, type RawRead } from '../node/files';
import type { Loaded } from '../node/analysis';
import { createPool } from '../node/pool';
import { isAnalysisWorker, serveAnalysis } from '../node/analysisWorker';
import { loadWordNet } from '../node/wordnet';
import { DEFAULT_CACHE_BYTES } from '../node/cache';
import { analysisStore, openAnalysisCache } from '../node/analyses';
import { getRun, runKey, setRun, type RunRecord } from '../node/runs';
import { formatScore } from '../lsp/format';

export const JSON_VERSION = 1;

const USAGE = `usage:
  corroborate analyze [--json] [--include GLOB] [--max-size BYTES] [--jobs N] [--cache DIR [--cache-size MB]] <file-or-folder>...
  corroborate stories [--json] [--include GLOB] [--max-size BYTES] [--jobs N] [--cache DIR [--cache-size MB]] <file-or-folder>...
  corroborate compare --pairs <file.jsonl | ->

analyze   reads each article (folders: every *.txt below them, or --include GLOB)
          and prints its story, its headline, quotes with speakers, claims, the ignored
          page chrome, and the other sources of its story that report each statement
          (a long quote printed word for word in another story is marked so).
          --json prints one JSON document (contract version ${JSON_VERSION}, see README).
          --max-size skips files over BYTES (default ${DEFAULT_MAX_BYTES}, 10 MB; 0 = no limit).
          --jobs analyses on N threads (default: one per core, here ${availableParallelism()});
          the output is the same for any N.
          --cache keeps each file's analysis in DIR (created if needed; keep it outside
          the articles' folders), keyed by the file's content and this build, so a later
          run reads only changed files again; a stale or damaged entry is ignored.
          A run over exactly the same files prints the result kept from the last one.
          --cache-size bounds DIR (default ${DEFAULT_CACHE_BYTES / 1024 / 1024} MB; least recently used go first).
          Exit 1 when no file could be analysed.
stories   reads the articles as analyze does and prints the stories they form
          (articles reporting one happening), each with its articles.
compare   reads lines {"id","s1","s2"} (from a file, or stdin for -)
          and writes lines {"id","score","same"}.`;

/** The longest output (characters) kept as a run's result: 64 M, the --json of about 7,000 articles (more is not kept: it would crowd the cache). */
const RECORD_LIMIT = 64 * 1024 * 1024;

/** A bad command line: one line on stderr, the usage, exit 2. */
class UsageError extends Error {}

/** stdout with backpressure; stops (closed = true) when the reader has gone. */
class Output {
  closed = false;
  failure: NodeJS.ErrnoException | undefined;
  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // EPIPE: the reader closed early (`| head`), which is not an error of ours.
      if (!this.closed && e.code !== 'EPIPE') this.failure = e;
      this.closed = true;
    });
  }

  /** What was written since `record` (undefined when it outgrew its limit), kept to store a run's result. */
  private recording: { chunks: string[]; length: number; limit: number } | undefined;

  /** Keeps what is written from now on, up to `limit` characters. */
  record(limit: number): void {
    this.recording = { chunks: [], length: 0, limit };
  }

  /** What was written since `record`, undefined when it outgrew the limit; stops recording. */
  recorded(): string | undefined {
    const r = this.recording;
    this.recording = undefined;
    return r && r.length <= r.limit ? r.chunks.join('') : undefined;
  }

  /** Writes `chunk`, waiting for the pipe to drain; false once the reader has gone. */
  async write(chunk: string | Uint8Array): Promise<boolean> {
    if (this.closed) return false;
    const r = this.recording;
    if (r) {
      // (bytes are only ever a stored result written out again: not recorded)
      r.length += typeof chunk === 'string' ? chunk.length : Infinity;
      if (r.length <= r.limit) r.chunks.push(chunk as string);
      else r.chunks.length = 0;
    }
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done).off('error', done).off('close', done);
          resolve();
        };
        this.stream.on('drain', done).on('error', done).on('close', done);
      });
    }
    return !this.closed;
  }
}

async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    await out.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  try {
    if (command === 'analyze') return await analyze(rest, out);
    if (command === 'stories') return await stories(rest, out);
    if (command === 'compare') return await compare(rest, out);
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`corroborate: ${e.message}\n${USAGE}`);
    return 2;
  }
}

/** node:util parseArgs, strict, with its errors turned into one-line UsageErrors. */
function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T, positionals: boolean) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: positionals, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const option = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? err.message}`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      throw new UsageError(/does not take/.test(err.message) ? `${option} takes no value` : `${option} needs a value`);
    }
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trim());
    throw new UsageError(err.message.split('\n')[0]);
  }
}

/** What `load` gives a command to write from; `store` keeps what it wrote as this run's result (with --cache). */
interface Got {
  json: boolean;
  loaded: { path: string; text: string }[];
  corpus: Engine;
  store?: (stdout: string) => void;
}

/**
 * The articles named on the command line (analyze, stories), read and put in
 * an engine; or, with --cache, the stored result of a run over the same files;
 * a number is the exit status when there is nothing to show.
 */
async function load(name: string, args: string[], out: Output): Promise<Got | { replay: RunRecord } | number> {
  const { values, positionals: inputs } = parse(
    args,
    { json: { type: 'boolean' }, include: { type: 'string' }, 'max-size': { type: 'string' }, jobs: { type: 'string' }, cache: { type: 'string' }, 'cache-size': { type: 'string' } },
    true,
  );
  if (values.help) {
    await out.write(USAGE + '\n');
    return 0;
  }
  const json = !!values.json;
  const include = values.include;
  const maxBytes = numberOption('--max-size', values['max-size'], DEFAULT_MAX_BYTES, (n) => n >= 0, 'a number of bytes (0 = no limit)');
  const jobs = numberOption('--jobs', values.jobs, availableParallelism(), (n) => Number.isInteger(n) && n >= 1, 'a number of threads (1 or more)');
  if (values.cache !== undefined && values.cache.trim() === '') throw new UsageError('--cache needs a folder');
  if (values['cache-size'] !== undefined && values.cache === undefined) throw new UsageError('--cache-size goes with --cache DIR');
  const cacheMb = numberOption('--cache-size', values['cache-size'], undefined, (n) => n > 0, 'a number of megabytes');
  const cacheBytes = cacheMb === undefined ? undefined : cacheMb * 1024 * 1024;
  if (inputs.length === 0) throw new UsageError(`${name} needs a file or folder`);
  if (values.cache !== undefined) {
    const dir = resolve(values.cache);
    const inside = inputs.find((i) => {
      const r = relative(resolve(i), dir);
      return r === '' || (!r.startsWith('..') && !isAbsolute(r));
    });
    if (inside !== undefined) throw new UsageError(`--cache ${values.cache} is inside ${inside}: keep the cache outside the articles' folders`);
  }
  const { files, errors } = await collectFiles(inputs, include);
  for (const e of errors) console.error(`corroborate: ${e}`);
  if (errors.length > 0 && files.length === 0) return 1;
  if (files.length === 0) {
    console.error(`corroborate: no text files found in ${inputs.join(', ')}${include ? ` matching ${include}` : ' (*.txt)'}`);
    return 1;
  }

  // Every file's bytes first (what a warm run's key is made of), then decoded
  // one at a time as the pool takes them.
  const raws: { path: string; file: string; raw: RawRead | undefined }[] = files.map((file) => ({ path: displayPath(file), file, raw: readRawSync(file, maxBytes) }));
  const cache = values.cache === undefined ? undefined : openAnalysisCache(values.cache, cacheBytes);
  const key = cache ? runKey(name, [json ? 'json' : 'text', String(maxBytes)], raws as { path: string; raw: RawRead }[]) : '';
  const stored = cache && getRun(cache, key);
  if (stored) return { replay: stored };

  // Per-file notes on stderr: part of the run's stored result.
  const notes: string[] = [];
  const note = (m: string) => {
    console.error(m);
    notes.push(m);
  };
  // Files are decoded here and analysed on `jobs` threads as they come; the
  // results are indexed in the order of `files` (the pool's promise), then matched.
  function* read(): Generator<Loaded> {
    for (const r of raws) {
      const d = decodeRaw(r.file, r.raw!, maxBytes);
      r.raw = undefined; // the bytes are not needed again
      if (!d.ok) {
        note(`corroborate: ${r.path}: ${'code' in d ? `cannot read (${d.code}); skipped` : d.reason}`);
        continue;
      }
      if (d.warning) note(`corroborate: ${r.path}: ${d.warning}`);
      if (d.text.trim() !== '' && !d.verdict.article) {
        note(`corroborate: ${r.path}: not a news article (${d.verdict.reason}); skipped`);
        continue;
      }
      yield { path: r.path, text: d.text };
    }
  }
  const corpus = createEngine({ wordnet: wordnetIndex() });
  const pool = createPool({ workers: jobs, fallback: (path, text) => corpus.analyse(path, text), warn: (m) => console.error(`corroborate: ${m}`), store: cache && analysisStore(cache) });
  const loaded: Loaded[] = [];
  let withText = 0;
  const load = corpus.bulkLoad();
  try {
    for await (const r of pool.analyse(read())) {
      if ('error' in r) {
        note(`corroborate: ${r.path}: cannot analyse (${r.error}); skipped`);
        continue;
      }
      load.add(r.doc);
      loaded.push({ path: r.path, text: r.doc.text });
      if (r.doc.text.trim() !== '') withText++;
    }
  } finally {
    await pool.close();
  }
  if (withText === 0) {
    console.error(`corroborate: nothing to analyse: ${files.length === 1 ? 'the input file was' : `all ${files.length} input files were`} skipped or empty`);
    return 1;
  }
  load.finish();
  return { json, loaded, corpus, store: cache && ((stdout: string) => setRun(cache, key, { stdout, notes })) };
}

/**
 * `analyze` or `stories`: the files loaded, then `write`; or, with --cache
 * and nothing changed since a run that stored its result, that result.
 */
async function run(name: string, args: string[], out: Output, write: (got: Got) => Promise<number>): Promise<number> {
  const got = await load(name, args, out);
  if (typeof got === 'number') return got;
  if ('replay' in got) {
    for (const m of got.replay.notes) console.error(m);
    await out.write(got.replay.stdout);
    return 0;
  }
  if (got.store) out.record(RECORD_LIMIT);
  const code = await write(got);
  const stdout = out.recorded();
  // a result cut short (the reader went) or too long to keep is not stored
  if (code === 0 && got.store && stdout !== undefined && !out.closed) got.store(stdout);
  return code;
}

/** A numeric option's value: `fallback` when absent; a usage error (saying what it `needs`) when not a number `valid` accepts. */
function numberOption<F extends number | undefined>(flag: string, raw: string | undefined, fallback: F, valid: (n: number) => boolean, needs: string): number | F {
  if (raw === undefined) return fallback;
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || !valid(n)) throw new UsageError(`${flag} needs ${needs}, not '${raw}'`);
  return n;
}

/** WordNet from beside the bundle; a warning (and none) when it cannot be read. */
function wordnetIndex() {
  const w = loadWordNet();
  if (w.ok) return w.index;
  console.error(`corroborate: WordNet: cannot read ${w.file} (${w.message}); going on without it`);
  return undefined;
}

function analyze(args: string[], out: Output): Promise<number> {
  return run('analyze', args, out, (got) => writeAnalysis(got, out));
}

async function writeAnalysis({ json, loaded, corpus }: Got, out: Output): Promise<number> {
  const texts = new Map(loaded.map((f) => [f.path, f.text]));

  if (json) {
    // Byte for byte what JSON.stringify({ version, stories, documents }, null, 1) + '\n'
    // gives, one story and one document at a time: each item's own text, indented two levels.
    if (!(await writeArray(out, `{\n "version": ${JSON_VERSION},\n "stories": [`, corpus.stories(), storyJson))) return 0;
    if (!(await writeArray(out, `,\n "documents": [`, loaded, (f) => documentJson(corpus.get(f.path)!, corpus)))) return 0;
    await out.write('\n}\n');
  } else {
    for (const f of loaded) {
      if (!(await out.write(report(corpus.get(f.path)!, corpus, texts.get(f.path)!) + '\n'))) return 0;
    }
  }
  return 0;
}

function stories(args: string[], out: Output): Promise<number> {
  return run('stories', args, out, (got) => writeStories(got, out));
}

async function writeStories({ json, corpus }: Got, out: Output): Promise<number> {
  const all = corpus.stories();
  if (json) {
    if (!(await writeArray(out, `{\n "version": ${JSON_VERSION},\n "stories": [`, all, storyJson))) return 0;
    await out.write('\n}\n');
    return 0;
  }
  for (const st of all) {
    const lines = [`━━ ${st.label}`, `   ${st.documents.length === 1 ? '1 article' : `${st.documents.length} articles`} · ${st.id}`];
    for (const p of st.documents) {
      const d = corpus.get(p);
      lines.push(`   • ${d?.source ?? p}${d?.date ? ` · ${d.date}` : ''} — ${clip(d?.title ?? '', 90)}`, `     ${p}`);
    }
    if (!(await out.write(lines.join('\n') + '\n\n'))) return 0;
  }
  await out.write(`${all.length === 1 ? '1 story' : `${all.length} stories`}, ${corpus.size === 1 ? '1 article' : `${corpus.size} articles`}\n`);
  return 0;
}

/**
 * `head` then the items as a JSON array at depth one (what JSON.stringify(…,
 * null, 1) prints), WRITE_BATCH items at a time; false once the reader has
 * gone. A batch is printed nested in two arrays, `[[…]]`, which indents its
 * items as deep as they stand in the document, and cut out of them: one
 * stringify and one write per batch, no re-indenting.
 */
async function writeArray<T>(out: Output, head: string, items: readonly T[], json: (item: T) => unknown): Promise<boolean> {
  if (!(await out.write(head))) return false;
  for (let i = 0; i < items.length; i += WRITE_BATCH) {
    // "[\n [" before the items, "\n ]\n]" after them
    const text = JSON.stringify([items.slice(i, i + WRITE_BATCH).map((item) => json(item))], null, 1).slice(4, -5);
    if (!(await out.write(i ? ',' + text : text))) return false;
  }
  return out.write(items.length ? '\n ]' : ']');
}

const WRITE_BATCH = 32;

/** One story of the JSON contract (version 1): its members are the documents' paths. */
function storyJson(st: Story) {
  return { id: st.id, label: st.label, documents: st.documents };
}

/** One document of the JSON contract (version 1). */
function documentJson(d: DocumentAnalysis, corpus: Engine) {
  return {
    path: d.path,
    source: d.source,
    title: d.title,
    story: corpus.storyOf(d.path)?.id ?? null,
    ...(d.date ? { date: d.date } : {}),
    ...(d.url ? { url: d.url } : {}),
    ignored: d.ignored.map(({ start, end, reason }) => ({ start, end, reason })),
    statements: d.statements.map((s) => {
      const view = corpus.view(d.path, s.id)!;
      const speaker = view.speaker;
      return {
        id: s.id,
        kind: s.kind,
        ...(s.kind === 'quote' ? { partial: !!s.partial } : {}),
        start: s.start,
        end: s.end,
        text: s.text,
        speaker: speaker
          ? { name: speaker.name, start: speaker.start, end: speaker.end, kind: speaker.kind, ...(speaker.borrowedFrom ? { borrowedFrom: speaker.borrowedFrom } : {}) }
          : null,
        reportedVia: s.reportedVia,
        matches: view.matches.map((m) => ({ path: m.path, statement: m.statementId, start: m.start, end: m.end, relation: m.relation, score: round(m.score), ...(m.otherStory ? { otherStory: true } : {}) })),
      };
    }),
  };
}

function report(d: DocumentAnalysis, corpus: Engine, text: string): string {
  const lines: string[] = [];
  const labelOf = (path: string) => corpus.get(path)?.source ?? path;
  const story = corpus.storyOf(d.path);
  const n = story?.documents.length ?? corpus.size;
  lines.push(`━━ ${d.path}`, `   source: ${d.source}`, `   title:  ${d.title}`);
  if (story) lines.push(`   story:  ${story.label} · ${n === 1 ? '1 source' : `${n} sources`} (${story.id})`);
  const quotes = d.statements.filter((s) => s.kind === 'quote');
  const claims = d.statements.filter((s) => s.kind === 'claim');
  for (const h of d.statements.filter((s) => s.kind === 'headline')) {
    lines.push('', `  Headline: ${clip(h.text, 160)}`);
    lines.push(...matchLines(corpus.view(d.path, h.id)!.matches, labelOf, n));
  }
  lines.push('', `  Quotes (${quotes.length})`);
  for (const q of quotes) {
    const v = corpus.view(d.path, q.id)!;
    const who = v.speaker ? `${v.speaker.name}${v.speaker.kind !== 'name' ? ` [${v.speaker.kind}: "${text?.slice(v.speaker.start, v.speaker.end) ?? ''}"]` : ''}${v.speaker.borrowedFrom ? ` (name from ${labelOf(v.speaker.borrowedFrom.path)})` : ''}` : '(no speaker)';
    lines.push(`  • ${clip(q.text, 160)}${q.partial ? '  (partial quote)' : ''}`, `      — ${who}${q.reportedVia.length ? ` · via ${q.reportedVia.join(', ')}` : ''}`);
    lines.push(...matchLines(v.matches, labelOf, n));
  }
  lines.push('', `  Claims (${claims.length})`);
  for (const c of claims) {
    const v = corpus.view(d.path, c.id)!;
    lines.push(`  • ${clip(c.text, 160)}${c.speaker ? `\n      — ${c.speaker.name}` : ''}${c.reportedVia.length ? ` · via ${c.reportedVia.join(', ')}` : ''}`);
    lines.push(...matchLines(v.matches, labelOf, n));
  }
  lines.push('', `  Ignored (${d.ignored.length})`);
  for (const r of d.ignored) lines.push(`  · [${r.reason}${r.detail ? `: ${r.detail}` : ''}] ${clip(text?.slice(r.start, r.end) ?? '', 80)}`);
  return lines.join('\n') + '\n';
}

/** "reported by k of N sources" (N: the story's articles), then one line per match. */
function matchLines(matches: Match[], labelOf: (p: string) => string, storySize: number): string[] {
  const k = 1 + new Set(matches.filter((m) => !m.otherStory).map((m) => m.path)).size;
  const head = k > 1 ? [`      reported by ${k} of ${storySize} sources`] : [];
  return head.concat(matches.map((m) => `      ↔ ${m.relation} ${formatScore(m.score)} · ${labelOf(m.path)}${m.otherStory ? ' (another story)' : ''}: ${clip(m.text, 100)}${m.reason.differences?.length ? ` (differs: ${m.reason.differences.join('; ')})` : ''}`));
}

async function compare(args: string[], out: Output): Promise<number> {
  const { values } = parse(args, { pairs: { type: 'string' } }, false);
  if (values.help) {
    await out.write(USAGE + '\n');
    return 0;
  }
  const file = values.pairs;
  if (file === undefined) throw new UsageError('compare needs --pairs <file.jsonl | ->');
  let input: NodeJS.ReadableStream;
  if (file === '-') input = process.stdin;
  else {
    try {
      const fd = openSync(file, 'r');
      if (fstatSync(fd).isDirectory()) {
        closeSync(fd);
        throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      }
      input = createReadStream('', { fd });
    } catch (e) {
      console.error(`corroborate: ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`);
      return 1;
    }
  }
  const engine = createEngine({ wordnet: wordnetIndex() });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      let pair: { id?: unknown; s1?: unknown; s2?: unknown };
      try {
        pair = JSON.parse(line);
      } catch {
        console.error(`corroborate: ${file}:${lineNo}: not JSON; skipped`);
        bad++;
        continue;
      }
      if (typeof pair.s1 !== 'string' || typeof pair.s2 !== 'string') {
        console.error(`corroborate: ${file}:${lineNo}: needs string fields s1 and s2; skipped`);
        bad++;
        continue;
      }
      const j = engine.compare(pair.s1, pair.s2);
      if (!(await out.write(JSON.stringify({ id: pair.id ?? null, score: round(j.score), same: j.same }) + '\n'))) return 0;
    }
  } finally {
    lines.close();
    if (input !== process.stdin) (input as import('node:fs').ReadStream).destroy();
    else process.stdin.pause();
  }
  return bad > 0 && bad === lineNo ? 1 : 0;
}

function displayPath(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r.split('\\').join('/') : file;
}
const round = (x: number) => Math.round(x * 1000) / 1000;
const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
};

// The exit status is set, not forced: Node exits once stdout and stderr have
// drained, so output piped to a slow reader arrives whole. Started again by
// its own analysis pool as a worker thread, this bundle serves the pool instead.
if (isAnalysisWorker()) serveAnalysis();
else {
  const stdout = new Output(process.stdout);
  main(process.argv.slice(2), stdout).then(
    (code) => {
      if (stdout.failure) {
        console.error(`corroborate: cannot write the output (${stdout.failure.code ?? stdout.failure.message})`);
        code = 1;
      }
      process.exitCode = code;
    },
    (e) => {
      console.error(`corroborate: internal error: ${e instanceof Error ? e.message : e}`);
      process.exitCode = 70;
    },
  );
}
