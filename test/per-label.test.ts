/**
 * The per-label judgement of a conditional GAN (metrics/per-label.ts) on hand-made sets whose answers are known:
 * a hand-made judge that reads the class from which of the first ten pixels is inked and whose features are the
 * pixels themselves, reals on a line, and fakes that copy them, sit far from them or show another digit.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { DigitJudge } from '../kernel-helpers/src/metrics/classifier-judge';
import { judgePerLabel, perLabelSummary } from '../kernel-helpers/src/metrics/per-label';

let judge: DigitJudge;

test.before(async () => {
  await initBackend();
  // Class c when pixel c (c < 10) is the most inked of the first ten; features: the 64 pixels as they are.
  const classifier = tf.sequential({ layers: [tf.layers.dense({ inputShape: [64], units: 10, activation: 'softmax', useBias: false })] });
  classifier.setWeights([tf.tidy(() => tf.eye(64, 10).mul(10))]);
  const featureModel = tf.sequential({ layers: [tf.layers.dense({ inputShape: [64], units: 64, useBias: false })] });
  featureModel.setWeights([tf.eye(64)]);
  judge = { classifier, featureModel, heldOutAccuracy: 1, heldOut: { images: [], labels: [] } };
});

/** An image showing digit `digit` (pixel `digit` inked), at `position` along pixel 20. */
function image(digit: number, position: number): number[] {
  return Array.from({ length: 64 }, (_, p) => (p === digit ? 1 : p === 20 ? position : 0));
}

// Label 0: six reals 0.1 apart; label 1: six reals 0.01 apart near 0.9, so each ball (5th neighbour) is at most 0.05 wide.
const reals = [...[0, 1, 2, 3, 4, 5].map((i) => image(0, i / 10)), ...[0, 1, 2, 3, 4, 5].map((i) => image(1, 0.9 + i / 100))];
const realLabels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

test('fakes that copy their label\'s reals: all classified as asked, every real covered', () => {
  const fakes = reals.slice(0, 6);
  const judged = judgePerLabel(judge, reals, realLabels, fakes, [0, 0, 0, 0, 0, 0]);
  assert.equal(judged.labels, [{ label: 0, fakes: 6, reals: 6, classifiedShare: 1, coverage: 1, featureCoverage: 1 }]);
});

test('each label is judged against its own reals only, and the worst label is named', () => {
  // Label 1's fakes sit on label 0's reals (0.0-0.5 along pixel 20), far from label 1's reals (0.9-0.95): none of those
  // is covered, though the same fakes would cover label 0's. Half of them show a 2 instead of a 1.
  const fakes = [
    ...reals.slice(0, 6),
    ...[0, 1, 2].map((i) => image(1, i / 10)),
    ...[3, 4, 5].map((i) => image(2, i / 10)),
  ];
  const fakeLabels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  const judged = judgePerLabel(judge, reals, realLabels, fakes, fakeLabels);
  assert.equal(
    judged.labels.map(({ label, classifiedShare, coverage, featureCoverage }) => ({ label, classifiedShare, coverage, featureCoverage })),
    [
      { label: 0, classifiedShare: 1, coverage: 1, featureCoverage: 1 },
      { label: 1, classifiedShare: 0.5, coverage: 0, featureCoverage: 0 },
    ],
  );
  assert.equal(
    { mean: judged.meanClassifiedShare, worst: judged.worstClassifiedShare, label: judged.worstLabel, coverage: judged.meanCoverage },
    { mean: 0.75, worst: 0.5, label: 1, coverage: 0.5 },
  );
  assert.equal(perLabelSummary(judged), { 'as asked': 0.75, worst: 0.5, 'worst label': 1, coverage: 0.5 });
});

test('a fake covers the reals whose 5th-neighbour ball reaches it, and no others', () => {
  // Label 0's reals at 0.0 ... 0.5: the 5th nearest other real is 0.5 away from the ends, 0.3 from 0.2 and 0.3,
  // 0.4 from 0.1 and 0.4. Six fakes at 0.95: only the real at 0.5 (0.45 away, ball 0.5) has one in its ball.
  const fakes = [0, 1, 2, 3, 4, 5].map(() => image(0, 0.95));
  const judged = judgePerLabel(judge, reals, realLabels, fakes, [0, 0, 0, 0, 0, 0]);
  assert.ok(Math.abs(judged.labels[0].coverage - 1 / 6) < 1e-12, String(judged.labels[0].coverage));
});

test('bad inputs are refused with what is wrong', () => {
  const fakes = reals.slice(0, 6);
  assert.throws(() => judgePerLabel(judge, reals, realLabels.slice(1), fakes, [0, 0, 0, 0, 0, 0]), /12 reals but 11 labels/);
  assert.throws(() => judgePerLabel(judge, reals, realLabels, fakes, [0, 0, 0, 0, 0, 0.5]), /the label of fakes\[5\] is 0.5/);
  assert.throws(() => judgePerLabel(judge, reals, realLabels, fakes.slice(0, 5), [0, 0, 0, 0, 0]), /label 0: k = 5 needs more than 5 fakes, got 5/);
  assert.throws(() => judgePerLabel(judge, reals, realLabels, fakes, [3, 3, 3, 3, 3, 3]), /label 3: k = 5 needs more than 5 reals, got 0/);
});

test.run();
