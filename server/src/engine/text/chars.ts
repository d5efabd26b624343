// Character classes by UTF-16 code, one place for the whole engine. The one
// whitespace test is `isSpace`: exactly JavaScript's `\s`, so the regexes'
// `\s`, String.prototype.trim and wink-nlp's token splitter (which cuts at
// `\s`) agree with it. The one variant, `isTrimmable`, says why it differs.

/** JavaScript's `\s`: ASCII tab to carriage return and space, NBSP, and the Unicode spaces and line separators. */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A line break the paragraph splitter cuts at (`\r\n`, `\n`, `\r`, U+2028, U+2029). */
export function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * What paragraphs and sentences are trimmed of: white space and the ZERO
 * WIDTH SPACE (U+200B), which is no `\s` but which web pages leave at the
 * ends of lines; a statement neither starts nor ends with an invisible
 * character.
 */
export function isTrimmable(c: number): boolean {
  return isSpace(c) || c === 0x200b;
}

/** A token that is a double quote mark (wink's `` and '' included). */
export function isQuoteMark(v: string): boolean {
  return v === '"' || v === '“' || v === '”' || v === '„' || v === '«' || v === '»' || v === '``' || v === "''";
}

/** A token that ends a sentence. */
export function isSentenceEnd(v: string): boolean {
  return v === '.' || v === '!' || v === '?' || v === '...' || v === '…';
}
