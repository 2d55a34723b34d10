// The record of inserted code nobody has reviewed yet: per document, the blocks that arrived in one
// large change (see detect.ts), following later edits (ranges.ts), persisted per document URI in a
// key-value store (VS Code's workspaceState) and checked against the text when a document is opened
// again. Pure — no `vscode` import — so that it is unit-tested under mocha; the editor wiring is
// controller.ts.
//
// Skeptic's own edits (an inserted security prompt, a quick fix, fix-all) are announced beforehand with
// expectOwnEdit(): a change whose text is part of an announced edit is not recorded.
import { createHash } from 'crypto';
import { isFormattingEvent, isLargeInsertion, isRelayout, type Thresholds } from './detect';
import { applyChange, followChange, lineOf, linesSpanned, touches, type OffsetRange, type TextChange } from './ranges';

export interface Review {
  reviewer: string;
  /** Epoch ms. */
  at: number;
  how: 'marked' | 'checklist';
  /** The checklist topics ticked, when reviewed with the checklist. */
  checked?: string[];
}

export interface Block extends OffsetRange {
  id: string;
  /** Epoch ms of the (latest) insertion. */
  insertedAt: number;
  review?: Review;
  /** 0-based line and column of `start`, lines spanned, length and sha256 of the text: kept current while
   *  the document is open, and what a reopened document is checked against. */
  line: number;
  column: number;
  lines: number;
  length: number;
  hash: string;
}

export interface StoredDocument {
  v: 1;
  blocks: Block[];
}

/** What VS Code's Memento offers (and an in-memory map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
  keys(): readonly string[];
}

export interface ChangeEvent {
  changes: TextChange[];
  /** VS Code's TextDocumentChangeReason: undo and redo are never insertions. */
  reason?: 'undo' | 'redo';
}

export interface Insertion {
  uri: string;
  block: Block;
  /** sha256 of the inserted text, to undo the insertion only while it is unchanged. */
  insertedHash: string;
}

export type TrackerEventKind = 'added' | 'removed' | 'reviewed' | 'moved' | 'loaded';
export interface TrackerEvent {
  uri: string;
  kind: TrackerEventKind;
}

export interface TrackerOptions {
  thresholds: () => Thresholds;
  /** Detection on or off (blocks already recorded keep following edits either way). */
  enabled?: () => boolean;
  now?: () => number;
  /** Moves are written to the store after this delay; additions, removals and reviews at once. */
  persistDelayMs?: number;
}

interface DocState {
  uri: string;
  /** The document's text while it is open (the text before each change is needed to judge it). */
  text?: string;
  blocks: Block[];
  derivedStale: boolean;
}

export const STORE_PREFIX = 'skeptic.unreviewed/';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const normalizeEol = (s: string): string => s.replace(/\r\n/g, '\n');

export class UnreviewedTracker {
  private readonly docs = new Map<string, DocState>();
  private readonly own = new Map<string, { text: string; until: number }[]>();
  private readonly listeners = new Set<(e: TrackerEvent) => void>();
  private readonly pendingWrites = new Set<string>();
  private writeTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private readonly now: () => number;

  constructor(
    private readonly store: KeyValueStore,
    private readonly options: TrackerOptions,
  ) {
    this.now = options.now ?? Date.now;
    for (const key of store.keys()) {
      if (!key.startsWith(STORE_PREFIX)) continue;
      const stored = store.get<StoredDocument>(key);
      if (stored?.v === 1 && Array.isArray(stored.blocks) && stored.blocks.length) {
        const uri = key.slice(STORE_PREFIX.length);
        this.docs.set(uri, { uri, blocks: stored.blocks.map(b => ({ ...b })), derivedStale: false });
      }
    }
  }

  onDidChange(listener: (e: TrackerEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * A document was opened (or was open when Skeptic started): keep its text, and check each stored
   * block against it. A block whose text is no longer where it was is looked for on other lines (lines
   * added or removed above it outside the editor); a block whose text is gone is dropped.
   */
  open(uri: string, text: string): { kept: number; moved: number; dropped: number } {
    const doc = this.docs.get(uri);
    if (!doc) {
      this.docs.set(uri, { uri, text, blocks: [], derivedStale: false });
      return { kept: 0, moved: 0, dropped: 0 };
    }
    if (doc.text !== undefined) {
      doc.text = text;
      return { kept: doc.blocks.length, moved: 0, dropped: 0 };
    }
    doc.text = text;
    let kept = 0;
    let moved = 0;
    let dropped = 0;
    const lineStarts = lineStartsOf(text);
    doc.blocks = doc.blocks.flatMap(b => {
      if (b.end <= text.length && sha(text.slice(b.start, b.end)) === b.hash) {
        kept++;
        return [b];
      }
      const found = relocate(text, lineStarts, b);
      if (found !== undefined) {
        moved++;
        return [{ ...b, start: found, end: found + b.length }];
      }
      dropped++;
      return [];
    });
    doc.derivedStale = true;
    if (moved || dropped) this.persist(uri, true);
    this.emit({ uri, kind: 'loaded' });
    return { kept, moved, dropped };
  }

  /** Forgets a document's blocks (an untitled document closed without saving: its text is gone). */
  forgetDocument(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    this.docs.delete(uri);
    void this.store.update(STORE_PREFIX + uri, undefined);
    if (doc.blocks.length) this.emit({ uri, kind: 'removed' });
  }

  /** A document was closed: its blocks stay in the store; its text is let go. */
  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    this.derive(doc);
    this.writeNow(uri);
    if (doc.blocks.length) doc.text = undefined;
    else this.docs.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.docs.get(uri)?.text !== undefined;
  }

  /** Skeptic is about to apply `text` to `uri` itself: a change carrying (part of) it is not recorded. */
  expectOwnEdit(uri: string, text: string, ttlMs: number): void {
    const list = (this.own.get(uri) ?? []).filter(e => e.until > this.now());
    list.push({ text: normalizeEol(text), until: this.now() + ttlMs });
    // Code actions are announced each time they are listed; keep the recent ones only.
    this.own.set(uri, list.slice(-100));
  }

  private isOwn(uri: string, text: string): boolean {
    const t = normalizeEol(text);
    const now = this.now();
    return (this.own.get(uri) ?? []).some(e => e.until > now && e.text.includes(t));
  }

  /**
   * Follows a change event: moves, grows, trims and drops blocks, and records the insertions in it.
   * `after`, when given, is the document as it is after the event: its length is compared with the kept
   * text's, and the text is read again if they ever differ.
   */
  change(uri: string, ev: ChangeEvent, after?: { length: number; text: () => string }): Insertion[] {
    const doc = this.docs.get(uri);
    if (!doc || doc.text === undefined) {
      // Not seen opening (should not happen): start from the text as it is now, without judging this event.
      if (after) this.open(uri, after.text());
      return [];
    }
    let text = doc.text;
    let insertions: Insertion[] = [];
    const detect = !ev.reason && (this.options.enabled?.() ?? true);
    const thresholds = detect ? this.options.thresholds() : undefined;
    let removed = false;
    let moved = false;
    // VS Code lists a multi-change event's changes so that each applies to the text left by the ones before.
    // Only a multi-change event can be a formatter's; judging it needs the text each change replaced.
    let formatting = false;
    if (detect && ev.changes.length > 1) {
      let t = text;
      const judged = ev.changes.map(c => {
        const replaced = t.slice(c.offset, c.offset + c.length);
        t = applyChange(t, c);
        return { inserted: c.text, replaced };
      });
      formatting = isFormattingEvent(judged);
    }
    for (const c of ev.changes) {
      const candidate = detect && !formatting && isLargeInsertion(c.text, thresholds!) && !this.isOwn(uri, c.text);
      const replaced = candidate ? text.slice(c.offset, c.offset + c.length) : '';
      text = applyChange(text, c);
      const before = doc.blocks.length;
      doc.blocks = doc.blocks.flatMap(b => {
        const r = followChange(b, c);
        if (!r) return [];
        if (r.start !== b.start || r.end !== b.end) moved = true;
        return [{ ...b, start: r.start, end: r.end }];
      });
      if (doc.blocks.length !== before) removed = true;
      if (candidate && !isRelayout(c.text, replaced)) insertions.push(this.record(doc, { start: c.offset, end: c.offset + c.text.length }, sha(c.text)));
    }
    doc.text = after && after.length !== text.length ? after.text() : text;
    doc.derivedStale = true;
    // An insertion that a later one in the same event merged with is reported as part of that one.
    insertions = insertions.filter(ins => doc.blocks.some(b => b.id === ins.block.id));
    for (const ins of insertions) ins.block = { ...this.derivedBlock(doc, ins.block.id)! };
    if (insertions.length || removed) {
      this.persist(uri, true);
      this.emit({ uri, kind: insertions.length ? 'added' : 'removed' });
    } else if (moved) {
      this.persist(uri, false);
      this.emit({ uri, kind: 'moved' });
    }
    return insertions;
  }

  private record(doc: DocState, r: OffsetRange, insertedHash: string): Insertion {
    const id = `${this.now().toString(36)}-${(++this.seq).toString(36)}`;
    let start = r.start;
    let end = r.end;
    // Inserted next to (or into) code that is still unreviewed: one block.
    doc.blocks = doc.blocks.filter(b => {
      if (b.review || !touches(b, r)) return true;
      start = Math.min(start, b.start);
      end = Math.max(end, b.end);
      return false;
    });
    const block: Block = { id, start, end, insertedAt: this.now(), line: 0, column: 0, lines: 0, length: end - start, hash: '' };
    doc.blocks.push(block);
    doc.blocks.sort((a, b) => a.start - b.start);
    return { uri: doc.uri, block, insertedHash };
  }

  /** Recomputes line, column, lines, length and hash from the text (for open documents). */
  private derive(doc: DocState): void {
    if (!doc.derivedStale || doc.text === undefined) return;
    const text = doc.text;
    for (const b of doc.blocks) {
      b.line = lineOf(text, b.start);
      b.column = b.start - (text.lastIndexOf('\n', b.start - 1) + 1);
      b.lines = linesSpanned(text, b);
      b.length = b.end - b.start;
      b.hash = sha(text.slice(b.start, b.end));
    }
    doc.derivedStale = false;
  }

  private derivedBlock(doc: DocState, id: string): Block | undefined {
    this.derive(doc);
    return doc.blocks.find(b => b.id === id);
  }

  /** Blocks of a document, current; `reviewed: false` (default) for those still waiting for a review. */
  blocks(uri: string, which: { reviewed?: boolean | 'any' } = {}): Block[] {
    const doc = this.docs.get(uri);
    if (!doc) return [];
    this.derive(doc);
    const want = which.reviewed ?? false;
    return doc.blocks.filter(b => want === 'any' || !!b.review === want).map(b => ({ ...b }));
  }

  block(uri: string, id: string): Block | undefined {
    return this.blocks(uri, { reviewed: 'any' }).find(b => b.id === id);
  }

  /** Every unreviewed block, open documents or not. */
  unreviewed(): { uri: string; block: Block }[] {
    return [...this.docs.keys()].flatMap(uri => this.blocks(uri).map(block => ({ uri, block })));
  }

  /** The text of a block (open documents only). */
  textOf(uri: string, id: string): string | undefined {
    const doc = this.docs.get(uri);
    const b = doc?.blocks.find(x => x.id === id);
    return b && doc?.text !== undefined ? doc.text.slice(b.start, b.end) : undefined;
  }

  markReviewed(uri: string, id: string, review: Review): boolean {
    const b = this.docs.get(uri)?.blocks.find(x => x.id === id);
    if (!b || b.review) return false;
    b.review = review;
    this.persist(uri, true);
    this.emit({ uri, kind: 'reviewed' });
    return true;
  }

  /** The block's range while its text is still exactly what was inserted; undefined once it changed. */
  unchangedInsertion(uri: string, id: string, insertedHash: string): OffsetRange | undefined {
    const b = this.block(uri, id);
    return b && !b.review && this.isOpen(uri) && b.hash === insertedHash ? { start: b.start, end: b.end } : undefined;
  }

  remove(uri: string, id: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    const before = doc.blocks.length;
    doc.blocks = doc.blocks.filter(b => b.id !== id);
    if (doc.blocks.length === before) return;
    this.persist(uri, true);
    this.emit({ uri, kind: 'removed' });
  }

  /** Drops the records of reviewed blocks (after they were committed). Returns how many. */
  forgetReviewed(): number {
    let n = 0;
    for (const doc of this.docs.values()) {
      const before = doc.blocks.length;
      doc.blocks = doc.blocks.filter(b => !b.review);
      if (doc.blocks.length === before) continue;
      n += before - doc.blocks.length;
      this.persist(doc.uri, true);
      this.emit({ uri: doc.uri, kind: 'removed' });
    }
    return n;
  }

  /** Per document: lines of inserted code that were reviewed and lines not yet (a line in both counts as not). */
  lineSummary(): { uri: string; reviewed: number; unreviewed: number }[] {
    const out: { uri: string; reviewed: number; unreviewed: number }[] = [];
    for (const uri of this.docs.keys()) {
      const blocks = this.blocks(uri, { reviewed: 'any' });
      if (!blocks.length) continue;
      const pending = new Set<number>();
      const done = new Set<number>();
      for (const b of blocks) for (let l = b.line; l < b.line + b.lines; l++) (b.review ? done : pending).add(l);
      for (const l of pending) done.delete(l);
      out.push({ uri, reviewed: done.size, unreviewed: pending.size });
    }
    return out;
  }

  private emit(e: TrackerEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private persist(uri: string, now: boolean): void {
    this.pendingWrites.add(uri);
    if (now) {
      this.writeNow(uri);
      return;
    }
    this.writeTimer ??= setTimeout(() => {
      this.writeTimer = undefined;
      for (const u of [...this.pendingWrites]) this.writeNow(u);
    }, this.options.persistDelayMs ?? 500);
  }

  private writeNow(uri: string): Promise<void> {
    this.pendingWrites.delete(uri);
    const doc = this.docs.get(uri);
    if (doc) this.derive(doc);
    const value: StoredDocument | undefined = doc?.blocks.length ? { v: 1, blocks: doc.blocks.map(b => ({ ...b })) } : undefined;
    return Promise.resolve(this.store.update(STORE_PREFIX + uri, value));
  }

  /** Writes whatever is waiting (on deactivation, and in tests). */
  async flush(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    await Promise.all([...this.pendingWrites].map(u => this.writeNow(u)));
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The offset where a block's exact text now starts, searching its column on every line, nearest line first. */
function relocate(text: string, lineStarts: number[], b: Block): number | undefined {
  const order = lineStarts.map((_, i) => i).sort((x, y) => Math.abs(x - b.line) - Math.abs(y - b.line));
  for (const l of order) {
    const at = lineStarts[l] + b.column;
    if (at + b.length > text.length || (l + 1 < lineStarts.length && at >= lineStarts[l + 1])) continue;
    if (sha(text.slice(at, at + b.length)) === b.hash) return at;
  }
  return undefined;
}
