import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadDigits, normalisePixels } from '../kernel-helpers/src/data/digits';
import { createRng } from '../kernel-helpers/src/util/seeding';
import {
  classifierAccuracy,
  DigitJudge,
  judgeClasses,
  judgeFeatures,
  trainDigitClassifier,
} from '../kernel-helpers/src/metrics/classifier-judge';

const digits = loadDigits();
const images = normalisePixels(digits.pixels);
let judge: DigitJudge;

test.before(async () => {
  await initBackend();
  judge = trainDigitClassifier(images, digits.labels);
});

const uniformNoise = (count: number, seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => Array.from({ length: 64 }, () => rng.next()));
};
const heldOutDigit = (digit: number) => judge.heldOut.images.filter((_, i) => judge.heldOut.labels[i] === digit);

test('the default judge classifies >= 95% of 359 held-out UCI digits correctly, as an argmax of its outputs confirms', () => {
  assert.is(judge.heldOut.images.length, Math.round(1797 * 0.2));
  assert.ok(judge.heldOutAccuracy >= 0.95, `held-out accuracy ${judge.heldOutAccuracy}`);
  const probabilities = tf.tidy(() => (judge.classifier.predict(tf.tensor2d(judge.heldOut.images)) as tf.Tensor2D).arraySync());
  const correct = probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === judge.heldOut.labels[i]).length;
  assert.is(judge.heldOutAccuracy, correct / probabilities.length);
});

test('held-out 2s are judged 2 at >= 90%, and held-out digits are mostly judged confidently', () => {
  const twos = judgeClasses(judge, heldOutDigit(2), { target: 2 });
  assert.ok(twos.targetShare! >= 0.9, `2s judged 2: ${twos.targetShare}`);
  const all = judgeClasses(judge, judge.heldOut.images);
  assert.ok(all.confidentShare >= 0.8, `confident on real digits: ${all.confidentShare}`);
  assert.is(all.targetShare, undefined);
});

test('uniform noise, never seen in training, is judged with low confidence', () => {
  const { confidentShare } = judgeClasses(judge, uniformNoise(1000, 7));
  assert.ok(confidentShare <= 0.05, `confident on noise: ${confidentShare}`);
  // A stricter threshold can only lower the share; a looser one can only raise it.
  const real = heldOutDigit(5);
  assert.ok(judgeClasses(judge, real, { confidenceThreshold: 0.99 }).confidentShare <= judgeClasses(judge, real).confidentShare);
  assert.is(judgeClasses(judge, real, { confidenceThreshold: 1e-9 }).confidentShare, 1);
});

test('the class histogram follows the held-out labels: ten modes, shares within 3 points of the label shares', () => {
  const { classShares, modesCovered } = judgeClasses(judge, judge.heldOut.images);
  assert.is(modesCovered, 10);
  classShares.forEach((share, digit) => {
    const labelShare = judge.heldOut.labels.filter((label) => label === digit).length / judge.heldOut.labels.length;
    assert.ok(Math.abs(share - labelShare) < 0.03, `digit ${digit}: ${share} vs ${labelShare}`);
  });
  const oneTwo = judgeClasses(judge, new Array(100).fill(heldOutDigit(2)[0]), { target: 2 });
  assert.equal([oneTwo.modesCovered, oneTwo.targetShare], [1, 1]);
});

test('features are the hidden layer: relu(x W + b) computed by hand from the first layer\'s weights', () => {
  const sample = judge.heldOut.images.slice(0, 5);
  const features = judgeFeatures(judge, sample);
  assert.equal([features.length, features[0].length], [5, 64]);
  const [kernel, bias] = judge.classifier.layers[0].getWeights().map((w) => w.arraySync() as number[][] & number[]);
  sample.forEach((x, n) => {
    for (let j = 0; j < 64; j++) {
      const expected = Math.max(0, x.reduce((sum, value, i) => sum + value * kernel[i][j], bias[j]));
      assert.ok(Math.abs(features[n][j] - expected) < 1e-4, `image ${n}, feature ${j}: ${features[n][j]} vs ${expected}`);
    }
  });
});

test('judging frees every tensor it makes', () => {
  const before = tf.memory().numTensors;
  judgeClasses(judge, judge.heldOut.images, { target: 3 });
  judgeFeatures(judge, judge.heldOut.images);
  classifierAccuracy(judge, judge.heldOut.images, judge.heldOut.labels);
  assert.is(tf.memory().numTensors, before);
});

test('the same seed trains the same judge; another seed holds out other digits', () => {
  const before = tf.memory().numTensors;
  const [a, b, c] = [0, 0, 1].map((seed) => trainDigitClassifier(images, digits.labels, { seed, epochs: 1 }));
  const weights = (j: DigitJudge) => j.classifier.getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(weights(a), weights(b));
  assert.equal(a.heldOut.labels, b.heldOut.labels);
  assert.not.equal(a.heldOut.labels, c.heldOut.labels);
  [a, b, c].forEach((j) => j.classifier.dispose());
  assert.is(tf.memory().numTensors, before, 'training keeps only the weights');
});

test('bad input is refused naming the problem, leaving no tensors behind', () => {
  const before = tf.memory().numTensors;
  const few = images.slice(0, 100);
  const labels = digits.labels.slice(0, 100);
  assert.throws(() => trainDigitClassifier(few, labels.slice(1)), /trainDigitClassifier: 100 images but 99 labels/);
  assert.throws(() => trainDigitClassifier(few, [10, ...labels.slice(1)]), /labels\[0\] is 10, expected a digit 0..9/);
  assert.throws(() => trainDigitClassifier(digits.pixels.slice(0, 100), labels), /images\[0\]\[\d+\] is \d+, expected a pixel in 0..1 \(normalisePixels scales/);
  assert.throws(() => trainDigitClassifier(new Array(10).fill([0.5]), labels.slice(0, 10)), /images\[0\] has 1 pixels, but the classifier takes \[64\] = 64/);
  assert.throws(() => trainDigitClassifier(few, labels, { epoch: 3 } as object), /unknown option "epoch"/);
  assert.throws(() => trainDigitClassifier(few, labels, { heldOutShare: 1 }), /heldOutShare must hold out at least one of the 100 digits and keep the rest, got 1/);
  assert.throws(() => trainDigitClassifier(few, labels, { batchSize: 90 }), /80 training digits after holding out 20, fewer than one batch \(batchSize 90\)/);
  assert.throws(() => trainDigitClassifier(few, labels, { learningRate: -1 }), /learningRate must be a number > 0, got -1/);
  const threeClasses = () => tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [64] }), tf.layers.dense({ units: 3 })] });
  assert.throws(() => trainDigitClassifier(few, labels, { buildModel: threeClasses }), /must give a model with a hidden layer that ends in 10 softmax units, got output \[null,3\]/);
  assert.is(tf.memory().numTensors, before, 'a refused model is disposed');
  assert.throws(() => judgeClasses(judge, few, { target: 10 }), /target must be a digit 0..9, got 10/);
  assert.throws(() => judgeClasses(judge, few, { confidenceThreshold: 0 }), /confidenceThreshold must be a probability in \(0, 1\], got 0/);
  assert.throws(() => judgeClasses(judge, []), /judgeClasses: no images/);
  assert.throws(() => judgeFeatures(judge, [[NaN, ...few[0].slice(1)]]), /judgeFeatures: images\[0\]\[0\] is NaN/);
});

test.run();
