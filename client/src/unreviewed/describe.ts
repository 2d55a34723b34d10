// How a block of inserted code is described to a person (hover, CodeLens, list, notification). Pure.
import type { Block } from './tracker';

export function ago(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}

export const linesText = (n: number): string => `${n} line${n === 1 ? '' : 's'}`;

/** "Inserted by an assistant or paste 3 minutes ago · 23 lines · not reviewed" */
export function blockSummary(b: Block, nowMs: number): string {
  const status = b.review ? `reviewed by ${b.review.reviewer} ${ago(b.review.at, nowMs)}${b.review.how === 'checklist' ? ' with the checklist' : ''}` : 'not reviewed';
  return `Inserted by an assistant or paste ${ago(b.insertedAt, nowMs)} · ${linesText(b.lines)} · ${status}`;
}
