/**
 * Walks through a generator's latent space (chapter 7): a 2-D grid embedded in z, and paths between two z.
 *
 * - `latentGrid`: every coordinate of a base vector fixed but two, which run over a grid of values; G's images of
 *   the grid, laid out row by row, show what those two coordinates alone do to a digit.
 * - `interpolate`: the straight line from one z to another. In 100 dimensions a noise vector z ~ N(0, 1) has a
 *   norm close to sqrt(100) = 10, but the middle of the line between two of them has a norm close to 10 / sqrt(2):
 *   a vector G seldom saw in training.
 * - `slerp`: the spherical path (White 2016, "Sampling generative networks"), which turns from one z to the other
 *   along the great circle and keeps the norm between the two ends' norms.
 * Vectors are plain number arrays; each function returns one array per point of the path or grid.
 */

/** `steps` evenly spaced values from `from` to `to`, both included. */
export function linspace(from: number, to: number, steps: number): number[] {
  checkSteps('linspace', steps);
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`linspace: from and to must be finite numbers, got ${from} and ${to}`);
  return Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1));
}

/**
 * The vectors of a 2-D grid through `base`: row r sets coordinate axes[0] to values[r], column c sets axes[1] to
 * values[c], every other coordinate keeps its value in `base`. Returned row by row (values.length² vectors).
 */
export function latentGrid(base: number[], axes: [number, number], values: number[]): number[][] {
  checkVector('latentGrid', 'base', base);
  const [rowAxis, columnAxis] = axes;
  for (const axis of axes) {
    if (!(Number.isInteger(axis) && axis >= 0 && axis < base.length)) {
      throw new Error(`latentGrid: axes must be coordinates 0..${base.length - 1} of base, got ${JSON.stringify(axes)}`);
    }
  }
  if (rowAxis === columnAxis) throw new Error(`latentGrid: the two axes must differ, got ${rowAxis} twice`);
  if (values.length === 0 || !values.every(Number.isFinite)) throw new Error('latentGrid: values must be a non-empty list of finite numbers');
  return values.flatMap((rowValue) =>
    values.map((columnValue) => {
      const z = [...base];
      z[rowAxis] = rowValue;
      z[columnAxis] = columnValue;
      return z;
    }),
  );
}

/** `steps` points on the straight line from `from` to `to`, both ends included: (1 - t)·from + t·to. */
export function interpolate(from: number[], to: number[], steps: number): number[][] {
  checkPair('interpolate', from, to, steps);
  return linspace(0, 1, steps).map((t) => from.map((value, i) => (1 - t) * value + t * to[i]));
}

/**
 * `steps` points on the spherical path from `from` to `to`, both ends included:
 * (sin((1 - t)·θ)·from + sin(t·θ)·to) / sin θ, with θ the angle between the two vectors. When they are
 * (nearly) parallel the path is the straight line.
 */
export function slerp(from: number[], to: number[], steps: number): number[][] {
  checkPair('slerp', from, to, steps);
  const [fromNorm, toNorm] = [norm(from), norm(to)];
  if (fromNorm === 0 || toNorm === 0) throw new Error('slerp: the path turns around the origin, so neither end may be the zero vector');
  const cosine = Math.min(1, Math.max(-1, from.reduce((sum, value, i) => sum + value * to[i], 0) / (fromNorm * toNorm)));
  const angle = Math.acos(cosine);
  if (Math.sin(angle) < 1e-6) return interpolate(from, to, steps);
  return linspace(0, 1, steps).map((t) => {
    const [a, b] = [Math.sin((1 - t) * angle) / Math.sin(angle), Math.sin(t * angle) / Math.sin(angle)];
    return from.map((value, i) => a * value + b * to[i]);
  });
}

/** The Euclidean length of a vector. */
export function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

function checkSteps(caller: string, steps: number): void {
  if (!(Number.isInteger(steps) && steps >= 2)) throw new Error(`${caller}: steps must be an integer >= 2 (both ends are included), got ${steps}`);
}

function checkVector(caller: string, name: string, vector: number[]): void {
  if (!Array.isArray(vector) || vector.length === 0 || !vector.every(Number.isFinite)) {
    throw new Error(`${caller}: ${name} must be a non-empty array of finite numbers`);
  }
}

function checkPair(caller: string, from: number[], to: number[], steps: number): void {
  checkVector(caller, 'from', from);
  checkVector(caller, 'to', to);
  if (from.length !== to.length) throw new Error(`${caller}: from has ${from.length} coordinates, to has ${to.length}`);
  checkSteps(caller, steps);
}
