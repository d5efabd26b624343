// Entry of the extension-host test bundle (dist/test/vscode/index.js): the
// --extensionTestsPath module for @vscode/test-electron and for code-server's
// `payload` mechanism. VS Code requires it and awaits run().
import { runAll } from './framework';
import './suite/activation.test';
import './suite/hover.test';
import './suite/navigation.test';
import './suite/settings.test';
import './suite/keybindings.test';

export function run(): Promise<void> {
  return runAll();
}
