import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { afterAll, suite, test } from '../framework';
import { SIBGHAT_PHRASE, api, nextEvent, openSeed, positionOf, sameFile, seed, setSetting } from '../util';

suite('settings', () => {
  afterAll(async () => {
    await setSetting('corroborate.codeLens.enabled', undefined);
    await setSetting('corroborate.inlayHints.enabled', undefined);
    await setSetting('corroborate.exclude', undefined);
    await setSetting('corroborate.match.threshold', undefined);
  });

  test('corroborate.codeLens.enabled turns the code lenses on and off (off by default)', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const lenses = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
    assert.equal((await lenses()).length, 0, 'code lenses shown with the default settings');
    await setSetting('corroborate.codeLens.enabled', true);
    const shown = await lenses();
    assert.ok(shown.length > 0, 'no code lenses after enabling them');
    await setSetting('corroborate.codeLens.enabled', false);
    assert.equal((await lenses()).length, 0, 'code lenses still shown');
    await setSetting('corroborate.codeLens.enabled', undefined);
  });

  test('corroborate.inlayHints.enabled=false removes the "N sources" hints', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const hints = async () => (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, all)) ?? [];
    const before = await hints();
    const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    assert.ok(before.some((h) => /^\d+ of \d+ sources\b/.test(label(h))), `hints: ${before.map(label).join(', ')}`);
    await setSetting('corroborate.inlayHints.enabled', false);
    assert.equal((await hints()).length, 0, 'inlay hints still shown');
    await setSetting('corroborate.inlayHints.enabled', undefined);
    assert.equal((await hints()).length, before.length);
  });

  test('corroborate.exclude drops a file from the corpus', async () => {
    const a = await api();
    await a.whenIdle();
    const all = a.status.summary!.documents.length;
    const s004 = await seed('004_');
    const reindexed = nextEvent(a.onDidChangeStatus, (s) => s.state === 'idle' && s.summary?.documents.length === all - 1, 60_000);
    await setSetting('corroborate.exclude', ['**/004_*.txt']);
    await reindexed;
    assert.ok(!a.status.summary!.documents.some((d) => sameFile(vscode.Uri.parse(d.uri), s004)), '004 still in the corpus');
    const back = nextEvent(a.onDidChangeStatus, (s) => s.state === 'idle' && s.summary?.documents.length === all, 60_000);
    await setSetting('corroborate.exclude', undefined);
    await back;
  }, 120_000);

  test('corroborate.match.threshold drops links scoring below it', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    const pos = positionOf(editor.document, SIBGHAT_PHRASE);
    const matchesAt = async () => (await a.documentStatements(editor.document.uri)).find((s) => s.range.contains(pos))?.matches ?? [];
    const before = await matchesAt();
    assert.equal(before.length, 2);
    const [hi, lo] = [...before].sort((x, y) => (y.score ?? 0) - (x.score ?? 0));
    assert.ok((hi.score ?? 0) > (lo.score ?? 0), `scores ${hi.score} / ${lo.score}`);
    const reindexed = () => nextEvent(a.onDidChangeStatus, (s) => s.state === 'indexing', 30_000).then(() => a.whenIdle());
    let done = reindexed();
    await setSetting('corroborate.match.threshold', ((hi.score ?? 0) + (lo.score ?? 0)) / 2);
    await done;
    const after = await matchesAt();
    assert.deepEqual(after.map((m) => m.uri.fsPath), [hi.uri.fsPath], `after raising the threshold: ${after.map((m) => `${m.source} ${m.score}`).join(', ')}`);
    done = reindexed();
    await setSetting('corroborate.match.threshold', undefined);
    await done;
    assert.equal((await matchesAt()).length, 2);
  }, 120_000);
});
