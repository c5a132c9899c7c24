/**
 * The table encoding (chapter 10): min-max values checked by hand, the Gaussian modes against the mixtures the
 * data was drawn from, the row layout, and decode(encode(rows)) giving back every row exactly, for a hand-made
 * table with missing categories and for the penguins with both transforms.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPenguins, PENGUINS_SCHEMA } from '../kernel-helpers/src/data/penguins';
import { fitGaussianModes, fitTableEncoder, TableRecord, TableSchema } from '../kernel-helpers/src/data/table-encoding';
import { createRng } from '../kernel-helpers/src/util/seeding';

const SCHEMA: TableSchema = {
  condition: 'kind',
  columns: [
    { name: 'kind', type: 'categorical' },
    { name: 'size', type: 'numeric' },
    { name: 'colour', type: 'categorical' },
    { name: 'weight', type: 'numeric' },
  ],
};
const ROWS: TableRecord[] = [
  { kind: 'b', size: 1.25, colour: 'red', weight: 10 },
  { kind: 'a', size: 3.5, colour: null, weight: 20 },
  { kind: 'b', size: 2, colour: 'blue', weight: 40 },
  { kind: 'a', size: 0.75, colour: 'red', weight: 30 },
];

/** N(mean, std) draws from Box-Muller on the course's seeded PRNG. */
function normal(count: number, mean: number, std: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => mean + std * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
}

test('min-max: each number scaled from min..max to -1..1, categories one-hot (null last), the condition as label', () => {
  const encoder = fitTableEncoder(ROWS, SCHEMA, 'minmax');
  assert.equal(encoder.classes, ['a', 'b']);
  assert.equal(encoder.labelsOf(ROWS), [1, 0, 1, 0]);
  assert.equal(
    encoder.segments.map(({ column, activation, start, width }) => [column, activation, start, width]),
    [['size', 'tanh', 0, 1], ['colour', 'softmax', 1, 3], ['weight', 'tanh', 4, 1]],
  );
  assert.is(encoder.width, 5);
  // size: (v - 0.75) / 2.75 * 2 - 1; colour: blue, red, null; weight: (v - 10) / 30 * 2 - 1.
  const expected = [
    [(2 * 0.5) / 2.75 - 1, 0, 1, 0, -1],
    [1, 0, 0, 1, (2 * 10) / 30 - 1],
    [(2 * 1.25) / 2.75 - 1, 1, 0, 0, 1],
    [-1, 0, 1, 0, (2 * 20) / 30 - 1],
  ];
  encoder.encode(ROWS).forEach((row, i) => row.forEach((value, j) => assert.ok(Math.abs(value - expected[i][j]) < 1e-12, `row ${i}, value ${j}: ${value}`)));
});

test('modes: a mixture of two Gaussians is found as two modes near their means, shares and spreads; one Gaussian as one', () => {
  const values = [...normal(300, 10, 1, 1), ...normal(100, 20, 2, 2)];
  const modes = fitGaussianModes(values);
  assert.is(modes.length, 2);
  assert.ok(Math.abs(modes[0].mean - 10) < 0.3 && Math.abs(modes[1].mean - 20) < 0.6, JSON.stringify(modes));
  assert.ok(Math.abs(modes[0].std - 1) < 0.2 && Math.abs(modes[1].std - 2) < 0.4, JSON.stringify(modes));
  assert.ok(Math.abs(modes[0].weight - 0.75) < 0.03, JSON.stringify(modes));
  const single = fitGaussianModes(normal(400, 5, 3, 3));
  assert.is(single.length, 1);
  // One mode is the sample's own mean and (population) standard deviation.
  const sample = normal(400, 5, 3, 3);
  const mean = sample.reduce((s, v) => s + v, 0) / sample.length;
  assert.ok(Math.abs(single[0].mean - mean) < 1e-9);
  assert.ok(Math.abs(single[0].std - Math.sqrt(sample.reduce((s, v) => s + (v - mean) ** 2, 0) / sample.length)) < 1e-9);
});

test('modes: a value is its likeliest mode one-hot and its distance from that mean in 4 standard deviations', () => {
  const rows = [...normal(200, 10, 1, 4), ...normal(200, 30, 1, 5)].map((size, i) => ({ kind: i % 2 ? 'a' : 'b', size, colour: 'red', weight: 1 }));
  const encoder = fitTableEncoder(rows, SCHEMA, 'modes');
  const [low, high] = encoder.modesOf('size');
  assert.equal(encoder.segments.map((s) => [s.column, s.activation, s.width]), [['size', 'tanh', 1], ['size', 'softmax', 2], ['colour', 'softmax', 1], ['weight', 'tanh', 1]]);
  const [near10, near30] = encoder.encode([{ kind: 'a', size: 11, colour: 'red', weight: 1 }, { kind: 'a', size: 29, colour: 'red', weight: 1 }]);
  assert.equal(near10.slice(1, 3), [1, 0]);
  assert.equal(near30.slice(1, 3), [0, 1]);
  assert.ok(Math.abs(near10[0] - (11 - low.mean) / (4 * low.std)) < 1e-12);
  assert.ok(Math.abs(near30[0] - (29 - high.mean) / (4 * high.std)) < 1e-12);
});

test('decode(encode(rows)) gives every row back exactly: hand-made table and the penguins, both transforms', () => {
  const penguins = loadPenguins().records;
  for (const transform of ['minmax', 'modes'] as const) {
    for (const [rows, schema] of [[ROWS, SCHEMA], [penguins, PENGUINS_SCHEMA]] as const) {
      const encoder = fitTableEncoder(rows, schema, transform);
      const decoded = encoder.decode(encoder.encode(rows), encoder.labelsOf(rows));
      assert.equal(decoded, rows, `${transform}`);
      assert.equal(decoded.map((row) => Object.keys(row)), rows.map(() => schema.columns.map((c) => c.name)), 'columns in the schema order');
    }
  }
});

test('decoding takes the largest entry of each softmax group and rounds numbers to the real decimals', () => {
  const encoder = fitTableEncoder(ROWS, SCHEMA, 'minmax');
  const [row] = encoder.decode([[0.1234, 0.2, 0.5, 0.3, 0.999]], [0]);
  // size: 0.75 + 1.1234 / 2 * 2.75 = 2.2947 -> 2 decimals (1.25, 0.75 have two); weight 10 + 1.999 / 2 * 30 -> 40 (0 decimals).
  assert.equal(row, { kind: 'a', size: 2.29, colour: 'red', weight: 40 });
  assert.throws(() => encoder.encode([{ kind: 'a', size: 1, colour: 'green', weight: 1 }]), /^encode: row 0: "colour" is "green", not one of \["blue","red",null\]$/);
  assert.throws(() => encoder.encode([{ kind: 'a', size: null, colour: 'red', weight: 1 }]), /^encode: row 0: "size" is null, expected a number$/);
  assert.throws(() => fitTableEncoder(ROWS, { ...SCHEMA, condition: 'size' }), /the condition "size" must be a categorical column/);
});

test.run();
