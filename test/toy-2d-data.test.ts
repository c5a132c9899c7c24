/**
 * The 2-D toy data of chapter 9: the ring's and the grid's centres from their definitions, and the sampler's modes,
 * shares and spread measured on many samples, independently of how they are drawn.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gridOfGaussians, ringOfGaussians, sampleMixture } from '../kernel-helpers/src/data/toy-2d';
import { createRng } from '../kernel-helpers/src/util/seeding';

const close = (a: number, b: number, tolerance: number, what: string) => assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

test('the ring: 8 centres at radius 2, 45 degrees apart, the first on the x axis; std 0.02', () => {
  const ring = ringOfGaussians();
  assert.is(ring.std, 0.02);
  assert.is(ring.centres.length, 8);
  const s = Math.SQRT2; // 2 cos 45° = 2 sin 45°
  const expected = [[2, 0], [s, s], [0, 2], [-s, s], [-2, 0], [-s, -s], [0, -2], [s, -s]];
  ring.centres.forEach(([x, y], i) => {
    close(x, expected[i][0], 1e-12, `centre ${i} x`);
    close(y, expected[i][1], 1e-12, `centre ${i} y`);
  });
});

test('the grid: 25 centres at every pair of -4, -2, 0, 2, 4; std 0.05', () => {
  const grid = gridOfGaussians();
  assert.is(grid.std, 0.05);
  const keys = grid.centres.map(([x, y]) => `${x},${y}`).sort();
  const expected = [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => `${x},${y}`)).sort();
  assert.equal(keys, expected);
});

test('40,000 ring samples: each near one centre, 1/8 per mode, per-axis mean at the centre and std 0.02', () => {
  const ring = ringOfGaussians();
  const points = sampleMixture(ring, 40_000, createRng(3));
  const byMode = ring.centres.map(() => [] as number[][]);
  for (const [x, y] of points) {
    const distances = ring.centres.map(([cx, cy]) => Math.hypot(x - cx, y - cy));
    const nearest = distances.indexOf(Math.min(...distances));
    // 0.15 is 7.5 std: a point farther than that from every centre would be a sampler bug, not bad luck.
    assert.ok(distances[nearest] < 0.15, `(${x}, ${y}) is ${distances[nearest]} from the nearest centre`);
    byMode[nearest].push([x - ring.centres[nearest][0], y - ring.centres[nearest][1]]);
  }
  byMode.forEach((offsets, mode) => {
    // 5000 expected, binomial std about 66: 4 std either side.
    close(offsets.length, 5000, 265, `mode ${mode} count`);
    for (const axis of [0, 1]) {
      const values = offsets.map((offset) => offset[axis]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
      // The mean's standard error is 0.02 / sqrt(5000) = 0.00028; the std's about 0.0002.
      close(mean, 0, 0.0012, `mode ${mode} axis ${axis} mean`);
      close(std, 0.02, 0.001, `mode ${mode} axis ${axis} std`);
    }
  });
});

test('about 98.9% of a round 2-D Gaussian lies within 3 std of its centre (1 - exp(-4.5))', () => {
  const ring = ringOfGaussians();
  const points = sampleMixture(ring, 20_000, createRng(4));
  const within = points.filter(([x, y]) => ring.centres.some(([cx, cy]) => Math.hypot(x - cx, y - cy) <= 3 * ring.std)).length;
  close(within / points.length, 1 - Math.exp(-4.5), 0.003, 'share within 3 std');
});

test('refuses a mixture with no modes, a count that is not an integer or a size that is not > 0', () => {
  assert.throws(() => ringOfGaussians(0), /ringOfGaussians: modes must be an integer >= 1, got 0/);
  assert.throws(() => ringOfGaussians(8, -2), /ringOfGaussians: radius must be a number > 0, got -2/);
  assert.throws(() => gridOfGaussians(2.5), /gridOfGaussians: side must be an integer >= 1, got 2.5/);
  assert.throws(() => gridOfGaussians(5, 2, NaN), /gridOfGaussians: std must be a number > 0, got NaN/);
  assert.is(ringOfGaussians(3, 1, 0.1).centres.length, 3);
});

test('the same seed gives the same samples, another seed others', () => {
  const grid = gridOfGaussians();
  assert.equal(sampleMixture(grid, 50, createRng(7)), sampleMixture(grid, 50, createRng(7)));
  assert.not.equal(sampleMixture(grid, 50, createRng(7)), sampleMixture(grid, 50, createRng(8)));
  assert.equal(sampleMixture(grid, 0, createRng(7)), []);
  assert.throws(() => sampleMixture(grid, 2.5, createRng(7)), /count must be an integer >= 0, got 2.5/);
});

test.run();
