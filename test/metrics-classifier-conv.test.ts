import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadDigits, normalisePixels } from '../kernel-helpers/src/data/digits';
import { createRng } from '../kernel-helpers/src/util/seeding';
import { buildConvDigitClassifier, judgeClasses, judgeFeatures, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';

/** An 8x8 digit as a 28x28 image, MNIST's size: each pixel a 3x3 block, a 2-pixel border. */
function upscale(image: number[]): number[] {
  return Array.from({ length: 28 * 28 }, (_, k) => {
    const [row, column] = [Math.floor(k / 28) - 2, (k % 28) - 2];
    const inside = row >= 0 && column >= 0 && row < 24 && column < 24;
    return inside ? image[Math.floor(row / 3) * 8 + Math.floor(column / 3)] : 0;
  });
}

test.before(async () => {
  await initBackend();
});

test('the conv builder maps [batch, 28, 28, 1] to 10 probabilities through 128 features', () => {
  const model = buildConvDigitClassifier(createRng(0));
  assert.equal(model.inputs[0].shape, [null, 28, 28, 1]);
  assert.equal(model.outputs[0].shape, [null, 10]);
  assert.equal(model.layers[model.layers.length - 2].outputShape, [null, 128]);
  model.dispose();
});

test('the same trainer fits the conv judge to 28x28 digits (400 upscaled UCI digits, 3 epochs: >= 85% held out)', () => {
  const before = tf.memory().numTensors;
  const digits = loadDigits();
  const images = normalisePixels(digits.pixels.slice(0, 400)).map(upscale);
  const judge = trainDigitClassifier(images, digits.labels.slice(0, 400), { buildModel: buildConvDigitClassifier, epochs: 3, batchSize: 32 });
  assert.ok(judge.heldOutAccuracy >= 0.85, `held-out accuracy ${judge.heldOutAccuracy}`);
  const features = judgeFeatures(judge, judge.heldOut.images);
  assert.equal([features.length, features[0].length], [80, 128]);
  assert.throws(() => judgeClasses(judge, [new Array(64).fill(0)]), /images\[0\] has 64 pixels, but the classifier takes \[28,28,1\] = 784/);
  judge.classifier.dispose();
  assert.is(tf.memory().numTensors, before, 'disposing the classifier frees the judge');
});

test.run();
