import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyShares } from '../kernel-helpers/src/metrics/copies';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';

// The closest different training rows are (3, 4) and (3, 5), 1 apart; (0, 0) is 5 from (3, 4).
const training = [[0, 0], [3, 4], [3, 5]];

test('by hand: one exact copy, two fakes nearer than 1 to a training row, one far away', () => {
  const fakes = [[3, 4], [0.5, 0], [10, 10], [3, 4.5]];
  assert.equal(copyShares(training, fakes), { exact: 1 / 4, near: 3 / 4, threshold: 1 });
});

test('a fake exactly at the threshold is not a near copy (strictly nearer)', () => {
  assert.equal(copyShares(training, [[1, 0], [0.9375, 0]]), { exact: 0, near: 1 / 2, threshold: 1 });
});

test('duplicated training rows do not set the threshold to 0', () => {
  assert.equal(copyShares([[0, 0], [0, 0], [2, 0]], [[0, 0], [1.5, 0]]), { exact: 1 / 2, near: 1, threshold: 2 });
});

test('with integerScale, fakes that round to a training row at that scale are exact copies', () => {
  const digits = [[8 / 16, 4 / 16], [0, 1]];
  const fake = [0.49, 0.26]; // x16 = 7.84, 4.16: rounds to 8, 4
  assert.is(copyShares(digits, [fake]).exact, 0);
  assert.is(copyShares(digits, [fake], { integerScale: 16 }).exact, 1);
  assert.is(copyShares(digits, [[0.45, 0.25]], { integerScale: 16 }).exact, 0); // 7.2 rounds to 7
});

test('real 2s are not copies of one another: none of 60 held-out 2s is an exact or near copy of the other 117', () => {
  const twos = loadTrainingImages(2);
  const { exact, near, threshold } = copyShares(twos.slice(0, 117), twos.slice(117), { integerScale: 16 });
  assert.is(exact, 0);
  assert.is(near, 0);
  assert.ok(threshold > 0.25, `threshold ${threshold}`);
});

test('bad input is refused naming the problem', () => {
  assert.throws(() => copyShares([[1, 1], [1, 1]], [[0, 0]]), /the training set needs at least two different rows/);
  assert.throws(() => copyShares(training, [[0, 0]], { integerScale: 0 }), /integerScale must be a number > 0 \(16 for UCI digits in 0..1\), got 0/);
  assert.throws(() => copyShares(training, []), /copyShares: fakes is empty/);
  assert.throws(() => copyShares(training, [[0, 0, 0]]), /fakes\[0\] has 3 values but training\[0\] has 2/);
  assert.throws(() => copyShares(training, [[0, NaN]]), /fakes\[0\]\[1\] is NaN/);
});

test.run();
