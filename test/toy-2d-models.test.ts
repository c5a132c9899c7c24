/**
 * Chapter 9's models and its notebook helper: shapes and last layers per kind, seeded weights, the plane view
 * against the discriminator's own score at single points, and trainOnRing on a short run (one look per log line,
 * reproducible per seed, no tensor left behind).
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ringPoints, RING_JUDGED_SAMPLES, trainOnRing } from '../kernel-helpers/src/headless/ring';
import { judgeModes } from '../kernel-helpers/src/metrics/modes';
import { buildToyDiscriminator, buildToyGenerator, DEFAULT_TOY_GAN_CONFIG, planeView, pointsOf, toyGanModels } from '../kernel-helpers/src/models/toy-2d';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { createRng } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

const lastActivation = (model: tf.Sequential) => (model.layers[model.layers.length - 1].getConfig() as { activation: string }).activation;

test('G maps z (2) through 64, 64 ReLU units to a point; D maps a point to a probability or a linear score', () => {
  const rng = createRng(0);
  const generator = buildToyGenerator(rng);
  const probability = buildToyDiscriminator(rng, 'probability');
  const critic = buildToyDiscriminator(rng, 'score');
  assert.equal([generator.inputs[0].shape, generator.outputs[0].shape], [[null, 2], [null, 2]]);
  assert.equal([critic.inputs[0].shape, critic.outputs[0].shape], [[null, 2], [null, 1]]);
  assert.equal(generator.layers.map((layer) => (layer.getConfig() as { units: number }).units), [64, 64, 2]);
  assert.equal([lastActivation(generator), lastActivation(probability), lastActivation(critic)], ['linear', 'sigmoid', 'linear']);
  const digits = buildToyGenerator(rng, { ...DEFAULT_TOY_GAN_CONFIG, latentSize: 20, dataSize: 64, dataActivation: 'sigmoid' });
  assert.equal([digits.outputs[0].shape, lastActivation(digits)], [[null, 64], 'sigmoid']);
  [generator, probability, critic, digits].forEach((model) => model.dispose());
});

test('the same seed builds the same weights, another seed others', () => {
  const weights = (seed: number) => {
    const { generator, discriminator } = toyGanModels('score')(createRng(seed));
    const values = [...generator.getWeights(), ...discriminator.getWeights()].map((w) => Array.from(w.dataSync()));
    generator.dispose();
    discriminator.dispose();
    return values;
  };
  assert.equal(weights(5), weights(5));
  assert.not.equal(weights(5), weights(6));
});

test("planeView: a grid over [-3, 3]², each score D's own at that point; fakes and tracked points rounded to 0.001", () => {
  const { generator, discriminator } = toyGanModels('probability')(createRng(1));
  const noise = [[0.1, -0.2], [1, -0.5]];
  const fakes = pointsOf(generator, noise);
  const tensors = tf.memory().numTensors;
  const view = planeView(discriminator, { epoch: 7, kind: 'probability', fakes, tracked: [[1.23456, -2]], resolution: 5 });
  assert.is(tf.memory().numTensors, tensors, 'no tensor left behind');
  assert.equal(view.xs, [-3, -1.5, 0, 1.5, 3]);
  assert.equal(view.ys, view.xs);
  assert.equal(view.tracked, [[1.235, -2]]);
  for (const [row, col] of [[0, 0], [1, 3], [4, 2]]) {
    const single = (discriminator.predict(tf.tensor2d([[view.xs[col], view.ys[row]]])) as tf.Tensor).dataSync()[0];
    assert.ok(Math.abs(view.scores[row][col] - single) <= 0.0005 + 1e-7, `score at (${view.xs[col]}, ${view.ys[row]})`);
  }
  const one = (generator.predict(tf.tensor2d([noise[1]])) as tf.Tensor).dataSync();
  assert.ok(Math.abs(view.fakes[1][0] - one[0]) <= 0.0005 + 1e-7 && Math.abs(view.fakes[1][1] - one[1]) <= 0.0005 + 1e-7);
  generator.dispose();
  discriminator.dispose();
});

test('trainOnRing: one look per log line, the judged samples, the same per seed; no tensor left once disposed', async () => {
  const tensors = tf.memory().numTensors;
  const short = { epochs: 3, logEvery: 2, batchSize: 128, live: false, progress: silentProgress() };
  const first = await trainOnRing('wasserstein-gp', { ...short, seed: 4 });
  assert.equal(first.views.map((view) => view.epoch), [1, 2, 3]);
  assert.equal(first.run.history.map((entry) => entry.epoch), [1, 2, 3]);
  assert.ok(first.views.every((view) => view.kind === 'score' && view.fakes.length === 500 && view.tracked.length === 16));
  assert.is(first.samples.length, RING_JUDGED_SAMPLES);
  assert.equal(first.modes, judgeModes(first.samples, { centres: first.modes.modeShares.map((_, i) => ringCentre(i)), std: 0.02 }));
  assert.ok(first.run.history.every((entry) => Object.keys(entry.metrics ?? {}).join() === 'modes,high-quality'));
  const again = await trainOnRing('wasserstein-gp', { ...short, seed: 4 });
  assert.equal(again.samples, first.samples);
  assert.equal(again.views, first.views);
  const other = await trainOnRing('bce', { ...short, seed: 5 });
  assert.ok(other.views.every((view) => view.kind === 'probability'));
  for (const { run } of [first, again, other]) [run.generator, run.discriminator, run.state.averageGenerator].forEach((model) => model?.dispose());
  assert.is(tf.memory().numTensors, tensors);
  assert.is(ringPoints().length, 2560);
});

/** Centre i of the ring, from its definition: radius 2, at i·45°. */
function ringCentre(i: number): [number, number] {
  return [2 * Math.cos((i * Math.PI) / 4), 2 * Math.sin((i * Math.PI) / 4)];
}

test.run();
