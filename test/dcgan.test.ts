/**
 * Chapter 7's DCGAN builders: the shapes checked after building, the layers the chapter explains (batch norm in G
 * only, dropout in D only), the DCGAN paper's initial weights measured against N(0, 0.02), and SeededDropout, whose
 * masks make a run repeatable and continue exactly after a checkpoint. The trained runs use a narrow config, so the
 * test checks the engine's guarantees, not image quality.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import {
  buildDcgan,
  buildDcganDiscriminator,
  buildDcganGenerator,
  checkShapes,
  DcganConfig,
  DEFAULT_DCGAN_CONFIG,
  generatedPixels,
  layerShapes,
  SeededDropout,
  toTanhRange,
} from '../kernel-helpers/src/models/dcgan';
import { loadModel, saveModel } from '../kernel-helpers/src/models/model-io';
import { loadCheckpoint, saveCheckpoint } from '../kernel-helpers/src/training/checkpoints';
import { adam } from '../kernel-helpers/src/training/optimizers';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { trainGan, TrainGanOptions } from '../kernel-helpers/src/training/train-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dcgan-'));
test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const stats = (values: ArrayLike<number>) => {
  const list = Array.from(values);
  const mean = list.reduce((sum, value) => sum + value, 0) / list.length;
  return { mean, std: Math.sqrt(list.reduce((sum, value) => sum + (value - mean) ** 2, 0) / list.length) };
};

test('G maps z (100) to 28x28x1 through 7x7x32 and 14x14x16; D maps 28x28x1 through 14x14x16 and 7x7x32 to one score', () => {
  const { generator, discriminator } = buildDcgan(createRng(0));
  assert.equal(
    layerShapes(generator).map(({ layer, shape }) => `${layer} ${shape.join('x')}`),
    ['input 100', 'Dense 1568', 'Reshape 7x7x32', 'BatchNormalization 7x7x32', 'ReLU 7x7x32', 'Conv2DTranspose 14x14x16', 'BatchNormalization 14x14x16', 'ReLU 14x14x16', 'Conv2DTranspose 28x28x1'],
  );
  assert.equal(
    layerShapes(discriminator).map(({ layer, shape }) => `${layer} ${shape.join('x')}`),
    ['input 28x28x1', 'Conv2D 14x14x16', 'LeakyReLU 14x14x16', 'SeededDropout 14x14x16', 'Conv2D 7x7x32', 'LeakyReLU 7x7x32', 'SeededDropout 7x7x32', 'Flatten 1568', 'Dense 1'],
  );
  const noise = tf.randomNormal([3, 100], 0, 1, 'float32', 1) as tf.Tensor2D;
  const images = generator.predict(noise) as tf.Tensor;
  const scores = discriminator.predict(images) as tf.Tensor;
  assert.equal([images.shape, scores.shape], [[3, 28, 28, 1], [3, 1]]);
  const pixels = Array.from(images.dataSync());
  assert.ok(pixels.every((value) => value > -1 && value < 1), 'tanh: pixels in -1..1');
  assert.ok(Array.from(scores.dataSync()).every((p) => p > 0 && p < 1), 'sigmoid: scores are probabilities');
  tf.dispose([noise, images, scores]);
  generator.dispose();
  discriminator.dispose();
});

test('the widths, the filter size and the last activation follow the config; a sigmoid G draws pixels in 0..1', () => {
  const config: DcganConfig = { ...DEFAULT_DCGAN_CONFIG, latentSize: 8, generatorChannels: [6, 3], discriminatorChannels: [2, 5], kernelSize: 3, output: 'sigmoid' };
  const { generator, discriminator } = buildDcgan(createRng(0), config);
  assert.equal(layerShapes(generator).map(({ shape }) => shape.join('x')), ['8', '294', '7x7x6', '7x7x6', '7x7x6', '14x14x3', '14x14x3', '14x14x3', '28x28x1']);
  assert.equal(layerShapes(discriminator)[4].shape, [7, 7, 5]);
  assert.equal((generator.layers[4].getWeights()[0]).shape, [3, 3, 3, 6], 'conv2dTranspose kernel: size, size, out, in');
  const noise = tf.randomNormal([4, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
  const pixels = generatedPixels(generator, noise);
  assert.equal([pixels.length, pixels[0].length], [4, 784]);
  assert.ok(pixels.flat().every((value) => value > 0 && value < 1));
  noise.dispose();
  generator.dispose();
  discriminator.dispose();
});

test('checkShapes names the model and both shapes when a model does not fit', () => {
  const model = tf.sequential({ name: 'too_small', layers: [tf.layers.dense({ inputShape: [100], units: 10 })] });
  assert.throws(() => checkShapes(model, [100], [28, 28, 1]), /too_small: expected \[null,100\] -> \[null,28,28,1\], built \[null,100\] -> \[null,10\]/);
  checkShapes(model, [100], [10]);
  model.dispose();
});

test('batch norm only in G, after the dense layer and the first transposed conv, which have no bias; dropout only in D', () => {
  const { generator, discriminator } = buildDcgan(createRng(0));
  const names = (model: tf.LayersModel) => model.layers.map((layer) => layer.getClassName());
  assert.is(names(generator).filter((name) => name === 'BatchNormalization').length, 2);
  assert.not.ok(names(discriminator).includes('BatchNormalization'));
  assert.is(names(discriminator).filter((name) => name === 'SeededDropout').length, 2);
  assert.not.ok(names(generator).some((name) => name.includes('Dropout')));
  assert.is(generator.layers[0].getConfig().useBias, false);
  assert.is(generator.layers[4].getConfig().useBias, false);
  assert.is(generator.layers[7].getConfig().useBias, true);
  assert.is(discriminator.layers[1].getConfig().alpha, 0.2);
  generator.dispose();
  discriminator.dispose();
});

test("initial weights are the DCGAN paper's: kernels N(0, 0.02), batch norm's scale N(1, 0.02), offsets and biases 0", () => {
  const { generator, discriminator } = buildDcgan(createRng(0));
  // 156,800 values: the sample mean and standard deviation are within 1% of 0.02 of the true ones.
  const dense = stats(generator.layers[0].getWeights()[0].dataSync());
  assert.ok(Math.abs(dense.mean) < 0.0002 && Math.abs(dense.std - 0.02) < 0.0002, JSON.stringify(dense));
  const [gamma, beta, movingMean, movingVariance] = generator.layers[2].getWeights().map((w) => Array.from(w.dataSync()));
  const scale = stats(gamma);
  assert.ok(Math.abs(scale.mean - 1) < 0.02 && scale.std > 0.01 && scale.std < 0.03, JSON.stringify(scale));
  assert.ok(beta.every((v) => v === 0) && movingMean.every((v) => v === 0) && movingVariance.every((v) => v === 1));
  const conv = stats(discriminator.layers[3].getWeights()[0].dataSync());
  assert.ok(Math.abs(conv.std - 0.02) < 0.001, `D's second conv (12,800 values): std ${conv.std}`);
  assert.ok(discriminator.layers[3].getWeights()[1].dataSync().every((v) => v === 0), 'conv bias 0');
  generator.dispose();
  discriminator.dispose();
});

test("the same seed builds the same weights, another seed others", () => {
  const weights = (seed: number) => {
    const { generator, discriminator } = buildDcgan(createRng(seed));
    const values = [...generator.getWeights(), ...discriminator.getWeights()].map((w) => Array.from(w.dataSync()));
    generator.dispose();
    discriminator.dispose();
    return values;
  };
  const [a, b, c] = [weights(3), weights(3), weights(4)];
  assert.equal(a, b);
  assert.not.equal(a[0], c[0]);
});

test('SeededDropout: a new mask at every training call, kept values scaled by 1/(1 - rate), nothing dropped in inference', () => {
  const input = tf.ones([1, 2000]);
  const layer = new SeededDropout({ rate: 0.3, seed: 42 });
  const twin = new SeededDropout({ rate: 0.3, seed: 42 });
  const call = (l: SeededDropout, training: boolean) => tf.tidy(() => Array.from((l.apply(input, { training }) as tf.Tensor).dataSync()));
  const tensors = tf.memory().numTensors;
  const [first, second] = [call(layer, true), call(layer, true)];
  assert.ok(first.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6), 'dropped or scaled');
  const dropped = first.filter((v) => v === 0).length / first.length;
  assert.ok(Math.abs(dropped - 0.3) < 0.04, `dropped share ${dropped}`);
  assert.not.equal(first, second, 'the second call draws another mask');
  assert.equal([call(twin, true), call(twin, true)], [first, second], 'same seed, same masks');
  assert.equal(call(layer, false), new Array(2000).fill(1));
  assert.is(layer.getWeights()[0].dataSync()[0], 2, 'two training calls counted; inference calls are not');
  // Each call's tensors are freed; the layers' own weights (two counters) stay.
  assert.is(tf.memory().numTensors, tensors + 2);
  input.dispose();
});

test('a discriminator saved and loaded keeps its dropout count, so it draws the next mask', async () => {
  const discriminator = buildDcganDiscriminator(createRng(5));
  const images = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 6);
  const scoreOf = (model: tf.LayersModel) => tf.tidy(() => Array.from((model.apply(images, { training: true }) as tf.Tensor).dataSync()));
  scoreOf(discriminator);
  await saveModel(discriminator, path.join(dir, 'd'));
  const loaded = await loadModel(path.join(dir, 'd'));
  assert.equal(scoreOf(loaded), scoreOf(discriminator), 'the second call of both draws the same masks');
  assert.equal(loaded.predict(images).toString(), discriminator.predict(images).toString());
  images.dispose();
  discriminator.dispose();
  loaded.dispose();
});

const tiny: DcganConfig = { ...DEFAULT_DCGAN_CONFIG, latentSize: 6, generatorChannels: [4, 2], discriminatorChannels: [2, 4], kernelSize: 3 };
const rows = toTanhRange(Array.from({ length: 32 }, (_, i) => Array.from({ length: 784 }, (_, k) => ((i * 7 + k) % 13) / 12)));
const options: TrainGanOptions = {
  models: (rng) => buildDcgan(rng, tiny),
  batchSize: 8,
  epochs: 2,
  logEvery: 1,
  accuracySamples: 8,
  snapshotCount: 4,
  valueRange: [-1, 1],
  generatorOptimizer: adam(0.0002, 0.5),
  discriminatorOptimizer: adam(0.0002, 0.5),
  progress: silentProgress(),
};

test('trainGan trains the DCGAN repeatably (dropout included), with no tensor left behind', async () => {
  const tensors = tf.memory().numTensors;
  const losses = async () => {
    const run = await trainGan(rows, options);
    [run.generator, run.discriminator].forEach((model) => model.dispose());
    return run.history.map(({ dLoss, gLoss, dReal, dFake }) => [dLoss, gLoss, dReal, dFake]);
  };
  const [first, second] = [await losses(), await losses()];
  assert.equal(first, second);
  assert.is(tf.memory().numTensors, tensors);
});

test('a run continued from a checkpoint matches one that never stopped (batch norm statistics and dropout count included)', async () => {
  const straight = await trainGan(rows, options);
  const half = await trainGan(rows, { ...options, epochs: 1 });
  const file = path.join(dir, 'checkpoint.json');
  await saveCheckpoint(file, half.state);
  [half.generator, half.discriminator].forEach((model) => model.dispose());
  const { state } = await loadCheckpoint(file);
  // 32 rows in batches of 8: 4 iterations, each calling D in training mode three times (reals, fakes, G's step).
  const counts = state.discriminator.layers.filter((layer) => layer instanceof SeededDropout).map((layer) => layer.getWeights()[0].dataSync()[0]);
  assert.equal(counts, [12, 12]);
  const resumed = await trainGan(rows, { state, epochs: 2, progress: silentProgress() });
  assert.equal(resumed.history, straight.history);
  assert.equal(
    resumed.discriminator.getWeights().map((w) => Array.from(w.dataSync())),
    straight.discriminator.getWeights().map((w) => Array.from(w.dataSync())),
  );
  [straight, resumed].forEach((run) => [run.generator, run.discriminator].forEach((model) => model.dispose()));
});

test('toTanhRange maps 0, 0.5 and 1 to -1, 0 and 1', () => {
  assert.equal(toTanhRange([[0, 0.5, 1]]), [[-1, 0, 1]]);
});

test.run();
