import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

test('mulberry32 gives the reference sequence for seed 1', () => {
  const rng = createRng(1);
  // The values of the widely published JavaScript mulberry32 for seed 1.
  assert.is(rng.next(), 0.6270739405881613);
  assert.is(rng.next(), 0.002735721180215478);
});

test('non-integer seeds are refused', () => {
  assert.throws(() => createRng(1.5), /seed must be an integer, got 1.5/);
});

test('latent noise is standard normal and follows the seed, leaving no tensors', () => {
  const tensors = tf.memory().numTensors;
  const draw = (seed: number) => {
    const noise = latentNoise(500, 20, createRng(seed));
    const values = Array.from(noise.dataSync());
    noise.dispose();
    return values;
  };
  const values = draw(3);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  // 10,000 draws: standard errors 0.01 for the mean and 0.014 for the variance.
  assert.ok(Math.abs(mean) < 0.05 && Math.abs(variance - 1) < 0.07, `mean ${mean}, variance ${variance}`);
  assert.equal(draw(3), values);
  assert.not.equal(draw(4), values);
  assert.is(tf.memory().numTensors, tensors);
});

test.run();
