/**
 * Chapter 9's digits comparison: the judge's histogram of a G that writes one fixed real digit (one digit covered,
 * all its samples), each loss's models and recipe, and a one-epoch run whose logged numbers are the judge's reading
 * of the G it returns.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDigits, normalisePixels } from '../kernel-helpers/src/data/digits';
import { DIGIT_MODES_SAMPLES, digitModesTraining, judgeDigitModes } from '../kernel-helpers/src/experiments/digit-modes';
import { DigitJudge, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { trainGan } from '../kernel-helpers/src/training/train-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';

let judge: DigitJudge;
let images: number[][];
let labels: number[];
test.before(async () => {
  await initBackend();
  const digits = loadDigits();
  images = normalisePixels(digits.pixels);
  labels = digits.labels;
  judge = trainDigitClassifier(images, labels);
});

/** A "generator" that ignores z and writes `image` (pixels 0..1) every time: a sigmoid of a bias, no weights from z. */
function constantGenerator(image: number[]): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 64, inputShape: [20], activation: 'sigmoid', kernelInitializer: 'zeros' }));
  const logits = image.map((p) => Math.log((p + 1e-3) / (1 - p + 1e-3)));
  model.layers[0].setWeights([tf.zeros([20, 64]), tf.tensor1d(logits)]);
  return model;
}

test('a G that always writes the same real 3 covers one digit, 3, with every sample', () => {
  const index = labels.indexOf(3);
  const generator = constantGenerator(images[index]);
  const judged = judgeDigitModes(judge, generator, 200, 5);
  assert.is(judged.modesCovered, 1);
  assert.is(judged.classShares[3], 1);
  generator.dispose();
});

test("each loss gets its D's last layer and its recipe; a bad loss is refused by name", () => {
  const expected = { bce: ['sigmoid', 1], wasserstein: ['linear', 5], 'wasserstein-gp': ['linear', 5] } as const;
  for (const loss of ['bce', 'wasserstein', 'wasserstein-gp'] as const) {
    const options = digitModesTraining(loss, judge);
    const { generator, discriminator } = options.models!(createRng(0));
    const last = (model: tf.LayersModel) => (model.layers[model.layers.length - 1].getConfig() as { activation: string }).activation;
    assert.equal([last(discriminator), options.criticSteps], expected[loss], loss);
    assert.equal([generator.inputs[0].shape, generator.outputs[0].shape, last(generator)], [[null, 20], [null, 64], 'sigmoid']);
    generator.dispose();
    discriminator.dispose();
  }
  assert.throws(() => digitModesTraining('hinge' as never, judge), /digitModesTraining: loss must be one of bce, wasserstein, wasserstein-gp, got "hinge"/);
});

test("a one-epoch run logs the judge's reading of the G it returns: digits covered and the largest digit's share", async () => {
  const run = await trainGan(images, { ...digitModesTraining('wasserstein-gp', judge), epochs: 1, batchSize: 256, progress: silentProgress() });
  const judged = judgeDigitModes(judge, run.sampler, DIGIT_MODES_SAMPLES, 0);
  assert.equal(run.history[0].metrics, { digits: judged.modesCovered, 'largest share': Number(Math.max(...judged.classShares).toFixed(3)) });
  run.generator.dispose();
  run.discriminator.dispose();
});

test.run();
