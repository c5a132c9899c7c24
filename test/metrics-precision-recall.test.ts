import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nearestNeighbourRadii, precisionRecallDensityCoverage } from '../kernel-helpers/src/metrics/precision-recall';
import { createRng } from '../kernel-helpers/src/util/seeding';

/** `count` points from N(shift, scale^2 I), seeded (Box-Muller). */
function gaussianPoints(count: number, dimension: number, seed: number, shift = 0, scale = 1): number[][] {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => shift + scale * normal()));
}

/** Naeem et al. 2020, lemma 2: expected coverage of M fakes from the reals' own distribution, N reals. */
function expectedCoverage(reals: number, fakes: number, k: number): number {
  let missed = 1;
  for (let i = 1; i <= k; i++) missed *= (reals - i) / (fakes + reals - i);
  return 1 - missed;
}

// Reals on a line at 0, 1 and 3; with k = 1 their balls are [-1, 1], [0, 2] and [1, 5].
const reals = [[0], [1], [3]];

test('k-NN radii by hand: 0, 1, 3 have 1st neighbours 1, 1, 2 away and 2nd neighbours 3, 2, 3', () => {
  assert.equal(nearestNeighbourRadii(reals, 1), [1, 1, 2]);
  assert.equal(nearestNeighbourRadii(reals, 2), [3, 2, 3]);
  // A duplicate is a neighbour at distance 0, but a point is not its own neighbour.
  assert.equal(nearestNeighbourRadii([[0], [0], [5]], 1), [0, 0, 5]);
});

test('precision, recall, density and coverage by hand (k = 1, balls closed)', () => {
  // Fakes 0.5 and 0.75 lie in the balls of 0 and 1; 10 and 10.25 in none. Fake radii: 0.25 each.
  const fakes = [[0.5], [0.75], [10], [10.25]];
  const scores = precisionRecallDensityCoverage(reals, fakes, { k: 1 });
  assert.is(scores.precision, 2 / 4);
  // Only real 1 lies in a fake ball: exactly on the edge of 0.75's (|1 - 0.75| = 0.25).
  assert.is(scores.recall, 1 / 3);
  // Real balls per fake: 2, 2, 0, 0; over k = 1 and 4 fakes.
  assert.is(scores.density, 4 / 4);
  // The balls of 0 and 1 hold a fake, the ball of 3 none.
  assert.is(scores.coverage, 2 / 3);
});

test('fakes from the reals\' own distribution: precision and recall near 1, density 1, coverage at its expected value', () => {
  const real = gaussianPoints(500, 2, 1);
  const fake = gaussianPoints(500, 2, 2);
  const { precision, recall, density, coverage } = precisionRecallDensityCoverage(real, fake);
  assert.ok(precision > 0.97 && recall > 0.97, `precision ${precision}, recall ${recall}`);
  assert.ok(Math.abs(density - 1) < 0.1, `density ${density}`);
  const expected = expectedCoverage(500, 500, 5);
  assert.ok(Math.abs(coverage - expected) < 0.03, `coverage ${coverage}, expected ${expected.toFixed(3)}`);
});

test('fakes squeezed into the middle of the reals: precision stays 1, recall and coverage fall, density rises', () => {
  const real = gaussianPoints(500, 8, 1);
  const narrow = precisionRecallDensityCoverage(real, gaussianPoints(500, 8, 2, 0, 0.3));
  assert.is(narrow.precision, 1);
  assert.ok(narrow.recall < 0.1, `recall ${narrow.recall}`);
  assert.ok(narrow.coverage < 0.6, `coverage ${narrow.coverage}`);
  assert.ok(narrow.density > 2, `density ${narrow.density}`);
});

test('fakes shifted by one standard deviation in 8 dimensions score lower on all four', () => {
  const real = gaussianPoints(500, 8, 1);
  const same = precisionRecallDensityCoverage(real, gaussianPoints(500, 8, 2));
  const shifted = precisionRecallDensityCoverage(real, gaussianPoints(500, 8, 2, 1));
  for (const name of ['precision', 'recall', 'density', 'coverage'] as const) {
    assert.ok(shifted[name] < same[name] - 0.2, `${name}: shifted ${shifted[name]}, same ${same[name]}`);
  }
});

test('a collapsed generator (every fake one real point) covers about 1/n of the reals and recalls exactly that one', () => {
  const real = gaussianPoints(200, 8, 3);
  const fakes = Array.from({ length: 100 }, () => real[17].slice());
  const { precision, recall, density, coverage } = precisionRecallDensityCoverage(real, fakes);
  assert.is(precision, 1);
  // The fakes' radii are 0, so their balls hold only real 17 itself.
  assert.is(recall, 1 / 200);
  assert.ok(coverage >= 1 / 200 && coverage <= 5 / 200, `coverage ${coverage}`);
  // All fakes sit in the same real balls, the ones that make up the coverage: density = coverage * n / k.
  assert.ok(Math.abs(density - (coverage * 200) / 5) < 1e-12, `density ${density}, coverage ${coverage}`);
});

test('bad input is refused naming the problem', () => {
  const points = [[0], [1], [2]];
  assert.throws(() => precisionRecallDensityCoverage(points, points, { k: 3 }), /k = 3 needs more than 3 reals, got 3; a point is not its own neighbour/);
  assert.throws(() => precisionRecallDensityCoverage(points, [[0], [1]], { k: 2 }), /needs more than 2 fakes, got 2/);
  assert.throws(() => precisionRecallDensityCoverage(points, points, { k: 0 }), /k must be an integer >= 1, got 0/);
  assert.throws(() => precisionRecallDensityCoverage(points, points, { k: 1.5 }), /k must be an integer >= 1, got 1.5/);
  assert.throws(() => precisionRecallDensityCoverage(points, [[0, 1], [1, 2]], { k: 1 }), /fakes\[0\] has 2 values but reals\[0\] has 1/);
  assert.throws(() => precisionRecallDensityCoverage(points, [[NaN], [1]], { k: 1 }), /precisionRecallDensityCoverage: fakes\[0\]\[0\] is NaN/);
  assert.throws(() => precisionRecallDensityCoverage([], points), /reals is empty/);
  assert.throws(() => nearestNeighbourRadii([[0]], 1), /nearestNeighbourRadii: k = 1 needs more than 1 points, got 1/);
});

test.run();
