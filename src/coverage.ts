// The coverage matrix of one story, in a webview beside the editors: one row
// per thing reported (a group of linked statements, labelled by its best
// statement), one column per source, each cell how that source reports it
// (verbatim, partial, paraphrase, conflict, absent). Filters for conflicts and
// single-source rows; cells are focusable (arrow keys move, Enter opens the
// passage). A strict content security policy: no network, no resources, only
// this file's nonce'd style and script; colours are the theme's CSS variables.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { KindLabels, type CoverageRowInfo, type StoriesResult, type StoryInfo } from './protocol';
import type { StoryModel } from './stories';

/** What the UI tests and the API read of the matrix on screen. */
export interface CoverageShown {
  story: string;
  label: string;
  sources: string[];
  rows: { label: string; cells: string[] }[];
}

export class CoveragePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private storyId: string | undefined;
  private data: { story: StoryInfo; rows: CoverageRowInfo[] } | undefined;
  private readonly shownEmitter = new vscode.EventEmitter<CoverageShown>();
  /** Fires each time a matrix was rendered. */
  readonly onDidShow = this.shownEmitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly model: StoryModel) {
    this.subs.push(this.shownEmitter, model.onDidChange(() => this.panel?.visible && this.storyId && void this.load(this.storyId)));
  }

  get current(): string | undefined {
    return this.storyId;
  }

  /** Shows (or switches the open panel to) the matrix of one story. */
  async show(storyId: string): Promise<CoverageShown | undefined> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('corroborate.coverage', 'Coverage', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.storyId = undefined;
      }, null, this.subs);
      this.panel.webview.onDidReceiveMessage((m: { type?: string; row?: number; col?: number }) => {
        if (m?.type === 'open' && typeof m.row === 'number' && typeof m.col === 'number') void this.open(m.row, m.col);
      }, null, this.subs);
    } else {
      this.panel.reveal(undefined, false);
    }
    return this.load(storyId);
  }

  private async load(storyId: string): Promise<CoverageShown | undefined> {
    this.storyId = storyId;
    const r: StoriesResult | undefined = await this.model.request({ story: storyId });
    const panel = this.panel;
    if (!panel || this.storyId !== storyId) return undefined;
    const story = r?.stories.find((s) => s.id === storyId);
    if (!story || !r?.coverage) {
      panel.title = 'Coverage';
      panel.webview.html = page(undefined, [], r ? 'This story is no longer in the corpus.' : 'The Corroborate server is not running.');
      return undefined;
    }
    this.data = { story, rows: r.coverage.rows };
    panel.title = `Coverage: ${story.label}`;
    panel.webview.html = page(story, r.coverage.rows);
    const shown: CoverageShown = {
      story: story.id,
      label: story.label,
      sources: story.documents.map((d) => d.source),
      rows: r.coverage.rows.map((row) => ({ label: row.label, cells: row.cells.map((c) => c.relation) })),
    };
    this.shownEmitter.fire(shown);
    return shown;
  }

  /** Opens a cell's passage beside the matrix, selected. */
  private async open(row: number, col: number) {
    const cell = this.data?.rows[row]?.cells[col];
    const doc = this.data?.story.documents[col];
    if (!cell?.range || !doc) return;
    const r = cell.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(doc.uri), { viewColumn: vscode.ViewColumn.Beside, preview: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  dispose() {
    this.panel?.dispose();
    for (const d of this.subs) d.dispose();
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function short(text: string, n: number) {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1).trimEnd() + '…' : t;
}

/** The row's kind, before its label: a quote, a claim, the headline. */
const GLYPH: Record<CoverageRowInfo['kind'], string> = { quote: '❝', claim: '¶', headline: '§' };

const MARK: Record<string, { sign: string; word: string }> = {
  verbatim: { sign: '≡', word: 'verbatim' },
  partial: { sign: '◐', word: 'partial' },
  paraphrase: { sign: '≈', word: 'paraphrase' },
  conflict: { sign: '≠', word: 'conflict' },
  absent: { sign: '·', word: 'absent' },
};

function page(story: StoryInfo | undefined, rows: CoverageRowInfo[], message?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; frame-src 'none'`;
  const n = story?.documents.length ?? 0;
  const conflicts = rows.filter((r) => r.conflict).length;
  const single = rows.filter((r) => r.sources === 1).length;
  const body = story
    ? `<header>
  <h1>${esc(story.label)}</h1>
  <p class="sub">${n} source${n === 1 ? '' : 's'} · ${rows.length} thing${rows.length === 1 ? '' : 's'} reported. Each row is one statement and the statements linked to it; each column a source. Arrow keys move between cells, Enter opens the passage.</p>
  <div class="filters" role="radiogroup" aria-label="Show rows">
    <label><input type="radio" name="f" value="all" checked> All <span class="n">${rows.length}</span></label>
    <label><input type="radio" name="f" value="conflict"> Conflicts <span class="n">${conflicts}</span></label>
    <label><input type="radio" name="f" value="single"> Single source <span class="n">${single}</span></label>
    <label><input type="radio" name="f" value="shared"> Several sources <span class="n">${rows.length - single}</span></label>
  </div>
  <p class="legend" aria-hidden="true">${['verbatim', 'partial', 'paraphrase', 'conflict', 'absent'].map((k) => `<span class="cell ${k}"><span class="sign">${MARK[k].sign}</span> ${MARK[k].word}</span>`).join(' ')}</p>
</header>
<table class="coverage" role="grid" aria-label="Coverage of ${esc(story.label)}" aria-rowcount="${rows.length + 1}" aria-colcount="${n + 1}">
<thead><tr><th scope="col" class="what">Reported</th>${story.documents
        .map((d) => `<th scope="col" title="${esc(`${d.source}${d.date ? ` · ${d.date}` : ''}\n${d.title}`)}"><span class="src">${esc(d.source)}</span>${d.date ? `<span class="date">${esc(d.date)}</span>` : ''}</th>`)
        .join('')}</tr></thead>
<tbody>${rows
        .map((r, i) => {
          const head = `<th scope="row" class="what" title="${esc(r.label)}"><span class="kind ${r.kind}" title="${KindLabels[r.kind]}">${GLYPH[r.kind]}</span> ${esc(short(r.label, 160))}${r.speaker ? ` <span class="speaker">— ${esc(r.speaker)}</span>` : ''} <span class="count">${r.sources}/${n}</span></th>`;
          const cells = r.cells
            .map((c, j) => {
              const m = MARK[c.relation];
              const who = story.documents[j]?.source ?? '';
              const tip = c.relation === 'absent' ? `${who} does not report this` : `${who}, ${m.word}${c.more ? ` (and ${c.more} more)` : ''}:\n${c.text ?? ''}`;
              return `<td role="gridcell" class="cell ${c.relation}" data-r="${i}" data-c="${j}" tabindex="-1" title="${esc(tip)}" aria-label="${esc(`${who}: ${m.word}`)}"><span class="sign">${m.sign}</span><span class="word"> ${m.word}</span>${c.more ? ` <span class="more">+${c.more}</span>` : ''}</td>`;
            })
            .join('');
          return `<tr data-conflict="${r.conflict}" data-sources="${r.sources}">${head}${cells}</tr>`;
        })
        .join('\n')}</tbody>
</table>
<p class="empty" hidden>No rows match this filter.</p>`
    : `<p>${esc(message ?? '')}</p>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.35em; font-weight: 600; margin: 14px 0 4px; }
.sub { color: var(--vscode-descriptionForeground); margin: 0 0 10px; }
.filters { display: flex; gap: 16px; flex-wrap: wrap; margin: 6px 0; }
.filters label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.filters input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.n { color: var(--vscode-descriptionForeground); }
.legend { display: flex; gap: 6px; flex-wrap: wrap; margin: 8px 0 12px; }
.legend .cell { padding: 1px 8px; border-radius: 3px; }
table { border-collapse: separate; border-spacing: 0; width: 100%; }
thead th { position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 1; text-align: left; vertical-align: bottom; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); font-weight: 600; white-space: nowrap; }
thead th .src { display: block; max-width: 10em; overflow: hidden; text-overflow: ellipsis; }
thead th .date { display: block; font-weight: normal; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
th.what { text-align: left; font-weight: normal; min-width: 16em; max-width: 30em; padding: 6px 10px 6px 0; vertical-align: top; }
thead th.what { font-weight: 600; }
tbody tr:hover th, tbody tr:hover td { background: var(--vscode-list-hoverBackground); }
tbody th, tbody td { border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
.kind { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
.speaker, .count { color: var(--vscode-descriptionForeground); white-space: nowrap; }
td.cell { white-space: nowrap; padding: 4px 8px; cursor: pointer; vertical-align: top; }
.cell { --c: var(--vscode-descriptionForeground); }
.cell .sign { display: inline-block; width: 1.1em; text-align: center; font-weight: 700; color: var(--c); }
.cell.verbatim { --c: var(--vscode-corroborate-corroboratedUnderline, var(--vscode-charts-blue)); background: color-mix(in srgb, var(--c) 22%, transparent); }
.cell.partial { --c: var(--vscode-corroborate-corroboratedUnderline, var(--vscode-charts-blue)); background: color-mix(in srgb, var(--c) 12%, transparent); }
.cell.paraphrase { --c: var(--vscode-charts-green, var(--vscode-foreground)); background: color-mix(in srgb, var(--c) 14%, transparent); }
.cell.conflict { --c: var(--vscode-corroborate-conflictUnderline, var(--vscode-errorForeground)); background: color-mix(in srgb, var(--c) 22%, transparent); font-weight: 600; }
td.cell.absent .word { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
td.cell.absent { color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); cursor: default; }
.more { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
td.cell:focus { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
tr[hidden] { display: none; }
</style></head>
<body>${body}
<script nonce="${nonce}">
(() => {
  const vscode = acquireVsCodeApi();
  const table = document.querySelector('table.coverage');
  if (!table) return;
  const rows = () => [...table.tBodies[0].rows].filter((r) => !r.hidden);
  let current = table.querySelector('td.cell');
  const focus = (td) => { if (!td) return; if (current) current.tabIndex = -1; current = td; td.tabIndex = 0; td.focus(); };
  if (current) current.tabIndex = 0;
  const open = (td) => { if (td && !td.classList.contains('absent')) vscode.postMessage({ type: 'open', row: Number(td.dataset.r), col: Number(td.dataset.c) }); };
  table.addEventListener('click', (e) => { const td = e.target.closest('td.cell'); if (td) { focus(td); open(td); } });
  table.addEventListener('keydown', (e) => {
    const td = e.target.closest('td.cell');
    if (!td) return;
    const visible = rows();
    const r = visible.indexOf(td.parentElement);
    const c = Number(td.dataset.c);
    const cellAt = (ri, ci) => visible[ri]?.querySelector('td[data-c="' + ci + '"]');
    const last = td.parentElement.cells.length - 2;
    let next;
    switch (e.key) {
      case 'ArrowRight': next = cellAt(r, Math.min(c + 1, last)); break;
      case 'ArrowLeft': next = cellAt(r, Math.max(c - 1, 0)); break;
      case 'ArrowDown': next = cellAt(Math.min(r + 1, visible.length - 1), c); break;
      case 'ArrowUp': next = cellAt(Math.max(r - 1, 0), c); break;
      case 'Home': next = cellAt(e.ctrlKey ? 0 : r, 0); break;
      case 'End': next = cellAt(e.ctrlKey ? visible.length - 1 : r, last); break;
      case 'Enter': case ' ': open(td); e.preventDefault(); return;
      default: return;
    }
    e.preventDefault();
    focus(next);
  });
  const empty = document.querySelector('.empty');
  for (const input of document.querySelectorAll('.filters input')) {
    input.addEventListener('change', () => {
      const f = input.value;
      for (const tr of table.tBodies[0].rows) {
        const n = Number(tr.dataset.sources);
        tr.hidden = f === 'conflict' ? tr.dataset.conflict !== 'true' : f === 'single' ? n !== 1 : f === 'shared' ? n < 2 : false;
      }
      const first = rows()[0]?.querySelector('td.cell');
      if (current) current.tabIndex = -1;
      current = first;
      if (first) first.tabIndex = 0;
      empty.hidden = !!first;
    });
  }
})();
</script>
</body></html>`;
}
