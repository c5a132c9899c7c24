/** The mode metric of chapter 9 on hand-made point sets, whose answers are counted by hand. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ringOfGaussians, type GaussianMixture } from '../kernel-helpers/src/data/toy-2d';
import { judgeModes } from '../kernel-helpers/src/metrics/modes';

/** Two modes at (0, 0) and (10, 0), std 1: high quality means within 3 of a centre. */
const TWO: GaussianMixture = { centres: [[0, 0], [10, 0]], std: 1 };

test('points within 3 std count for their nearest mode; farther points count for none', () => {
  const points = [
    [0, 0], // mode 0
    [2.9, 0], // mode 0, just inside
    [0, -3], // mode 0, on the boundary
    [3.01, 0], // outside
    [10, 2], // mode 1
    [5, 0], // halfway: outside both
  ];
  const judgement = judgeModes(points, TWO);
  assert.equal(judgement.modeShares, [3 / 6, 1 / 6]);
  assert.is(judgement.highQualityShare, 4 / 6);
  assert.is(judgement.modesCovered, 2);
});

test('a mode is covered from 1% of all samples on: 1 of 100 covers it, 1 of 101 does not', () => {
  const hundred = [[10, 0], ...Array.from({ length: 99 }, () => [0, 0])];
  assert.is(judgeModes(hundred, TWO).modesCovered, 2);
  const hundredAndOne = [[10, 0], ...Array.from({ length: 100 }, () => [0, 0])];
  assert.is(judgeModes(hundredAndOne, TWO).modesCovered, 1);
});

test('mode collapse on the ring: every point on one centre covers 1 of 8 modes with 100% high quality', () => {
  const ring = ringOfGaussians();
  const judgement = judgeModes(Array.from({ length: 500 }, () => [0, 2.01]), ring);
  assert.is(judgement.modesCovered, 1);
  assert.is(judgement.highQualityShare, 1);
  assert.equal(judgement.modeShares, [0, 0, 1, 0, 0, 0, 0, 0]);
});

test('points smeared round the circle between the centres cover nothing', () => {
  const ring = ringOfGaussians();
  // Angles 22.5° + k·45°: 2·sin(22.5°) = 0.77 from each neighbouring centre, far beyond 3·0.02.
  const between = Array.from({ length: 80 }, (_, i) => {
    const angle = ((i % 8) + 0.5) * (Math.PI / 4);
    return [2 * Math.cos(angle), 2 * Math.sin(angle)];
  });
  const judgement = judgeModes(between, ring);
  assert.is(judgement.modesCovered, 0);
  assert.is(judgement.highQualityShare, 0);
});

test('refuses an empty set and points that are not finite [x, y] pairs', () => {
  assert.throws(() => judgeModes([], TWO), /no points/);
  assert.throws(() => judgeModes([[0, 0], [1, 2, 3]], TWO), /points\[1\] is \[1,2,3\], expected \[x, y\]/);
  assert.throws(() => judgeModes([[NaN, 0]], TWO), /points\[0\] is \[null,0\]/);
});

test.run();
