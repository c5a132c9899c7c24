/**
 * Precision, recall, density and coverage of fakes against reals (issue 12), from k-nearest-neighbour balls, in
 * pixel space or in the judge's feature space. Each real point gets a ball whose radius is the distance to its k-th
 * nearest other real point; each fake likewise among the fakes. k = 5, Euclidean distance, balls closed (<=).
 *
 * - precision (Kynkäänniemi et al. 2019, "Improved precision and recall metric for assessing generative models"):
 *   share of fakes inside at least one real ball. Fidelity: do the fakes look like real data?
 * - recall (same paper): share of reals inside at least one fake ball. Diversity: do the fakes reach all of it?
 * - density (Naeem et al. 2020, "Reliable fidelity and diversity metrics for generative models"): real balls per
 *   fake, divided by k and averaged; 1 in expectation when fakes follow the reals' distribution, above 1 when they
 *   crowd into dense regions, below when they fall in sparse ones. Unbounded.
 * - coverage (same paper): share of reals whose own ball holds at least one fake. For M fakes from the distribution
 *   of the N reals it is 1 - (N-1)...(N-k) / ((M+N-1)...(M+N-k)) in expectation, about 1 - 2^-k = 0.97 when M = N.
 *
 * Blind spots: all four depend on k and on the set sizes, so compare runs only at equal sizes. A few outlying reals
 * have huge balls that inflate precision (and outlying fakes inflate recall); density and coverage were designed to
 * resist that. In pixel space a digit shifted by one pixel is far from itself, so use the feature space too.
 * Naeem et al.'s code uses open balls (<); with closed ones a real image present k + 1 times, whose radius is 0,
 * still holds the fakes that copy it, and a collapsed generator's fakes (radius 0) still recall the real they sit on.
 */
import { checkPointSets, DistanceMatrix, distancesWithin, realFakeDistances, RealFakeDistances } from './distances';

/** Naeem et al.'s choice (Kynkäänniemi et al. used 3); larger k gives larger balls, so higher scores. */
export const DEFAULT_NEIGHBOURS = 5;

export interface PrecisionRecallDensityCoverage {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
}

/** Each point's distance to its k-th nearest other point: the radius of its ball. */
export function nearestNeighbourRadii(points: number[][], k: number = DEFAULT_NEIGHBOURS): number[] {
  checkPointSets('nearestNeighbourRadii', { points });
  checkNeighbours('nearestNeighbourRadii', k, { points: points.length });
  return Array.from(kthNeighbourDistances(distancesWithin(points), k));
}

/** The four metrics of `fakes` against `reals`, with balls of the k-th nearest neighbour. */
export function precisionRecallDensityCoverage(
  reals: number[][],
  fakes: number[][],
  { k = DEFAULT_NEIGHBOURS }: { k?: number } = {},
): PrecisionRecallDensityCoverage {
  checkPointSets('precisionRecallDensityCoverage', { reals, fakes });
  checkNeighbours('precisionRecallDensityCoverage', k, { reals: reals.length, fakes: fakes.length });
  return precisionRecallFromDistances(realFakeDistances(reals, fakes), k);
}

/** The same from distances already computed (judgeSamples shares them with the copy check). */
export function precisionRecallFromDistances(distances: RealFakeDistances, k: number): PrecisionRecallDensityCoverage {
  const { realToFake } = distances;
  checkNeighbours('precisionRecallFromDistances', k, { reals: realToFake.rows, fakes: realToFake.columns });
  const realRadii = kthNeighbourDistances(distances.realToReal, k);
  const fakeRadii = kthNeighbourDistances(distances.fakeToFake, k);
  const realBallsPerFake = new Float64Array(realToFake.columns);
  let realsInFakeBalls = 0;
  let realsCovered = 0;
  for (let i = 0; i < realToFake.rows; i++) {
    let inFakeBall = false;
    let covered = false;
    for (let j = 0; j < realToFake.columns; j++) {
      const distance = realToFake.values[i * realToFake.columns + j];
      if (distance <= realRadii[i]) {
        realBallsPerFake[j]++;
        covered = true;
      }
      if (distance <= fakeRadii[j]) inFakeBall = true;
    }
    if (inFakeBall) realsInFakeBalls++;
    if (covered) realsCovered++;
  }
  const fakes = realToFake.columns;
  return {
    precision: realBallsPerFake.filter((count) => count > 0).length / fakes,
    recall: realsInFakeBalls / realToFake.rows,
    density: realBallsPerFake.reduce((sum, count) => sum + count, 0) / (k * fakes),
    coverage: realsCovered / realToFake.rows,
  };
}

/** Throws unless k is an integer >= 1 and every set has more than k points (a point is not its own neighbour). */
export function checkNeighbours(caller: string, k: number, setSizes: Record<string, number>): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`${caller}: k must be an integer >= 1, got ${k}`);
  for (const [name, size] of Object.entries(setSizes)) {
    if (size <= k) throw new Error(`${caller}: k = ${k} needs more than ${k} ${name}, got ${size}; a point is not its own neighbour`);
  }
}

/** Row i's k-th smallest distance to a point other than i, keeping the k smallest in a sorted buffer. */
function kthNeighbourDistances(within: DistanceMatrix, k: number): Float64Array {
  const radii = new Float64Array(within.rows);
  const nearest = new Float64Array(k);
  for (let i = 0; i < within.rows; i++) {
    nearest.fill(Infinity);
    for (let j = 0; j < within.columns; j++) {
      const distance = within.values[i * within.columns + j];
      if (j === i || distance >= nearest[k - 1]) continue;
      let slot = k - 1;
      for (; slot > 0 && nearest[slot - 1] > distance; slot--) nearest[slot] = nearest[slot - 1];
      nearest[slot] = distance;
    }
    radii[i] = nearest[k - 1];
  }
  return radii;
}
