/**
 * Memorisation (issue 12): how many fakes are copies of a training image, in pixel space.
 *
 * - exact copies: share of fakes equal to a training row. With `integerScale` both sets are first multiplied by it
 *   and rounded, which compares them at the data's own resolution (16 for the UCI digits scaled to 0..1, 255 for
 *   MNIST); without it the values must match exactly.
 * - near copies: share of fakes nearer to some training row than the two closest different training rows are to
 *   each other. No two real images are that alike, so a fake that close is a copy with small changes; fresh
 *   samples from the data's distribution land that close only rarely (about as often as a new real image would).
 *   Exact copies count as near copies too. Identical training rows (duplicates) are skipped when finding the
 *   closest pair, or the threshold would be 0.
 *
 * Blind spots: a copy shifted by a pixel, mirrored or with changed contrast is far in pixel space and is missed;
 * the threshold rests on one pair of training images. No paper defines these two shares: they put numbers on the
 * nearest-training-image pictures many GAN papers show, and the threshold rule is the course's own.
 */
import { checkPointSets, DistanceMatrix, distancesWithin, pairwiseDistances } from './distances';

export interface CopyShares {
  /** Share of fakes equal to a training row (after rounding, with integerScale). */
  exact: number;
  /** Share of fakes closer to a training row than `threshold`. */
  near: number;
  /** The distance between the two closest different training rows. */
  threshold: number;
}

export interface CopyOptions {
  /** Compare exact copies after multiplying by this and rounding: 16 for UCI digits in 0..1, 255 for MNIST. */
  integerScale?: number;
}

/** Exact and near copies of `training` rows among `fakes`. */
export function copyShares(training: number[][], fakes: number[][], options: CopyOptions = {}): CopyShares {
  checkPointSets('copyShares', { training, fakes });
  checkIntegerScale('copyShares', options.integerScale);
  return copySharesFromDistances(training, fakes, distancesWithin(training), pairwiseDistances(training, fakes), options);
}

/** The same from distances already computed (judgeSamples shares them with precision and recall). */
export function copySharesFromDistances(
  training: number[][],
  fakes: number[][],
  trainingToTraining: DistanceMatrix,
  trainingToFake: DistanceMatrix,
  { integerScale }: CopyOptions,
): CopyShares {
  checkIntegerScale('copyShares', integerScale);
  const threshold = closestDifferentPair(trainingToTraining);
  const nearest = nearestTrainingDistances(trainingToFake);
  const exactCount =
    integerScale === undefined
      ? nearest.filter((distance) => distance === 0).length
      : countRoundedCopies(training, fakes, integerScale);
  return {
    exact: exactCount / fakes.length,
    near: nearest.filter((distance) => distance < threshold).length / fakes.length,
    threshold,
  };
}

/** Throws unless `integerScale` is undefined or a number > 0. */
export function checkIntegerScale(caller: string, integerScale: number | undefined): void {
  if (integerScale !== undefined && !(integerScale > 0 && Number.isFinite(integerScale))) {
    throw new Error(`${caller}: integerScale must be a number > 0 (16 for UCI digits in 0..1), got ${integerScale}`);
  }
}

function closestDifferentPair(within: DistanceMatrix): number {
  let closest = Infinity;
  for (let i = 0; i < within.rows; i++) {
    for (let j = i + 1; j < within.columns; j++) {
      const distance = within.values[i * within.columns + j];
      if (distance > 0 && distance < closest) closest = distance;
    }
  }
  if (closest === Infinity) throw new Error('copyShares: the training set needs at least two different rows to set the near-copy threshold');
  return closest;
}

/** For each fake (a column), its distance to the nearest training row. */
function nearestTrainingDistances(trainingToFake: DistanceMatrix): Float64Array {
  const nearest = new Float64Array(trainingToFake.columns).fill(Infinity);
  for (let i = 0; i < trainingToFake.rows; i++) {
    for (let j = 0; j < trainingToFake.columns; j++) {
      nearest[j] = Math.min(nearest[j], trainingToFake.values[i * trainingToFake.columns + j]);
    }
  }
  return nearest;
}

function countRoundedCopies(training: number[][], fakes: number[][], integerScale: number): number {
  const key = (row: number[]) => row.map((value) => Math.round(value * integerScale)).join(',');
  const trainingKeys = new Set(training.map(key));
  return fakes.filter((fake) => trainingKeys.has(key(fake))).length;
}
