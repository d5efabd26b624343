// textDocument/hover: a Markdown card for the statement under the cursor.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { lineFragment } from '../positions';
import { formatScore } from '../format';
import type { Match } from '../../engine';
import { compactDiff, escapeMarkdown, renderDiff, sameWords, wordDiff } from './wordDiff';
import { KindLabels } from '../protocol';
import { plural, shortText, type ServerState } from '../state';

const MAX_SOURCES = 12;
/** Most content words of the other passage an entry shows (the card must fit without scrolling). */
const HOVER_PASSAGE_WORDS = 22;
/** Longest source label in an entry's header (the whole label is the link's tooltip). */
const MAX_LABEL = 60;

export function hover(state: ServerState, uri: string, position: Position): Hover | null {
  const doc = state.doc(uri);
  if (!doc) return null;
  const offset = doc.lines.offsetAt(position);
  const s = state.corpus.statementAt(doc.path, offset);
  if (!s) return null;
  const sum = state.summarize(doc.path, s);
  if (!sum) return null;
  const { view } = sum;
  const lines: string[] = [];
  let head = `**${KindLabels[s.kind]}**`;
  const speaker = view.speaker;
  if (speaker) {
    head += ` — ${escapeMarkdown(speaker.name)}`;
    if (speaker.borrowedFrom) head += ` _(name from ${escapeMarkdown(state.sourceOf(speaker.borrowedFrom.path))})_`;
  }
  lines.push(head, '');
  // N is the statement's story: the articles that report the same happening
  let counts = `Reported by ${1 + sum.linked} of ${plural(sum.storySize, 'source')}`;
  if (sum.conflicting) counts += ` · ${plural(sum.conflicting, 'source')} disagree${sum.conflicting === 1 ? 's' : ''}`;
  if (sum.otherStories) counts += ` · printed word for word in ${plural(sum.otherStories, 'article')} of other stories`;
  lines.push(counts);
  for (const c of view.attributionConflicts) {
    lines.push('', `⚠ ${escapeMarkdown(state.sourceOf(c.path))} attributes this to **${escapeMarkdown(c.name)}**`);
  }
  if (sum.status === 'single' && !sum.otherStories) {
    lines.push('', 'Only this source reports this.');
  } else {
    let shown = 0;
    for (const m of view.matches) {
      if (shown++ >= MAX_SOURCES) {
        lines.push('', `_…and ${view.matches.length - MAX_SOURCES} more_`);
        break;
      }
      lines.push('', '---', '', entryHeader(state, m), '');
      const ops = sameWords(s.text, m.text) ? [{ op: 'same' as const, text: m.text }] : wordDiff(s.text, m.text);
      lines.push(`> ${renderDiff(compactDiff(ops, { maxWords: HOVER_PASSAGE_WORDS }))}`);
      if (m.reason.differences?.length) lines.push('', `_Differs: ${escapeMarkdown(shortText(m.reason.differences.join('; '), 100))}_`);
    }
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: doc.lines.rangeOf(s),
  };
}

/**
 * One line per other source: who reports it (linked to the passage), how,
 * how strongly, and whom that source attributes it to (what a reader checks).
 */
function entryHeader(state: ServerState, m: Match): string {
  const source = state.sourceOf(m.path);
  const short = shortText(source, MAX_LABEL);
  const name = `**${escapeMarkdown(short)}**`;
  const loc = state.matchLocation(m);
  // A shortened label keeps the whole one as the link's tooltip.
  const title = short === source ? '' : ` "${source.replace(/["\\]/g, '\\$&')}"`;
  const parts = [loc ? `[${name}](${linkTarget(state.uriOf(m.path))}#${lineFragment(loc.range.start)}${title})` : name, m.relation, formatScore(m.score)];
  if (m.otherStory) parts.push('_another story_');
  const other = state.corpus.view(m.path, m.statementId);
  if (other?.statement.kind === 'headline') parts.push('_headline_');
  const speaker = other?.speaker;
  if (speaker) {
    let who = escapeMarkdown(shortText(speaker.name, 32));
    // A name the other source itself does not print ("he" there, resolved through a third source).
    if (speaker.borrowedFrom) who += ` _(name from ${escapeMarkdown(shortText(state.sourceOf(speaker.borrowedFrom.path), 24))})_`;
    parts.push(who);
  } else if (other?.statement.kind === 'quote') {
    parts.push('_no speaker_');
  }
  return parts.join(' · ');
}

function linkTarget(uri: string): string {
  return uri.replace(/[()\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
