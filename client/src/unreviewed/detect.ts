// What counts as an insertion of code that nobody has reviewed yet: one text change that brings in
// many lines or characters at once — an accepted assistant suggestion, an agent's edit, a paste.
// Pure (no `vscode`). Not insertions: typing (one character per change), undo and redo, reloading the
// file from disk (controller.ts), Skeptic's own edits (tracker.ts), and formatting, recognised by what it changes:
// a formatter re-lays out code that was already there, so what it inserts equals what it replaced once
// whitespace and the punctuation formatters add or drop (semicolons, commas, parentheses, quote style)
// are set aside. VS Code hands formatters' edits over as minimal diffs, so a re-indented or re-wrapped
// function arrives as small changes of exactly that kind.

export interface Thresholds {
  /** An insertion has at least this many non-blank lines… */
  minLines: number;
  /** …or at least this many characters. */
  minChars: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minLines: 3, minChars: 120 };

export function nonBlankLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (/\S/.test(line)) n++;
  return n;
}

/** Large enough to be an insertion, and more than whitespace. */
export function isLargeInsertion(text: string, t: Thresholds): boolean {
  if (!/\S/.test(text)) return false;
  return nonBlankLines(text) >= t.minLines || text.length >= t.minChars;
}

const LAYOUT = /[\s;,()'"`]/g;

/** True when `inserted` only re-lays out `replaced` (what a formatter does). */
export function isRelayout(inserted: string, replaced: string): boolean {
  const a = inserted.replace(LAYOUT, '');
  return a.length > 0 && a === replaced.replace(LAYOUT, '');
}

/**
 * A multi-change event that is mostly whitespace edits is a formatter (or a re-indent) at work, even
 * where one of its changes is larger; several real insertions at once (a multi-cursor paste) are not.
 */
export function isFormattingEvent(changes: { inserted: string; replaced: string }[]): boolean {
  if (changes.length < 2) return false;
  const layoutOnly = changes.filter(c => !/\S/.test(c.inserted) && !/\S/.test(c.replaced)).length;
  return layoutOnly / changes.length >= 0.8;
}
