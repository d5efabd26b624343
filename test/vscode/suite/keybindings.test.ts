import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { suite, test } from '../framework';
import { EXTENSION_ID } from '../util';

/** Normalise "Ctrl+Alt+G" / "alt+ctrl+g" chords for comparison. */
const norm = (k: string) => k.toLowerCase().split(' ').map((c) => c.split('+').sort().join('+')).join(' ');

suite('contributions', () => {
  test("keybindings don't clash with VS Code's default keybindings", async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && /keybindings/i.test(doc.uri.path), `default keybindings not opened: ${doc?.uri}`);
    const text = doc.getText().replace(/^\s*\/\/.*$/gm, '');
    const defaults: { key: string; command: string }[] = JSON.parse(text.replace(/,(\s*[\]}])/g, '$1'));
    assert.ok(defaults.length > 300, `only ${defaults.length} default keybindings parsed`);
    if (process.env.CORROBORATE_DUMP_KEYBINDINGS) writeFileSync(process.env.CORROBORATE_DUMP_KEYBINDINGS, JSON.stringify(defaults));
    const taken = new Map(defaults.filter((d) => !d.command.startsWith('corroborate.')).map((d) => [norm(d.key), d.command]));
    const ours: { key: string; command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.keybindings;
    assert.ok(ours.length >= 3);
    const clashes: string[] = [];
    for (const k of ours) {
      const key = norm(k.key);
      if (taken.has(key)) clashes.push(`${k.key} (${k.command}) is already bound to ${taken.get(key)}`);
      // a single key that is the first part of a default chord would shadow the chord (and vice versa)
      const chord = [...taken.keys()].find((t) => (t.includes(' ') && t.split(' ')[0] === key) || (key.includes(' ') && key.split(' ')[0] === t));
      if (chord) clashes.push(`${k.key} (${k.command}) overlaps the chord ${chord} (${taken.get(chord)})`);
    }
    assert.deepEqual(clashes, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('every contributed command is registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const ours: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
    for (const c of ours) assert.ok(all.has(c.command), `${c.command} is not registered`);
  });
});
