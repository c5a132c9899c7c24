/**
 * Chapter 8's conditional GAN (models/conditional-gan.ts): shapes right after building, with the label joined as a
 * one-hot vector and through an embedding; G's and D's outputs against a forward pass computed by hand from their
 * weights (so the label really reaches both); the order of generated images; seeding and leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import {
  buildConditionalGan,
  ConditionalGanConfig,
  DEFAULT_CONDITIONAL_GAN_CONFIG,
  generateForLabels,
  labelGridImages,
  labelsInOrder,
} from '../kernel-helpers/src/models/conditional-gan';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

const EMBEDDED: ConditionalGanConfig = { ...DEFAULT_CONDITIONAL_GAN_CONFIG, hidden: 16, labelEmbedding: 4 };
const oneHot = (label: number, classes = 10) => Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0));
const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));

/** x (a row) times a [rows, columns] kernel stored row by row, plus an optional bias. */
function affine(x: number[], kernel: { shape: number[]; values: number[] }, bias?: { values: number[] }): number[] {
  const [rows, columns] = kernel.shape;
  assert.is(x.length, rows);
  return Array.from({ length: columns }, (_, j) => x.reduce((sum, value, i) => sum + value * kernel.values[i * columns + j], bias ? bias.values[j] : 0));
}
const leaky = (values: number[]) => values.map((v) => (v > 0 ? v : 0.2 * v));
const sigmoid = (values: number[]) => values.map((v) => 1 / (1 + Math.exp(-v)));

/**
 * The network's output for one input row and one label, from its weights: [input, label code] -> dense, leaky ReLU
 * -> dense, sigmoid, where the label code is the one-hot vector or its row of the embedding.
 */
function byHand(model: tf.LayersModel, input: number[], label: number, config: ConditionalGanConfig): number[] {
  const weights = weightsOf(model);
  const code = config.labelEmbedding > 0 ? affine(oneHot(label), weights.shift()!) : oneHot(label);
  const [kernel1, bias1, kernel2, bias2] = weights;
  return sigmoid(affine(leaky(affine([...input, ...code], kernel1, bias1)), kernel2, bias2));
}

test('shapes right after building: G [z, one-hot label] -> 64 pixels in 0..1, D [64 pixels, one-hot label] -> 1 score', () => {
  for (const config of [DEFAULT_CONDITIONAL_GAN_CONFIG, EMBEDDED]) {
    const { generator, discriminator } = buildConditionalGan(createRng(0), config);
    assert.equal(generator.inputs.map((input) => input.shape), [[null, 20], [null, 10]]);
    assert.equal(generator.outputs[0].shape, [null, 64]);
    assert.equal(discriminator.inputs.map((input) => input.shape), [[null, 64], [null, 10]]);
    assert.equal(discriminator.outputs[0].shape, [null, 1]);
    // The label joins as its 10 one-hot values, or as the 4 numbers of its embedding.
    const [embedding, code] = config.labelEmbedding > 0 ? [[[10, 4]], 4] : [[], 10];
    assert.equal(weightsOf(generator).map((w) => w.shape), [...embedding, [20 + code, config.hidden], [config.hidden], [config.hidden, 64], [64]]);
    assert.equal(weightsOf(discriminator).map((w) => w.shape), [...embedding, [64 + code, config.hidden], [config.hidden], [config.hidden, 1], [1]]);
    const images = tf.tidy(() => (generator.predict([tf.randomNormal([5, 20], 0, 1, 'float32', 1), tf.oneHot([0, 3, 9, 3, 1], 10).toFloat()]) as tf.Tensor).arraySync() as number[][]);
    assert.equal([images.length, images[0].length], [5, 64]);
    assert.ok(images.flat().every((v) => v > 0 && v < 1), 'pixels in 0..1 (sigmoid)');
    generator.dispose();
    discriminator.dispose();
  }
});

test('G and D compute what a hand-written forward pass computes from their weights, the label included', () => {
  for (const config of [{ ...DEFAULT_CONDITIONAL_GAN_CONFIG, hidden: 16 }, EMBEDDED]) {
    const { generator, discriminator } = buildConditionalGan(createRng(1), config);
    const rng = createRng(2);
    const z = Array.from({ length: 20 }, () => rng.next() * 2 - 1);
    const image = Array.from({ length: 64 }, () => rng.next());
    for (const label of [0, 7]) {
      const [fake, score] = tf.tidy(() => {
        const labelTensor = tf.tensor2d([oneHot(label)]);
        return [
          Array.from((generator.predict([tf.tensor2d([z]), labelTensor]) as tf.Tensor).dataSync()),
          Array.from((discriminator.predict([tf.tensor2d([image]), labelTensor]) as tf.Tensor).dataSync()),
        ];
      });
      const expectedFake = byHand(generator, z, label, config);
      assert.ok(fake.every((v, i) => Math.abs(v - expectedFake[i]) < 1e-5), `G, label ${label}, embedding ${config.labelEmbedding}`);
      assert.ok(Math.abs(score[0] - byHand(discriminator, image, label, config)[0]) < 1e-5, `D, label ${label}, embedding ${config.labelEmbedding}`);
    }
    const [zero, seven] = [0, 7].map((label) => byHand(generator, z, label, config));
    assert.ok(zero.some((v, i) => Math.abs(v - seven[i]) > 1e-3), 'another label, another image from the same z');
    generator.dispose();
    discriminator.dispose();
  }
});

test('generateForLabels draws noise from the seed, one vector per label; labelGridImages shares its noise down each column', () => {
  const { generator, discriminator } = buildConditionalGan(createRng(3), { ...DEFAULT_CONDITIONAL_GAN_CONFIG, hidden: 16 });
  const tensors = tf.memory().numTensors;
  const labels = [4, 4, 0, 9, 2];
  const images = generateForLabels(generator, labels, 5);
  const grid = labelGridImages(generator, 3, 6);
  assert.is(tf.memory().numTensors, tensors, 'no tensor left behind');
  const predicted = (noise: number[][], asked: number[]) =>
    tf.tidy(() => (generator.predict([tf.tensor2d(noise), tf.tensor2d(asked.map((label) => oneHot(label)))]) as tf.Tensor2D).arraySync());
  const noiseOf = (count: number, seed: number) => tf.tidy(() => latentNoise(count, 20, createRng(seed)).arraySync());
  assert.equal(images, predicted(noiseOf(5, 5), labels));
  const columns = noiseOf(3, 6);
  assert.is(grid.length, 30);
  for (let label = 0; label < 10; label++) {
    assert.equal(grid.slice(label * 3, label * 3 + 3), predicted(columns, [label, label, label]), `row ${label}`);
  }
  assert.equal(labelsInOrder(3, 2), [0, 0, 1, 1, 2, 2]);
  generator.dispose();
  discriminator.dispose();
});

test('the same seed builds the same weights, another seed others', () => {
  const weights = (seed: number) => {
    const { generator, discriminator } = buildConditionalGan(createRng(seed), EMBEDDED);
    const values = [...weightsOf(generator), ...weightsOf(discriminator)].map((w) => w.values);
    generator.dispose();
    discriminator.dispose();
    return values;
  };
  assert.equal(weights(4), weights(4));
  assert.not.equal(weights(4), weights(5));
});

test.run();
