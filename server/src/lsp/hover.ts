// textDocument/hover: a Markdown card for the statement under the cursor.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { lineFragment } from '../positions';
import { escapeMarkdown, renderDiff, sameWords, wordDiff } from './wordDiff';
import { plural, type ServerState } from './state';

const MAX_SOURCES = 12;

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
  let head = `**${s.kind === 'quote' ? 'Quote' : 'Claim'}**`;
  const speaker = view.speaker;
  if (speaker) {
    head += ` — ${escapeMarkdown(speaker.name)}`;
    if (speaker.borrowedFrom) head += ` _(name from ${escapeMarkdown(state.sourceOf(speaker.borrowedFrom.path))})_`;
  }
  lines.push(head, '');
  const total = state.corpus.size;
  let counts = `Reported by ${1 + sum.linked} of ${plural(total, 'source')}`;
  if (sum.conflicting) counts += ` · ${plural(sum.conflicting, 'source')} disagree${sum.conflicting === 1 ? 's' : ''}`;
  lines.push(counts);
  for (const c of view.attributionConflicts) {
    lines.push('', `⚠ ${escapeMarkdown(state.sourceOf(c.path))} attributes this to **${escapeMarkdown(c.name)}**`);
  }
  if (!view.matches.length) {
    lines.push('', 'Only this source reports this.');
  } else {
    let shown = 0;
    for (const m of view.matches) {
      if (shown++ >= MAX_SOURCES) {
        lines.push('', `_…and ${view.matches.length - MAX_SOURCES} more_`);
        break;
      }
      const loc = state.matchLocation(m);
      const link = loc ? ` · [open](${linkTarget(state.uriOf(m.path))}#${lineFragment(loc.range.start)})` : '';
      lines.push('', '---', '', `**${escapeMarkdown(state.sourceOf(m.path))}** · ${m.relation} · ${m.score.toFixed(2)}${link}`, '');
      const body = sameWords(s.text, m.text) ? escapeMarkdown(m.text) : renderDiff(wordDiff(s.text, m.text));
      lines.push(`> ${body}`);
      if (m.reason.differences?.length) lines.push('', `_Differs: ${escapeMarkdown(m.reason.differences.join('; '))}_`);
    }
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: doc.lines.rangeOf(s),
  };
}

function linkTarget(uri: string): string {
  return uri.replace(/[()\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
