/**
 * Euclidean distances between sets of points (issue 12): the one distance loop that precision, recall, density,
 * coverage (precision-recall.ts) and the copy check (copies.ts) share. A point is a row of numbers: an image's
 * pixels (0..1) or a classifier's features. Every set is checked first: not empty, one dimension, finite values.
 *
 * Plain float64 JavaScript rather than a tfjs matrix product: each distance is the root of a sum of squared
 * differences, so identical rows are exactly 0 apart and nearly identical ones accurately apart (the copy check
 * relies on both), and the answer is the same on every backend. tfjs' matmul on wasm is about 6x faster but works
 * in float32 with |a|^2 + |b|^2 - 2 a.b: measured on 1000 random 784-pixel rows, pairs 1/255 apart in one pixel
 * (0.0039) came out anywhere from 0 to 0.011 apart. Measured here (CPU time, one core of the 2 shared ones):
 * 1000 x 1000 points of 784 values in 0.65 s, the distances within 1000 such points (half the work) in 0.38 s.
 */

/** Distances from each of `rows` points to each of `columns` points: entry (i, j) is values[i * columns + j]. */
export interface DistanceMatrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

/** The three matrices the real-vs-fake metrics need, each computed once. */
export interface RealFakeDistances {
  realToReal: DistanceMatrix;
  fakeToFake: DistanceMatrix;
  realToFake: DistanceMatrix;
}

/**
 * Throws `${caller}: ...` naming the set, the point and the value at fault unless every set is a non-empty array of
 * points with the same number of values, all finite. Returns that number (the dimension).
 */
export function checkPointSets(caller: string, sets: Record<string, number[][]>): number {
  let dimension = -1;
  let first = '';
  for (const [name, points] of Object.entries(sets)) {
    if (!Array.isArray(points) || points.length === 0) throw new Error(`${caller}: ${name} is empty; it needs at least one point`);
    points.forEach((point, i) => {
      if (!Array.isArray(point)) throw new Error(`${caller}: ${name}[${i}] is not an array of numbers`);
      if (dimension < 0) {
        if (point.length === 0) throw new Error(`${caller}: ${name}[${i}] has no values`);
        [dimension, first] = [point.length, `${name}[${i}]`];
      }
      if (point.length !== dimension) {
        throw new Error(`${caller}: ${name}[${i}] has ${point.length} values but ${first} has ${dimension}; every point needs the same dimension`);
      }
      const bad = point.findIndex((value) => !Number.isFinite(value));
      if (bad >= 0) throw new Error(`${caller}: ${name}[${i}][${bad}] is ${point[bad]}; every value must be a finite number`);
    });
  }
  return dimension;
}

/** Distances from every point of `from` to every point of `to`. */
export function pairwiseDistances(from: number[][], to: number[][]): DistanceMatrix {
  const dimension = checkPointSets('pairwiseDistances', { from, to });
  return distanceMatrix(flatten(from, dimension), from.length, flatten(to, dimension), to.length, dimension, false);
}

/** Distances between all pairs of `points` (0 on the diagonal); only half are computed, the rest mirrored. */
export function distancesWithin(points: number[][]): DistanceMatrix {
  const dimension = checkPointSets('distancesWithin', { points });
  const flat = flatten(points, dimension);
  return distanceMatrix(flat, points.length, flat, points.length, dimension, true);
}

/** Real-to-real, fake-to-fake and real-to-fake distances, for metrics that need all three. */
export function realFakeDistances(reals: number[][], fakes: number[][]): RealFakeDistances {
  checkPointSets('realFakeDistances', { reals, fakes });
  return { realToReal: distancesWithin(reals), fakeToFake: distancesWithin(fakes), realToFake: pairwiseDistances(reals, fakes) };
}

function flatten(points: number[][], dimension: number): Float64Array {
  const flat = new Float64Array(points.length * dimension);
  points.forEach((point, i) => flat.set(point, i * dimension));
  return flat;
}

/**
 * Blocked two rows of `a` by four rows of `b`: eight sums stay in registers and each step of the inner loop loads
 * six numbers for eight squared differences, about three times faster in V8 than one pair at a time.
 * With `symmetric` (a and b the same points) blocks wholly below the diagonal are skipped and mirrored afterwards;
 * (x - y)^2 and (y - x)^2 are the same float, so the mirror is exact.
 */
function distanceMatrix(a: Float64Array, rows: number, b: Float64Array, columns: number, dimension: number, symmetric: boolean): DistanceMatrix {
  const values = new Float64Array(rows * columns);
  const blockedRows = rows - (rows % 2);
  const blockedColumns = columns - (columns % 4);
  for (let i = 0; i < blockedRows; i += 2) {
    for (let j = symmetric ? i - (i % 4) : 0; j < blockedColumns; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      const a0 = i * dimension, a1 = a0 + dimension;
      const b0 = j * dimension, b1 = b0 + dimension, b2 = b1 + dimension, b3 = b2 + dimension;
      for (let p = 0; p < dimension; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p];
        const y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
        let t = x0 - y0; s00 += t * t; t = x0 - y1; s01 += t * t; t = x0 - y2; s02 += t * t; t = x0 - y3; s03 += t * t;
        t = x1 - y0; s10 += t * t; t = x1 - y1; s11 += t * t; t = x1 - y2; s12 += t * t; t = x1 - y3; s13 += t * t;
      }
      const o0 = i * columns + j, o1 = o0 + columns;
      values[o0] = s00; values[o0 + 1] = s01; values[o0 + 2] = s02; values[o0 + 3] = s03;
      values[o1] = s10; values[o1 + 1] = s11; values[o1 + 2] = s12; values[o1 + 3] = s13;
    }
  }
  // The edges the blocks leave: the last row when rows is odd, the last columns % 4 columns.
  for (let i = 0; i < rows; i++) {
    for (let j = i < blockedRows ? blockedColumns : 0; j < columns; j++) {
      let sum = 0;
      for (let p = 0, ap = i * dimension, bp = j * dimension; p < dimension; p++) {
        const t = a[ap + p] - b[bp + p];
        sum += t * t;
      }
      values[i * columns + j] = sum;
    }
  }
  if (symmetric) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < i; j++) values[i * columns + j] = values[j * columns + i];
  }
  for (let i = 0; i < values.length; i++) values[i] = Math.sqrt(values[i]);
  return { rows, columns, values };
}
