// corroborate: the command-line front end of the analysis core.
import { readFileSync, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { relative } from 'node:path';
import { Corpus } from './core/corpus';
import { decodeDocument, DEFAULT_MAX_BYTES } from './core/decode';
import { compareTexts } from './core/match/similarity';
import type { DocumentAnalysis, Match } from './core/types';
import { collectFiles } from './files';

export const JSON_VERSION = 1;

const USAGE = `usage:
  corroborate analyze [--json] [--include GLOB] [--max-size BYTES] <file-or-folder>...
  corroborate compare --pairs <file.jsonl>

analyze   reads each article (folders: every *.txt below them, or --include GLOB)
          and prints its quotes with speakers, its claims, the ignored page
          chrome, and the other sources that report each statement.
          --json prints one JSON document (contract version ${JSON_VERSION}, see README).
compare   reads lines {"id","s1","s2"} and writes lines {"id","score","same"}.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'analyze') return analyze(rest);
  if (command === 'compare') return compare(rest);
  console.error(`corroborate: unknown command '${command}'\n${USAGE}`);
  return 2;
}

function analyze(args: string[]): number {
  let json = false;
  let include: string | undefined;
  let maxBytes = DEFAULT_MAX_BYTES;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--include') include = args[++i];
    else if (a === '--max-size') maxBytes = Number(args[++i]);
    else if (a.startsWith('--')) {
      console.error(`corroborate: unknown option ${a}`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0 || !Number.isFinite(maxBytes)) {
    console.error(USAGE);
    return 2;
  }
  const { files, errors } = collectFiles(inputs, include);
  for (const e of errors) console.error(`corroborate: ${e}`);
  if (errors.length > 0 && files.length === 0) return 1;
  if (files.length === 0) {
    console.error(`corroborate: no text files found in ${inputs.join(', ')}${include ? ` matching ${include}` : ' (*.txt)'}`);
    return 1;
  }

  const corpus = new Corpus();
  const loaded: { path: string; text: string }[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      console.error(`corroborate: ${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? e}); skipped`);
      continue;
    }
    const d = decodeDocument(bytes, maxBytes);
    if (!d.ok) {
      console.error(`corroborate: ${shown}: ${d.reason}`);
      continue;
    }
    if (d.warning) console.error(`corroborate: ${shown}: ${d.warning}`);
    loaded.push({ path: shown, text: d.text });
  }
  corpus.setMany(loaded);
  const docs = loaded.map((f) => corpus.get(f.path)!);

  if (json) {
    const out = {
      version: JSON_VERSION,
      documents: docs.map((d) => ({
        path: d.path,
        source: d.source,
        title: d.title,
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
            matches: view.matches.map((m) => ({ path: m.path, statement: m.statementId, start: m.start, end: m.end, relation: m.relation, score: round(m.score) })),
          };
        }),
      })),
    };
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  } else {
    for (const d of docs) process.stdout.write(report(d, corpus) + '\n');
  }
  return 0;
}

function report(d: DocumentAnalysis, corpus: Corpus): string {
  const lines: string[] = [];
  const labelOf = (path: string) => corpus.get(path)?.source ?? path;
  lines.push(`━━ ${d.path}`, `   source: ${d.source}`, `   title:  ${d.title}`);
  const quotes = d.statements.filter((s) => s.kind === 'quote');
  const claims = d.statements.filter((s) => s.kind === 'claim');
  const text = readText(d);
  lines.push('', `  Quotes (${quotes.length})`);
  for (const q of quotes) {
    const v = corpus.view(d.path, q.id)!;
    const who = v.speaker ? `${v.speaker.name}${v.speaker.kind !== 'name' ? ` [${v.speaker.kind}: "${text?.slice(v.speaker.start, v.speaker.end) ?? ''}"]` : ''}${v.speaker.borrowedFrom ? ` (name from ${labelOf(v.speaker.borrowedFrom.path)})` : ''}` : '(no speaker)';
    lines.push(`  • ${clip(q.text, 160)}${q.partial ? '  (partial quote)' : ''}`, `      — ${who}${q.reportedVia.length ? ` · via ${q.reportedVia.join(', ')}` : ''}`);
    lines.push(...matchLines(v.matches, labelOf));
  }
  lines.push('', `  Claims (${claims.length})`);
  for (const c of claims) {
    const v = corpus.view(d.path, c.id)!;
    lines.push(`  • ${clip(c.text, 160)}${c.speaker ? `\n      — ${c.speaker.name}` : ''}${c.reportedVia.length ? ` · via ${c.reportedVia.join(', ')}` : ''}`);
    lines.push(...matchLines(v.matches, labelOf));
  }
  lines.push('', `  Ignored (${d.ignored.length})`);
  for (const r of d.ignored) lines.push(`  · [${r.reason}${r.detail ? `: ${r.detail}` : ''}] ${clip(text?.slice(r.start, r.end) ?? '', 80)}`);
  return lines.join('\n') + '\n';
}

function matchLines(matches: Match[], labelOf: (p: string) => string): string[] {
  return matches.map((m) => `      ↔ ${m.relation} ${round(m.score)} · ${labelOf(m.path)}: ${clip(m.text, 100)}${m.reason.differences?.length ? ` (differs: ${m.reason.differences.join('; ')})` : ''}`);
}

const textCache = new Map<string, string>();
function readText(d: DocumentAnalysis): string | undefined {
  if (!textCache.has(d.path)) {
    try {
      const r = decodeDocument(readFileSync(d.path));
      if (r.ok) textCache.set(d.path, r.text);
    } catch {
      return undefined;
    }
  }
  return textCache.get(d.path);
}

async function compare(args: string[]): Promise<number> {
  const i = args.indexOf('--pairs');
  const file = i >= 0 ? args[i + 1] : undefined;
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  let input: NodeJS.ReadableStream;
  try {
    readFileSync(file, { flag: 'r' }).subarray(0, 0);
    input = file === '-' ? process.stdin : createReadStream(file);
  } catch (e) {
    console.error(`corroborate: ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`);
    return 1;
  }
  let lineNo = 0;
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
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
    const j = compareTexts(pair.s1, pair.s2);
    process.stdout.write(JSON.stringify({ id: pair.id ?? null, score: round(j.score), same: j.same }) + '\n');
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`corroborate: internal error: ${e instanceof Error ? e.message : e}`);
    process.exit(70);
  },
);
