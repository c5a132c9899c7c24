import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadDigits, loadTrainingImages, normalisePixels } from '../kernel-helpers/src/data/digits';
import { createRng } from '../kernel-helpers/src/util/seeding';
import { DigitJudge, judgeClasses, judgeFeatures, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { copyShares } from '../kernel-helpers/src/metrics/copies';
import { frechetDistance } from '../kernel-helpers/src/metrics/frechet-distance';
import { judgeSamples } from '../kernel-helpers/src/metrics/judge-samples';
import { precisionRecallDensityCoverage } from '../kernel-helpers/src/metrics/precision-recall';

const twos = loadTrainingImages(2);
// The first 117 twos stand for a GAN's training set, the other 60 for fakes as good as real ones.
const training = twos.slice(0, 117);
const unseen = twos.slice(117);
let judge: DigitJudge;

test.before(async () => {
  await initBackend();
  const digits = loadDigits();
  judge = trainDigitClassifier(normalisePixels(digits.pixels), digits.labels, { epochs: 5 });
});

const uniformNoise = (count: number) => {
  const rng = createRng(11);
  return Array.from({ length: count }, () => Array.from({ length: 64 }, () => rng.next()));
};

test('one call gives what the separate metrics give, pixel space and feature space', () => {
  const fakes = [...unseen, ...uniformNoise(40)];
  const all = judgeSamples(judge, training, fakes, { target: 2, integerScale: 16 });
  assert.equal(all.classes, judgeClasses(judge, fakes, { target: 2 }));
  assert.equal(all.pixels, precisionRecallDensityCoverage(training, fakes));
  const [realFeatures, fakeFeatures] = [judgeFeatures(judge, training), judgeFeatures(judge, fakes)];
  assert.equal(all.features, precisionRecallDensityCoverage(realFeatures, fakeFeatures));
  assert.is(all.frechetDistance, frechetDistance(realFeatures, fakeFeatures));
  assert.equal(all.copies, copyShares(training, fakes, { integerScale: 16 }));
});

test('unseen real 2s: judged 2, high precision, no copies; noise: no confident 2s, no precision, a far larger distance', () => {
  const real = judgeSamples(judge, training, unseen, { target: 2, integerScale: 16 });
  assert.ok(real.classes.targetShare! >= 0.9, `2s judged 2: ${real.classes.targetShare}`);
  assert.ok(real.features.precision >= 0.8 && real.pixels.precision >= 0.8, JSON.stringify(real));
  assert.equal([real.copies.exact, real.copies.near], [0, 0]);
  const noise = judgeSamples(judge, training, uniformNoise(60), { target: 2 });
  assert.ok(noise.classes.confidentShare <= 0.05, `confident on noise: ${noise.classes.confidentShare}`);
  assert.equal([noise.pixels.precision, noise.pixels.coverage], [0, 0]);
  assert.ok(noise.frechetDistance > 10 * real.frechetDistance, `noise ${noise.frechetDistance}, real ${real.frechetDistance}`);
});

test('a generator that memorised one training 2: every fake a copy, one mode, coverage and recall near 0', () => {
  const copies = new Array(60).fill(training[5]);
  const { classes, copies: shares, pixels, features } = judgeSamples(judge, training, copies, { target: 2, integerScale: 16 });
  assert.equal([shares.exact, shares.near, classes.modesCovered], [1, 1, 1]);
  // Only the few reals whose balls hold training[5]; 60 unseen real 2s cover most of them.
  assert.ok(pixels.coverage <= 0.1 && features.coverage <= 0.1, `coverage ${pixels.coverage}, ${features.coverage}`);
  assert.ok(judgeSamples(judge, training, unseen).pixels.coverage >= 0.6);
  assert.is(pixels.recall, 1 / 117);
});

test('bad input is refused naming the problem', () => {
  assert.throws(() => judgeSamples(judge, training, unseen.slice(0, 5)), /judgeSamples: k = 5 needs more than 5 fakes, got 5/);
  assert.throws(() => judgeSamples(judge, training, unseen, { integerScale: -16 }), /judgeSamples: integerScale must be a number > 0/);
  assert.throws(() => judgeSamples(judge, training, unseen.map((row) => row.slice(1))), /fakes\[0\] has 63 values but reals\[0\] has 64/);
  assert.throws(() => judgeSamples(judge, training, unseen.map((row) => row.map((v) => v * 16))), /expected a pixel in 0..1/);
  assert.throws(() => judgeSamples(judge, training, unseen, { target: -1 }), /target must be a digit 0..9, got -1/);
});

test.run();
