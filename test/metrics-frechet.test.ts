import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitGaussian, frechetDistance, frechetDistanceOfGaussians } from '../kernel-helpers/src/metrics/frechet-distance';
import { symmetricEigen } from '../kernel-helpers/src/metrics/symmetric-eigen';
import { createRng } from '../kernel-helpers/src/util/seeding';

/** `count` points with independent coordinates i ~ N(mean[i], variance[i]), seeded (Box-Muller). */
function gaussianPoints(count: number, mean: number[], variance: number[], seed: number): number[][] {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return Array.from({ length: count }, () => mean.map((mu, i) => mu + Math.sqrt(variance[i]) * normal()));
}

const diagonal = (values: number[]) => values.map((value, i) => values.map((_, j) => (i === j ? value : 0)));
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);

test('Jacobi: [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, -1) and (1, 1) over sqrt 2', () => {
  const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
  const order = values[0] < values[1] ? [0, 1] : [1, 0];
  close(values[order[0]], 1, 1e-14, 'small eigenvalue');
  close(values[order[1]], 3, 1e-14, 'large eigenvalue');
  close(Math.abs(vectors[order[0]][0] + vectors[order[0]][1]), 0, 1e-14, 'first vector is along (1, -1)');
  close(Math.abs(vectors[order[1]][0]), Math.SQRT1_2, 1e-14, 'second vector is along (1, 1)');
});

test('Jacobi: the 40 x 40 second-difference matrix has eigenvalues 2 - 2 cos(j pi / 41)', () => {
  const n = 40;
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
  const expected = Array.from({ length: n }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1)));
  sorted(symmetricEigen(matrix).values).forEach((value, j) => close(value, expected[j], 1e-12, `eigenvalue ${j}`));
});

test('Jacobi: a random 64 x 64 symmetric matrix is V diag(values) V^T with orthonormal V', () => {
  const rng = createRng(5);
  const n = 64;
  const upper = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.next() - 0.5));
  const matrix = upper.map((row, i) => row.map((_, j) => (i <= j ? upper[i][j] : upper[j][i])));
  const { values, vectors } = symmetricEigen(matrix);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const rebuilt = values.reduce((sum, value, k) => sum + value * vectors[k][i] * vectors[k][j], 0);
      close(rebuilt, matrix[i][j], 1e-12, `entry (${i}, ${j})`);
      const dot = vectors[i].reduce((sum, value, k) => sum + value * vectors[j][k], 0);
      close(dot, i === j ? 1 : 0, 1e-12, `v${i} . v${j}`);
    }
  }
});

test('fitGaussian by hand: the corners of a 2 x 2 square have mean (1, 1) and covariance 4/3 I (n - 1)', () => {
  const { mean, covariance } = fitGaussian([[0, 0], [2, 0], [0, 2], [2, 2]]);
  assert.equal(mean, [1, 1]);
  [[4 / 3, 0], [0, 4 / 3]].forEach((row, i) => row.forEach((value, j) => close(covariance[i][j], value, 1e-15, `covariance (${i}, ${j})`)));
});

test('diagonal covariances: d^2 = |mu1 - mu2|^2 + sum (sqrt s1 - sqrt s2)^2 = 17.25', () => {
  // |(1, 2, 3) - (0, 0, 1)|^2 = 9; (1 - 2)^2 + (2 - 1)^2 + (3 - 0.5)^2 = 8.25.
  const a = { mean: [1, 2, 3], covariance: diagonal([1, 4, 9]) };
  const b = { mean: [0, 0, 1], covariance: diagonal([4, 1, 0.25]) };
  close(frechetDistanceOfGaussians(a, b), 17.25, 1e-12, 'd^2');
  close(frechetDistanceOfGaussians(b, a), 17.25, 1e-12, 'd^2, reversed');
});

test('covariances that do not commute: Tr((S1 S2)^(1/2)) = sqrt(tr(S1 S2) + 2 sqrt(det S1 det S2)) in 2-D', () => {
  // For 2 x 2, the eigenvalues l1, l2 of S1 S2 give (sqrt l1 + sqrt l2)^2 = tr + 2 sqrt(det).
  const s1 = [[2, 1], [1, 1]];
  const s2 = [[1, -0.5], [-0.5, 3]];
  const traceOfProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
  const det = (m: number[][]) => m[0][0] * m[1][1] - m[0][1] * m[1][0];
  const traceOfRoot = Math.sqrt(traceOfProduct + 2 * Math.sqrt(det(s1) * det(s2)));
  const expected = 0.5 ** 2 + 2 ** 2 + (3 + 4) - 2 * traceOfRoot;
  close(frechetDistanceOfGaussians({ mean: [0.5, 0], covariance: s1 }, { mean: [0, 2], covariance: s2 }), expected, 1e-12, 'd^2');
});

test('sampled Gaussians approach the closed form; a set against itself scores 0', () => {
  const a = gaussianPoints(4000, [1, 2, 3], [1, 4, 9], 1);
  const b = gaussianPoints(4000, [0, 0, 1], [4, 1, 0.25], 2);
  close(frechetDistance(a, b), 17.25, 0.4, 'd^2 of 4000 samples each');
  const features = gaussianPoints(300, new Array(64).fill(0), new Array(64).fill(1), 3);
  close(frechetDistance(features, features), 0, 1e-9, 'a set against itself');
  // Two samples of one distribution score above 0 (the small-sample bias the docstring warns about).
  assert.ok(frechetDistance(features, gaussianPoints(300, new Array(64).fill(0), new Array(64).fill(1), 4)) > 1);
});

test('bad input is refused naming the problem', () => {
  const good = { mean: [0, 0], covariance: diagonal([1, 1]) };
  assert.throws(() => frechetDistance([[0, 1], [1, 0]], [[0, 1]]), /frechetDistance: fakes has 1 point; a covariance needs at least 2/);
  assert.throws(() => frechetDistance([[0, 1], [1, 0]], [[0], [1]]), /fakes\[0\] has 1 values but reals\[0\] has 2/);
  assert.throws(() => frechetDistanceOfGaussians(good, { mean: [0], covariance: [[1]] }), /the means have 2 and 1 entries/);
  assert.throws(() => frechetDistanceOfGaussians(good, { mean: [0, NaN], covariance: good.covariance }), /entry 1 of the second mean is NaN/);
  assert.throws(() => frechetDistanceOfGaussians({ mean: [0, 0], covariance: [[1, 0]] }, good), /the first covariance has 1 rows, expected 2/);
  assert.throws(() => frechetDistanceOfGaussians({ mean: [0, 0], covariance: [[1, 2], [0, 1]] }, good), /the first covariance is not symmetric/);
  assert.throws(() => frechetDistanceOfGaussians(good, { mean: [0, 0], covariance: diagonal([1, -1]) }), /second covariance .* has the eigenvalue -1; a covariance is positive semi-definite/);
  assert.throws(() => symmetricEigen([[1, 2, 3], [2, 1, 0]]), /row 0 of the matrix has 3 entries, expected 2/);
  assert.throws(() => symmetricEigen([[1, NaN], [NaN, 1]]), /the matrix\[0\]\[1\] is NaN/);
  assert.throws(() => symmetricEigen([]), /the matrix is empty/);
});

test.run();
