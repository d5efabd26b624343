// Corroborate VS Code client: the only code in the repository that imports `vscode`.
import * as vscode from 'vscode';
import { CommandHandlers, Commands, GoToSourceArgs, GoToSourceResult, QuickPickShown } from './commands';
import { SECTION } from './config';
import { Corroborate, CorroborateStatus, Statement } from './corroborate';
import { CoveragePanel, CoverageShown } from './coverage';
import { StatementDecorations } from './decorations';
import { STORIES_VIEW, StoriesTree, StoryModel, escapeMarkdown } from './stories';
import type { StoryInfo } from './protocol';

/** What `activate` returns: `vscode.extensions.getExtension('corroborate.corroborate').exports`. */
export interface CorroborateApi {
  /** Resolves when the server has finished (re)indexing and published its corpus summary. */
  whenIdle(timeoutMs?: number): Promise<void>;
  /** Current status (state, progress, corpus summary). */
  readonly status: CorroborateStatus;
  readonly onDidChangeStatus: vscode.Event<CorroborateStatus>;
  /** Statements of a document with their matches (waits for the server to be idle first). */
  documentStatements(uri: vscode.Uri): Promise<Statement[]>;
  /** Fires when a Corroborate quick pick opens (lets automation accept or inspect it). */
  readonly onDidShowQuickPick: vscode.Event<QuickPickShown>;
  /** Fires after statement marks were (re)drawn in an editor. */
  readonly onDidDecorate: vscode.Event<{ uri: vscode.Uri; statements: number }>;
  goToSource(args?: GoToSourceArgs): Promise<GoToSourceResult | undefined>;
  /** The stories the server last reported, largest first. */
  stories(): readonly StoryInfo[];
  /** Fires when a coverage matrix was rendered. */
  readonly onDidShowCoverage: vscode.Event<CoverageShown>;
}

const CONTEXT_KEY = 'corroborate.isCorpusDocument';

let instance: Corroborate | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<CorroborateApi> {
  const corroborate = (instance = new Corroborate(context));
  const handlers = new CommandHandlers(corroborate);
  const decorations = new StatementDecorations(corroborate);
  context.subscriptions.push(corroborate, decorations, ...handlers.register());

  // Stories: the Corroborate view (stories → articles → statements) and a story's coverage matrix.
  const stories = new StoryModel(corroborate);
  const coverage = new CoveragePanel(stories);
  const tree = new StoriesTree(stories, corroborate, { showCoverage: Commands.openCoverage, openLocation: Commands.openLocation });
  const view = vscode.window.createTreeView(STORIES_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const activeStory = () => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && stories.storyOf(doc.uri);
  };
  /** A story id given, or the active article's, or one the user picks. */
  const chooseStory = async (id?: unknown): Promise<StoryInfo | undefined> => {
    if (typeof id === 'string') return stories.byId(id);
    const active = activeStory();
    if (active) return active;
    if (!stories.stories.length) await stories.refresh();
    const picked = await vscode.window.showQuickPick(
      stories.stories.map((s) => ({ label: s.label, description: `${s.documents.length} source${s.documents.length === 1 ? '' : 's'}`, story: s })),
      { title: 'Corroborate: pick a story', placeHolder: 'Which story?' },
    );
    return picked?.story;
  };
  const reveal = async (story: StoryInfo | undefined) => {
    // A view shown for the first time has not listed its stories yet, and
    // reveal() fails until it has: wait for that listing (at most a few).
    const listed = new Promise<void>((resolve) => {
      const sub = tree.onDidListStories(() => { sub.dispose(); resolve(); });
      setTimeout(() => { sub.dispose(); resolve(); }, 3000);
    });
    const wasVisible = view.visible;
    await vscode.commands.executeCommand(`${STORIES_VIEW}.focus`);
    if (!wasVisible) await listed;
    const node = story && tree.storyNode(story.id);
    if (!node) return;
    try {
      await view.reveal(node, { select: true, focus: true, expand: true });
    } catch {
      // the view was still rendering: once more after its next listing
      await new Promise<void>((resolve) => {
        const sub = tree.onDidListStories(() => { sub.dispose(); resolve(); });
        setTimeout(() => { sub.dispose(); resolve(); }, 1000);
      });
      await view.reveal(node, { select: true, focus: true, expand: true }).then(undefined, (e) => corroborate.output.appendLine(`reveal failed: ${e}`));
    }
  };
  context.subscriptions.push(
    stories,
    coverage,
    tree,
    view,
    vscode.commands.registerCommand(Commands.showStories, async (id?: unknown) => {
      if (!stories.stories.length) await stories.refresh();
      await reveal(typeof id === 'string' ? stories.byId(id) : activeStory());
    }),
    vscode.commands.registerCommand(Commands.showCoverage, async (arg?: unknown) => {
      // from the view's inline action the argument is the story's node
      const id = typeof arg === 'object' && arg && 'story' in arg ? (arg as { story: StoryInfo }).story.id : arg;
      const story = await chooseStory(id);
      return story && coverage.show(story.id);
    }),
    vscode.commands.registerCommand(Commands.openCoverage, (id: string) => coverage.show(id)),
    vscode.commands.registerCommand(Commands.refreshStories, () => stories.refresh()),
    stories.onDidChange(() => render()),
  );

  // Status bar: progress while indexing, then the corpus size; click = Show Sources.
  // Like ESLint's or Code Spell Checker's item it is shown only where it applies:
  // when the active editor holds an article of the corpus (as the server decides;
  // while the first scan runs, any plain-text document corroborate.include selects,
  // so the progress is visible), and always in the error state, which needs the
  // user wherever they are. In a code repository (LICENSE.txt, CMakeLists.txt, ...)
  // and in other editors it stays out of the way.
  const item = vscode.window.createStatusBarItem('corroborate.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Corroborate';
  item.command = Commands.showSources;
  const inCorpus = (): boolean | undefined => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc ? corroborate.inCorpus(doc) : false;
  };
  const render = () => {
    const s = corroborate.status;
    item.backgroundColor = undefined;
    switch (s.state) {
      case 'starting':
      case 'stopped':
        item.text = s.state === 'starting' ? '$(sync~spin) Corroborate: starting' : '$(circle-slash) Corroborate: stopped';
        item.tooltip = s.state === 'starting' ? 'Corroborate language server is starting' : 'Corroborate language server is not running';
        break;
      case 'indexing':
        item.text = `$(sync~spin) Corroborate: indexing${s.total ? ` ${s.done}/${s.total}` : ''}`;
        item.tooltip = 'Corroborate is reading the articles and linking their statements';
        break;
      case 'idle': {
        const story = activeStory();
        if (story) {
          const k = story.documents.length;
          item.text = `$(references) Story: ${shortLabel(story.label)} · ${k} source${k === 1 ? '' : 's'}`;
          item.tooltip = new vscode.MarkdownString(
            `**${escapeMarkdown(story.label)}**\n\n${story.documents.map((d) => `- ${escapeMarkdown(d.source)}${d.date ? ` (${escapeMarkdown(d.date)})` : ''}: ${d.statements} statement${d.statements === 1 ? '' : 's'}`).join('\n')}\n\nClick to show the story.`,
          );
          item.command = Commands.showStories;
          break;
        }
        const n = s.summary?.documents.length ?? 0;
        const st = s.summary?.statements ?? 0;
        item.text = `$(references) Corroborate: ${n} source${n === 1 ? '' : 's'} · ${st} statement${st === 1 ? '' : 's'}`;
        item.tooltip = new vscode.MarkdownString(
          `**Corroborate**\n\n${(s.summary?.documents ?? []).map((d) => `- ${escapeMarkdown(d.source)}: ${d.statements} statement${d.statements === 1 ? '' : 's'}`).join('\n')}\n\nClick to show the sources.`,
        );
        break;
      }
      case 'error':
        item.text = '$(error) Corroborate';
        item.tooltip = s.error;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.command = Commands.showOutput;
        item.show();
        return;
    }
    if (!(s.state === 'idle' && activeStory())) item.command = Commands.showSources;
    const member = inCorpus();
    if (member || (member === undefined && (s.state === 'starting' || s.state === 'indexing'))) item.show();
    else item.hide();
  };
  context.subscriptions.push(item);

  // LSP has no "symbols changed" refresh request, so after (re)indexing the
  // Outline and breadcrumbs would keep source counts computed against a
  // half-built corpus. Registering (and dropping) a provider makes VS Code ask again.
  let lastState = corroborate.status.state;
  context.subscriptions.push(corroborate.onDidChangeStatus((s) => {
    if (s.state === 'idle' && lastState !== 'idle') {
      vscode.languages.registerDocumentSymbolProvider({ scheme: 'file', language: 'plaintext' }, { provideDocumentSymbols: () => [] }).dispose();
    }
    lastState = s.state;
  }));

  // Context key for keybindings and menus: the active editor is an article of the
  // corpus (or might be: the first scan has not finished). Refreshed with the
  // status bar item whenever the editor, the status or the corpus changes.
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, inCorpus() !== false);
    render();
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    corroborate.onDidChangeCorpus(updateContext),
    corroborate.onDidChangeStatus(updateContext),
  );
  updateContext();

  // Settings.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      updateContext();
      if (e.affectsConfiguration(`${SECTION}.include`)) {
        // The document selector is fixed when the client starts.
        await corroborate.restart();
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.codeLens.enabled`) || e.affectsConfiguration(`${SECTION}.inlayHints.enabled`)) {
        corroborate.refreshEditorFeatures();
      }
      // Everything else reaches the server through workspace/didChangeConfiguration;
      // it re-indexes and reports status, which redraws marks and the status bar.
    }),
  );

  void corroborate.start();

  return {
    whenIdle: (timeoutMs) => corroborate.whenIdle(timeoutMs),
    get status() { return corroborate.status; },
    onDidChangeStatus: corroborate.onDidChangeStatus,
    documentStatements: async (uri) => { await corroborate.whenIdle(); return corroborate.documentStatements(uri); },
    onDidShowQuickPick: handlers.onDidShowQuickPick,
    onDidDecorate: decorations.onDidDecorate,
    goToSource: (args) => handlers.goToSource(args),
    stories: () => stories.stories,
    onDidShowCoverage: coverage.onDidShow,
  };
}

export function deactivate(): Promise<void> | undefined {
  // Stop the server cleanly (VS Code awaits this); the rest is in context.subscriptions.
  const c = instance;
  instance = undefined;
  return c?.stop();
}

/** A story's label as the status bar shows it (the tooltip has it whole). */
function shortLabel(label: string, max = 48): string {
  const t = label.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1).trimEnd() + '…' : t;
}
