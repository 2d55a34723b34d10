// Offset ranges that follow edits: where a block of inserted code is after each later text change.
// Pure (no `vscode`), so that the rules below are unit-tested under mocha.
//
// The rules: an edit before a block shifts it; an edit inside it grows or shrinks it; an edit that
// removes all of it makes it vanish; an edit over its head or tail trims it. Text typed exactly at a
// block's start or end stays outside the block: code written next to inserted code was typed by a person.

/** Half-open [start, end) in UTF-16 offsets of the document text, as VS Code counts them. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Replace [offset, offset + length) of the text with `text` (one entry of a change event). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/** Where `r` is after `c`; undefined when `c` removed all of it. */
export function followChange(r: OffsetRange, c: TextChange): OffsetRange | undefined {
  const cEnd = c.offset + c.length;
  const delta = c.text.length - c.length;
  if (c.offset >= r.end) return r;
  if (cEnd <= r.start) return { start: r.start + delta, end: r.end + delta };
  if (c.offset <= r.start && cEnd >= r.end) return undefined;
  if (c.offset >= r.start && cEnd <= r.end) return { start: r.start, end: r.end + delta };
  // Overlaps the head: what is left starts after the replacement text.
  if (c.offset < r.start) return { start: c.offset + c.text.length, end: r.end + delta };
  // Overlaps the tail.
  return { start: r.start, end: c.offset };
}

/** Applies one change to a text (the same arithmetic VS Code's extension host uses). */
export function applyChange(text: string, c: TextChange): string {
  return text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
}

/** Whether two ranges overlap or touch (consecutive insertions are one block). */
export function touches(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The number of lines [start, end) spans; a block ending at the start of a line does not count that line. */
export function linesSpanned(text: string, r: OffsetRange): number {
  let n = 1;
  for (let i = r.start; i < r.end; i++) if (text.charCodeAt(i) === 10) n++;
  if (r.end > r.start && text.charCodeAt(r.end - 1) === 10) n--;
  return Math.max(n, 1);
}

/** 0-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
