// Headlines are statements of their own kind: the heading that opens an
// article is its one `headline` statement (none when the article opens with
// body text), linked like a claim inside its story, listed and hovered, never
// marked in the text (no semantic token, diagnostic, code lens or inlay hint).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../server/src/engine';
import { documentStatements } from '../server/src/lsp/features/custom';
import { diagnostics } from '../server/src/lsp/features/diagnostics';
import { hover } from '../server/src/lsp/features/hover';
import { codeLenses, inlayHints } from '../server/src/lsp/features/lenses';
import { semanticTokens } from '../server/src/lsp/features/semanticTokens';
import { positionOf } from '../tools/lspHarness';
import { offsetOf, seedByPrefix, seedFiles, seedText } from './helpers';
import { seedState, uriOf } from './seedState';

/** The first line of a text that is neither blank nor page furniture the test names. */
const firstLine = (text: string, furniture: string[]) => text.split('\n').map((l) => l.trim()).find((l) => l && !furniture.includes(l))!;

describe('the headline statement', () => {
  const engine = createEngine();
  engine.setMany(seedFiles().map((path) => ({ path, text: seedText(path) })));

  it.each(seedFiles())('%s has one headline: its title line, where the text has it', (path) => {
    const text = seedText(path);
    const title = firstLine(text, ['Skip to main content', 'Latest news', 'Thumbnail', 'Support The Moscow Times!']);
    const heads = engine.get(path)!.statements.filter((s) => s.kind === 'headline');
    expect(heads.map((s) => s.text)).toEqual([title]);
    expect(heads[0].start).toBe(offsetOf(text, title));
    expect(heads[0].end).toBe(offsetOf(text, title) + title.length);
    expect(engine.get(path)!.title).toBe(title);
    // a region is a statement or ignored, never both
    expect(engine.get(path)!.ignored.some((r) => r.start < heads[0].end && heads[0].start < r.end)).toBe(false);
  });

  it('an article that opens with body text has none; a later section heading is no statement', () => {
    const body = 'The city council of Springfield voted on Monday to close the old bridge over the river for repairs.';
    const more = 'Repairs will take six months and cost 2 million dollars, the mayor said on Tuesday.';
    const e = createEngine();
    e.set('a.txt', `${body}\n\nRoad Closures Ahead\n\n${more}\n`);
    expect(e.get('a.txt')!.statements.filter((s) => s.kind === 'headline')).toEqual([]);
    e.set('b.txt', `Springfield Closes Old Bridge\n\n${body}\n\nRoad Closures Ahead\n\n${more}\n`);
    const text = `Springfield Closes Old Bridge\n\n${body}\n\nRoad Closures Ahead\n\n${more}\n`;
    const heads = e.get('b.txt')!.statements.filter((s) => s.kind === 'headline');
    expect(heads.map((s) => s.text)).toEqual(['Springfield Closes Old Bridge']);
    const at = offsetOf(text, 'Road Closures Ahead');
    expect(e.get('b.txt')!.statements.find((s) => s.start <= at && at < s.end)).toBeUndefined();
    expect(e.get('b.txt')!.ignored.find((r) => r.start <= at && at < r.end)?.reason).toBe('heading');
  });

  it('links like a claim: the headline of 003 to the claims of other seeds that report the invitation', () => {
    const path = seedByPrefix('003');
    const head = engine.get(path)!.statements.find((s) => s.kind === 'headline')!;
    const linked = engine.matches(path, head.id);
    const p0 = seedByPrefix('000');
    const claim = engine.statementAt(p0, offsetOf(seedText(p0), 'Russia says it has invited the Taliban'))!;
    expect(claim.kind).toBe('claim');
    expect(linked.find((m) => m.path === p0 && m.statementId === claim.id)?.relation).toBeDefined();
    // and the claim sees the headline back
    expect(engine.matches(p0, claim.id).some((m) => m.path === path && m.statementId === head.id)).toBe(true);
  });
});

describe('in the editor', () => {
  const { state, texts } = seedState();
  const name = seedByPrefix('003');
  const text = texts.get(name)!;
  const title = 'Russia Invites Taliban to Peace Talks in Moscow';
  const start = offsetOf(text, title);
  const end = start + title.length;
  const range = { start: positionOf(text, start), end: positionOf(text, end) };
  const onHeadline = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    r.start.line <= range.end.line && r.end.line >= range.start.line && !(r.end.line === range.start.line && r.end.character <= range.start.character) && !(r.start.line === range.end.line && r.start.character >= range.end.character);

  it('is listed with its kind and links, and hovered as "Headline"', () => {
    const listed = documentStatements(state, { uri: uriOf(name) }).statements.find((s) => s.kind === 'headline')!;
    expect(listed.text).toBe(title);
    expect(listed.range).toEqual(range);
    expect(listed.matches.length).toBeGreaterThan(0);
    const card = hover(state, uriOf(name), positionOf(text, start + 3))!;
    const value = (card.contents as { value: string }).value;
    expect(value.startsWith('**Headline**')).toBe(true);
    expect(value).toMatch(/Reported by \d+ of \d+ sources/);
    expect(card.range).toEqual(range);
  });

  it('is never marked: no semantic token, diagnostic, code lens or inlay hint on it', () => {
    const { data } = semanticTokens(state, uriOf(name));
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
      expect(onHeadline({ start: { line, character: char }, end: { line, character: char + data[i + 2] } }), `token at ${line}:${char}`).toBe(false);
    }
    expect(data.length).toBeGreaterThan(0);
    const diags = diagnostics(state, uriOf(name), true);
    expect(diags.length).toBeGreaterThan(0);
    expect(diags.filter((d) => onHeadline(d.range))).toEqual([]);
    const lenses = codeLenses(state, uriOf(name));
    expect(lenses.length).toBeGreaterThan(0);
    expect(lenses.filter((l) => onHeadline(l.range))).toEqual([]);
    const whole = { start: { line: 0, character: 0 }, end: positionOf(text, text.length) };
    const hints = inlayHints(state, uriOf(name), whole);
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.filter((h) => onHeadline({ start: h.position, end: h.position }))).toEqual([]);
  });
});
