import { inspect } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';
import { buildDiscriminator, buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { Progress, silentProgress } from '../kernel-helpers/src/training/progress';
import { createRng } from '../kernel-helpers/src/util/seeding';
import { binaryCrossEntropy } from '../kernel-helpers/src/training/losses';
import { trainDiscriminatorStep, trainGeneratorStep } from '../kernel-helpers/src/training/steps';
import { trainGan } from '../kernel-helpers/src/training/train-gan';

const images = loadTrainingImages(2);
const silent = silentProgress();

test.before(async () => {
  await initBackend();
});

/** Everything a step test needs, from one seed: fixed real batch and noise. */
function setUp(seed = 1) {
  const rng = createRng(seed);
  return {
    generator: buildGenerator(rng),
    discriminator: buildDiscriminator(rng),
    optimizer: tf.train.adam(0.005),
    real: tf.tensor2d(images.slice(0, 10)),
    noise: tf.randomNormal([10, 20], 0, 1, 'float32', seed) as tf.Tensor2D,
  };
}

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const scoresOf = (model: tf.LayersModel, x: tf.Tensor) => Array.from((model.predict(x) as tf.Tensor).dataSync());
const bce = (scores: number[], label: 0 | 1) =>
  -scores.reduce((sum, p) => sum + Math.log(label === 1 ? p : 1 - p), 0) / scores.length;

test('binary cross-entropy matches the formula -mean(y log p + (1 - y) log(1 - p))', () => {
  const scores = tf.tensor2d([[0.9], [0.2], [0.6]]);
  assert.ok(Math.abs(binaryCrossEntropy(scores, 1).dataSync()[0] - bce([0.9, 0.2, 0.6], 1)) < 1e-5);
  assert.ok(Math.abs(binaryCrossEntropy(scores, 0).dataSync()[0] - bce([0.9, 0.2, 0.6], 0)) < 1e-5);
  scores.dispose();
});

test('a D step returns BCE(D(real), 1) + BCE(D(G(z)), 0), updates D only, and moves each weight by about lr', () => {
  const { generator, discriminator, optimizer, real, noise } = setUp();
  const fakes = generator.predict(noise) as tf.Tensor2D;
  const expected = bce(scoresOf(discriminator, real), 1) + bce(scoresOf(discriminator, fakes), 0);
  const [gBefore, dBefore] = [weightsOf(generator), weightsOf(discriminator)];
  const loss = trainDiscriminatorStep(generator, discriminator, optimizer, real, noise);
  assert.ok(Math.abs(loss - expected) < 1e-5, `loss ${loss} vs ${expected}`);
  assert.equal(weightsOf(generator), gBefore);
  // Adam's first update is lr * g / |g| = +-lr for every weight with a non-zero gradient.
  const steps = weightsOf(discriminator).flatMap((w, i) => w.map((v, j) => Math.abs(v - dBefore[i][j])));
  const nearLr = steps.filter((step) => Math.abs(step - 0.005) < 1e-4).length;
  assert.ok(nearLr / steps.length > 0.95, `${nearLr} of ${steps.length} weights moved by lr`);
  fakes.dispose();
});

test('a G step returns BCE(D(G(z)), 1) and updates G only', () => {
  const { generator, discriminator, optimizer, noise } = setUp();
  const expected = bce(tf.tidy(() => scoresOf(discriminator, generator.predict(noise) as tf.Tensor)), 1);
  const dBefore = weightsOf(discriminator);
  const gBefore = weightsOf(generator);
  const loss = trainGeneratorStep(generator, discriminator, optimizer, noise);
  assert.ok(Math.abs(loss - expected) < 1e-5, `loss ${loss} vs ${expected}`);
  assert.equal(weightsOf(discriminator), dBefore);
  assert.not.equal(weightsOf(generator), gBefore);
});

test('repeated D steps on a fixed batch lower D loss, without leaking tensors', () => {
  const { generator, discriminator, optimizer, real, noise } = setUp();
  const first = trainDiscriminatorStep(generator, discriminator, optimizer, real, noise);
  // Adam creates its moment variables on the first step; after that the count must stay put.
  const tensors = tf.memory().numTensors;
  let last = first;
  for (let i = 0; i < 20; i++) last = trainDiscriminatorStep(generator, discriminator, optimizer, real, noise);
  assert.is(tf.memory().numTensors, tensors);
  assert.ok(last < first / 2, `D loss ${first} -> ${last}`);
});

test('repeated G steps on fixed noise lower G loss, without leaking tensors', () => {
  const { generator, discriminator, optimizer, noise } = setUp();
  const first = trainGeneratorStep(generator, discriminator, optimizer, noise);
  const tensors = tf.memory().numTensors;
  let last = first;
  for (let i = 0; i < 20; i++) last = trainGeneratorStep(generator, discriminator, optimizer, noise);
  assert.is(tf.memory().numTensors, tensors);
  assert.ok(last < first / 2, `G loss ${first} -> ${last}`);
});

test('trainGan logs the first epoch, every logEvery epochs and the last, with values in range', async () => {
  const lines: string[] = [];
  const progress: Progress = { ...silent, log: (line) => lines.push(line) };
  const run = await trainGan(images, { epochs: 12, logEvery: 5, accuracySamples: 50, progress });
  assert.equal(run.history.map((entry) => entry.epoch), [1, 5, 10, 12]);
  assert.equal(run.snapshots.map((snapshot) => snapshot.epoch), [1, 5, 10, 12]);
  assert.ok(run.snapshots.every((s) => s.images.length === 16 && s.images[0].length === 64));
  for (const { dLoss, gLoss, dAccuracy = NaN, dReal, dFake } of run.history) {
    assert.ok(dLoss > 0 && gLoss > 0);
    assert.ok([dAccuracy, dReal, dFake].every((v) => v >= 0 && v <= 1));
    // 50 fakes: the accuracy is a whole number of fiftieths.
    assert.ok(Math.abs(dAccuracy * 50 - Math.round(dAccuracy * 50)) < 1e-6);
  }
  assert.match(lines[0], /D\(x\) and D\(G\(z\)\) should both tend to 0.5/);
  assert.match(lines[1], /^epoch  1\/12  D loss \d\.\d{4}  G loss \d+\.\d{4}  D acc +\d+\.\d%  D\(x\) 0\.\d{3}  D\(G\(z\)\) 0\.\d{3}  \d+\.\d s$/);
});

test('tf.memory().numTensors is the same after every epoch and back to the start once the models are disposed', async () => {
  const start = tf.memory().numTensors;
  const counts: number[] = [];
  const run = await trainGan(images, { epochs: 6, logEvery: 2, accuracySamples: 20, progress: silent, onEpochEnd: () => {
    counts.push(tf.memory().numTensors);
  } });
  assert.ok(counts.every((count) => count === counts[0]), counts.join(' '));
  run.generator.dispose();
  run.discriminator.dispose();
  assert.is(tf.memory().numTensors, start);
});

test('one seed fixes the run: same seed, same losses; another seed, other losses', async () => {
  const history = async (seed: number) => {
    const run = await trainGan(images, { seed, epochs: 3, logEvery: 1, accuracySamples: 20, progress: silent });
    run.generator.dispose();
    run.discriminator.dispose();
    return run.history;
  };
  const first = await history(5);
  assert.equal(await history(5), first);
  assert.not.equal(await history(6), first);
});

test('a run printed as a cell\'s last value is one line: its epochs, time and last log line, not its models', async () => {
  const run = await trainGan(images, { epochs: 2, accuracySamples: 20, progress: silent });
  const printed = inspect(run);
  assert.match(printed, /^GanRun \{ 2 of 2 epochs in \d+\.\d s; last log: epoch 2\/2  D loss \d\.\d{4}  G loss .* \}$/);
  assert.not.match(printed, /\n/);
  run.generator.dispose();
  run.discriminator.dispose();
});

test.run();
