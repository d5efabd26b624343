// Is this text a news article? Only articles join the corpus: a code
// repository's LICENSE.txt, CMakeLists.txt, CHANGELOG.txt or requirements.txt
// must not be underlined as "claims". Decided from well-known file names and
// from the content: an article is mostly prose (lines that are sentences:
// words, spaces and ordinary punctuation, ending like a sentence), not lists,
// code, build files, version histories, licence boilerplate or requirement
// pins. One pass over the lines; no model, nothing kept between calls.

export type ArticleVerdict = { article: true } | { article: false; reason: string };

/**
 * File names that are never articles, by their stem (the name up to its
 * first dot, lower-cased). Words that could open an article's file name
 * ("history-of-…", "notice-to-…") count only as the whole stem; the
 * unambiguous ones also with a suffix (LICENSE-MIT, COPYING.LESSER,
 * requirements-dev.txt).
 */
const EXACT_NAMES: Record<string, string> = {
  changes: 'a changelog',
  history: 'a changelog',
  releasenotes: 'a changelog',
  notice: 'a notice file',
  authors: 'a list of authors',
  contributors: 'a list of contributors',
  maintainers: 'a list of maintainers',
  codeowners: 'a list of code owners',
  thanks: 'a list of contributors',
  patents: 'a licence text',
  cmakelists: 'a build file',
  makefile: 'a build file',
  dockerfile: 'a build file',
  robots: 'a robots.txt file',
  humans: 'a humans.txt file',
  security: 'a security policy',
  readme: 'a readme',
  contributing: 'contribution guidelines',
  codeofconduct: 'a code of conduct',
  install: 'installation notes',
  constraints: 'a list of requirement pins',
};
/** The word, then at most one tag (LICENSE-MIT, COPYING.LESSER, LICENSE-APACHE-2.0, requirements-dev), then an extension. */
const tagged = (word: string) => new RegExp(`^(?:${word})(?:[-_.][a-z]+)?(?:[-_.]?v?\\d+(?:[-_.]\\d+)*)?(?:\\.(?:txt|md|markdown|rst|text|in))?$`);
const PREFIX_NAMES: [RegExp, string][] = [
  [tagged('(?:un)?licen[cs]es?|copying|copyright|third[-_]?party[-_]?(?:notices?|licen[cs]es?)'), 'a licence text'],
  [tagged('change[-_]?log'), 'a changelog'],
  [tagged('requirements'), 'a list of requirement pins'],
];

/** Whether `text` (the file at `path`) is a news article; if not, a short phrase saying what it is. */
export function articleVerdict(path: string, text: string): ArticleVerdict {
  const byName = verdictOfName(path);
  if (byName) return { article: false, reason: byName };
  return verdictOfContent(text);
}

function verdictOfName(path: string): string | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = base.indexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const exact = EXACT_NAMES[stem.replace(/[-_ ]/g, '')];
  if (exact) return exact;
  for (const [re, reason] of PREFIX_NAMES) if (re.test(base)) return reason;
  return undefined;
}

/**
 * Boilerplate of software licences (MIT, BSD, Apache, GPL/LGPL, MPL, ISC):
 * two distinct phrases make a licence text. Names of licences and of their
 * stewards ("GNU General Public License", "Free Software Foundation") are not
 * here: a news story about licensing names them.
 */
const LICENCE_PHRASES = [
  'permission is hereby granted',
  'the software is provided "as is"',
  'the software is provided “as is”',
  'without warranty of any kind',
  'without any warranty',
  'this software is provided by the copyright holders',
  'without warranties or conditions of any kind',
  'licensed under the apache license',
  'you may not use this file except in compliance',
  'redistribution and use in source and binary forms',
  'redistributions of source code must retain',
  'this program is free software',
  'this library is free software',
  'you can redistribute it and/or modify',
  'this source code form is subject to the terms',
  'permission to use, copy, modify',
  'merchantability or fitness for a particular purpose',
  'merchantability and fitness',
  'spdx-license-identifier',
  'limitations under the license',
];

/** Share of the non-blank characters that must be prose lines. */
const MIN_PROSE_SHARE = 0.35;
/** Fewest words in prose lines (a news brief can be one short sentence: ECB+ has such files). */
const MIN_PROSE_WORDS = 5;

type Kind = 'prose' | 'list' | 'code' | 'build' | 'pin' | 'version' | 'other';

function verdictOfContent(text: string): ArticleVerdict {
  const lower = (text.length > 200_000 ? text.slice(0, 200_000) : text).toLowerCase().replace(/\s+/g, ' ');
  let licence = 0;
  for (const p of LICENCE_PHRASES) if (lower.includes(p)) licence++;
  if (licence >= 2) return { article: false, reason: 'a licence text' };

  const chars: Record<Kind, number> = { prose: 0, list: 0, code: 0, build: 0, pin: 0, version: 0, other: 0 };
  const lines: Record<Kind, number> = { prose: 0, list: 0, code: 0, build: 0, pin: 0, version: 0, other: 0 };
  let proseWords = 0;
  let total = 0;
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    from = to + 1;
    const trimmed = line.trim();
    if (!trimmed) continue;
    const { kind, words } = classifyLine(line, trimmed);
    chars[kind] += trimmed.length;
    lines[kind]++;
    total += trimmed.length;
    if (kind === 'prose') proseWords += words;
  }
  if (total === 0) return { article: false, reason: 'no text' };
  // source code with long comments or docstrings holds prose too, but less than code (an article's embedded CSS or script, more)
  const code = chars.code + chars.build + chars.pin;
  if (chars.prose >= MIN_PROSE_SHARE * total && proseWords >= MIN_PROSE_WORDS && code < chars.prose) return { article: true };
  // Not prose: name what it mostly is instead.
  if (lines.version >= 2) return { article: false, reason: 'a changelog' };
  const rest: [Kind, string][] = [
    ['pin', 'a list of requirement pins'],
    ['build', 'a build file'],
    ['code', 'source code'],
    ['list', 'a list, not prose'],
  ];
  let best: [Kind, string] | undefined;
  for (const r of rest) if (chars[r[0]] > 0.25 * total && (!best || chars[r[0]] > chars[best[0]])) best = r;
  return { article: false, reason: best ? best[1] : 'too little prose' };
}

const LIST_MARKER = /^(?:[-*+•·▪◦‣–—]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s/;
const TAG = /<\/?[A-Za-z][^<>\n]{0,500}>/g;
const PIN = /^[A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?\s*(?:===?|[<>!~]=|[<>])\s*[\w.*+!-]+/;
const PIP_OPTION = /^(?:-[rce]\s|--(?:requirement|constraint|editable|index-url|extra-index-url|find-links|hash|trusted-host)\b)/;
const VERSION_HEADING = /^(?:#{1,4}\s*|=+\s*|version\s+|release\s+)?\[?v?\d{1,4}\.\d{1,4}(?:\.\d{1,6})?(?:[-+.][\w.]+)?\]?(?:\s|$|[:(,-])/i;
const UNRELEASED = /^#{1,4}\s*\[?unreleased\]?\s*$/i;
const BUILD = /^(?:cmake_minimum_required|project|add_executable|add_library|add_subdirectory|add_definitions|add_compile_options|add_custom_target|add_custom_command|add_dependencies|add_test|target_\w+|set|unset|option|find_package|find_library|find_path|include|include_directories|link_directories|link_libraries|install|if|elseif|else|endif|foreach|endforeach|while|endwhile|function|endfunction|macro|endmacro|message|list|string|file|configure_file|enable_testing|set_target_properties|set_property|get_filename_component|execute_process|return)\s*\(/i;
const CODE_START = /^(?:def |class |import |from \S+ import |return\b|if |elif |else:|for |while |try:|except\b|finally:|with |async |await |function\b|const |let |var |export |module\.exports|require\(|#include|#define|#if|#endif|#pragma|public |private |protected |static |package |using |namespace |fn |pub |impl |struct |enum |interface |type |@\w+|\/\/|\/\*|\*\/|\*\s|<\/?[a-z][\w-]*[\s>/]|<!|\$ |>>> |# |"""|''')/;

/**
 * What one line is. `trimmed` is the line without leading and trailing
 * whitespace; `inner`: the text inside markup or after a list marker, judged
 * once (no further unwrapping).
 */
function classifyLine(line: string, trimmed: string, inner = false): { kind: Kind; words: number } {
  if (UNRELEASED.test(trimmed)) return { kind: 'version', words: 0 };
  if (trimmed.length < 80 && VERSION_HEADING.test(trimmed)) return { kind: 'version', words: 0 };
  if (PIN.test(trimmed) || PIP_OPTION.test(trimmed)) return { kind: 'pin', words: 0 };
  if (BUILD.test(trimmed)) return { kind: 'build', words: 0 };
  if (!inner && trimmed.charCodeAt(0) === 0x3c && trimmed.includes('>')) {
    // markup around prose (an embedded tweet, a saved HTML paragraph): judge the text between the tags
    const text = trimmed.replace(TAG, ' ').trim();
    if (text.length < trimmed.length) return text ? classifyLine(text, text, true) : { kind: 'code', words: 0 };
  }
  const marker = inner ? null : LIST_MARKER.exec(trimmed);
  if (marker) {
    // a numbered or bulleted paragraph of prose (a listicle's "7. Chris Christie. The New Jersey governor …") is prose
    const rest = classifyLine(trimmed.slice(marker[0].length), trimmed.slice(marker[0].length).trim(), true);
    return rest.kind === 'prose' && rest.words >= 25 ? rest : { kind: 'list', words: 0 };
  }
  let symbols = 0;
  let letters = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
    if (letter) {
      letters++;
      if (!inWord) words++;
      inWord = true;
      continue;
    }
    // an apostrophe inside a word ("don't", "Afghanistan’s") keeps it one word
    if (inWord && (c === 0x27 || c === 0x2019)) continue;
    inWord = false;
    // characters of code and markup, rare in prose
    if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x3c || c === 0x3e || c === 0x3d || c === 0x5f || c === 0x23 || c === 0x2a || c === 0x7c || c === 0x5c || c === 0x5e || c === 0x7e || c === 0x3b) symbols++;
    // a backquote, unless doubled as an opening quote (``American Pie'' in ECB+)
    else if (c === 0x60 && trimmed.charCodeAt(i + 1) !== 0x60 && trimmed.charCodeAt(i - 1) !== 0x60) symbols++;
  }
  // how the line ends, read from its last characters only (the patterns stay linear on any line)
  const tail = trimmed.length > 64 ? trimmed.slice(-64) : trimmed;
  const codeLike = CODE_START.test(trimmed) || /[;{}]$|\)\s*:$/.test(tail) || /=>|\)\s*\{|\w\(\)|[=!]==|&&|\|\||::|->/.test(trimmed);
  if (codeLike && (symbols > 0 || /^\s{2,}|\t/.test(line) || CODE_START.test(trimmed))) return { kind: 'code', words };
  if (symbols > 2 + trimmed.length * 0.02) return { kind: 'code', words };
  // a sentence: words, mostly letters, ending like a sentence (a closing quote or bracket may follow)
  if (words >= 4 && letters >= 0.6 * trimmed.length && /[.!?…:;]["'”’»)\]]*$|[.!?…]["'”’»)\]]*\s+\S{1,12}$/.test(tail)) return { kind: 'prose', words };
  if (words >= 12 && letters >= 0.7 * trimmed.length) return { kind: 'prose', words };
  return { kind: 'other', words };
}
