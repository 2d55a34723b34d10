// Keeping findings in step with edits: positions after an inserted text, regions merged, and findings
// outside an edit moved with the text (those whose flagged text the edit touches are dropped, for
// re-analysis to restore if they still hold). Shared by the grammar and the line-oriented live documents.
import type { Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Position } from '../../../common/src/types';

export type Region = [number, number];

/** Where (row, column) lands after inserting `text` at `start`. */
export function endOf(start: Position, text: string): Position {
  let line = start.line;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return last === -1 ? { line, character: start.character + text.length } : { line, character: text.length - last - 1 };
}

function shiftPosition(p: Position, oldEnd: Position, newEnd: Position): Position {
  if (p.line > oldEnd.line) return { line: p.line + newEnd.line - oldEnd.line, character: p.character };
  return { line: newEnd.line, character: newEnd.character + (p.character - oldEnd.character) };
}

export function mergeRegions(regions: Region[]): Region[] {
  const sorted = [...regions].sort((a, b) => a[0] - b[0]);
  const out: Region[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export const intersects = (aStart: number, aEnd: number, r: Region): boolean => aStart < r[1] && r[0] < aEnd || aStart === r[0] || (aStart >= r[0] && aStart < r[1]);

export interface EditSpan {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  start: Position;
  oldEnd: Position;
  newEnd: Position;
}

/** Where a ranged content change falls in `doc` (the text before it is applied). */
export function spanOf(doc: TextDocument, change: { range: Range; text: string }): EditSpan {
  const startIndex = doc.offsetAt(change.range.start);
  const oldEndIndex = doc.offsetAt(change.range.end);
  // offsetAt clamps: use the positions it resolves to, so trees, findings and text stay in step.
  const start = doc.positionAt(startIndex);
  return { startIndex, oldEndIndex, newEndIndex: startIndex + change.text.length, start, oldEnd: doc.positionAt(oldEndIndex), newEnd: endOf(start, change.text) };
}

/** Regions still to re-analyse, moved by an edit, plus the text the edit inserted. */
export function addDirty(dirty: Region[], e: EditSpan): Region[] {
  const { startIndex, oldEndIndex, newEndIndex } = e;
  const delta = newEndIndex - oldEndIndex;
  const moved = dirty.map(([s, end]): Region => [s >= oldEndIndex ? s + delta : Math.min(s, startIndex), end >= oldEndIndex ? end + delta : Math.max(end, newEndIndex)]);
  moved.push([startIndex, newEndIndex]);
  return moved;
}

/** The findings that survive an edit, moved to where their text now is. Mutates and returns them. */
export function shiftFindings(raw: Finding[], e: EditSpan): Finding[] {
  const { startIndex, oldEndIndex, newEndIndex, oldEnd, newEnd } = e;
  const insertedLength = newEndIndex - startIndex;
  const delta = newEndIndex - oldEndIndex;
  const shiftIndex = (i: number): number => (i >= oldEndIndex ? i + delta : Math.min(i, startIndex + (i > startIndex ? insertedLength : 0)));
  const shift = (p: Position, i: number): Position => (i >= oldEndIndex ? shiftPosition(p, oldEnd, newEnd) : p);
  const kept = raw.filter(f => f.endIndex < startIndex || f.startIndex > oldEndIndex);
  for (const f of kept) {
    if ((f.matchEnd ?? f.endIndex) < startIndex) continue;
    f.range = { start: shift(f.range.start, f.startIndex), end: shift(f.range.end, f.endIndex) };
    f.startIndex = shiftIndex(f.startIndex);
    f.endIndex = shiftIndex(f.endIndex);
    if (f.matchStart !== undefined) f.matchStart = shiftIndex(f.matchStart);
    if (f.matchEnd !== undefined) f.matchEnd = shiftIndex(f.matchEnd);
    for (const x of f.fix?.edits ?? []) {
      x.range = { start: shift(x.range.start, x.startIndex), end: shift(x.range.end, x.endIndex) };
      x.startIndex = shiftIndex(x.startIndex);
      x.endIndex = shiftIndex(x.endIndex);
    }
  }
  return kept;
}
