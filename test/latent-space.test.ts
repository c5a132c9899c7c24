/**
 * The latent-space walks of chapter 7 against hand computations: a 2-D grid embedded in z, the straight line and
 * the spherical path between two z.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { interpolate, latentGrid, linspace, norm, slerp } from '../kernel-helpers/src/models/latent-space';

const close = (actual: number[][], expected: number[][], tolerance = 1e-12) => {
  assert.is(actual.length, expected.length, 'number of points');
  actual.forEach((point, i) =>
    point.forEach((value, j) => assert.ok(Math.abs(value - expected[i][j]) <= tolerance, `point ${i}, coordinate ${j}: ${value} vs ${expected[i][j]}`)),
  );
};

test('linspace includes both ends and spaces the values evenly', () => {
  assert.equal(linspace(-2, 2, 5), [-2, -1, 0, 1, 2]);
  assert.equal(linspace(3, 1, 3), [3, 2, 1]);
  assert.throws(() => linspace(0, 1, 1), /steps must be an integer >= 2/);
});

test('latentGrid sets two coordinates of the base to every pair of values, row by row, and keeps the others', () => {
  const grid = latentGrid([9, 8, 7], [0, 2], [-1, 1]);
  assert.equal(grid, [
    [-1, 8, -1],
    [-1, 8, 1],
    [1, 8, -1],
    [1, 8, 1],
  ]);
  // The row axis comes first: swapping the axes transposes the grid.
  assert.equal(latentGrid([9, 8, 7], [2, 0], [-1, 1]), [
    [-1, 8, -1],
    [1, 8, -1],
    [-1, 8, 1],
    [1, 8, 1],
  ]);
  assert.equal(latentGrid([0, 0], [0, 1], [5]), [[5, 5]]);
});

test('latentGrid refuses axes outside z or equal to each other, and a base that is not a vector', () => {
  assert.throws(() => latentGrid([0, 0, 0], [0, 3], [1]), /axes must be coordinates 0..2 of base, got \[0,3\]/);
  assert.throws(() => latentGrid([0, 0, 0], [1, 1], [1]), /the two axes must differ/);
  assert.throws(() => latentGrid([0, NaN], [0, 1], [1]), /base must be a non-empty array of finite numbers/);
  assert.throws(() => latentGrid([0, 0], [0, 1], []), /values must be a non-empty list/);
});

test('interpolate walks the straight line in equal steps, both ends included', () => {
  assert.equal(interpolate([0, 0], [2, 4], 3), [
    [0, 0],
    [1, 2],
    [2, 4],
  ]);
  close(interpolate([1, -1, 3], [-3, 3, 3], 5), [
    [1, -1, 3],
    [0, 0, 3],
    [-1, 1, 3],
    [-2, 2, 3],
    [-3, 3, 3],
  ]);
  assert.throws(() => interpolate([0, 0], [1], 3), /from has 2 coordinates, to has 1/);
});

test('slerp turns along the circle: halfway between two orthogonal vectors of length 2 is (sqrt 2, sqrt 2)', () => {
  const path = slerp([2, 0], [0, 2], 3);
  close(path, [
    [2, 0],
    [Math.SQRT2, Math.SQRT2],
    [0, 2],
  ]);
  // A third of the way, the angle is 30 degrees: (2 cos 30°, 2 sin 30°).
  close(slerp([2, 0], [0, 2], 4).slice(1, 2), [[2 * Math.cos(Math.PI / 6), 2 * Math.sin(Math.PI / 6)]]);
  // The straight line's middle is shorter: |(1, 1)| = sqrt 2 against 2 at both ends.
  assert.ok(Math.abs(norm(interpolate([2, 0], [0, 2], 3)[1]) - Math.SQRT2) < 1e-12);
  assert.ok(path.every((point) => Math.abs(norm(point) - 2) < 1e-12), 'every point of the arc has length 2');
});

test('slerp between parallel vectors is the straight line, and refuses the zero vector', () => {
  close(slerp([1, 1], [3, 3], 3), [
    [1, 1],
    [2, 2],
    [3, 3],
  ]);
  assert.throws(() => slerp([0, 0], [1, 0], 3), /neither end may be the zero vector/);
});

test('norm is the Euclidean length', () => {
  assert.is(norm([3, 4]), 5);
  assert.is(norm([0]), 0);
});

test.run();
