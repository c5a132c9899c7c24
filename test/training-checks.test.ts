/**
 * What trainGan refuses (issue 7): bad settings and images before any model is built, each named in one line;
 * and a diverging run, stopped at its first NaN loss with the epoch, the step and a likely cause, its models
 * put back to the weights of the last good epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend, useBackend } from '../kernel-helpers/src/runtime/backend';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { adam } from '../kernel-helpers/src/training/optimizers';
import { DEFAULT_TRAINING_SETTINGS } from '../kernel-helpers/src/training/settings';
import { trainGan, TrainGanOptions } from '../kernel-helpers/src/training/train-gan';
import { TrainingDiverged } from '../kernel-helpers/src/training/checks';
import { newTrainingState } from '../kernel-helpers/src/training/state';

const images = loadTrainingImages(2);
const silent = silentProgress();

test.before(async () => {
  await initBackend();
});

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

async function rejection(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('trainGan did not reject');
}

test('bad settings and images are refused before training, naming the option or the image', async () => {
  const tensors = tf.memory().numTensors;
  const withPixel = (value: number) => images.map((image, i) => (i === 3 ? image.map((v, j) => (j === 10 ? value : v)) : image));
  const cases: [number[][], TrainGanOptions, string][] = [
    [images, { epochs: -1 }, 'trainGan: epochs must be an integer >= 1, got -1'],
    [images, { epochs: 2.5 }, 'trainGan: epochs must be an integer >= 1, got 2.5'],
    [images, { batchSize: 0 }, 'trainGan: batchSize must be an integer >= 1, got 0'],
    [images, { batchSize: 178 }, 'trainGan: 177 rows, fewer than one batch (batchSize 178)'],
    [images, { generatorOptimizer: adam(0) }, 'trainGan: generatorOptimizer: learningRate must be a number > 0, got 0'],
    [images, { discriminatorOptimizer: adam(NaN) }, 'trainGan: discriminatorOptimizer: learningRate must be a number > 0, got NaN'],
    [images, { discriminatorOptimizer: adam(0.001, 1) }, 'trainGan: discriminatorOptimizer: beta1 and beta2 must be numbers in [0, 1), got 1 and 0.999'],
    [images, { loss: 'l2' } as unknown as TrainGanOptions, 'trainGan: loss must be one of bce, minimax, wasserstein, wasserstein-gp, hinge, got "l2"'],
    [images, { criticSteps: 0 }, 'trainGan: criticSteps must be an integer >= 1, got 0'],
    [images, { generatorAverageDecay: 1 }, 'trainGan: generatorAverageDecay must be a number in [0, 1) (0 keeps no average), got 1'],
    [images, { labels: images.map(() => 2) }, 'trainGan: labels were given but classes is 0; set classes to train a conditional GAN'],
    [images, { classes: 10, labels: [1, 2] }, 'trainGan: a conditional GAN (classes 10) needs one label per row: 177 rows, 2 labels'],
    [images, { classes: 10, labels: images.map((_, i) => (i === 4 ? 10 : 2)) }, 'trainGan: labels[4] is 10, expected an integer 0..9'],
    [images, { classes: 10, labels: images.map(() => 2) }, "trainGan: generator takes 1 input(s); a conditional GAN's models take two, [noise or sample, one-hot label of 10]"],
    [images, { loss: 'wasserstein' }, 'trainGan: the wasserstein loss needs a discriminator that ends in a linear score (no sigmoid), this one ends in sigmoid'],
    [images, { seed: -1 }, 'trainGan: seed must be an integer 0..4294967295, got -1'],
    [images, { epoch: 5 } as TrainGanOptions, 'trainGan: unknown option "epoch"; the options are seed, epochs, batchSize, loss, criticSteps, clipValue, penaltyWeight, generatorOptimizer, discriminatorOptimizer, generatorAverageDecay, logEvery, accuracySamples, snapshotCount, classes, valueRange, config, labels, models, judge, progress, onLog, onEpochEnd, state'],
    [[], {}, 'trainGan: 0 rows, fewer than one batch (batchSize 10)'],
    [images.map((image, i) => (i === 7 ? image.slice(1) : image)), {}, 'trainGan: row 7 has 63 values, row 0 has 64'],
    [withPixel(16), {}, 'trainGan: rows[3][10] is 16, expected a value in 0..1 (the generator ends in a sigmoid; normalisePixels scales optdigits pixels 0..16 to 0..1)'],
    [withPixel(NaN), {}, 'trainGan: rows[3][10] is NaN, expected a value in 0..1 (the generator ends in a sigmoid; normalisePixels scales optdigits pixels 0..16 to 0..1)'],
  ];
  for (const [data, options, message] of cases) {
    assert.is((await rejection(trainGan(data, { ...options, progress: silent }))).message, message);
  }
  assert.is(tf.memory().numTensors, tensors);
});

test('a NaN loss stops training at its epoch and step, names the learning rate, and keeps the initial weights', async () => {
  const settings = { ...DEFAULT_TRAINING_SETTINGS, seed: 5, generatorOptimizer: adam(1e38), discriminatorOptimizer: adam(1e38) };
  const initial = newTrainingState(settings);
  const expected = { generator: weightsOf(initial.generator), discriminator: weightsOf(initial.discriminator) };
  initial.generator.dispose();
  initial.discriminator.dispose();
  // A fresh state from the same seed: trainGan trains these models in place.
  const state = newTrainingState(settings);
  const tensors = tf.memory().numTensors;
  const error = await rejection(trainGan(images, { state, progress: silent }));
  assert.instance(error, TrainingDiverged);
  // Adam moves every weight by about lr = 1e38 at each step: sums of such products overflow within the first epoch.
  assert.match(error.message, /^[DG] loss is NaN at epoch 1, step (\d+): training stopped, and the models are back to their weights after epoch 0\. /);
  assert.ok(Number(/step (\d+)/.exec(error.message)?.[1]) <= 17, 'a step of the first epoch (177 images, batches of 10)');
  assert.match(error.message, /a learning rate too large for Adam \(1e\+38\): try 1e\+37/);
  assert.equal({ generator: weightsOf(state.generator), discriminator: weightsOf(state.discriminator) }, expected);
  assert.is(tf.memory().numTensors, tensors);
});

for (const backend of ['wasm', 'cpu'] as const) {
  // On cpu a tensor shares the array it is made from: the diverged leg must not reach the saved optimizer state.
  test(`${backend}: after good epochs, divergence restores the last good epoch, and training goes on from it at a smaller rate`, async () => {
    await useBackend(backend);
    const state = newTrainingState({ ...DEFAULT_TRAINING_SETTINGS, seed: 6, accuracySamples: 20 });
    await trainGan(images, { state, epochs: 2, progress: silent });
    const afterTwo = { generator: weightsOf(state.generator), discriminator: weightsOf(state.discriminator) };
    const error = await rejection(trainGan(images, { state, epochs: 4, generatorOptimizer: adam(1e38), discriminatorOptimizer: adam(1e38), progress: silent }));
    assert.match(error.message, /^[DG] loss is NaN at epoch 3, step \d+: .* back to their weights after epoch 2\./);
    assert.equal({ generator: weightsOf(state.generator), discriminator: weightsOf(state.discriminator) }, afterTwo);
    assert.is(state.epoch, 2);
    const run = await trainGan(images, { state, epochs: 4, generatorOptimizer: adam(0.005), discriminatorOptimizer: adam(0.005), progress: silent });
    assert.equal(run.history.map((entry) => entry.epoch), [1, 2, 4]);
    assert.ok(run.history.every((entry) => Number.isFinite(entry.dLoss) && Number.isFinite(entry.gLoss)));
    run.generator.dispose();
    run.discriminator.dispose();
  });
}

test.after(async () => useBackend(await initBackend()));

test.run();
