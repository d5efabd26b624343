#!/usr/bin/env node
// tools/package.mjs [OUT.vsix]   (npm run package: after a minified build)
//
// Packs the extension from the current dist/ into OUT.vsix (default
// corroborate-<version>.vsix). The README in the package is a generated copy,
// dist/README.package.md: README.md with every local picture embedded as a
// data: URI, because VS Code's extension details page only loads https: and
// data: pictures and the package has no repository URL for vsce to rewrite
// relative links to. README.md itself keeps its relative links (GitHub renders
// those). The screenshots thus ship only inside that README; the icon ships as
// its own file (see .vscodeignore). test/e2e/vsix.e2e.test.mjs packs with this
// script too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_README = 'dist/README.package.md';

const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
const isUrl = (ref) => /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('#');

/** `ref` as a data: URI of the file it names (relative to `root`). */
function dataUri(ref, root) {
  const file = join(root, decodeURI(ref.replace(/[?#].*$/, '')));
  const mime = MIME[extname(file).toLowerCase()];
  // vsce refuses SVG data URIs in a README, and the details page would not show other types.
  if (!mime) throw new Error(`README picture ${ref}: only ${Object.keys(MIME).join(' ')} can be embedded`);
  return `data:${mime};base64,${readFileSync(file).toString('base64')}`;
}

/**
 * README text with its local pictures embedded: Markdown `![alt](path "title")`
 * and HTML `<img src="path">`. Links (`[text](path)`) and remote pictures are
 * left as they are. Throws when a picture's file is missing.
 */
export function embedPictures(markdown, root = ROOT) {
  return markdown
    .replace(/(!\[[^\]]*\]\(\s*)(<?)([^)\s>]+)(>?)((?:\s+"[^"]*")?\s*\))/g, (all, head, lt, ref, gt, tail) =>
      isUrl(ref) ? all : `${head}${lt}${dataUri(ref, root)}${gt}${tail}`)
    .replace(/(<img\b[^>]*\bsrc\s*=\s*)(["'])([^"']+)\2/gi, (all, head, q, ref) => (isUrl(ref) ? all : `${head}${q}${dataUri(ref, root)}${q}`));
}

export function writePackageReadme(out = PACKAGE_README, root = ROOT) {
  const text = embedPictures(readFileSync(join(root, 'README.md'), 'utf8'), root);
  const path = resolve(root, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

/** Writes the package README and runs vsce; returns the .vsix path. */
export function packageVsix(out, { root = ROOT, stdio = 'inherit' } = {}) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const vsix = resolve(root, out ?? `corroborate-${version}.vsix`);
  writePackageReadme(PACKAGE_README, root);
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository',
    '--no-rewrite-relative-links', '--readme-path', PACKAGE_README, '-o', vsix], { cwd: root, stdio });
  return vsix;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  packageVsix(process.argv[2]);
}
