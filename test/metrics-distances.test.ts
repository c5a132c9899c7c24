import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPointSets, distancesWithin, pairwiseDistances, realFakeDistances } from '../kernel-helpers/src/metrics/distances';
import { createRng } from '../kernel-helpers/src/util/seeding';

function randomPoints(count: number, dimension: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => rng.next()));
}

/** The textbook definition, one pair at a time. */
const euclidean = (a: number[], b: number[]) => Math.hypot(...a.map((value, i) => value - b[i]));

test('pairwise distances match the definition for every block shape and edge (1..9 x 1..9 points)', () => {
  for (const [rows, columns] of [[1, 1], [2, 4], [3, 5], [7, 9], [8, 8], [9, 2]]) {
    const from = randomPoints(rows, 5, rows);
    const to = randomPoints(columns, 5, 100 + columns);
    const { values } = pairwiseDistances(from, to);
    assert.is(values.length, rows * columns);
    from.forEach((a, i) => to.forEach((b, j) => {
      assert.ok(Math.abs(values[i * columns + j] - euclidean(a, b)) < 1e-12, `${rows}x${columns} (${i}, ${j})`);
    }));
  }
});

test('a hand example: (0,0), (3,4) and (6,8) are 5, 10 and 5 apart', () => {
  const { values } = distancesWithin([[0, 0], [3, 4], [6, 8]]);
  assert.equal(Array.from(values), [0, 5, 10, 5, 0, 5, 10, 5, 0]);
});

test('distances within a set are symmetric with a zero diagonal and equal the pairwise ones, for odd sizes too', () => {
  for (const count of [1, 2, 5, 13]) {
    const points = randomPoints(count, 7, count);
    const within = distancesWithin(points).values;
    const pairwise = pairwiseDistances(points, points).values;
    for (let i = 0; i < count; i++) {
      assert.is(within[i * count + i], 0);
      for (let j = 0; j < count; j++) {
        assert.is(within[i * count + j], within[j * count + i]);
        assert.ok(Math.abs(within[i * count + j] - pairwise[i * count + j]) < 1e-12);
      }
    }
  }
});

test('identical rows are exactly 0 apart, even with 784 values', () => {
  const [row] = randomPoints(1, 784, 3);
  const other = randomPoints(1, 784, 4)[0];
  const { values } = pairwiseDistances([row, other], [other, row.slice()]);
  assert.is(values[1], 0);
  assert.is(values[2], 0);
  assert.ok(values[0] > 1);
});

test('realFakeDistances gives the three matrices with reals as rows', () => {
  const reals = randomPoints(3, 2, 1);
  const fakes = randomPoints(5, 2, 2);
  const { realToReal, fakeToFake, realToFake } = realFakeDistances(reals, fakes);
  assert.equal([realToReal.rows, realToReal.columns, fakeToFake.rows, realToFake.rows, realToFake.columns], [3, 3, 5, 3, 5]);
  assert.ok(Math.abs(realToFake.values[1 * 5 + 4] - euclidean(reals[1], fakes[4])) < 1e-12);
});

test('bad sets are refused with the set, the point and the problem', () => {
  const good = [[0, 1], [1, 0]];
  assert.throws(() => pairwiseDistances([], good), /pairwiseDistances: from is empty; it needs at least one point/);
  assert.throws(() => pairwiseDistances(good, [[1, 2, 3]]), /to\[0\] has 3 values but from\[0\] has 2; every point needs the same dimension/);
  assert.throws(() => distancesWithin([[0, 1], [NaN, 0]]), /points\[1\]\[0\] is NaN; every value must be a finite number/);
  assert.throws(() => distancesWithin([[0, Infinity]]), /points\[0\]\[1\] is Infinity/);
  assert.throws(() => distancesWithin([[]]), /points\[0\] has no values/);
  assert.throws(() => checkPointSets('caller', { fakes: [3 as unknown as number[]] }), /caller: fakes\[0\] is not an array of numbers/);
});

test.run();
