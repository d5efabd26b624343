// Plain data shared by every layer. Offsets are UTF-16 code units into the
// document text exactly as read (JavaScript string indices), `end` exclusive.

export interface Span {
  start: number;
  end: number;
}

/** A cancellation check the core polls in long loops (LSP tokens adapt to it). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}
export const neverCancelled: Cancellation = { isCancellationRequested: false };

export interface Sentence extends Span {
  /** Index into TextModel.paragraphs. */
  paragraph: number;
}

type IgnoredReason =
  | 'boilerplate' // navigation, share/comment/donation lines, "Read more"
  | 'duplicate' // the article body printed a second time in the same file
  | 'embed' // embedded tweet / social-media markup
  | 'metadata' // front matter, "Source:" lines, photo credits, bylines
  | 'heading'; // section heading, or a title-cased line (not a statement, kept as structure); the headline is a statement

export interface IgnoredRegion extends Span {
  reason: IgnoredReason;
  /** Short human explanation, e.g. the rule that fired. */
  detail?: string;
}

type SpeakerKind = 'name' | 'pronoun' | 'description';

export interface Speaker extends Span {
  /** The resolved person (or the description, when no name is known). */
  name: string;
  kind: SpeakerKind;
  /** Set when the name was borrowed from another source through a match. */
  borrowedFrom?: { path: string; statementId: string };
}

/**
 * A quote (someone's words in quotation marks), a claim (a checkable sentence
 * of the writer's), or the headline (the heading that opens an article: its
 * lead claim, at most one per article, no one's words). A headline links like
 * a claim; the editor lists and hovers it but never underlines it.
 */
type StatementKind = 'quote' | 'claim' | 'headline';

export interface Statement extends Span {
  /** Stable within a document: derived from the text, not the position. */
  id: string;
  kind: StatementKind;
  /** document.text.slice(start, end). Quotes include their quote marks. */
  text: string;
  /** Who said it: always tried for quotes; set for claims that are attributed ("X said ..."). */
  speaker: Speaker | null;
  /** Outlets/agencies the statement is reported through ("AP reported", "told Reuters"). */
  reportedVia: string[];
  paragraph: number;
  /**
   * Quotes only: the quotation is part of an attribution that also has the
   * writer's own words (`would "hold direct talks" with`), rather than a
   * direct quote whose whole content is quotation. See quotes.ts.
   */
  partial?: boolean;
}

export interface DocumentAnalysis {
  path: string;
  /** Outlet label: front matter / "Source:" line / byline, else title, else file name. */
  source: string;
  title: string;
  date?: string;
  url?: string;
  /** Length of the analysed text (UTF-16 units). */
  length: number;
  ignored: IgnoredRegion[];
  statements: Statement[];
  /** The text's sentences (never across a line break), in order: where the editor places what follows a statement. */
  sentences: Span[];
}

export type Relation = 'verbatim' | 'partial' | 'paraphrase' | 'conflict';

/** Why two statements were linked, so the editor can explain it. */
export interface MatchReason {
  /** Content words both statements share (normalised). */
  aligned: string[];
  /** The threshold the deciding score passed. */
  threshold: number;
  /** For conflicts: the details that disagree, e.g. "12 vs 11". */
  differences?: string[];
  /** Free text for the hover, e.g. "excerpt: 5 of 5 words inside the other". */
  note?: string;
}

export interface Match {
  /** The other document. */
  path: string;
  statementId: string;
  start: number;
  end: number;
  text: string;
  relation: Relation;
  /** 0..1, higher is stronger. */
  score: number;
  reason: MatchReason;
  /**
   * Set when the other document is in another story: only a long quote
   * printed word for word links across stories (see corpus.ts, `crossStory`).
   */
  otherStory?: boolean;
}

/** A statement with its cross-source view, computed on demand. */
export interface StatementView {
  statement: Statement;
  matches: Match[];
  /** The speaker after borrowing a name from a matched source of the same story, if any. */
  speaker: Speaker | null;
  /** Different speakers given for the same quote by other sources of the same story. */
  attributionConflicts: { path: string; statementId: string; name: string }[];
}

/** Articles that report one happening (engine/stories). */
export interface Story {
  /** Stable while its earliest-ranked member (lowest content hash) stays: `s` + that hash. */
  id: string;
  /** A short readable name: the headline the members share most, else the opening words. */
  label: string;
  /** Member ids, sorted. */
  documents: string[];
}
