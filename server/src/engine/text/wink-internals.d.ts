// Types for the one wink-nlp internal module text.ts reaches into (see
// `forgetLearnedLexemes` there): the set of token mappers `out()` accepts.
declare module 'wink-nlp/src/allowed.js' {
  const allowed: { its4token: Set<unknown> };
  export default allowed;
}
