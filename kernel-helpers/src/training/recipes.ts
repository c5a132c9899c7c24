/**
 * Two recipes for the demo GAN (chapter 6, issue 12), as overrides of the training settings, and how a recipe's
 * generator is judged so that recipes can be compared.
 *
 * The demo's recipe (chapters 3-5) draws convincing 2s, but few kinds of 2: its 500 samples cover 12-16% of the
 * real 2s (seeds 0-2). The recommended one changes Adam's beta1 from 0.9 to 0.5, as DCGAN does (Radford et al.
 * 2015), lowers the learning rate to 0.002, trains for 200 epochs and samples from a moving average of G's
 * weights (Yazıcı et al. 2019, "The unusual effectiveness of averaging in GAN training"): 92-97% coverage.
 *
 * Judging: `metricsJudge` scores the same JUDGED_SAMPLES samples of G (noise seeded like the run, as samples.csv
 * is drawn) at every log line against the real images, with a digit classifier (metrics/judge-samples.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { DigitJudge } from '../metrics/classifier-judge';
import { judgeSamples, SampleJudgement } from '../metrics/judge-samples';
import { createRng, latentNoise } from '../util/seeding';
import { adam, OptimizerSettings } from './optimizers';
import { TrainingSettings } from './settings';
import { latentSizeOf } from './state';

/** What a recipe sets; everything else keeps DEFAULT_TRAINING_SETTINGS (batches of 10, BCE, ...). */
export type Recipe = Pick<TrainingSettings, 'epochs' | 'generatorOptimizer' | 'discriminatorOptimizer' | 'generatorAverageDecay'>;

/** The demo's: Adam at 0.005 with tfjs's default betas 0.9 and 0.999 for both networks, 100 epochs, no average. */
export const DEMO_RECIPE: Recipe = {
  epochs: 100,
  generatorOptimizer: adam(0.005, 0.9, 0.999),
  discriminatorOptimizer: adam(0.005, 0.9, 0.999),
  generatorAverageDecay: 0,
};

/**
 * Adam at 0.002 with betas 0.5 and 0.999 for both networks, 200 epochs, and samples from the moving average of G's
 * weights with decay 0.99 (about the last 100 G steps, 6 epochs). Decay 0.995 covered as much; 0.999 (the last
 * 1000 steps) as much too, but with a larger FID-like distance (2.4-2.7 against 1.8): it lags behind G.
 */
export const RECOMMENDED_RECIPE: Recipe = {
  epochs: 200,
  generatorOptimizer: adam(0.002, 0.5, 0.999),
  discriminatorOptimizer: adam(0.002, 0.5, 0.999),
  generatorAverageDecay: 0.99,
};

export const RECIPES = { demo: DEMO_RECIPE, recommended: RECOMMENDED_RECIPE } as const;
export type RecipeName = keyof typeof RECIPES;
export const RECIPE_NAMES = Object.keys(RECIPES) as RecipeName[];

/** The recipe with another learning rate for both networks; the optimizers' other settings stay. */
export function withLearningRate(recipe: Recipe, learningRate: number): Recipe {
  return {
    ...recipe,
    generatorOptimizer: { ...recipe.generatorOptimizer, learningRate },
    discriminatorOptimizer: { ...recipe.discriminatorOptimizer, learningRate },
  };
}

/** `Adam 0.002 (betas 0.5, 0.999), G's average 0.99`; G's optimizer when the two differ. */
export function describeRecipe(recipe: Recipe): string {
  const optimizer = describeOptimizer(recipe.generatorOptimizer);
  const discriminator = describeOptimizer(recipe.discriminatorOptimizer);
  const both = optimizer === discriminator ? optimizer : `G ${optimizer}, D ${discriminator}`;
  return `${both}, ${recipe.generatorAverageDecay > 0 ? `G's average ${recipe.generatorAverageDecay}` : 'no average of G'}`;
}

function describeOptimizer(settings: OptimizerSettings): string {
  switch (settings.name) {
    case 'adam':
      return `Adam ${settings.learningRate} (betas ${settings.beta1}, ${settings.beta2})`;
    case 'sgd':
      return `SGD ${settings.learningRate} (momentum ${settings.momentum})`;
    case 'rmsprop':
      return `RMSProp ${settings.learningRate}`;
  }
}

/** Samples a recipe is judged on: the issue's protocol, and what `npm run train` writes to samples.csv by default. */
export const JUDGED_SAMPLES = 500;

/** The metric `metricsJudge` reports that is a distance, not a share in 0..1. */
export const FID_LIKE = 'FID-like';

/**
 * The numbers a learner should watch, from judgeSamples: the share of samples classified as `target`; precision
 * (samples that look like some real image) and coverage (reals with a sample close by), both in pixel space with
 * k = 5; the FID-like distance of the judge's features; and the share of near copies of a real image.
 */
export function watchedMetrics(judgement: SampleJudgement, target: number): Record<string, number> {
  return {
    [`classified as ${target}`]: judgement.classes.targetShare ?? 0,
    precision: judgement.pixels.precision,
    coverage: judgement.pixels.coverage,
    [FID_LIKE]: judgement.frechetDistance,
    'near copies': judgement.copies.near,
  };
}

export interface MetricsJudgeOptions {
  /** The digit G should draw. */
  target: number;
  /** Seeds the noise of the judged samples: the run's seed, so they are the samples `npm run train` writes. */
  seed: number;
  /** How many samples; default JUDGED_SAMPLES. */
  samples?: number;
}

/**
 * A `judge` for trainGan (also callable on any generator): G's samples for the same seeded noise every time,
 * scored by watchedMetrics against `reals` (the training images, pixels 0..1; also the copy check's reference).
 * For the UCI digits: exact copies are compared at the data's 0..16 integers. The noise is drawn afresh from the
 * seed at each call, so nothing is left to dispose.
 */
export function metricsJudge(judge: DigitJudge, reals: number[][], options: MetricsJudgeOptions): (generator: tf.LayersModel) => Record<string, number> {
  const { target, seed, samples = JUDGED_SAMPLES } = options;
  return (generator) => {
    const fakes = tf.tidy(() => (generator.predict(latentNoise(samples, latentSizeOf(generator), createRng(seed))) as tf.Tensor2D).arraySync());
    return watchedMetrics(judgeSamples(judge, reals, fakes, { target, integerScale: 16 }), target);
  };
}
