// The Corroborate view: the corpus's stories → their articles (source label,
// date) → statements; clicking a statement opens the passage, clicking a story
// shows its coverage matrix (coverage.ts). The stories come from the server
// (corroborate/stories); the client only mirrors them.
import * as vscode from 'vscode';
import { corpusKey as docKey, type Corroborate, type Statement } from './corroborate';
import { KindLabels, StoriesRequest, type StoriesResult, type StoryArticle, type StoryInfo } from './protocol';

export const STORIES_VIEW = 'corroborate.stories';

/** The server's stories, refreshed whenever the server reports idle or the corpus changes. */
export class StoryModel implements vscode.Disposable {
  private list: StoryInfo[] = [];
  private byDoc = new Map<string, StoryInfo>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after the list of stories was fetched again. */
  readonly onDidChange = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private pending: Promise<void> | undefined;
  private again = false;
  /** The last answer, as JSON, to tell a change from a repeat. */
  private lastSeen = '';

  constructor(private readonly corroborate: Corroborate) {
    this.subs.push(
      this.emitter,
      corroborate.onDidChangeStatus((s) => s.state === 'idle' && void this.refresh()),
      corroborate.onDidChangeCorpus(() => void this.refresh()),
    );
  }

  get stories(): readonly StoryInfo[] {
    return this.list;
  }

  storyOf(uri: vscode.Uri): StoryInfo | undefined {
    return this.byDoc.get(docKey(uri));
  }

  byId(id: string): StoryInfo | undefined {
    return this.list.find((s) => s.id === id);
  }

  /** Asks the server (one request at a time; a refresh asked meanwhile runs once after). */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      do {
        this.again = false;
        const r = await this.request({});
        if (!r) break;
        // Unchanged stories leave the view alone: re-rendering it replaces its rows, and a click on a row being replaced is lost.
        const seen = JSON.stringify(r.stories);
        if (seen === this.lastSeen) continue;
        this.lastSeen = seen;
        this.list = r.stories;
        this.byDoc = new Map(r.stories.flatMap((s) => s.documents.map((d) => [docKey(vscode.Uri.parse(d.uri)), s] as const)));
        this.emitter.fire();
      } while (this.again);
    })().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** corroborate/stories, or undefined when the server is not running or fails. */
  async request(params: { story?: string }): Promise<StoriesResult | undefined> {
    const client = this.corroborate.languageClient;
    if (!client?.isRunning()) return undefined;
    try {
      return await client.sendRequest(StoriesRequest, params);
    } catch (e) {
      this.corroborate.output.appendLine(`corroborate/stories failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  dispose() {
    for (const d of this.subs) d.dispose();
  }
}

type Node =
  | { kind: 'story'; story: StoryInfo }
  | { kind: 'article'; story: StoryInfo; article: StoryArticle }
  | { kind: 'statement'; article: StoryArticle; statement: Statement; parent: Node };

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
function short(text: string, n = 90) {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1).trimEnd() + '…' : t;
}

const STATUS_LABEL: Record<Statement['status'], string> = { corroborated: 'corroborated', single: 'single source', conflict: 'conflict' };

export class StoriesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Story nodes by id, kept across refreshes so reveal() finds them. */
  private nodes = new Map<string, Node & { kind: 'story' }>();
  private readonly sub: vscode.Disposable;
  private readonly listedEmitter = new vscode.EventEmitter<void>();
  /** Fires after the view asked for (and got) the list of stories. */
  readonly onDidListStories = this.listedEmitter.event;

  constructor(private readonly model: StoryModel, private readonly corroborate: Corroborate, private readonly commands: { showCoverage: string; openLocation: string }) {
    this.sub = model.onDidChange(() => this.emitter.fire(undefined));
  }

  storyNode(id: string): Node | undefined {
    const s = this.model.byId(id);
    if (!s) return undefined;
    const n = this.nodes.get(id);
    if (n) {
      n.story = s;
      return n;
    }
    const made = { kind: 'story' as const, story: s };
    this.nodes.set(id, made);
    return made;
  }

  getParent(n: Node): Node | undefined {
    if (n.kind === 'story') return undefined;
    if (n.kind === 'article') return this.storyNode(n.story.id);
    return n.parent;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (!n) {
      const roots = this.model.stories.map((s) => this.storyNode(s.id)!).filter(Boolean);
      setTimeout(() => this.listedEmitter.fire(), 0); // after the view has them
      return roots;
    }
    if (n.kind === 'story') return n.story.documents.map((article) => ({ kind: 'article', story: n.story, article }));
    if (n.kind === 'article') {
      const statements = await this.corroborate.documentStatements(vscode.Uri.parse(n.article.uri));
      return statements.map((statement) => ({ kind: 'statement', article: n.article, statement, parent: n }));
    }
    return [];
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'story') {
      const it = new vscode.TreeItem(n.story.label, vscode.TreeItemCollapsibleState.Collapsed);
      it.id = `story:${n.story.id}`;
      it.description = plural(n.story.documents.length, 'source');
      it.iconPath = new vscode.ThemeIcon('library');
      it.contextValue = 'corroborate.story';
      it.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(n.story.label)}**\n\n${n.story.documents.map((d) => `- ${escapeMarkdown(d.source)}${d.date ? ` (${escapeMarkdown(d.date)})` : ''}: ${escapeMarkdown(d.title)}`).join('\n')}\n\nClick to show who reports what.`);
      it.command = { command: this.commands.showCoverage, title: 'Show Coverage', arguments: [n.story.id] };
      it.accessibilityInformation = { label: `Story: ${n.story.label}, ${plural(n.story.documents.length, 'source')}` };
      return it;
    }
    if (n.kind === 'article') {
      const a = n.article;
      const it = new vscode.TreeItem(a.source, vscode.TreeItemCollapsibleState.Collapsed);
      it.id = `article:${n.story.id}:${a.uri}`;
      it.description = [a.date, a.title !== a.source ? a.title : undefined].filter(Boolean).join(' · ');
      it.resourceUri = vscode.Uri.parse(a.uri);
      it.iconPath = new vscode.ThemeIcon('file-text');
      it.tooltip = `${a.source}${a.date ? ` · ${a.date}` : ''}\n${a.title}\n${plural(a.statements, 'statement')} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(a.uri))}`;
      it.contextValue = 'corroborate.article';
      return it;
    }
    const s = n.statement;
    const it = new vscode.TreeItem(short(s.text), vscode.TreeItemCollapsibleState.None);
    it.description = [s.speaker, s.matches.length ? plural(1 + new Set(s.matches.map((m) => m.uri.toString())).size, 'source') : undefined, STATUS_LABEL[s.status]].filter(Boolean).join(' · ');
    it.iconPath = new vscode.ThemeIcon(s.kind === 'quote' ? 'quote' : s.kind === 'headline' ? 'symbol-namespace' : 'comment', s.status === 'conflict' ? new vscode.ThemeColor('corroborate.conflictUnderline') : undefined);
    it.tooltip = `${KindLabels[s.kind]}: ${s.text}`;
    it.command = { command: this.commands.openLocation, title: 'Open Passage', arguments: [n.article.uri, s.range] };
    return it;
  }

  dispose() {
    this.sub.dispose();
    this.emitter.dispose();
    this.listedEmitter.dispose();
  }
}

/** Literal Markdown text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
