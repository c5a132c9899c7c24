/**
 * The table quality report (chapter 10) against independent computations: the KS statistic against a brute-force
 * comparison of the two empirical distribution functions at every value, TVD and correlations by hand, copies and
 * valid rows on tiny tables, and the classifier on data it must get right.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TableRecord, TableSchema } from '../kernel-helpers/src/data/table-encoding';
import {
  classifierUsefulness,
  columnFidelity,
  compareCorrelations,
  correlationMatrix,
  ksStatistic,
  tableCopies,
  tableQuality,
  totalVariationDistance,
  trainTableClassifier,
  validRows,
} from '../kernel-helpers/src/metrics/table-quality';
import { createRng } from '../kernel-helpers/src/util/seeding';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/** sup |F_a(t) - F_b(t)| over every value t of either sample, straight from the definition. */
function bruteForceKs(a: number[], b: number[]): number {
  const cdf = (sample: number[], t: number) => sample.filter((value) => value <= t).length / sample.length;
  return Math.max(...[...a, ...b].map((t) => Math.abs(cdf(a, t) - cdf(b, t))));
}

test('KS statistic: hand-made samples, ties, and random samples against the brute-force definition', () => {
  close(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6]), 0.5, 'shifted by two of four');
  close(ksStatistic([1, 2, 3], [1, 2, 3]), 0, 'identical');
  close(ksStatistic([1, 2], [3, 4, 5]), 1, 'apart');
  close(ksStatistic([1, 1, 1, 2], [1, 2, 2, 2]), 0.5, 'ties: F jumps to 3/4 and 1/4 at 1');
  const rng = createRng(7);
  for (let trial = 0; trial < 20; trial++) {
    const a = Array.from({ length: 5 + trial }, () => Math.round(rng.next() * 10));
    const b = Array.from({ length: 3 + 2 * trial }, () => Math.round(rng.next() * 12));
    close(ksStatistic(a, b), bruteForceKs(a, b), `trial ${trial}`);
  }
});

test('total variation distance: half the summed gaps between category shares, null a category', () => {
  close(totalVariationDistance(['a', 'a', 'b'], ['a', 'b', 'b']), 1 / 3, 'a: 2/3 vs 1/3');
  close(totalVariationDistance(['a', 'b'], ['c', 'c']), 1, 'disjoint');
  close(totalVariationDistance(['a', null, null, 'b'], ['a', 'b', 'b', null]), 0.25, '|1/4-1/4| + |1/2-1/4| + |1/4-1/2|, halved');
});

const SCHEMA: TableSchema = {
  condition: 'group',
  columns: [
    { name: 'group', type: 'categorical' },
    { name: 'x', type: 'numeric' },
    { name: 'y', type: 'numeric' },
    { name: 'z', type: 'numeric' },
  ],
};

test('column fidelity is 1 - KS or 1 - TVD per column, in the schema order', () => {
  const real = [1, 2, 3, 4].map((x, i) => ({ group: i < 2 ? 'p' : 'q', x, y: x, z: 0 }));
  const fake = [3, 4, 5, 6].map((x) => ({ group: 'p', x, y: x, z: 0 }));
  assert.equal(
    columnFidelity(real, fake, SCHEMA).map(({ column, measure, distance, score }) => [column, measure, distance, score]),
    [['group', 'TVD', 0.5, 0.5], ['x', 'KS', 0.5, 0.5], ['y', 'KS', 0.5, 0.5], ['z', 'KS', 0, 1]],
  );
});

test('correlations: Pearson by hand, and the mean |difference| over the pairs of known matrices', () => {
  const rows = [1, 2, 3, 4].map((x) => ({ group: 'p', x, y: 2 * x + 1, z: [1, -1, -1, 1][x - 1] }));
  // z against x: mean 0, x - 2.5 = [-1.5, -0.5, 0.5, 1.5]: sum of products -1.5 + 0.5 - 0.5 + 1.5 = 0.
  const matrix = correlationMatrix(rows, ['x', 'y', 'z']);
  const expected = [[1, 1, 0], [1, 1, 0], [0, 0, 1]];
  matrix.forEach((row, i) => row.forEach((value, j) => close(value, expected[i][j], `r(${i}, ${j})`)));
  const reversed = [1, 2, 3, 4].map((x) => ({ group: 'p', x, y: -x, z: [1, -1, -1, 1][x - 1] }));
  const comparison = compareCorrelations(rows, reversed, SCHEMA);
  // Pairs (x, y): |1 - (-1)| = 2; (x, z) and (y, z): 0. Mean 2/3.
  close(comparison.difference[0][1], 2, 'x-y');
  close(comparison.meanDifference, 2 / 3, 'mean over the three pairs');
  assert.equal(comparison.columns, ['x', 'y', 'z']);
});

test('copies on a tiny table: exact copies match every column; near copies are closer than the closest real pair', () => {
  const real: TableRecord[] = [
    { group: 'p', x: 1, y: 10, z: 0 },
    { group: 'q', x: 2, y: 20, z: 0 },
    { group: 'p', x: 5, y: 50, z: 1 },
  ];
  const fake: TableRecord[] = [
    { group: 'p', x: 1, y: 10, z: 0 },
    { group: 'q', x: 1, y: 10, z: 1 },
    { group: 'p', x: 5, y: 50.0001, z: 1 },
    { group: 'q', x: 9, y: 90, z: 1 },
  ];
  // Standardised features: x and y by their spread sqrt(26/9), z by sqrt(2/9), group one-hot. The closest real pair
  // (rows 1 and 2) is sqrt(2 + 2 * 9/26) = 1.64 apart; fake 2 is sqrt(2 + 9/2) = 2.55 from real row 1: not near.
  const copies = tableCopies(real, fake, SCHEMA);
  close(copies.exact, 1 / 4, 'one of four is an exact copy');
  close(copies.near, 2 / 4, 'the exact copy and the one 0.0001 away');
});

test('valid rows: numbers in the real range, real categories, pairs of categories seen together', () => {
  const schema: TableSchema = { condition: 'species', columns: [{ name: 'species', type: 'categorical' }, { name: 'island', type: 'categorical' }, { name: 'mass', type: 'numeric' }] };
  const real = [
    { species: 'A', island: 'Dream', mass: 3000 },
    { species: 'A', island: 'Biscoe', mass: 4000 },
    { species: 'G', island: 'Biscoe', mass: 5000 },
  ];
  const fake = [
    { species: 'A', island: 'Dream', mass: 3500 },
    { species: 'G', island: 'Dream', mass: 4500 },
    { species: 'G', island: 'Biscoe', mass: 6000 },
    { species: 'A', island: 'Mars', mass: 3000 },
  ];
  assert.equal(validRows(real, fake, schema), {
    share: 0.25,
    failures: { 'species G with island Dream': 1, 'mass outside 3000..5000': 1, 'island Mars not a real category': 1 },
  });
});

test('the classifier learns separable classes, and synthetic rows equal to the real ones are exactly as useful', () => {
  const rng = createRng(3);
  const rows = Array.from({ length: 60 }, (_, i) => {
    const group = ['p', 'q', 'r'][i % 3];
    const centre = { p: 0, q: 5, r: 10 }[group]!;
    return { group, x: centre + rng.next(), y: rng.next(), z: -centre + rng.next() };
  });
  const classifier = trainTableClassifier(rows, SCHEMA, 'group');
  assert.equal(classifier.classes, ['p', 'q', 'r']);
  assert.equal(classifier.predict(rows), rows.map((row) => row.group));
  const usefulness = classifierUsefulness(rows, rows, SCHEMA, 'group');
  assert.equal(usefulness, { target: 'group', realAccuracy: 1, syntheticAccuracy: 1, ratio: 1 });
  const quality = tableQuality(rows, rows, SCHEMA);
  assert.is(quality.meanFidelity, 1);
  assert.is(quality.correlations.meanDifference, 0);
  assert.is(quality.valid.share, 1);
  assert.is(quality.copies.exact, 1);
});

test.run();
