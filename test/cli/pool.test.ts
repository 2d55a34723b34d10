// pool.ts's batches: a lane's queue is cut into batches that cover it in order, the last ones small, so that
// the lanes that steal at the end of a scan even it out. (That threads find what one thread finds is
// checked end to end in contract.test.ts.)
import * as assert from 'assert';
import { batchBounds } from '../../server/src/cli/pool';

describe('pool: batches', () => {
  for (const count of [0, 1, 2, 3, 7, 10, 16, 65, 70, 500]) {
    it(`${count} files: batches cover them in order, none larger than 8, the last ones smallest`, () => {
      const bounds = batchBounds(count);
      let next = 0;
      for (const [start, end] of bounds) {
        assert.strictEqual(start, next);
        assert.ok(end > start && end - start <= 8, `batch [${start}, ${end})`);
        next = end;
      }
      assert.strictEqual(next, count);
      const sizes = bounds.map(([s, e]) => e - s);
      if (count >= 2) assert.deepStrictEqual(sizes.slice(-2), [1, 1]);
      // never larger than the batch before it, except a short first batch (the remainder)
      for (let i = 2; i < sizes.length; i++) assert.ok(sizes[i] <= sizes[i - 1], `sizes ${sizes.join(',')}`);
    });
  }
});
