/**
 * Do a GAN's synthetic rows help a classifier with a rare class? (chapter 8; the source article's example: few male
 * teachers among many female ones.) One class is made rare by keeping only `keep` of its rows for training; its
 * other rows, and a share of every other class's rows, are held out. A small classifier is trained three ways on
 * the same training rows and with the same seed, and scored on the held-out rows of the rare class:
 *
 * - `realOnly`: the training rows as they are;
 * - `repeated`: plus the rare class's kept rows repeated until it has as many rows as the other classes on average
 *   (plain oversampling: what synthetic rows must beat to be worth a GAN);
 * - `synthetic`: plus as many rows made by `synthesise` (e.g. a conditional GAN trained on the training rows only).
 *
 * Recall: the share of the rare class's held-out rows classified as it. Precision: the share of held-out rows
 * classified as the rare class that are of it (0 when none are). F1: their harmonic mean (0 when both are 0).
 * Each seed draws its own split, classifier weights and batches, so the spread over seeds is part of the answer.
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledBatches } from '../data/batches';
import { createRng, Rng, shuffledIndices } from '../util/seeding';

export interface LabelledRows {
  rows: number[][];
  labels: number[];
}

export interface RareClassSplit {
  training: LabelledRows;
  test: LabelledRows;
}

export interface SplitOptions {
  /** The class made rare. */
  rareClass: number;
  /** Rows of the rare class kept for training; all its other rows are held out. */
  keep: number;
  /** Share of each other class's rows held out. */
  testShare: number;
  seed: number;
}

export interface RareClassScores {
  recall: number;
  precision: number;
  f1: number;
  /** Share of all held-out rows classified correctly. */
  accuracy: number;
}

export interface RareClassTrial {
  seed: number;
  /** Rows added to the rare class in the `repeated` and `synthetic` arms. */
  added: number;
  realOnly: RareClassScores;
  repeated: RareClassScores;
  synthetic: RareClassScores;
}

export interface RareClassOptions extends Omit<SplitOptions, 'seed' | 'testShare'> {
  /** Share of each other class's rows held out; default 0.25. */
  testShare?: number;
  /** One trial per seed. */
  seeds: number[];
  /** `count` new rows of the rare class, made from the training rows only (never the held-out ones). */
  synthesise(training: LabelledRows, count: number, seed: number): number[][] | Promise<number[][]>;
}

/** The classifier every arm trains: rows -> dense 32, ReLU -> dense (classes), softmax; Adam on cross-entropy. */
export const RARE_CLASS_CLASSIFIER = { hidden: 32, epochs: 20, batchSize: 64, learningRate: 0.01 };

/** Keeps `keep` seeded rows of the rare class for training and holds out the rest, and `testShare` of each other class. */
export function rareClassSplit(data: LabelledRows, options: SplitOptions): RareClassSplit {
  const { rareClass, keep, testShare, seed } = options;
  checkData(data);
  const rareCount = data.labels.filter((label) => label === rareClass).length;
  if (rareCount === 0) throw new Error(`rareClassSplit: no row of class ${rareClass}`);
  if (!(Number.isInteger(keep) && keep >= 1 && keep < rareCount)) {
    throw new Error(`rareClassSplit: keep must be an integer 1..${rareCount - 1} (class ${rareClass} has ${rareCount} rows), got ${keep}`);
  }
  if (!(testShare > 0 && testShare < 1)) throw new Error(`rareClassSplit: testShare must be a number between 0 and 1, got ${testShare}`);
  const rng = createRng(seed);
  const training: number[] = [];
  const test: number[] = [];
  for (const label of [...new Set(data.labels)].sort((a, b) => a - b)) {
    const rows = data.labels.flatMap((value, i) => (value === label ? [i] : []));
    const order = shuffledIndices(rows.length, rng).map((i) => rows[i]);
    const trainingCount = label === rareClass ? keep : rows.length - Math.round(rows.length * testShare);
    training.push(...order.slice(0, trainingCount));
    test.push(...order.slice(trainingCount));
  }
  const pick = (indices: number[]): LabelledRows => ({ rows: indices.map((i) => data.rows[i]), labels: indices.map((i) => data.labels[i]) });
  return { training: pick(training), test: pick(test) };
}

/** Recall, precision and F1 of `rareClass`, and the accuracy over all rows, from predicted and actual labels. */
export function rareClassScores(predicted: number[], actual: number[], rareClass: number): RareClassScores {
  if (predicted.length !== actual.length || actual.length === 0) {
    throw new Error(`rareClassScores: ${predicted.length} predictions for ${actual.length} rows; both must be the same, and not 0`);
  }
  const hits = actual.filter((label, i) => label === rareClass && predicted[i] === rareClass).length;
  const positives = actual.filter((label) => label === rareClass).length;
  const called = predicted.filter((label) => label === rareClass).length;
  const recall = positives === 0 ? 0 : hits / positives;
  const precision = called === 0 ? 0 : hits / called;
  return {
    recall,
    precision,
    f1: recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision),
    accuracy: actual.filter((label, i) => predicted[i] === label).length / actual.length,
  };
}

/** The experiment described above, one trial per seed. */
export async function rareClassExperiment(data: LabelledRows, options: RareClassOptions): Promise<RareClassTrial[]> {
  const { rareClass, keep, testShare = 0.25, seeds, synthesise } = options;
  const classes = Math.max(...data.labels) + 1;
  const trials: RareClassTrial[] = [];
  for (const seed of seeds) {
    const { training, test } = rareClassSplit(data, { rareClass, keep, testShare, seed });
    const added = Math.round((training.labels.length - keep) / (classes - 1)) - keep;
    if (added < 1) throw new Error(`rareClassExperiment: keep ${keep} is not rare: the other classes have ${added + keep} training rows on average`);
    const synthetic = await synthesise(training, added, seed);
    if (synthetic.length !== added) throw new Error(`rareClassExperiment: synthesise gave ${synthetic.length} rows, asked for ${added}`);
    const score = (rows: LabelledRows) => rareClassScores(classifyAfterTraining(rows, classes, seed, test.rows), test.labels, rareClass);
    trials.push({
      seed,
      added,
      realOnly: score(training),
      repeated: score(withRareRowsRepeated(training, rareClass, added)),
      synthetic: score({ rows: [...training.rows, ...synthetic], labels: [...training.labels, ...synthetic.map(() => rareClass)] }),
    });
  }
  return trials;
}

/** `data` with `count` more rows of `rareClass`: its own rows again, in turn (plain oversampling). */
export function withRareRowsRepeated(data: LabelledRows, rareClass: number, count: number): LabelledRows {
  const rare = data.rows.filter((_, i) => data.labels[i] === rareClass);
  if (rare.length === 0) throw new Error(`withRareRowsRepeated: no row of class ${rareClass} to repeat`);
  const repeated = Array.from({ length: count }, (_, i) => rare[i % rare.length]);
  return { rows: [...data.rows, ...repeated], labels: [...data.labels, ...repeated.map(() => rareClass)] };
}

/** A table of the trials, one line per seed and arm, and the means over the seeds: recall, precision, F1. */
export function rareClassTable(trials: RareClassTrial[]): string {
  const arms = { realOnly: 'real rows only', repeated: '+ kept rows repeated', synthetic: '+ synthetic rows' };
  const names = Object.keys(arms) as (keyof typeof arms)[];
  const keys = ['recall', 'precision', 'f1'] as const;
  const line = (first: string, arm: keyof typeof arms, values: number[]) =>
    `${first.padEnd(6)}${arms[arm].padEnd(22)}${values.map((value) => value.toFixed(3).padStart(11)).join('')}`;
  const mean = (arm: keyof typeof arms, key: (typeof keys)[number]) => trials.reduce((sum, trial) => sum + trial[arm][key], 0) / trials.length;
  return [
    `${'seed'.padEnd(6)}${'training set'.padEnd(22)}${['recall', 'precision', 'F1'].map((name) => name.padStart(11)).join('')}`,
    ...trials.flatMap((trial) => names.map((arm) => line(String(trial.seed), arm, keys.map((key) => trial[arm][key])))),
    ...names.map((arm) => line('mean', arm, keys.map((key) => mean(arm, key)))),
  ].join('\n');
}

/** Trains the small classifier on `training` from `seed` and returns its most probable class for each of `rows`. */
export function classifyAfterTraining(training: LabelledRows, classes: number, seed: number, rows: number[][]): number[] {
  const { hidden, epochs, batchSize, learningRate } = RARE_CLASS_CLASSIFIER;
  const rng = createRng(seed);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [training.rows[0].length], units: hidden, activation: 'relu', kernelInitializer: glorot(rng) }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: glorot(rng) }),
    ],
  });
  const optimizer = tf.train.adam(learningRate);
  const [x, y] = tf.tidy(() => [tf.tensor2d(training.rows), tf.oneHot(tf.tensor1d(training.labels, 'int32'), classes).toFloat()]);
  const all = training.rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const batch of shuffledBatches(all, Math.min(batchSize, all.length), rng)) {
      tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const [xBatch, yBatch] = [x.gather(indices), y.gather(indices)];
        optimizer.minimize(() => tf.metrics.categoricalCrossentropy(yBatch, model.apply(xBatch) as tf.Tensor).mean() as tf.Scalar);
      });
    }
  }
  const predicted = tf.tidy(() => Array.from((model.predict(tf.tensor2d(rows)) as tf.Tensor).argMax(1).dataSync()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return predicted;
}

function glorot(rng: Rng): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: rng.nextSeed() });
}

function checkData({ rows, labels }: LabelledRows): void {
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(labels) || labels.length !== rows.length) {
    throw new Error(`rareClassSplit: ${rows?.length ?? 0} rows and ${labels?.length ?? 0} labels; it needs one label per row, and rows`);
  }
  const bad = labels.findIndex((label) => !(Number.isInteger(label) && label >= 0));
  if (bad >= 0) throw new Error(`rareClassSplit: labels[${bad}] is ${labels[bad]}, expected an integer >= 0`);
}
