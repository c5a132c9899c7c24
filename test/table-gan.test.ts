/**
 * The conditional table GAN (chapter 10): shapes, G's output segments (each softmax group sums to 1, each tanh in
 * -1..1, against the layer-free computation from G's logits), decoded rows with real categories, the species
 * proportions of a drawn table, a saved-and-loaded generator, and no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPenguins, PENGUINS_SCHEMA } from '../kernel-helpers/src/data/penguins';
import { fitTableEncoder } from '../kernel-helpers/src/data/table-encoding';
import { buildTabularGan, generateTable, proportionalLabels } from '../kernel-helpers/src/models/tabular-gan';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { createRng } from '../kernel-helpers/src/util/seeding';

const penguins = loadPenguins().records;
const encoder = fitTableEncoder(penguins, PENGUINS_SCHEMA, 'modes');

test.before(async () => {
  await initBackend();
});

test('G: [z 16, label 3] -> 18 numbers; D: [row 18, label 3] -> 1; each segment activated on its own', () => {
  const tensors = tf.memory().numTensors;
  const { generator, discriminator } = buildTabularGan(createRng(0), encoder, 'sigmoid');
  assert.equal(generator.inputs.map((input) => input.shape), [[null, 16], [null, 3]]);
  assert.equal(generator.outputs[0].shape, [null, encoder.width]);
  assert.is(encoder.width, 18);
  assert.equal(discriminator.inputs.map((input) => input.shape), [[null, 18], [null, 3]]);
  assert.equal(discriminator.outputs[0].shape, [null, 1]);
  const noise = tf.randomNormal([5, 16], 0, 1, 'float32', 1);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0], 'int32'), 3).toFloat());
  // The logits: G's last dense layer, before the segment activations.
  const logitsModel = tf.model({ inputs: generator.inputs, outputs: generator.layers[generator.layers.length - 2].output as tf.SymbolicTensor });
  const [rows, logits] = tf.tidy(() => [generator, logitsModel].map((model) => (model.predict([noise, labels]) as tf.Tensor).arraySync() as number[][]));
  rows.forEach((row, i) => {
    for (const { activation, start, width } of encoder.segments) {
      const part = logits[i].slice(start, start + width);
      const expected = activation === 'tanh' ? part.map(Math.tanh) : part.map((v) => Math.exp(v) / part.reduce((s, u) => s + Math.exp(u), 0));
      expected.forEach((value, k) => assert.ok(Math.abs(row[start + k] - value) < 1e-5, `row ${i}, ${activation} at ${start + k}`));
      if (activation === 'softmax') assert.ok(Math.abs(row.slice(start, start + width).reduce((s, v) => s + v, 0) - 1) < 1e-5, 'a softmax group sums to 1');
    }
  });
  const scores = tf.tidy(() => (discriminator.predict([tf.tensor2d(rows), labels]) as tf.Tensor).dataSync());
  assert.ok(Array.from(scores).every((score) => score > 0 && score < 1), 'a sigmoid score');
  tf.dispose([noise, labels]);
  generator.dispose();
  discriminator.dispose();
  assert.is(tf.memory().numTensors, tensors, 'no tensor left behind');
});

test('the untrained G already decodes to rows of the table: real categories, the asked species, same seed same rows', () => {
  const { generator, discriminator } = buildTabularGan(createRng(1), encoder, 'linear');
  const labels = proportionalLabels(encoder.labelsOf(penguins), 3, 30);
  const tensors = tf.memory().numTensors;
  const rows = generateTable(generator, encoder, labels, createRng(2));
  assert.is(tf.memory().numTensors, tensors, 'generateTable leaves no tensor');
  assert.equal(rows.map((row) => row.Species), labels.map((label) => encoder.classes[label]));
  assert.ok(rows.every((row) => ['Biscoe', 'Dream', 'Torgersen'].includes(row.Island as string) && ['MALE', 'FEMALE', null].includes(row.Sex as string | null)));
  assert.ok(rows.every((row) => typeof row['Body Mass (g)'] === 'number' && Number.isInteger(row['Body Mass (g)'])));
  assert.equal(generateTable(generator, encoder, labels, createRng(2)), rows);
  assert.is(discriminator.layers[discriminator.layers.length - 1].getConfig().activation, 'linear');
  generator.dispose();
  discriminator.dispose();
});

test('proportionalLabels: largest remainders, class by class; 342 of the penguins give 151, 68, 123', () => {
  const labels = encoder.labelsOf(penguins);
  const count = (drawn: number[], c: number) => drawn.filter((label) => label === c).length;
  const drawn = proportionalLabels(labels, 3, 342);
  assert.equal([0, 1, 2].map((c) => count(drawn, c)), [151, 68, 123]);
  assert.equal(drawn, [...drawn].sort((a, b) => a - b));
  // 100 rows: shares 44.15, 19.88, 35.96 -> floors 44, 19, 35 (98); the two largest remainders (0.96, 0.88) get one more.
  assert.equal([0, 1, 2].map((c) => count(proportionalLabels(labels, 3, 100), c)), [44, 20, 36]);
  assert.equal(proportionalLabels([0, 0, 1], 2, 1), [0]);
});

test('a generator with its segment layer saves and loads with the same outputs', async () => {
  const { generator, discriminator } = buildTabularGan(createRng(3), encoder, 'sigmoid');
  const copy = await tf.models.modelFromJSON({ modelTopology: generator.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
  copy.setWeights(generator.getWeights());
  const labels = [0, 1, 2];
  assert.equal(generateTable(copy, encoder, labels, createRng(4)), generateTable(generator, encoder, labels, createRng(4)));
  [generator, discriminator, copy].forEach((model) => model.dispose());
});

test.run();
