/**
 * The one training loop on every GAN variant of the course (issue 11), each on the smallest config that shows it:
 * conditional, convolutional, Wasserstein with clipping, Wasserstein with a gradient penalty and several critic
 * steps, SGD with momentum, a discriminator that starts from saved weights, and G's moving average. Each step's
 * loss is compared with an independent computation from the models' predictions; runs are checked for shapes,
 * reproducibility per seed, leaked tensors and an exact resume from a checkpoint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadModel, saveModel } from '../kernel-helpers/src/models/model-io';
import { loadCheckpoint, saveCheckpoint } from '../kernel-helpers/src/training/checkpoints';
import { whatToExpect } from '../kernel-helpers/src/training/log-line';
import { GAN_LOSSES } from '../kernel-helpers/src/training/losses';
import { adam, rmsprop, sgd } from '../kernel-helpers/src/training/optimizers';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { GanModels } from '../kernel-helpers/src/training/state';
import { trainDiscriminatorStep, trainGeneratorStep } from '../kernel-helpers/src/training/steps';
import { GanRun, trainGan, TrainGanOptions } from '../kernel-helpers/src/training/train-gan';
import { createRng, Rng } from '../kernel-helpers/src/util/seeding';

const silent = silentProgress();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-engine-'));

test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const init = (rng: Rng) => tf.initializers.glorotUniform({ seed: rng.nextSeed() });

/** 2-D points on two clusters, with the cluster as label. */
function points(count: number, seed: number): { rows: number[][]; labels: number[] } {
  const rng = createRng(seed);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  const rows = labels.map((label) => [label * 2 - 1 + (rng.next() - 0.5) * 0.2, (rng.next() - 0.5) * 0.2]);
  return { rows, labels };
}

/** A dense G (latent 3 -> 2) and D (2 -> 1) for 2-D points; D's score is a probability unless `linear`. */
function denseModels(rng: Rng, linear = false): GanModels {
  const generator = tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [3], units: 8, activation: 'tanh', kernelInitializer: init(rng) }),
      tf.layers.dense({ units: 2, kernelInitializer: init(rng) }),
    ],
  });
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.dense({ inputShape: [2], units: 8, activation: 'tanh', kernelInitializer: init(rng) }),
      tf.layers.dense({ units: 1, activation: linear ? 'linear' : 'sigmoid', kernelInitializer: init(rng) }),
    ],
  });
  return { generator, discriminator };
}

/** A conditional pair: [z (3), one-hot label (2)] -> point, and [point, one-hot label] -> probability. */
function conditionalModels(rng: Rng, linear = false): GanModels {
  const z = tf.input({ shape: [3] });
  const zLabel = tf.input({ shape: [2] });
  const hidden = tf.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(rng) }).apply(tf.layers.concatenate().apply([z, zLabel]));
  const point = tf.layers.dense({ units: 2, kernelInitializer: init(rng) }).apply(hidden) as tf.SymbolicTensor;
  const x = tf.input({ shape: [2] });
  const xLabel = tf.input({ shape: [2] });
  const dHidden = tf.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(rng) }).apply(tf.layers.concatenate().apply([x, xLabel]));
  const verdict = tf.layers.dense({ units: 1, activation: linear ? 'linear' : 'sigmoid', kernelInitializer: init(rng) }).apply(dHidden) as tf.SymbolicTensor;
  return {
    generator: tf.model({ name: 'generator', inputs: [z, zLabel], outputs: point }),
    discriminator: tf.model({ name: 'discriminator', inputs: [x, xLabel], outputs: verdict }),
  };
}

/** A tiny DCGAN-shaped pair on 8x8x1 images: dense to 4x4x4, one transposed conv; one strided conv, dense. */
function convModels(rng: Rng): GanModels {
  const generator = tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [5], units: 4 * 4 * 4, activation: 'relu', kernelInitializer: init(rng) }),
      tf.layers.reshape({ targetShape: [4, 4, 4] }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid', kernelInitializer: init(rng) }),
    ],
  });
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(rng) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(rng) }),
    ],
  });
  return { generator, discriminator };
}

const SMALL = { epochs: 3, batchSize: 8, logEvery: 2, accuracySamples: 16, snapshotCount: 4, valueRange: null, progress: silent } as const;

function dispose(run: GanRun): void {
  [run.generator, run.discriminator, run.state.averageGenerator].forEach((model) => model?.dispose());
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, value) => sum + value, 0) / values.length;
const bce = (p: number[], label: 0 | 1) => -mean(p.map((value) => (label === 1 ? Math.log(value + 1e-7) : Math.log(1 - value + 1e-7))));

test('a D step on each loss returns the loss computed independently from the models before the step', () => {
  const rng = createRng(3);
  const real = tf.tensor2d(points(8, 1).rows);
  const noise = tf.randomNormal([8, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
  const cases = [
    { loss: 'bce' as const, linear: false, expected: (r: number[], f: number[]) => bce(r, 1) + bce(f, 0) },
    { loss: 'minimax' as const, linear: false, expected: (r: number[], f: number[]) => bce(r, 1) + bce(f, 0) },
    { loss: 'wasserstein' as const, linear: true, expected: (r: number[], f: number[]) => mean(f) - mean(r) },
    { loss: 'hinge' as const, linear: true, expected: (r: number[], f: number[]) => mean(r.map((s) => Math.max(0, 1 - s))) + mean(f.map((s) => Math.max(0, 1 + s))) },
  ];
  for (const { loss, linear, expected } of cases) {
    const { generator, discriminator } = denseModels(rng, linear);
    const realScores = Array.from((discriminator.predict(real) as tf.Tensor).dataSync());
    const fakeScores = Array.from((discriminator.predict(generator.predict(noise) as tf.Tensor) as tf.Tensor).dataSync());
    const optimizer = tf.train.sgd(0.01);
    const tensors = tf.memory().numTensors;
    const value = trainDiscriminatorStep(generator, discriminator, optimizer, real, noise, { loss, clipValue: 0.5 });
    assert.ok(Math.abs(value - expected(realScores, fakeScores)) < 1e-5, `${loss}: ${value} vs ${expected(realScores, fakeScores)}`);
    assert.is(tf.memory().numTensors, tensors, `${loss}: no tensor left behind`);
    if (loss === 'wasserstein') {
      const largest = Math.max(...discriminator.getWeights().map((w) => Math.max(...Array.from(w.dataSync()).map(Math.abs))));
      assert.ok(largest <= 0.5 + 1e-7, `clipped to 0.5, largest |w| ${largest}`);
    }
    generator.dispose();
    discriminator.dispose();
    optimizer.dispose();
  }
  tf.dispose([real, noise]);
});

test("the gradient penalty of a linear critic is (|w| - 1)², whatever the points", () => {
  const rng = createRng(4);
  const { generator } = denseModels(rng);
  const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: init(rng) })] });
  const [w] = discriminator.getWeights();
  const norm = Math.hypot(...Array.from(w.dataSync()));
  const real = tf.tensor2d(points(8, 2).rows);
  const noise = tf.randomNormal([8, 3], 0, 1, 'float32', 9) as tf.Tensor2D;
  const mix = tf.randomUniform([8], 0, 1, 'float32', 11) as tf.Tensor1D;
  const realScores = (discriminator.predict(real) as tf.Tensor).dataSync();
  const fakeScores = (discriminator.predict(generator.predict(noise) as tf.Tensor) as tf.Tensor).dataSync();
  const value = trainDiscriminatorStep(generator, discriminator, tf.train.sgd(0.01), real, noise, { loss: 'wasserstein-gp', penaltyWeight: 10, mix });
  const expected = mean(fakeScores) - mean(realScores) + 10 * (norm - 1) ** 2;
  assert.ok(Math.abs(value - expected) < 1e-4, `${value} vs ${expected}`);
  tf.dispose([real, noise, mix]);
  generator.dispose();
  discriminator.dispose();
});

test("what each loss's log numbers should do is printed in lines that fit a Notebook's output (110 characters)", () => {
  for (const loss of GAN_LOSSES) {
    const lines = whatToExpect(loss).split('\n');
    assert.ok(lines.every((line) => line.length <= 110), `${loss}: ${lines.map((line) => line.length).join(', ')}`);
  }
});

test('a conditional G step gives D the labels: its loss is BCE of D([G([z, label]), label]) against 1', () => {
  const { generator, discriminator } = conditionalModels(createRng(5));
  const noise = tf.randomNormal([6, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
  const labels = tf.oneHot([0, 1, 1, 0, 1, 0], 2).toFloat() as tf.Tensor2D;
  const fakes = generator.predict([noise, labels]) as tf.Tensor;
  const scores = Array.from((discriminator.predict([fakes, labels]) as tf.Tensor).dataSync());
  const value = trainGeneratorStep(generator, discriminator, tf.train.adam(0.01), noise, { labels });
  assert.ok(Math.abs(value - bce(scores, 1)) < 1e-5);
  tf.dispose([noise, labels, fakes]);
  generator.dispose();
  discriminator.dispose();
});

const variants: [string, TrainGanOptions, (rng: Rng) => GanModels, number][] = [
  ['conditional', { classes: 2 }, (rng) => conditionalModels(rng), 2],
  ['convolutional', { valueRange: [0, 1] }, convModels, 64],
  ['wasserstein', { loss: 'wasserstein', criticSteps: 2, discriminatorOptimizer: rmsprop(0.005), generatorOptimizer: rmsprop(0.005) }, (rng) => denseModels(rng, true), 2],
  ['wasserstein-gp', { loss: 'wasserstein-gp', criticSteps: 3, discriminatorOptimizer: adam(0.001, 0.5, 0.9), generatorOptimizer: adam(0.001, 0.5, 0.9) }, (rng) => denseModels(rng, true), 2],
  ['sgd', { discriminatorOptimizer: sgd(0.05, 0.9), generatorOptimizer: sgd(0.05) }, (rng) => denseModels(rng), 2],
  ['hinge, G average', { loss: 'hinge', generatorAverageDecay: 0.9 }, (rng) => denseModels(rng, true), 2],
];

function dataFor(name: string, sampleSize: number): { rows: number[][]; labels?: number[] } {
  if (sampleSize === 64) return { rows: Array.from({ length: 24 }, (_, i) => Array.from({ length: 64 }, (_, p) => ((i + p) % 8) / 8)) };
  const data = points(24, 6);
  return name === 'conditional' ? data : { rows: data.rows };
}

for (const [name, options, models, sampleSize] of variants) {
  test(`${name}: trains, logs for its loss, is the same per seed, leaves no tensor, resumes exactly`, async () => {
    const { rows, labels } = dataFor(name, sampleSize);
    const settings = { ...SMALL, ...options, labels, models };
    const tensors = tf.memory().numTensors;
    const first = await trainGan(rows, { ...settings, seed: 1 });
    assert.equal(first.history.map((entry) => entry.epoch), [1, 2, 3]);
    assert.ok(first.snapshots.every((snapshot) => snapshot.images.length === 4 && snapshot.images.every((image) => image.length === sampleSize)));
    const wasserstein = name.startsWith('wasserstein');
    for (const entry of first.history) {
      assert.ok(Number.isFinite(entry.dLoss) && Number.isFinite(entry.gLoss), `${name}: finite losses`);
      assert.is(entry.wasserstein !== undefined, wasserstein, 'the Wasserstein estimate is logged for the Wasserstein losses only');
      assert.is(entry.dAccuracy !== undefined, !wasserstein, "D's accuracy is logged for the other losses");
      if (wasserstein) assert.ok(Math.abs(entry.wasserstein! - (entry.dReal - entry.dFake)) < 1e-6);
      assert.is(entry.gradientPenalty !== undefined, name === 'wasserstein-gp');
    }
    assert.is(first.sampler !== first.generator, options.generatorAverageDecay !== undefined, 'samples come from the average when one is kept');
    const again = await trainGan(rows, { ...settings, seed: 1 });
    assert.equal(again.history, first.history, 'same seed, same log');
    const other = await trainGan(rows, { ...settings, seed: 2 });
    assert.not.equal(other.history, first.history, 'another seed, another log');
    [first, again, other].forEach(dispose);
    assert.is(tf.memory().numTensors, tensors, 'no tensor left once the models are disposed');

    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.json`);
    const straight = await trainGan(rows, { ...settings, seed: 3, epochs: 4 });
    const leg = await trainGan(rows, { ...settings, seed: 3, epochs: 2 });
    await saveCheckpoint(file, leg.state);
    dispose(leg);
    const { state } = await loadCheckpoint(file);
    const resumed = await trainGan(rows, { state, epochs: 4, labels, progress: silent });
    assert.equal(resumed.history, straight.history, 'a resumed run logs as one that never stopped');
    assert.equal(
      resumed.sampler.getWeights().map((w) => Array.from(w.dataSync())),
      straight.sampler.getWeights().map((w) => Array.from(w.dataSync())),
      'and ends with the same weights',
    );
    [straight, resumed].forEach(dispose);
  });
}

test('a discriminator loaded from saved weights is trained as it is, not rebuilt', async () => {
  const { rows } = points(24, 8);
  const pretrained = await trainGan(rows, { ...SMALL, seed: 4, models: (rng) => denseModels(rng) });
  await saveModel(pretrained.discriminator, path.join(dir, 'pretrained-d'));
  const loaded = await loadModel(path.join(dir, 'pretrained-d'));
  const saved = loaded.getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(saved, pretrained.discriminator.getWeights().map((w) => Array.from(w.dataSync())));
  let before: number[][] | undefined;
  const run = await trainGan(rows, {
    ...SMALL,
    epochs: 1,
    seed: 5,
    models: (rng) => {
      const discriminator = loaded;
      before = discriminator.getWeights().map((w) => Array.from(w.dataSync()));
      return { generator: denseModels(rng).generator, discriminator };
    },
  });
  assert.is(run.discriminator, loaded);
  assert.equal(before, saved, 'the run started from the saved weights');
  assert.not.equal(run.discriminator.getWeights().map((w) => Array.from(w.dataSync())), saved, 'and trained them');
  dispose(pretrained);
  dispose(run);
});

test.run();
