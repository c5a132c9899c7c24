/**
 * Mode collapse on digits (chapter 9): the ring's comparison of losses repeated on all ten UCI digits, unconditionally.
 * One small MLP GAN per loss (models/toy-2d.ts with 64 sigmoid outputs), and the metrics chapter's digit classifier as
 * the judge: its class histogram of G's samples says how many of the ten digits G writes (a digit with at least 1% of
 * the samples counts, as a mode of the ring does) and how unevenly. A collapsed G writes one or two digits.
 */
import * as tf from '@tensorflow/tfjs';
import { ClassJudgement, DigitJudge, judgeClasses } from '../metrics/classifier-judge';
import { generateImages, toUciPixels } from '../models/generation';
import { ToyGanConfig, toyGanModels } from '../models/toy-2d';
import { normalisePixels } from '../data/digits';
import { adam, rmsprop } from '../training/optimizers';
import { TrainingSettings } from '../training/settings';
import { latentSizeOf } from '../training/state';
import { TrainGanOptions } from '../training/train-gan';
import { createRng, latentNoise } from '../util/seeding';
import { checkLoss, RingLoss, scoreKind } from '../headless/ring';

/** G: z (20) -> 128 ReLU -> 64 pixels in 0..1 (sigmoid); D: 64 -> 128 ReLU -> a probability or a critic's score. */
export const DIGIT_MODES_CONFIG: ToyGanConfig = { latentSize: 20, hidden: [128], dataSize: 64, dataActivation: 'sigmoid' };

/** Each loss with the optimizer and critic steps of its paper, at a rate of 0.001 (the ring's gradient penalty takes 0.004). */
export const DIGIT_MODES_RECIPES: Record<RingLoss, Partial<TrainingSettings>> = {
  bce: { loss: 'bce', criticSteps: 1, generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5) },
  wasserstein: { loss: 'wasserstein', criticSteps: 5, clipValue: 0.01, generatorOptimizer: rmsprop(1e-3), discriminatorOptimizer: rmsprop(1e-3) },
  'wasserstein-gp': {
    loss: 'wasserstein-gp',
    criticSteps: 5,
    penaltyWeight: 10,
    generatorOptimizer: adam(1e-3, 0.5, 0.9),
    discriminatorOptimizer: adam(1e-3, 0.5, 0.9),
  },
};

/** What every loss shares: G samples from itself, not from an average, so that what it does is what is judged. */
export const DIGIT_MODES_SETTINGS: Partial<TrainingSettings> = {
  epochs: 20,
  batchSize: 64,
  logEvery: 5,
  generatorAverageDecay: 0,
  valueRange: [0, 1],
};

/** Samples the judge reads after training and at each log line. */
export const DIGIT_MODES_SAMPLES = 1000;

/** trainGan's options for one loss on the digits: models, recipe, shared settings, and the judge's histogram at each log. */
export function digitModesTraining(loss: RingLoss, judge: DigitJudge): TrainGanOptions {
  checkLoss('digitModesTraining', loss);
  return {
    ...DIGIT_MODES_SETTINGS,
    ...DIGIT_MODES_RECIPES[loss],
    models: toyGanModels(scoreKind(loss), DIGIT_MODES_CONFIG),
    judge: (generator) => {
      const judged = judgeDigitModes(judge, generator, DIGIT_MODES_SAMPLES, 0);
      return { digits: judged.modesCovered, 'largest share': Number(Math.max(...judged.classShares).toFixed(3)) };
    },
  };
}

/** The judge's reading of `count` samples of G (noise from `seed`), rounded to the UCI digits' 17 grey levels first. */
export function judgeDigitModes(judge: DigitJudge, generator: tf.LayersModel, count: number, seed: number): ClassJudgement {
  const noise = latentNoise(count, latentSizeOf(generator), createRng(seed));
  const samples = generateImages(generator, noise);
  noise.dispose();
  return judgeClasses(judge, normalisePixels(toUciPixels(samples)));
}
