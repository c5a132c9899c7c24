/**
 * The two recipes of chapter 6 (issue 12): the demo's is the chapters' run unchanged; the recommended one, trained
 * in full on seed 0, draws 2s that cover the real ones where the demo's do not; and the judge that logs their metrics
 * scores exactly the samples `npm run train` writes.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDigits, loadTrainingImages, normalisePixels } from '../kernel-helpers/src/data/digits';
import { DigitJudge, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { judgeSamples } from '../kernel-helpers/src/metrics/judge-samples';
import { generateImages } from '../kernel-helpers/src/models/generation';
import { buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { checkSettings } from '../kernel-helpers/src/training/checks';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import {
  DEMO_RECIPE,
  describeRecipe,
  metricsJudge,
  RECIPES,
  RECOMMENDED_RECIPE,
  watchedMetrics,
  withLearningRate,
} from '../kernel-helpers/src/training/recipes';
import { DEFAULT_TRAINING_SETTINGS } from '../kernel-helpers/src/training/settings';
import { trainGan } from '../kernel-helpers/src/training/train-gan';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';

const twos = loadTrainingImages(2);
let judge: DigitJudge;

test.before(async () => {
  await initBackend();
  const digits = loadDigits();
  judge = trainDigitClassifier(normalisePixels(digits.pixels), digits.labels);
});

test("the demo recipe is the chapters' settings; both recipes pass trainGan's checks", () => {
  assert.equal({ ...DEFAULT_TRAINING_SETTINGS, ...DEMO_RECIPE }, DEFAULT_TRAINING_SETTINGS);
  for (const recipe of Object.values(RECIPES)) checkSettings(recipe, DEFAULT_TRAINING_SETTINGS);
  assert.is(describeRecipe(DEMO_RECIPE), 'Adam 0.005 (betas 0.9, 0.999), no average of G');
  assert.is(describeRecipe(RECOMMENDED_RECIPE), "Adam 0.002 (betas 0.5, 0.999), G's average 0.99");
});

test("another learning rate changes both networks' and keeps the betas, the epochs and the average", () => {
  const faster = withLearningRate(RECOMMENDED_RECIPE, 0.004);
  assert.equal(faster.generatorOptimizer, { name: 'adam', learningRate: 0.004, beta1: 0.5, beta2: 0.999 });
  assert.equal(faster.discriminatorOptimizer, faster.generatorOptimizer);
  assert.equal([faster.epochs, faster.generatorAverageDecay], [200, 0.99]);
  assert.is(RECOMMENDED_RECIPE.generatorOptimizer.learningRate, 0.002, 'the recipe itself is unchanged');
});

test('the metrics judge scores the samples of latentNoise(500, 20, createRng(seed)), the same at every call, leaving no tensor', () => {
  const generator = buildGenerator(createRng(3));
  const watch = metricsJudge(judge, twos, { target: 2, seed: 7 });
  const before = tf.memory().numTensors;
  const metrics = watch(generator);
  assert.is(tf.memory().numTensors, before);
  assert.equal(watch(generator), metrics);
  const noise = latentNoise(500, 20, createRng(7));
  const expected = judgeSamples(judge, twos, generateImages(generator, noise), { target: 2, integerScale: 16 });
  noise.dispose();
  generator.dispose();
  assert.equal(metrics, {
    'classified as 2': expected.classes.targetShare,
    precision: expected.pixels.precision,
    coverage: expected.pixels.coverage,
    'FID-like': expected.frechetDistance,
    'near copies': expected.copies.near,
  });
  assert.equal(watchedMetrics(expected, 2), metrics);
});

/** What the metrics judge says of a full run of `recipe` on seed 0 (G's moving average when it keeps one). */
async function seedZeroMetrics(recipe: typeof DEMO_RECIPE): Promise<Record<string, number>> {
  const run = await trainGan(twos, { ...recipe, seed: 0, progress: silentProgress() });
  assert.is(run.sampler !== run.generator, recipe.generatorAverageDecay > 0);
  const metrics = metricsJudge(judge, twos, { target: 2, seed: 0 })(run.sampler);
  new Set([run.generator, run.discriminator, run.sampler]).forEach((model) => model.dispose());
  return metrics;
}

test("seed 0: the recommended recipe's 2s are 2s and cover >= 60% of the real ones; the demo's cover < 30%", async () => {
  const metrics = await seedZeroMetrics(RECOMMENDED_RECIPE);
  assert.ok(metrics['classified as 2'] >= 0.95 && metrics.coverage >= 0.6, JSON.stringify(metrics));
  const demo = await seedZeroMetrics(DEMO_RECIPE);
  assert.ok(demo.coverage < 0.3, JSON.stringify(demo));
});

test.run();
