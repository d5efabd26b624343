// Statement marks drawn by the client: a bottom border under every quote/claim
// (never under a headline: `isMarked`)
// that other sources report (and, with corroborate.flagSingleSource, a fainter
// one under statements only this source reports), plus overview-ruler ticks;
// quotes are set in italics. Colours are themeable (contributes.colors): blue
// for corroborated, red/orange for conflicts (the only red), grey for single
// source. Quote text keeps the theme's foreground colour: colouring it like a
// string made it dark red in Light Modern, next to the conflict colour. The
// server's semantic tokens (quote/claim + modifiers) are there for themes that
// style them; these marks render in every theme, high contrast included.
import * as vscode from 'vscode';
import { Corroborate, Statement } from './corroborate';
import { readSettings } from './config';
import { isMarked } from './protocol';

export class StatementDecorations implements vscode.Disposable {
  private readonly corroborated = vscode.window.createTextEditorDecorationType({
    borderStyle: 'dotted',
    borderWidth: '0 0 2px 0',
    borderColor: new vscode.ThemeColor('corroborate.corroboratedUnderline'),
    overviewRulerColor: new vscode.ThemeColor('corroborate.corroboratedUnderline'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly conflicting = vscode.window.createTextEditorDecorationType({
    borderStyle: 'dashed',
    borderWidth: '0 0 2px 0',
    borderColor: new vscode.ThemeColor('corroborate.conflictUnderline'),
    overviewRulerColor: new vscode.ThemeColor('corroborate.conflictUnderline'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly single = vscode.window.createTextEditorDecorationType({
    borderStyle: 'dotted',
    borderWidth: '0 0 1px 0',
    borderColor: new vscode.ThemeColor('corroborate.singleSourceUnderline'),
  });
  private readonly quote = vscode.window.createTextEditorDecorationType({ fontStyle: 'italic' });
  private readonly emitter = new vscode.EventEmitter<{ uri: vscode.Uri; statements: number }>();
  readonly onDidDecorate = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pending = new Map<string, Promise<void>>();

  constructor(private readonly corroborate: Corroborate) {
    this.disposables.push(
      this.corroborated, this.conflicting, this.single, this.quote, this.emitter,
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      corroborate.onDidChangeStatus((s) => { if (s.state === 'idle') this.refreshAll(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('corroborate.flagSingleSource')) this.refreshAll(); }),
    );
  }

  refreshAll() {
    for (const editor of vscode.window.visibleTextEditors) void this.refresh(editor);
  }

  private refresh(editor: vscode.TextEditor): Promise<void> {
    const key = editor.document.uri.toString();
    if (this.corroborate.inCorpus(editor.document) === false || this.corroborate.status.state !== 'idle') return Promise.resolve();
    const prev = this.pending.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.draw(editor)).catch((e) => this.corroborate.output.appendLine(`decorations: ${e}`));
    this.pending.set(key, next);
    return next;
  }

  private async draw(editor: vscode.TextEditor) {
    const version = editor.document.version;
    const statements: Statement[] = await this.corroborate.documentStatements(editor.document.uri);
    if (editor.document.version !== version) return; // a newer analysis will follow
    const flagSingle = readSettings(editor.document.uri).flagSingleSource;
    const corroborated: vscode.Range[] = [];
    const conflicting: vscode.Range[] = [];
    const single: vscode.Range[] = [];
    const quotes: vscode.Range[] = [];
    // The server decides each statement's status (the same decision as its semantic tokens and diagnostics).
    const marks = { corroborated, conflict: conflicting, single: flagSingle ? single : [] };
    for (const s of statements) {
      if (!isMarked(s.kind)) continue; // a headline is listed and hovered, never marked
      if (s.kind === 'quote') quotes.push(s.range);
      marks[s.status].push(s.range);
    }
    editor.setDecorations(this.corroborated, corroborated);
    editor.setDecorations(this.conflicting, conflicting);
    editor.setDecorations(this.single, single);
    editor.setDecorations(this.quote, quotes);
    this.emitter.fire({ uri: editor.document.uri, statements: statements.length });
  }

  dispose() {
    for (const d of this.disposables) d.dispose();
  }
}
