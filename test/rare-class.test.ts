/**
 * The rare-class experiment (experiments/rare-class.ts): recall, precision and F1 against a hand count; the split
 * (how many rows where, nothing held out leaks into training, the same per seed); and the whole experiment on tiny
 * 2-D cases whose answers are known: synthetic rows on the rare class's own cluster make it perfectly recognised, and
 * synthetic rows that are the repeated rows give exactly the `repeated` arm's scores.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import {
  LabelledRows,
  rareClassExperiment,
  rareClassScores,
  rareClassSplit,
  rareClassTable,
  withRareRowsRepeated,
} from '../kernel-helpers/src/experiments/rare-class';
import { createRng } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

const CENTRES = [[0, 0], [4, 0], [2, 4]];

/** `perClass` points around each centre (class 2 the one made rare), within 0.5 of it. */
function clusters(perClass: number, seed = 0): LabelledRows {
  const rng = createRng(seed);
  const labels = Array.from({ length: perClass * 3 }, (_, i) => i % 3);
  return { rows: labels.map((label) => CENTRES[label].map((c) => c + rng.next() - 0.5)), labels };
}

test('recall, precision, F1 and accuracy of the rare class, counted by hand', () => {
  // Rare class 2: 4 real rows, 3 found (recall 3/4); 5 rows called 2, 3 of them right (precision 3/5).
  const actual = [2, 2, 2, 2, 0, 0, 1, 1, 1, 0];
  const predicted = [2, 2, 2, 0, 2, 2, 1, 1, 0, 0];
  const scores = rareClassScores(predicted, actual, 2);
  const [recall, precision] = [3 / 4, 3 / 5];
  assert.equal(scores, { recall, precision, f1: (2 * recall * precision) / (recall + precision), accuracy: 6 / 10 });
  assert.equal(rareClassScores([0, 0, 1], [2, 0, 1], 2), { recall: 0, precision: 0, f1: 0, accuracy: 2 / 3 });
  assert.throws(() => rareClassScores([0], [0, 1], 2), /1 predictions for 2 rows/);
});

test('the split keeps `keep` rare rows, holds out the rest of them and a share of every other class, per seed', () => {
  const data = clusters(40);
  const key = (row: number[]) => row.join(',');
  const split = rareClassSplit(data, { rareClass: 2, keep: 3, testShare: 0.25, seed: 7 });
  const count = (set: LabelledRows, label: number) => set.labels.filter((l) => l === label).length;
  assert.equal([0, 1, 2].map((label) => count(split.training, label)), [30, 30, 3]);
  assert.equal([0, 1, 2].map((label) => count(split.test, label)), [10, 10, 37]);
  const trainingRows = new Set(split.training.rows.map(key));
  assert.ok(split.test.rows.every((row) => !trainingRows.has(key(row))), 'no held-out row in training');
  assert.is(trainingRows.size + split.test.rows.length, data.rows.length, 'every row in one of the two');
  split.training.rows.forEach((row, i) => assert.is(data.labels[data.rows.indexOf(row)], split.training.labels[i]));
  assert.equal(rareClassSplit(data, { rareClass: 2, keep: 3, testShare: 0.25, seed: 7 }), split, 'same seed, same split');
  assert.not.equal(rareClassSplit(data, { rareClass: 2, keep: 3, testShare: 0.25, seed: 8 }).training, split.training);
  assert.throws(() => rareClassSplit(data, { rareClass: 2, keep: 40, testShare: 0.25, seed: 0 }), /keep must be an integer 1\.\.39 \(class 2 has 40 rows\), got 40/);
  assert.throws(() => rareClassSplit(data, { rareClass: 5, keep: 3, testShare: 0.25, seed: 0 }), /^rareClassSplit: no row of class 5$/);
});

test('oversampling adds the rare rows again, in turn, after the data', () => {
  const data = { rows: [[0], [1], [2], [3]], labels: [0, 2, 1, 2] };
  assert.equal(withRareRowsRepeated(data, 2, 3), { rows: [[0], [1], [2], [3], [1], [3], [1]], labels: [0, 2, 1, 2, 2, 2, 2] });
  assert.throws(() => withRareRowsRepeated(data, 5, 3), /no row of class 5 to repeat/);
});

test('synthetic rows on the rare class\'s own cluster make it perfectly recognised; synthesise never sees held-out rows', async () => {
  const data = clusters(200);
  const rng = createRng(1);
  const calls: { training: LabelledRows; count: number; seed: number }[] = [];
  const trials = await rareClassExperiment(data, {
    rareClass: 2,
    keep: 3,
    seeds: [0, 1],
    synthesise: (training, count, seed) => {
      calls.push({ training, count, seed });
      return Array.from({ length: count }, () => CENTRES[2].map((c) => c + (rng.next() - 0.5) * 0.5));
    },
  });
  // Training: 150 + 150 rows of the other classes, 3 of the rare one: it gets 150 - 3 = 147 more.
  assert.equal(trials.map((trial) => [trial.seed, trial.added]), [[0, 147], [1, 147]]);
  for (const trial of trials) assert.equal(trial.synthetic, { recall: 1, precision: 1, f1: 1, accuracy: 1 }, `seed ${trial.seed}`);
  calls.forEach(({ training, count, seed }) => {
    assert.equal(training, rareClassSplit(data, { rareClass: 2, keep: 3, testShare: 0.25, seed }).training);
    assert.is(count, 147);
  });
  const table = rareClassTable(trials).split('\n');
  assert.is(table.length, 1 + 2 * 3 + 3);
  assert.is(table[0], `seed  training set          ${'     recall  precision         F1'}`);
  assert.is(table[table.length - 1], `mean  + synthetic rows      ${'      1.000      1.000      1.000'}`);
  assert.ok(table.every((line) => line.length < 110));
});

test('synthetic rows that are the kept rows repeated score exactly as the repeated arm; the same seeds repeat the trials', async () => {
  const data = clusters(30, 3);
  const run = () =>
    rareClassExperiment(data, {
      rareClass: 2,
      keep: 2,
      seeds: [4],
      synthesise: (training, count) => {
        const kept = training.rows.filter((_, i) => training.labels[i] === 2);
        return Array.from({ length: count }, (_, i) => kept[i % kept.length]);
      },
    });
  const [trial] = await run();
  assert.equal(trial.synthetic, trial.repeated);
  assert.equal(await run(), [trial]);
});

test('synthesise must give the number of rows asked for, and the kept class must be rare', async () => {
  const data = clusters(20);
  const cases: [number, RegExp][] = [
    [2, /synthesise gave 1 rows, asked for 13/],
    [15, /keep 15 is not rare: the other classes have 15 training rows on average/],
  ];
  for (const [keep, message] of cases) {
    try {
      await rareClassExperiment(data, { rareClass: 2, keep, seeds: [0], synthesise: () => [[2, 4]] });
      assert.unreachable(`accepted keep ${keep}`);
    } catch (error) {
      assert.match((error as Error).message, message);
    }
  }
});

test.run();
