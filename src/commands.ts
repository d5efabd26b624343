// Commands of the "Corroborate" category, plus internal `_corroborate.*` ones
// the server's code lenses can target.
import * as vscode from 'vscode';
import { Corroborate, Match, Statement } from './corroborate';
import { ShowMatchesCommand, formatScore } from './protocol';

export const Commands = {
  goToSource: 'corroborate.goToSource',
  nextStatement: 'corroborate.nextStatement',
  previousStatement: 'corroborate.previousStatement',
  showSources: 'corroborate.showSources',
  restartServer: 'corroborate.restartServer',
  showOutput: 'corroborate.showOutput',
  showStories: 'corroborate.showStories',
  showCoverage: 'corroborate.showCoverage',
  refreshStories: 'corroborate.refreshStories',
  // internal (not in the palette)
  openLocation: '_corroborate.openLocation',
  /** A story's coverage matrix from the Corroborate view: [storyId]. */
  openCoverage: '_corroborate.openCoverage',
  /** Target of the server's code lenses: [uri, position, locations] in LSP shapes. */
  showMatches: ShowMatchesCommand,
} as const;

export interface GoToSourceArgs {
  /** Document and position to act on; default: the active editor's cursor. */
  uri?: string | vscode.Uri;
  position?: { line: number; character: number };
  /** Jump straight to the match in this document (uri string or source label) instead of asking. */
  target?: string;
}

export interface GoToSourceResult {
  uri: vscode.Uri;
  range: vscode.Range;
  source: string;
}

export interface QuickPickShown {
  command: string;
  items: { label: string; description?: string; detail?: string }[];
}

const RELATION_LABEL: Record<string, string> = {
  verbatim: 'verbatim',
  partial: 'partial quote',
  paraphrase: 'paraphrase',
  conflict: 'conflicting details',
};

function relationLabel(r: string) {
  return RELATION_LABEL[r] ?? r;
}

function ellipsis(s: string, n = 160) {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

/** The innermost statement containing the position (or starting at it). */
function statementAt(statements: Statement[], pos: vscode.Position): Statement | undefined {
  return statements
    .filter((s) => s.range.contains(pos))
    .sort((a, b) => a.range.end.compareTo(b.range.end) || b.range.start.compareTo(a.range.start))[0];
}

export class CommandHandlers {
  private readonly pickEmitter = new vscode.EventEmitter<QuickPickShown>();
  /** Fires when a Corroborate quick pick is shown (for automation and tests). */
  readonly onDidShowQuickPick = this.pickEmitter.event;

  constructor(private readonly corroborate: Corroborate) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      this.pickEmitter,
      r(Commands.goToSource, (args?: GoToSourceArgs | vscode.Uri) => this.goToSource(args)),
      r(Commands.nextStatement, () => this.moveStatement(+1)),
      r(Commands.previousStatement, () => this.moveStatement(-1)),
      r(Commands.showSources, () => this.showSources()),
      r(Commands.restartServer, async () => {
        await this.corroborate.restart();
        vscode.window.setStatusBarMessage('Corroborate: server restarted', 3000);
      }),
      r(Commands.showOutput, () => this.corroborate.output.show(true)),
      r(Commands.openLocation, (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
        openAt(vscode.Uri.parse(uri), range ? toRange(range) : undefined)),
      r(Commands.showMatches, (uri: string, position: { line: number; character: number }, locations: { uri: string; range: RangeLike }[]) =>
        vscode.commands.executeCommand(
          'editor.action.showReferences',
          vscode.Uri.parse(uri),
          new vscode.Position(position.line, position.character),
          locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), toRange(l.range))),
        )),
    ];
  }

  private async target(args?: GoToSourceArgs | vscode.Uri): Promise<{ uri: vscode.Uri; pos: vscode.Position } | undefined> {
    const a: GoToSourceArgs = args instanceof vscode.Uri ? { uri: args } : args ?? {};
    const editor = vscode.window.activeTextEditor;
    const uri = a.uri ? (typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : a.uri) : editor?.document.uri;
    if (!uri) return undefined;
    const pos = a.position
      ? new vscode.Position(a.position.line, a.position.character)
      : editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
    return pos ? { uri, pos } : undefined;
  }

  async goToSource(args?: GoToSourceArgs | vscode.Uri): Promise<GoToSourceResult | undefined> {
    const t = await this.target(args);
    if (!t) {
      void vscode.window.showInformationMessage('Corroborate: open an article and put the cursor on a quote or claim first.');
      return undefined;
    }
    const statements = await this.corroborate.documentStatements(t.uri);
    const st = statementAt(statements, t.pos);
    if (!st) {
      void vscode.window.showInformationMessage(
        statements.length
          ? 'Corroborate: the cursor is not on a quote or claim. Use "Corroborate: Next Statement" to move to one.'
          : 'Corroborate: no quotes or claims were found in this document.',
      );
      return undefined;
    }
    const matches = st.matches.filter((m) => m.uri.toString() !== t.uri.toString());
    if (!matches.length) {
      void vscode.window.showInformationMessage('Corroborate: no other source reports this statement.');
      return undefined;
    }
    const wanted = typeof args === 'object' && !(args instanceof vscode.Uri) ? args.target : undefined;
    let chosen: Match | undefined;
    if (wanted) {
      chosen = matches.find((m) => m.uri.toString() === wanted || m.source === wanted);
      if (!chosen) {
        void vscode.window.showInformationMessage(`Corroborate: ${wanted} does not report this statement.`);
        return undefined;
      }
    } else if (matches.length === 1) {
      chosen = matches[0];
    } else {
      chosen = await this.pick(Commands.goToSource, matches, st);
    }
    if (!chosen) return undefined;
    await openAt(chosen.uri, chosen.range);
    return { uri: chosen.uri, range: chosen.range, source: chosen.source };
  }

  private async pick(command: string, matches: Match[], st: Statement): Promise<Match | undefined> {
    type Item = vscode.QuickPickItem & { match: Match };
    const items: Item[] = [...matches]
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      .map((m) => ({
        label: m.source,
        description: [relationLabel(m.relation), m.score !== undefined ? formatScore(m.score) : undefined, vscode.workspace.asRelativePath(m.uri)]
          .filter(Boolean)
          .join(' · '),
        detail: ellipsis(m.text),
        match: m,
      }));
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `Corroborating sources for ${st.speaker ? `${st.speaker}: ` : ''}${ellipsis(st.text, 60)}`;
    qp.placeholder = `${matches.length} other sources report this ${st.kind}; pick one to open it on the passage`;
    qp.items = items;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const result = new Promise<Match | undefined>((resolve) => {
      qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.match ?? qp.activeItems[0]?.match); qp.hide(); });
      qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
    });
    qp.show();
    this.pickEmitter.fire({ command, items: items.map(({ label, description, detail }) => ({ label, description, detail })) });
    return result;
  }

  async moveStatement(direction: 1 | -1): Promise<Statement | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || this.corroborate.inCorpus(editor.document) === false) {
      void vscode.window.showInformationMessage('Corroborate: open an article first.');
      return undefined;
    }
    const statements = await this.corroborate.documentStatements(editor.document.uri);
    if (!statements.length) {
      void vscode.window.showInformationMessage('Corroborate: no quotes or claims were found in this document.');
      return undefined;
    }
    const pos = editor.selection.active;
    const next =
      direction > 0
        ? statements.find((s) => s.range.start.isAfter(pos)) ?? statements[0]
        : [...statements].reverse().find((s) => s.range.start.isBefore(pos) && !s.range.contains(pos)) ??
          [...statements].reverse().find((s) => s.range.start.isBefore(pos)) ??
          statements[statements.length - 1];
    editor.selection = new vscode.Selection(next.range.start, next.range.end);
    editor.revealRange(next.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return next;
  }

  async showSources(): Promise<void> {
    await this.corroborate.start();
    const summary = await this.corroborate.corpusSummary();
    if (!summary) {
      const s = this.corroborate.status;
      void vscode.window.showWarningMessage(`Corroborate: the language server is not running${s.error ? ` (${s.error})` : ''}.`, 'Show Output')
        .then((a) => a && this.corroborate.output.show(true));
      return;
    }
    type Item = vscode.QuickPickItem & { uri: vscode.Uri };
    const items: Item[] = summary.documents.map((d) => {
      const uri = vscode.Uri.parse(d.uri);
      return {
        label: d.source,
        description: `${d.statements} statement${d.statements === 1 ? '' : 's'}`,
        detail: vscode.workspace.asRelativePath(uri),
        uri,
      };
    });
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `Corroborate: ${summary.documents.length} sources · ${summary.statements} statements${summary.indexing ? ' (indexing…)' : ''}`;
    qp.placeholder = 'Pick a source to open it';
    qp.items = items;
    qp.matchOnDetail = true;
    qp.onDidAccept(() => { const it = qp.selectedItems[0]; qp.hide(); if (it) void openAt(it.uri); });
    qp.onDidHide(() => qp.dispose());
    qp.show();
    this.pickEmitter.fire({ command: Commands.showSources, items: items.map(({ label, description, detail }) => ({ label, description, detail })) });
  }
}

type RangeLike = { start: { line: number; character: number }; end: { line: number; character: number } };
function toRange(r: RangeLike) {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

async function openAt(uri: vscode.Uri, range?: vscode.Range): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false, selection: range });
  if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return editor;
}
