// Helpers for the extension-host suites. Positions are always computed from
// the document text (indexOf of a phrase), never typed in.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CorroborateApi } from '../../src/extension';

export const EXTENSION_ID = 'corroborate.corroborate';

export const SIBGHAT_PHRASE = 'definitely needs to be carried out';

export async function api(): Promise<CorroborateApi> {
  const ext = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const exports = await ext.activate();
  assert.ok(exports && typeof exports.whenIdle === 'function', 'activate() did not return the Corroborate API');
  return exports;
}

function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'tests need the seeds folder open as the workspace');
  return f.uri;
}

/** The seed whose file name starts with `prefix` (e.g. "000_"). */
export async function seed(prefix: string): Promise<vscode.Uri> {
  const entries = await vscode.workspace.fs.readDirectory(workspaceRoot());
  const name = entries.map(([n]) => n).find((n) => n.startsWith(prefix) && n.endsWith('.txt'));
  assert.ok(name, `no seed ${prefix}*.txt in ${workspaceRoot().fsPath}`);
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

export async function openSeed(prefix: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(await seed(prefix));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Position of the `occurrence`-th match of `phrase` (plus `delta` characters). */
export function positionOf(doc: vscode.TextDocument, phrase: string, { occurrence = 0, delta = 0 } = {}): vscode.Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.getText().indexOf(phrase, at + 1);
    assert.ok(at >= 0, `"${phrase}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + delta);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1'); // markdown escapes
}

export function sameFile(a: vscode.Uri, b: vscode.Uri) {
  return a.fsPath === b.fsPath;
}

/** Wait for an event that satisfies `pred`, failing after `ms`. */
export function nextEvent<T>(event: vscode.Event<T>, pred: (e: T) => boolean = () => true, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`event not seen within ${ms} ms`)); }, ms);
    const sub = event((e) => { if (pred(e)) { clearTimeout(timer); sub.dispose(); resolve(e); } });
  });
}

/** Resolves when the active editor is `uri` (now or on the next change). */
export function activeEditorIs(uri: vscode.Uri, ms = 20_000): Promise<vscode.TextEditor> {
  const ed = vscode.window.activeTextEditor;
  if (ed && sameFile(ed.document.uri, uri)) return Promise.resolve(ed);
  return nextEvent(vscode.window.onDidChangeActiveTextEditor, (e) => !!e && sameFile(e.document.uri, uri), ms) as Promise<vscode.TextEditor>;
}

/** Update a setting in user settings and wait until the extension host sees it. */
export async function setSetting(key: string, value: unknown) {
  const [section, ...rest] = key.split('.');
  const cfg = vscode.workspace.getConfiguration(section);
  if (JSON.stringify(cfg.inspect(rest.join('.'))?.globalValue) === JSON.stringify(value)) return;
  const changed = nextEvent(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration(key), 10_000).catch(() => undefined);
  await cfg.update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
  await changed;
}

/** Source label the server gives a seed (corroborate/corpusSummary). */
export async function sourceLabel(a: CorroborateApi, uri: vscode.Uri): Promise<string> {
  await a.whenIdle();
  const doc = a.status.summary?.documents.find((d) => sameFile(vscode.Uri.parse(d.uri), uri));
  assert.ok(doc, `${uri.fsPath} is not in the corpus summary`);
  return doc.source;
}
