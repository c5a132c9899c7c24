import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { formatDigit, generateImages, pixelsCsv, toUciPixels } from '../kernel-helpers/src/models/generation';
import { buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

test('de-normalising multiplies by 16, rounds, and keeps 0..16', () => {
  assert.equal(toUciPixels([[0, 0.03, 0.5, 0.97, 1, 1.2, -0.1]]), [[0, 0, 8, 16, 16, 16, 0]]);
  assert.equal(toUciPixels([[0.5 / 16, 1.49 / 16]]), [[1, 1]]);
});

test('a digit prints as 8 aligned rows of 8', () => {
  const pixels = Array.from({ length: 64 }, (_, i) => (i === 9 ? 16 : i % 8));
  assert.is(formatDigit(pixels).split('\n')[0], ' 0  1  2  3  4  5  6  7');
  assert.is(formatDigit(pixels).split('\n')[1], ' 0 16  2  3  4  5  6  7');
  assert.is(formatDigit(pixels).split('\n').length, 8);
});

test('generated images: one per noise row, 64 pixels in 0..1, no tensors left', () => {
  const generator = buildGenerator(createRng(4));
  const noise = latentNoise(3, 20, createRng(5));
  const tensors = tf.memory().numTensors;
  const images = generateImages(generator, noise);
  assert.is(tf.memory().numTensors, tensors);
  assert.is(images.length, 3);
  assert.ok(images.every((image) => image.length === 64 && image.every((v) => v > 0 && v < 1)));
});

test('samples CSV has one digit per line, comma-separated', () => {
  assert.is(pixelsCsv([[1, 2], [3, 16]]), '1,2\n3,16\n');
});

test.run();
