// Applies fix edits to a text. Edits are UTF-16 offsets into the text the findings were computed on;
// overlapping edits (two fixes for one spot) keep the first and drop the rest.
import type { Finding, TextEditSpec } from '../../../common/src/types';

export function applyEdits(text: string, edits: TextEditSpec[]): string {
  const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.startIndex < at) continue;
    out += text.slice(at, e.startIndex) + e.newText;
    at = e.endIndex;
  }
  return out + text.slice(at);
}

/** The edits of every safe fix among the findings, without overlaps: what fixAll and `skeptic fix` apply. */
export function safeFixEdits(findings: Finding[]): { edits: TextEditSpec[]; applied: Finding[] } {
  const edits: TextEditSpec[] = [];
  const applied: Finding[] = [];
  const taken: Array<[number, number]> = [];
  for (const f of findings) {
    if (!f.fix?.safe) continue;
    const overlaps = f.fix.edits.some(e => taken.some(([s, end]) => e.startIndex < end && s < e.endIndex || (e.startIndex === s && e.endIndex === end)));
    if (overlaps) continue;
    for (const e of f.fix.edits) taken.push([e.startIndex, e.endIndex]);
    edits.push(...f.fix.edits);
    applied.push(f);
  }
  return { edits, applied };
}
