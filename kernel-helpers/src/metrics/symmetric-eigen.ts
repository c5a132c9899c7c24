/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method (issue 12), for the Fréchet
 * distance's matrix square roots. Each rotation zeroes one off-diagonal pair; sweeps over all pairs repeat until
 * the off-diagonal part is rounding noise. Accurate and always convergent for symmetric matrices, and simple;
 * O(n^3) per sweep with about ten sweeps, so meant for the small sizes here: measured ~10 ms for 64 x 64 and
 * 70-100 ms for 128 x 128 on this project's 2 shared cores.
 * See Golub and Van Loan, "Matrix Computations", section 8.5 (the cyclic Jacobi algorithm).
 */

export interface SymmetricEigen {
  /** The eigenvalues, in no particular order. */
  values: number[];
  /** vectors[i] is the unit eigenvector of values[i]. */
  vectors: number[][];
}

const MAX_SWEEPS = 50;

/**
 * Eigen-decomposition of `matrix`, square and symmetric (to 1e-9 of its largest entry) with finite entries;
 * errors call it `name`.
 */
export function symmetricEigen(matrix: number[][], name = 'the matrix'): SymmetricEigen {
  const n = checkSymmetric(matrix, name);
  // The mean of the matrix and its transpose, so that the rotations start from an exactly symmetric matrix.
  const a = Float64Array.from({ length: n * n }, (_, k) => (matrix[Math.floor(k / n)][k % n] + matrix[k % n][Math.floor(k / n)]) / 2);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  const tolerance = n * Number.EPSILON * Math.sqrt(a.reduce((sum, value) => sum + value * value, 0));
  for (let sweep = 0; offDiagonalNorm(a, n) > tolerance; sweep++) {
    if (sweep === MAX_SWEEPS) throw new Error(`symmetricEigen: no convergence after ${MAX_SWEEPS} Jacobi sweeps`);
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, w, n, p, q, tolerance / n);
  }
  return {
    values: Array.from({ length: n }, (_, i) => a[i * n + i]),
    vectors: Array.from({ length: n }, (_, i) => Array.from(w.subarray(i * n, (i + 1) * n))),
  };
}

/**
 * A <- J^T A J, with J the rotation in the (p, q) plane that makes A[p][q] zero: tan(angle) = t, the smaller root
 * of t^2 + 2 theta t - 1 = 0, theta = (A[q][q] - A[p][p]) / (2 A[p][q]). Entries already below `negligible` are
 * left alone: when all are, the off-diagonal norm is below n * negligible, which is the stopping tolerance.
 * A stays symmetric, so rows p and q are computed once and copied into columns p and q; the 2x2 block has a closed
 * form (Numerical Recipes, section 11.1). Rows of `w` are the eigenvectors found so far, rotated the same way.
 */
function rotate(a: Float64Array, w: Float64Array, n: number, p: number, q: number, negligible: number): void {
  const apq = a[p * n + q];
  if (Math.abs(apq) <= negligible) return;
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    if (k === p || k === q) continue;
    const apk = a[p * n + k], aqk = a[q * n + k];
    a[p * n + k] = a[k * n + p] = c * apk - s * aqk;
    a[q * n + k] = a[k * n + q] = s * apk + c * aqk;
  }
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const wpk = w[p * n + k], wqk = w[q * n + k];
    w[p * n + k] = c * wpk - s * wqk;
    w[q * n + k] = s * wpk + c * wqk;
  }
}

function offDiagonalNorm(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += a[i * n + j] ** 2;
  return Math.sqrt(sum);
}

/** Returns n for an n x n symmetric matrix of finite numbers; throws naming the entry at fault otherwise. */
export function checkSymmetric(matrix: number[][], name: string): number {
  const n = Array.isArray(matrix) ? matrix.length : 0;
  if (n === 0) throw new Error(`symmetricEigen: ${name} is empty`);
  let largest = 0;
  matrix.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new Error(`symmetricEigen: row ${i} of ${name} has ${row?.length} entries, expected ${n} (a square matrix)`);
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) throw new Error(`symmetricEigen: ${name}[${i}][${j}] is ${value}; entries must be finite numbers`);
      largest = Math.max(largest, Math.abs(value));
    });
  });
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(matrix[i][j] - matrix[j][i]) > 1e-9 * largest) {
        throw new Error(`symmetricEigen: ${name} is not symmetric: [${i}][${j}] = ${matrix[i][j]} but [${j}][${i}] = ${matrix[j][i]}`);
      }
    }
  }
  return n;
}
