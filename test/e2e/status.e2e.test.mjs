// Where the Corroborate status bar item shows: on articles of the corpus only
// (and in the error state), not on the build files, licences and changelogs of
// a code repository, nor on files corroborate.exclude leaves out. The workspace
// is the seeds plus such files; whether each one is an article is the server's
// decision, so the test reads the corpus from the status item's source list and
// checks that the item follows it, file by file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as H from './harness.mjs';

const SEED_000 = '000_467a02d64a99aa07.txt';
const STATUS = /^Corroborate\b/;
// the active article's story, or the corpus count while stories are not known
const SOURCES = /^(Story: .+ · \d+ sources?|Corroborate: \d+ sources? · \d+ statements?)$/;

const REPO_FILES = {
  'LICENSE.txt': `MIT License

Copyright (c) 2024 The Example Authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`,
  'CMakeLists.txt': `cmake_minimum_required(VERSION 3.16)
project(example VERSION 1.4.2 LANGUAGES C CXX)

set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
option(EXAMPLE_BUILD_TESTS "Build the unit tests" ON)

find_package(Threads REQUIRED)
add_library(example src/parser.cpp src/lexer.cpp src/ast.cpp)
target_include_directories(example PUBLIC include)
target_link_libraries(example PRIVATE Threads::Threads)

if(EXAMPLE_BUILD_TESTS)
  enable_testing()
  add_executable(example_tests tests/main.cpp tests/parser_test.cpp)
  target_link_libraries(example_tests PRIVATE example)
  add_test(NAME example_tests COMMAND example_tests)
endif()
`,
  'CHANGELOG.txt': `# Changelog
All notable changes to this project will be documented in this file.

The format is based on Keep a Changelog, and this project adheres to Semantic Versioning.

## [1.4.2] - 2024-03-18
### Fixed
- The parser no longer crashes on an empty input file.
- Windows paths with spaces are quoted when the tests are run.

## [1.4.0] - 2024-01-09
### Added
- A --json flag that prints the syntax tree.
### Changed
- The minimum CMake version is now 3.16.
`,
  'requirements.txt': `numpy>=1.26,<2.0
pandas==2.2.1
requests>=2.31.0
scikit-learn==1.4.1.post1
# development
pytest>=8.0
black==24.2.0
`,
};

describe('the status bar item shows only on articles of the corpus', () => {
  let wb, server, browser, page, ws;
  let listed = ''; // the source list's text (it names each corpus file's path)

  beforeAll(async () => {
    ws = H.copySeeds();
    for (const [name, text] of Object.entries(REPO_FILES)) writeFileSync(join(ws.dir, name), text);
    // an article the settings leave out
    mkdirSync(join(ws.dir, 'drafts'));
    cpSync(join(ws.dir, SEED_000), join(ws.dir, 'drafts', 'draft.txt'));
    mkdirSync(join(ws.dir, '.vscode'));
    writeFileSync(join(ws.dir, '.vscode', 'settings.json'), JSON.stringify({ 'corroborate.exclude': ['**/node_modules/**', '**/.git/**', '**/drafts/**'] }));
    wb = await H.openWorkbenchOn(ws.dir);
    ({ server, browser, page } = wb);
  });

  afterAll(async () => {
    await wb?.close();
    ws?.cleanup();
  });

  const onFailure = (name, fn) => H.explainFailure(wb, `status-${name}`, fn);

  it('on a seed it is shown, and the source list names the corpus files', () => onFailure('seed', async () => {
    await H.openFile(page, SEED_000);
    await H.statusBarText(page, SOURCES);
    await H.runCommand(page, 'Corroborate: Show Sources');
    const rows = await H.readQuickPick(page, { minRows: 5 }); // the seeds (and whichever repository files the server takes for articles)
    listed = rows.map((r) => r.text).join('\n');
    expect(listed).toContain(SEED_000);
    expect(listed).not.toContain('draft.txt');
    await page.keyboard.press('Escape');
    await H.quickInputClosed(page);
  }));

  it('on a file corroborate.exclude leaves out, it is hidden; back on a seed it returns', () => onFailure('excluded', async () => {
    await H.openFile(page, 'drafts/draft.txt');
    await H.statusBarGone(page, STATUS);
    await H.openFromExplorer(page, SEED_000);
    await H.statusBarText(page, SOURCES);
  }));

  for (const name of Object.keys(REPO_FILES)) {
    it(`on ${name} it is shown exactly when the server has the file in its corpus`, () => onFailure(name, async () => {
      await H.openFromExplorer(page, name);
      if (listed.includes(name)) await H.statusBarText(page, SOURCES);
      else await H.statusBarGone(page, STATUS);
      await H.openFromExplorer(page, SEED_000);
      await H.statusBarText(page, SOURCES);
    }));
  }
});
