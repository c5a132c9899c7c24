/**
 * Every metric of issue 12 for one set of fakes against the real images, in one call: what chapters and headless
 * runs log at each log line. The reals double as the training set for the copy check, so pass the images the GAN
 * was trained on. Each distance matrix is computed once and shared (pixel space: precision/recall and copies).
 * Measured on wasm (CPU time): 500 fakes against 177 reals of 64 pixels in about 70 ms; 1000 fakes against 1000
 * reals of 784 pixels with the conv judge in about 2.6 s, 1.4 s of it the pixel distances.
 * What each number means and misses: classifier-judge.ts, precision-recall.ts, frechet-distance.ts, copies.ts.
 */
import { ClassJudgement, DigitJudge, judgeClasses, judgeFeatures } from './classifier-judge';
import { copySharesFromDistances, CopyShares, checkIntegerScale } from './copies';
import { checkPointSets, realFakeDistances } from './distances';
import { frechetDistance } from './frechet-distance';
import { checkNeighbours, DEFAULT_NEIGHBOURS, precisionRecallFromDistances, PrecisionRecallDensityCoverage } from './precision-recall';

export interface SampleJudgement {
  /** Which digits the judge sees in the fakes, and how sure it is. */
  classes: ClassJudgement;
  /** Precision, recall, density and coverage on the pixels. */
  pixels: PrecisionRecallDensityCoverage;
  /** The same on the judge's features. */
  features: PrecisionRecallDensityCoverage;
  /** Squared Fréchet distance of the judge's features (FID-like, not the FID). */
  frechetDistance: number;
  /** Fakes that copy a real (training) image, in pixel space. */
  copies: CopyShares;
}

export interface JudgeSamplesOptions {
  /** The digit the fakes should show. */
  target?: number;
  /** Largest class probability from which the judge counts as confident; default 0.9. */
  confidenceThreshold?: number;
  /** Compare exact copies after multiplying by this and rounding: 16 for UCI digits in 0..1, 255 for MNIST. */
  integerScale?: number;
}

/** Scores `fakes` against `reals` (both pixels 0..1, more than 5 of each) with `judge`. */
export function judgeSamples(judge: DigitJudge, reals: number[][], fakes: number[][], options: JudgeSamplesOptions = {}): SampleJudgement {
  checkPointSets('judgeSamples', { reals, fakes });
  checkNeighbours('judgeSamples', DEFAULT_NEIGHBOURS, { reals: reals.length, fakes: fakes.length });
  checkIntegerScale('judgeSamples', options.integerScale);
  const classes = judgeClasses(judge, fakes, options);
  const pixelDistances = realFakeDistances(reals, fakes);
  const realFeatures = judgeFeatures(judge, reals);
  const fakeFeatures = judgeFeatures(judge, fakes);
  return {
    classes,
    pixels: precisionRecallFromDistances(pixelDistances, DEFAULT_NEIGHBOURS),
    features: precisionRecallFromDistances(realFakeDistances(realFeatures, fakeFeatures), DEFAULT_NEIGHBOURS),
    frechetDistance: frechetDistance(realFeatures, fakeFeatures),
    copies: copySharesFromDistances(reals, fakes, pixelDistances.realToReal, pixelDistances.realToFake, options),
  };
}
