/**
 * A Fréchet distance between real and fake images in the course judge's feature space, "FID-like" (issue 12).
 *
 * Fit a Gaussian (mean mu, covariance S) to each set; the squared Fréchet distance between two Gaussians is
 *   d^2 = |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))
 * (Dowson and Landau 1982), the formula of the FID (Heusel et al. 2017, "GANs trained by a two time-scale update
 * rule converge to a local Nash equilibrium"). Tr((S1 S2)^(1/2)) is the sum of the square roots of the eigenvalues of
 * S1^(1/2) S2 S1^(1/2), which has the eigenvalues of S1 S2 but is symmetric, so two symmetric eigen-decompositions
 * (symmetric-eigen.ts) give it stably. Like the FID code it reports d^2 and fits covariances with n - 1.
 *
 * This is NOT the FID and cannot be compared with published FID numbers: the FID uses Inception-v3's 2048 features
 * of ImageNet photographs, this uses the penultimate layer of the course's small digit classifier (64 features for
 * 8x8 digits). Compare only runs scored by the same judge (same data, seed and epochs).
 * Blind spots: two Gaussians stand for each set, so different sets with the same mean and covariance score 0; it is
 * biased upwards on small sets (two samples of one distribution score above 0, less as they grow), so compare at
 * equal set sizes; it mixes fidelity and diversity into one number (precision-recall.ts keeps them apart).
 */
import { checkPointSets } from './distances';
import { checkSymmetric, symmetricEigen } from './symmetric-eigen';

export interface Gaussian {
  mean: number[];
  /** covariance[i][j], symmetric and positive semi-definite. */
  covariance: number[][];
}

/** The squared Fréchet distance between the Gaussians fitted to `reals` and to `fakes` (at least 2 points each). */
export function frechetDistance(reals: number[][], fakes: number[][]): number {
  checkPointSets('frechetDistance', { reals, fakes });
  for (const [name, points] of Object.entries({ reals, fakes })) {
    if (points.length < 2) throw new Error(`frechetDistance: ${name} has ${points.length} point; a covariance needs at least 2`);
  }
  return frechetDistanceOfGaussians(fitGaussian(reals), fitGaussian(fakes));
}

/** Mean and covariance (divided by n - 1) of `points`, at least 2 of them. */
export function fitGaussian(points: number[][]): Gaussian {
  const dimension = checkPointSets('fitGaussian', { points });
  if (points.length < 2) throw new Error(`fitGaussian: ${points.length} point; a covariance needs at least 2`);
  const mean = new Float64Array(dimension);
  for (const point of points) for (let i = 0; i < dimension; i++) mean[i] += point[i] / points.length;
  const sums = new Float64Array(dimension * dimension);
  const centred = new Float64Array(dimension);
  for (const point of points) {
    for (let i = 0; i < dimension; i++) centred[i] = point[i] - mean[i];
    for (let i = 0; i < dimension; i++) {
      const ci = centred[i];
      for (let j = i; j < dimension; j++) sums[i * dimension + j] += ci * centred[j];
    }
  }
  const covariance = Array.from({ length: dimension }, (_, i) =>
    Array.from({ length: dimension }, (_, j) => sums[Math.min(i, j) * dimension + Math.max(i, j)] / (points.length - 1)),
  );
  return { mean: Array.from(mean), covariance };
}

/** d^2 = |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)) for two Gaussians of the same dimension. */
export function frechetDistanceOfGaussians(a: Gaussian, b: Gaussian): number {
  const dimension = a.mean?.length;
  if (b.mean?.length !== dimension) throw new Error(`frechetDistanceOfGaussians: the means have ${dimension} and ${b.mean?.length} entries`);
  for (const [name, { mean, covariance }] of Object.entries({ first: a, second: b })) {
    const bad = mean.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) throw new Error(`frechetDistanceOfGaussians: entry ${bad} of the ${name} mean is ${mean[bad]}; it must be a finite number`);
    if (covariance?.length !== dimension) {
      throw new Error(`frechetDistanceOfGaussians: the ${name} covariance has ${covariance?.length} rows, expected ${dimension} like its mean`);
    }
  }
  const rootA = matrixSquareRoot(a.covariance, 'the first covariance');
  checkSymmetric(b.covariance, 'the second covariance');
  // S1^(1/2) S2 S1^(1/2) is positive semi-definite when S2 is (and S1 positive definite): one decomposition fewer.
  const middle = multiply(multiply(rootA, b.covariance), rootA);
  const middleName = 'the second covariance (seen in S1^(1/2) S2 S1^(1/2))';
  const traceOfRoot = nonNegative(symmetricEigen(middle, middleName).values, middleName).reduce((sum, value) => sum + Math.sqrt(value), 0);
  const meanTerm = a.mean.reduce((sum, value, i) => sum + (value - b.mean[i]) ** 2, 0);
  const d2 = meanTerm + trace(a.covariance) + trace(b.covariance) - 2 * traceOfRoot;
  // Rounding can leave about -1e-12 for two identical Gaussians.
  return Math.max(0, d2);
}

/** S^(1/2) = V diag(sqrt(lambda)) V^T for symmetric positive semi-definite S. */
function matrixSquareRoot(matrix: number[][], name: string): number[][] {
  const { values, vectors } = symmetricEigen(matrix, name);
  const roots = nonNegative(values, name).map(Math.sqrt);
  const n = matrix.length;
  const root = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  vectors.forEach((vector, k) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) root[i][j] += roots[k] * vector[i] * vector[j];
  });
  return root;
}

/** Eigenvalues below 0 by rounding become 0; clearly negative ones mean the matrix is no covariance. */
function nonNegative(values: number[], name: string): number[] {
  const largest = Math.max(...values.map(Math.abs));
  const negative = values.find((value) => value < -1e-9 * largest);
  if (negative !== undefined) {
    throw new Error(`frechetDistanceOfGaussians: ${name} has the eigenvalue ${negative}; a covariance is positive semi-definite`);
  }
  return values.map((value) => Math.max(0, value));
}

function multiply(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const product = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i][k];
      for (let j = 0; j < n; j++) product[i][j] += aik * b[k][j];
    }
  }
  return product;
}

function trace(matrix: number[][]): number {
  return matrix.reduce((sum, row, i) => sum + row[i], 0);
}
