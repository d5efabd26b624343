import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatScore } from '../../../src/protocol';
import { afterAll, suite, test } from '../framework';
import { SIBGHAT_PHRASE, activeEditorIs, api, nextEvent, openSeed, positionOf, sameFile, seed, setSetting, sourceLabel } from '../util';

type Loc = vscode.Location | vscode.LocationLink;
const target = (l: Loc) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range });

suite('navigation', () => {
  afterAll(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('definition on the quote lands on the matching passage in another seed', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const pos = positionOf(editor.document, SIBGHAT_PHRASE, { delta: 3 });
    const locs = (await vscode.commands.executeCommand<Loc[]>('vscode.executeDefinitionProvider', editor.document.uri, pos)) ?? [];
    assert.ok(locs.length >= 1, 'no definition');
    const targets = locs.map(target);
    const s001 = await seed('001_');
    const s002 = await seed('002_');
    for (const t of targets) assert.ok(!sameFile(t.uri, editor.document.uri), `definition points back into 000: ${t.uri.fsPath}`);
    const first = targets.find((t) => sameFile(t.uri, s001) || sameFile(t.uri, s002));
    assert.ok(first, `definitions: ${targets.map((t) => t.uri.fsPath).join(', ')}`);
    const doc = await vscode.workspace.openTextDocument(first.uri);
    assert.ok(doc.getText(first.range).includes(SIBGHAT_PHRASE), `definition range holds: ${doc.getText(first.range)}`);
  });

  test('references include both other sources', async () => {
    const editor = await openSeed('000_');
    const pos = positionOf(editor.document, SIBGHAT_PHRASE, { delta: 3 });
    const refs = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, pos)) ?? [];
    for (const p of ['001_', '002_']) {
      const s = await seed(p);
      assert.ok(refs.some((r) => sameFile(r.uri, s)), `no reference into ${p}: ${refs.map((r) => r.uri.fsPath).join(', ')}`);
    }
  });

  test('corroborate.goToSource with a target opens that source with the passage selected', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    const s001 = await seed('001_');
    const label = await sourceLabel(a, s001);
    editor.selection = new vscode.Selection(positionOf(editor.document, SIBGHAT_PHRASE), positionOf(editor.document, SIBGHAT_PHRASE));
    const result = await vscode.commands.executeCommand<{ uri: vscode.Uri; range: vscode.Range } | undefined>('corroborate.goToSource', { target: label });
    assert.ok(result, 'command returned nothing');
    const active = await activeEditorIs(s001);
    assert.ok(active.document.getText(active.selection).includes(SIBGHAT_PHRASE), `selection: "${active.document.getText(active.selection)}"`);
    assert.ok(active.visibleRanges.some((r) => r.contains(active.selection.start)), 'passage not revealed');
  });

  test('corroborate.goToSource from the cursor offers both sources in a quick pick', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    const p = positionOf(editor.document, SIBGHAT_PHRASE, { delta: 4 });
    editor.selection = new vscode.Selection(p, p);
    const shown = nextEvent(a.onDidShowQuickPick, (e) => e.command === 'corroborate.goToSource');
    const run = vscode.commands.executeCommand<{ uri: vscode.Uri; range: vscode.Range; source: string } | undefined>('corroborate.goToSource');
    const pick = await shown;
    const labels = pick.items.map((i) => i.label);
    assert.deepEqual(new Set(labels), new Set([await sourceLabel(a, await seed('001_')), await sourceLabel(a, await seed('002_'))]));
    assert.ok(pick.items.every((i) => i.detail && i.description), JSON.stringify(pick.items));
    // Scores are shown the one way people see them everywhere (formatScore: "93%").
    const st = (await a.documentStatements(editor.document.uri)).find((s) => s.range.contains(p));
    for (const item of pick.items) {
      const m = st?.matches.find((x) => x.source === item.label);
      assert.ok(m?.score !== undefined, `no scored match for ${item.label}`);
      assert.ok(item.description!.split(' · ').includes(formatScore(m.score)), `"${item.description}" lacks ${formatScore(m.score)}`);
    }
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await run;
    assert.ok(result, 'no source opened');
    assert.equal(result.source, labels[0]);
    const active = await activeEditorIs(result.uri);
    assert.ok(active.document.getText(active.selection).includes(SIBGHAT_PHRASE));
  });

  test('corroborate.goToSource outside a statement does nothing', async () => {
    const editor = await openSeed('000_');
    const p = positionOf(editor.document, 'Skip to main content');
    editor.selection = new vscode.Selection(p, p);
    const result = await vscode.commands.executeCommand('corroborate.goToSource');
    assert.equal(result, undefined);
    assert.ok(sameFile(vscode.window.activeTextEditor!.document.uri, editor.document.uri));
  });

  test('Next / Previous Statement select statements in document order', async () => {
    const a = await api();
    const editor = await openSeed('000_');
    const statements = await a.documentStatements(editor.document.uri);
    assert.ok(statements.length >= 2);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('corroborate.nextStatement');
    assert.ok(editor.selection.isEqual(new vscode.Selection(statements[0].range.start, statements[0].range.end)), 'next did not select the first statement');
    await vscode.commands.executeCommand('corroborate.nextStatement');
    assert.ok(editor.selection.start.isEqual(statements[1].range.start), 'next did not select the second statement');
    await vscode.commands.executeCommand('corroborate.previousStatement');
    assert.ok(editor.selection.start.isEqual(statements[0].range.start), 'previous did not go back');
  });

  test("the quote's code lens names the source count and its command opens the matches", async () => {
    const a = await api();
    const editor = await openSeed('000_');
    await a.whenIdle();
    const pos = positionOf(editor.document, SIBGHAT_PHRASE);
    await setSetting('corroborate.codeLens.enabled', true);
    try {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100)) ?? [];
      const lens = lenses.find((l) => l.range.contains(pos));
      assert.ok(lens?.command, `no code lens on the quote (${lenses.length} lenses)`);
      assert.match(lens.command.title, /3 of 5 sources/);
      await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
      await vscode.commands.executeCommand('closeReferenceSearch');
    } finally {
      await setSetting('corroborate.codeLens.enabled', undefined);
    }
  });

  test('Restart Server brings the server back and it re-indexes', async () => {
    const a = await api();
    await a.whenIdle();
    const before = a.status.summary!.statements;
    await vscode.commands.executeCommand('corroborate.restartServer');
    await a.whenIdle();
    assert.equal(a.status.summary!.statements, before);
    const editor = await openSeed('000_');
    const st = (await a.documentStatements(editor.document.uri)).find((s) => s.range.contains(positionOf(editor.document, SIBGHAT_PHRASE)));
    assert.equal(st?.matches.length, 2);
  }, 90_000);

  test('document symbols (Outline) come from the server', async () => {
    const editor = await openSeed('000_');
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri)) ?? [];
    assert.ok(symbols.length > 0, 'no document symbols');
  });
});
