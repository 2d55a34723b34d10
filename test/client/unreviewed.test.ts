// Unreviewed inserted code, the pure part (client/src/unreviewed, no VS Code): what counts as an
// insertion, how blocks follow later edits, persistence and re-validation, own edits, the checklist and
// the commit trailer. The editor side is tested in test/vscode/suite.
import * as assert from 'assert';
import { checklistFor } from '../../client/src/unreviewed/checklist';
import { blockSummary } from '../../client/src/unreviewed/describe';
import { isFormattingEvent, isLargeInsertion, isRelayout } from '../../client/src/unreviewed/detect';
import { followChange } from '../../client/src/unreviewed/ranges';
import { STORE_PREFIX, UnreviewedTracker, type ChangeEvent, type KeyValueStore } from '../../client/src/unreviewed/tracker';
import { commitTrailer } from '../../client/src/unreviewed/trailer';

/** workspaceState as VS Code keeps it: values go through JSON. */
class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.map.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
  keys(): readonly string[] {
    return [...this.map.keys()];
  }
}

const URI = 'file:///ws/src/app.py';
const BLOCK = Array.from({ length: 20 }, (_, i) => `    value_${i} = compute(${i})  # line ${i + 1}`).join('\n') + '\n';
const BASE = 'def main():\n    pass\n\n\nprint("end")\n';

function setup(opts: { now?: () => number; minLines?: number; minChars?: number } = {}) {
  const store = new MemoryStore();
  const tracker = new UnreviewedTracker(store, { thresholds: () => ({ minLines: opts.minLines ?? 3, minChars: opts.minChars ?? 120 }), now: opts.now, persistDelayMs: 0 });
  tracker.open(URI, BASE);
  let text = BASE;
  const edit = (offset: number, length: number, insert: string, extra: Partial<ChangeEvent> = {}) => {
    text = text.slice(0, offset) + insert + text.slice(offset + length);
    return tracker.change(URI, { changes: [{ offset, length, text: insert }], ...extra }, { length: text.length, text: () => text });
  };
  return { store, tracker, edit, text: () => text };
}

const AT = BASE.indexOf('\n\n\n') + 2; // start of the empty line 3 (0-based)

describe('unreviewed inserted code: detection', () => {
  it('a 20-line block inserted in one change is recorded with its range and size', () => {
    const { tracker, edit } = setup();
    const ins = edit(AT, 0, BLOCK);
    assert.strictEqual(ins.length, 1);
    const [b] = tracker.blocks(URI);
    assert.deepStrictEqual([b.start, b.end, b.line, b.lines], [AT, AT + BLOCK.length, 3, 20]);
    assert.strictEqual(b.review, undefined);
  });

  it('thresholds: lines (non-blank) or characters; whitespace alone never counts', () => {
    const t = { minLines: 3, minChars: 120 };
    assert.strictEqual(isLargeInsertion('a = 1\nb = 2\n', t), false, 'two lines');
    assert.strictEqual(isLargeInsertion('a = 1\n\n\nb = 2\n', t), false, 'blank lines do not count');
    assert.strictEqual(isLargeInsertion('a = 1\nb = 2\nc = 3', t), true, 'three lines');
    assert.strictEqual(isLargeInsertion('x'.repeat(119), t), false);
    assert.strictEqual(isLargeInsertion('x'.repeat(120), t), true, '120 characters on one line');
    assert.strictEqual(isLargeInsertion(' \n'.repeat(200), t), false, 'indentation only');
    const { tracker, edit } = setup({ minLines: 25, minChars: 5000 });
    edit(AT, 0, BLOCK);
    assert.strictEqual(tracker.blocks(URI).length, 0, 'the thresholds come from the settings');
  });

  it('the same text typed one character per change is not recorded', () => {
    const { tracker, edit } = setup();
    for (let i = 0; i < BLOCK.length; i++) edit(AT + i, 0, BLOCK[i]);
    assert.strictEqual(tracker.blocks(URI).length, 0);
  });

  it('undo and redo are not insertions', () => {
    const { tracker, edit } = setup();
    assert.strictEqual(edit(AT, 0, BLOCK, { reason: 'undo' }).length, 0);
    assert.strictEqual(edit(AT, BLOCK.length, '', { reason: 'undo' }).length, 0);
    assert.strictEqual(edit(AT, 0, BLOCK, { reason: 'redo' }).length, 0);
    assert.strictEqual(tracker.blocks(URI).length, 0);
    assert.strictEqual(edit(AT + BLOCK.length, 0, BLOCK).length, 1, 'the same change typed as an edit is');
  });

  it('Skeptic\'s own edits are not recorded while announced; the same text later is', () => {
    let now = 1_000_000;
    const { tracker, edit } = setup({ now: () => now });
    tracker.expectOwnEdit(URI, BLOCK.replace(/\n/g, '\r\n'), 5000);
    assert.strictEqual(edit(AT, 0, BLOCK).length, 0, 'announced (line endings do not matter)');
    now += 10_000;
    assert.strictEqual(edit(AT, 0, BLOCK).length, 1, 'the announcement expired');
  });

  it('formatting is not an insertion: re-laid-out code, and whitespace-only multi-change events', () => {
    assert.ok(isRelayout('result = compute(\n    alpha,\n    beta,\n    gamma,\n)\n', "result = compute(alpha, beta, gamma)\n"));
    assert.ok(!isRelayout('result = compute(alpha)\nsend(result)\nlog(result)\n', 'result = compute(alpha)\n'));
    const reindent = Array.from({ length: 9 }, () => ({ inserted: '    ', replaced: '  ' }));
    assert.ok(isFormattingEvent([...reindent, { inserted: 'x = (\n  1,\n  2,\n  3)\n', replaced: 'x = (1, 2, 3)\n' }]));
    assert.ok(!isFormattingEvent([{ inserted: BLOCK, replaced: '' }, { inserted: BLOCK, replaced: '' }]), 'a multi-cursor paste');
    // In the tracker: a formatter re-wrapping a long call (already in the file) into one argument per line.
    const { tracker, edit } = setup();
    const args = Array.from({ length: 12 }, (_, i) => `argument_${i}`);
    const long = `    send(${args.join(', ')})\n`;
    edit(AT, 0, long, { reason: 'undo' }); // already there
    assert.strictEqual(edit(AT, long.length, `    send(\n${args.map(a => `        ${a},\n`).join('')}    )\n`).length, 0);
    assert.strictEqual(tracker.blocks(URI).length, 0);
    // A formatter's multi-change event: re-indents (listed last first) and one larger rewrite among them.
    const lines = BASE.split('\n').map((_, i) => i);
    const starts = lines.map(i => BASE.split('\n').slice(0, i).join('\n').length + (i ? 1 : 0));
    const t = setup();
    const changes = [...starts.slice(0, 5).map(o => ({ offset: o, length: 0, text: '  ' })).reverse()];
    changes.push({ offset: 0, length: 0, text: 'x = [\n    1,\n    2,\n    3,\n]\n' });
    assert.strictEqual(t.tracker.change(URI, { changes }).length, 0, 'mostly whitespace: a formatter');
  });
});

describe('unreviewed inserted code: blocks follow edits', () => {
  it('followChange: shift, grow, shrink, trim, vanish; text typed at the edges stays outside', () => {
    const r = { start: 10, end: 20 };
    assert.deepStrictEqual(followChange(r, { offset: 2, length: 0, text: 'abc' }), { start: 13, end: 23 }, 'insert before: shift');
    assert.deepStrictEqual(followChange(r, { offset: 0, length: 5, text: '' }), { start: 5, end: 15 }, 'delete before: shift back');
    assert.deepStrictEqual(followChange(r, { offset: 10, length: 0, text: 'ab' }), { start: 12, end: 22 }, 'typed at the start: outside');
    assert.deepStrictEqual(followChange(r, { offset: 20, length: 0, text: 'ab' }), r, 'typed at the end: outside');
    assert.deepStrictEqual(followChange(r, { offset: 25, length: 3, text: '' }), r, 'after: untouched');
    assert.deepStrictEqual(followChange(r, { offset: 12, length: 0, text: 'abcd' }), { start: 10, end: 24 }, 'inside: grows');
    assert.deepStrictEqual(followChange(r, { offset: 12, length: 5, text: 'x' }), { start: 10, end: 16 }, 'inside: shrinks');
    assert.strictEqual(followChange(r, { offset: 10, length: 10, text: '' }), undefined, 'deleted: vanishes');
    assert.strictEqual(followChange(r, { offset: 5, length: 20, text: 'new' }), undefined, 'replaced with its surroundings: vanishes');
    assert.deepStrictEqual(followChange(r, { offset: 5, length: 10, text: 'xy' }), { start: 7, end: 12 }, 'head cut off');
    assert.deepStrictEqual(followChange(r, { offset: 15, length: 10, text: 'xy' }), { start: 10, end: 15 }, 'tail cut off');
  });

  it('in the tracker: typing above shifts the block, typing inside grows it, deleting it removes it', () => {
    const { tracker, edit } = setup();
    edit(AT, 0, BLOCK);
    edit(0, 0, '# x\n');
    let [b] = tracker.blocks(URI);
    assert.deepStrictEqual([b.start, b.line, b.lines], [AT + 4, 4, 20]);
    edit(b.start + 10, 0, 'zz');
    [b] = tracker.blocks(URI);
    assert.strictEqual(b.end - b.start, BLOCK.length + 2);
    const events: string[] = [];
    tracker.onDidChange(e => events.push(e.kind));
    edit(b.start, b.end - b.start, '');
    assert.strictEqual(tracker.blocks(URI).length, 0);
    assert.deepStrictEqual(events, ['removed']);
  });

  it('an insertion next to an unreviewed block joins it; a multi-change event can insert several', () => {
    const { tracker, edit, text } = setup();
    edit(AT, 0, BLOCK);
    edit(AT + BLOCK.length, 0, BLOCK);
    assert.strictEqual(tracker.blocks(URI).length, 1);
    assert.strictEqual(tracker.blocks(URI)[0].lines, 40);
    const end = text().length;
    const t2 = text() + BLOCK + '\n\n' + BLOCK;
    // two cursors, changes listed last first (as VS Code does)
    tracker.change(URI, { changes: [{ offset: end, length: 0, text: '\n\n' + BLOCK }, { offset: end, length: 0, text: BLOCK }] }, { length: t2.length, text: () => t2 });
    assert.strictEqual(tracker.blocks(URI).length, 2, 'the second paste is apart from the first block and the third');
  });

  it('undoInsertion is offered only while the inserted text is unchanged', () => {
    const { tracker, edit } = setup();
    const [ins] = edit(AT, 0, BLOCK);
    assert.deepStrictEqual(tracker.unchangedInsertion(URI, ins.block.id, ins.insertedHash), { start: AT, end: AT + BLOCK.length });
    edit(AT + 5, 0, 'q');
    assert.strictEqual(tracker.unchangedInsertion(URI, ins.block.id, ins.insertedHash), undefined);
  });
});

describe('unreviewed inserted code: persistence and review', () => {
  it('round-trips through the store and is re-validated when the document opens again', async () => {
    const { store, tracker, edit, text } = setup();
    edit(AT, 0, BLOCK);
    await tracker.flush();
    tracker.close(URI);
    assert.ok(store.map.has(STORE_PREFIX + URI));

    const reloaded = () => new UnreviewedTracker(store, { thresholds: () => ({ minLines: 3, minChars: 120 }), persistDelayMs: 0 });
    const t1 = reloaded();
    assert.deepStrictEqual(t1.unreviewed().map(x => [x.uri, x.block.line, x.block.lines]), [[URI, 3, 20]], 'known before the document opens');
    assert.deepStrictEqual(t1.open(URI, text()), { kept: 1, moved: 0, dropped: 0 });
    assert.strictEqual(t1.blocks(URI)[0].start, AT);

    const t2 = reloaded();
    const shifted = '# added outside the editor\n# twice\n' + text();
    assert.deepStrictEqual(t2.open(URI, shifted), { kept: 0, moved: 1, dropped: 0 });
    assert.strictEqual(t2.blocks(URI)[0].line, 5, 'found two lines lower');

    const t3 = reloaded();
    assert.deepStrictEqual(t3.open(URI, BASE), { kept: 0, moved: 0, dropped: 1 }, 'the block is gone from the file');
    await t3.flush();
    assert.ok(!store.map.has(STORE_PREFIX + URI), 'and from the store');
  });

  it('a reviewed block keeps who and when, leaves the unreviewed list, and counts in the trailer', async () => {
    const { store, tracker, edit } = setup();
    const [a] = edit(AT, 0, BLOCK);
    edit(0, 0, BLOCK);
    const b = tracker.blocks(URI).find(x => x.id !== a.block.id)!;
    assert.ok(tracker.markReviewed(URI, b.id, { reviewer: 'ada', at: 5, how: 'checklist', checked: ['read'] }));
    assert.deepStrictEqual(tracker.blocks(URI).map(x => x.id), [a.block.id]);
    await tracker.flush();
    const again = new UnreviewedTracker(store, { thresholds: () => ({ minLines: 3, minChars: 120 }) });
    const reviewed = again.blocks(URI, { reviewed: true });
    assert.deepStrictEqual(reviewed.map(x => x.review), [{ reviewer: 'ada', at: 5, how: 'checklist', checked: ['read'] }]);
    assert.deepStrictEqual(again.lineSummary(), [{ uri: URI, reviewed: 20, unreviewed: 20 }]);
    assert.strictEqual(again.forgetReviewed(), 1);
    assert.deepStrictEqual(again.lineSummary(), [{ uri: URI, reviewed: 0, unreviewed: 20 }]);
  });

  it('the commit trailer: one AI-Assisted line per file, reviewed and unreviewed counts', () => {
    assert.strictEqual(
      commitTrailer([
        { path: 'src/z.ts', reviewed: 0, unreviewed: 8 },
        { path: 'src/auth/login.ts', reviewed: 23, unreviewed: 0 },
        { path: 'src/mixed.py', reviewed: 15, unreviewed: 1 },
        { path: 'src/empty.py', reviewed: 0, unreviewed: 0 },
      ]),
      ['AI-Assisted: src/auth/login.ts (23 lines, reviewed)', 'AI-Assisted: src/mixed.py (16 lines: 15 reviewed, 1 not reviewed)', 'AI-Assisted: src/z.ts (8 lines, not reviewed)'].join('\n'),
    );
    assert.strictEqual(commitTrailer([]), '');
  });

  it('the hover text says where it came from, when, how big, and whether reviewed', () => {
    const b = { id: 'x', start: 0, end: 1, insertedAt: 0, line: 0, column: 0, lines: 23, length: 1, hash: '' };
    assert.strictEqual(blockSummary(b, 5 * 60_000), 'Inserted by an assistant or paste 5 minutes ago · 23 lines · not reviewed');
    assert.strictEqual(blockSummary({ ...b, review: { reviewer: 'ada', at: 0, how: 'checklist' } }, 30_000), 'Inserted by an assistant or paste just now · 23 lines · reviewed by ada just now with the checklist');
  });

  it('the checklist follows the zone, the findings\' CWEs and the imports', () => {
    const plain = checklistFor({ zones: [], cwes: [], text: 'x = 1\n' });
    assert.deepStrictEqual(plain.map(i => i.topic), ['read', 'input-validation']);
    const auth = checklistFor({ zones: [{ id: 'auth', name: 'Authentication & authorization' }], cwes: ['CWE-89', 'CWE-327', 'CWE-117'], text: 'import bcrypt\n' });
    assert.deepStrictEqual(auth.map(i => i.topic), ['read', 'input-validation', 'authorization', 'cryptography', 'secrets', 'error-handling', 'logging', 'dependencies']);
    assert.deepStrictEqual(auth.find(i => i.topic === 'input-validation')!.because, ['CWE-89 finding in this block']);
    assert.deepStrictEqual(auth.find(i => i.topic === 'authorization')!.because, ['Authentication & authorization zone']);
    assert.deepStrictEqual(auth.find(i => i.topic === 'dependencies')!.because, ['the block imports code']);
  });
});
