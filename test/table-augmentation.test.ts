/**
 * The minority-augmentation experiment (chapter 10) without a GAN: the split's counts, the scores against a hand
 * count, and each arm against the classifier trained directly on the same rows (with a stand-in synthesiser).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPenguins, PENGUINS_SCHEMA } from '../kernel-helpers/src/data/penguins';
import { TableRecord } from '../kernel-helpers/src/data/table-encoding';
import { augmentationTable, minorityAugmentation, minorityScores, minoritySplit } from '../kernel-helpers/src/experiments/minority-augmentation';
import { trainTableClassifier } from '../kernel-helpers/src/metrics/table-quality';

const penguins = loadPenguins().records;
const count = (rows: TableRecord[], species: string) => rows.filter((row) => row.Species === species).length;

test('the split keeps 10 Chinstraps and 70% of the others for training, holds out the rest, and is the same per seed', () => {
  const options = { minority: 'Chinstrap', keep: 10, testShare: 0.3 };
  const { training, heldOut } = minoritySplit(penguins, 'Species', { ...options, seed: 0 });
  // Adelie 151: round(45.3) = 45 held out, 106 kept; Gentoo 123: round(36.9) = 37 held out, 86 kept.
  assert.equal([count(training, 'Adelie'), count(training, 'Chinstrap'), count(training, 'Gentoo')], [106, 10, 86]);
  assert.equal([count(heldOut, 'Adelie'), count(heldOut, 'Chinstrap'), count(heldOut, 'Gentoo')], [45, 58, 37]);
  assert.equal(new Set([...training, ...heldOut]).size, penguins.length, 'every row once');
  assert.equal(minoritySplit(penguins, 'Species', { ...options, seed: 0 }), { training, heldOut });
  assert.not.equal(minoritySplit(penguins, 'Species', { ...options, seed: 1 }).training, training);
  assert.throws(() => minoritySplit(penguins, 'Species', { ...options, keep: 68, seed: 0 }), /keep must be an integer 1\.\.67 \(68 rows have Species Chinstrap\), got 68/);
});

test('recall, precision and F1 of the minority, counted by hand', () => {
  const actual = ['C', 'C', 'C', 'C', 'A', 'A', 'G'];
  const predicted = ['C', 'C', 'A', 'A', 'C', 'A', 'G'];
  // 2 of 4 C found (recall 1/2); 3 called C, 2 right (precision 2/3); F1 = 2 * (1/2) * (2/3) / (1/2 + 2/3) = 4/7.
  const scores = minorityScores(predicted, actual, 'C');
  assert.equal(scores, { recall: 0.5, precision: 2 / 3, f1: (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3) });
  assert.equal(minorityScores(['A'], ['C'], 'C'), { recall: 0, precision: 0, f1: 0 });
});

test('each arm scores the classifier trained on the training rows plus its extra rows', async () => {
  const synthesise = async (training: TableRecord[], added: number) => {
    const kept = training.filter((row) => row.Species === 'Chinstrap');
    // A stand-in for the GAN: the kept rows with the beak 1 mm longer.
    return Array.from({ length: added }, (_, i) => ({ ...kept[i % kept.length], 'Beak Length (mm)': (kept[i % kept.length]['Beak Length (mm)'] as number) + 1 }));
  };
  const seen: number[] = [];
  const trials = await minorityAugmentation(penguins, PENGUINS_SCHEMA, {
    minority: 'Chinstrap', keep: 10, testShare: 0.3, seeds: [0, 1], synthesise, onTrial: (trial) => seen.push(trial.seed),
  });
  assert.equal(seen, [0, 1]);
  for (const trial of trials) {
    const { training, heldOut } = minoritySplit(penguins, 'Species', { minority: 'Chinstrap', keep: 10, testShare: 0.3, seed: trial.seed });
    // Chinstrap up to the mean of the others: (106 + 86) / 2 = 96, so 86 rows are added.
    assert.is(trial.added, 86);
    assert.equal([trial.heldOutMinority, trial.heldOut], [58, 140]);
    const kept = training.filter((row) => row.Species === 'Chinstrap');
    const arms = {
      none: [],
      repeated: Array.from({ length: 86 }, (_, i) => kept[i % 10]),
      synthetic: await synthesise(training, 86),
    };
    for (const [arm, extra] of Object.entries(arms)) {
      const predicted = trainTableClassifier([...training, ...extra], PENGUINS_SCHEMA, 'Species').predict(heldOut);
      assert.equal(trial.scores[arm as keyof typeof arms], minorityScores(predicted, heldOut.map((row) => row.Species), 'Chinstrap'), arm);
    }
  }
  const table = augmentationTable(trials).split('\n');
  assert.is(table.length, 1 + 2 * 3 + 3);
  assert.ok(table.every((line) => line.length < 100));
  const wrong = await minorityAugmentation(penguins, PENGUINS_SCHEMA, { minority: 'Chinstrap', keep: 10, testShare: 0.3, seeds: [0], synthesise: async () => [] }).then(
    () => 'no error',
    (error: Error) => error.message,
  );
  assert.is(wrong, 'minorityAugmentation: synthesise must give 86 rows of Species Chinstrap');
});

test.run();
