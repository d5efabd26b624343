// Diagnostics a reader acts on: conflicting reports, disagreeing attributions
// (each points at the other sources), and, opt-in (corroborate.flagSingleSource,
// open documents only), statements no other source reports, as Information so
// they are listed in the Problems panel. None for a headline (`isMarked`).
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { isMarked } from '../protocol';
import { shortText, type ServerState } from '../state';

export function diagnostics(state: ServerState, uri: string, flagSingleSource: boolean): Diagnostic[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  const out: Diagnostic[] = [];
  for (const s of doc.analysis.statements) {
    if (!isMarked(s.kind)) continue; // a headline is hovered, never marked
    const sum = state.summarize(doc.path, s);
    if (!sum) continue;
    const range = doc.lines.rangeOf(s);
    if (sum.status === 'conflict') {
      const conflicts = sum.view.matches.filter((m) => m.relation === 'conflict');
      const related: DiagnosticRelatedInformation[] = [];
      const details: string[] = [];
      for (const m of conflicts) {
        const loc = state.matchLocation(m);
        const diff = m.reason.differences?.join('; ');
        if (diff) details.push(`${state.sourceOf(m.path)}: ${diff}`);
        if (loc) related.push({ location: loc, message: `${state.sourceOf(m.path)} reports it differently${diff ? ` (${diff})` : ''}` });
      }
      const names = [...new Set(conflicts.map((m) => state.sourceOf(m.path)))];
      out.push({
        range,
        severity: DiagnosticSeverity.Warning,
        source: 'corroborate',
        code: 'conflict',
        message: `Sources disagree: ${names.join(', ')} ${names.length === 1 ? 'reports' : 'report'} this differently${details.length ? ` — ${details.join('; ')}` : ''}`,
        relatedInformation: related,
      });
    }
    if (sum.view.attributionConflicts.length) {
      const mine = sum.view.speaker?.name ?? s.speaker?.name ?? 'someone else';
      const related: DiagnosticRelatedInformation[] = [];
      const others: string[] = [];
      for (const c of sum.view.attributionConflicts) {
        const m = sum.view.matches.find((x) => x.path === c.path && x.statementId === c.statementId);
        const loc = m && state.matchLocation(m);
        others.push(`${state.sourceOf(c.path)} says ${c.name}`);
        if (loc) related.push({ location: loc, message: `${state.sourceOf(c.path)} attributes this to ${c.name}` });
      }
      out.push({
        range,
        severity: DiagnosticSeverity.Information,
        source: 'corroborate',
        code: 'attribution',
        message: `Attribution differs: this source says ${mine}; ${others.join('; ')}`,
        relatedInformation: related,
      });
    }
    if (flagSingleSource && sum.status === 'single') {
      // Information, not Hint: the Problems panel does not list hints.
      out.push({
        range,
        severity: DiagnosticSeverity.Information,
        source: 'corroborate',
        code: 'single-source',
        message: `Only this source reports this ${s.kind}${sum.view.speaker ? ` (${sum.view.speaker.name})` : ''}: ${shortText(s.text, 80)}`,
      });
    }
  }
  return out;
}
