import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { fakeAccuracy, fakeAccuracyOneAtATime, judgeFakes, meanScore } from '../kernel-helpers/src/metrics/discriminator-accuracy';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';
import { trainGan } from '../kernel-helpers/src/training/train-gan';

const silent = silentProgress();
let models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
let noise: tf.Tensor2D;
let scores: number[];

test.before(async () => {
  await initBackend();
  // A few epochs, so that D calls some fakes right and some wrong.
  models = await trainGan(loadTrainingImages(2), { seed: 2, epochs: 4, accuracySamples: 10, progress: silent });
  noise = latentNoise(200, 20, createRng(9));
  scores = tf.tidy(() => Array.from((models.discriminator.predict(models.generator.predict(noise)) as tf.Tensor).dataSync()));
});

test('batched accuracy is the fraction of fakes D scores below 0.5', () => {
  const expected = scores.filter((score) => score < 0.5).length / scores.length;
  assert.ok(expected > 0 && expected < 1, `D gets some right and some wrong: ${expected}`);
  assert.is(fakeAccuracy(models.generator, models.discriminator, noise), expected);
});

test('one at a time and batched give the same accuracy on the same noise, without leaking', () => {
  const tensors = tf.memory().numTensors;
  const oneByOne = fakeAccuracyOneAtATime(models.generator, models.discriminator, noise);
  const batched = fakeAccuracy(models.generator, models.discriminator, noise);
  assert.is(tf.memory().numTensors, tensors);
  assert.is(oneByOne, batched);
});

test('verbose mode prints each fake as 8x8 integers 0..16 with its score and verdict', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    fakeAccuracyOneAtATime(models.generator, models.discriminator, noise.slice([0, 0], [2, -1]), { verbose: true });
  } finally {
    console.log = log;
  }
  const text = lines.join('\n');
  assert.match(text, /^fake 1\/2:\n( *\d+( +\d+){7}\n){7} *\d+( +\d+){7}\n/);
  const verdict = (score: number) => `D(fake) = ${score.toFixed(4)} -> D calls it ${score < 0.5 ? 'fake (correct)' : 'real (fooled)'}`;
  assert.ok(text.includes(verdict(scores[0])) && text.includes(verdict(scores[1])), text);
});

test('judgeFakes gives the accuracy and the mean score of the same fakes, without leaking', () => {
  const tensors = tf.memory().numTensors;
  const judged = judgeFakes(models.generator, models.discriminator, noise);
  assert.is(tf.memory().numTensors, tensors);
  assert.is(judged.accuracy, scores.filter((score) => score < 0.5).length / scores.length);
  assert.ok(Math.abs(judged.meanScore - scores.reduce((a, b) => a + b, 0) / scores.length) < 1e-6);
});

test('meanScore is the mean of D\'s scores', () => {
  const fakes = models.generator.predict(noise) as tf.Tensor2D;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  assert.ok(Math.abs(meanScore(models.discriminator, fakes) - mean) < 1e-6);
  fakes.dispose();
});

test.run();
