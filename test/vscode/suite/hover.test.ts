import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from '../framework';
import { SIBGHAT_PHRASE, api, hoverText, openSeed, positionOf, seed, sourceLabel } from '../util';

suite('hover', () => {
  test('hover on the Sibghat Ahmadi quote names the two other sources', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const pos = positionOf(editor.document, SIBGHAT_PHRASE, { delta: 5 });
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos));
    const aljazeera = await sourceLabel(a, await seed('001_'));
    const tolo = await sourceLabel(a, await seed('002_'));
    assert.ok(text.includes(aljazeera), `hover does not name "${aljazeera}" (001):\n${text}`);
    assert.ok(text.includes(tolo), `hover does not name "${tolo}" (002):\n${text}`);
  });

  test('labels a source by the outlet its text states, else by its headline', async () => {
    const a = await api();
    const tolo = await seed('002_');
    const stated = /^Source: (.+)$/m.exec((await vscode.workspace.openTextDocument(tolo)).getText())![1].trim();
    assert.equal(await sourceLabel(a, tolo), stated);
    const aj = await seed('001_');
    const headline = (await vscode.workspace.openTextDocument(aj)).getText().split('\n')[0].trim();
    assert.equal(await sourceLabel(a, aj), headline);
  });

  test('no Corroborate hover outside statements', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const pos = positionOf(editor.document, 'Skip to main content', { delta: 2 });
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos));
    const tolo = await sourceLabel(a, await seed('002_'));
    assert.ok(!text.includes(tolo), `unexpected hover on page chrome:\n${text}`);
  });
});
