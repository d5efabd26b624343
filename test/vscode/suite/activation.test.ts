import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from '../framework';
import { EXTENSION_ID, SIBGHAT_PHRASE, api, openSeed, positionOf, sameFile } from '../util';

suite('activation', () => {
  test('opening a seed activates the extension and the server indexes the workspace', async () => {
    const editor = await openSeed('000_');
    assert.equal(editor.document.languageId, 'plaintext');
    const a = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    await a.whenIdle();
    assert.equal(a.status.state, 'idle');
    const txt = await vscode.workspace.findFiles('**/*.txt');
    const summary = a.status.summary;
    assert.ok(summary, 'no corpus summary');
    assert.equal(summary.indexing, false);
    assert.equal(summary.documents.length, txt.length, `corpus has ${summary.documents.map((d) => d.uri).join(', ')}`);
    assert.ok(summary.statements > 0, 'no statements in the corpus');
    for (const f of txt) assert.ok(summary.documents.some((d) => sameFile(vscode.Uri.parse(d.uri), f)), `${f.fsPath} not indexed`);
  }, 120_000);

  test('documentStatements lists the Sibghat Ahmadi quote with two other sources', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    const pos = positionOf(editor.document, SIBGHAT_PHRASE);
    const statements = await a.documentStatements(editor.document.uri);
    assert.ok(statements.length > 3, `only ${statements.length} statements`);
    const st = statements.find((s) => s.range.contains(pos));
    assert.ok(st, 'no statement covers the quote');
    assert.ok(editor.document.getText(st.range).includes(SIBGHAT_PHRASE));
    const others = new Set(st.matches.map((m) => m.uri.fsPath).filter((p) => p !== editor.document.uri.fsPath));
    assert.equal(others.size, 2, `matched in ${[...others].join(', ')}`);
    assert.ok([...others].some((p) => /\/001_[^/]*$/.test(p)) && [...others].some((p) => /\/002_[^/]*$/.test(p)), [...others].join(', '));
  });
});
