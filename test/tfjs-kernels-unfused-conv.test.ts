/**
 * The bench's conv discriminator with UnfusedConv2D layers (kernel-helpers/src/bench/conv-gan.ts) against the
 * same network built from tf.layers.conv2d, with the same weights, on wasm: equal scores, and after a D step and
 * a G step (as trainGan runs them, with Adam) equal losses and weights to float rounding; and the gradients
 * that no step needs are no longer computed (kernels counted with tf.profile).
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useBackend } from '../kernel-helpers/src/runtime/backend';
import { buildConvDiscriminator, buildConvGenerator, CONV_BATCH_SIZE, CONV_LATENT_SIZE } from '../kernel-helpers/src/bench/conv-gan';
import { assertClose, restoreBackendAfter } from './tfjs-kernels/support';

restoreBackendAfter(test);

const BATCH = CONV_BATCH_SIZE / 4;

function fusedDiscriminator(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, strides: 2, padding: 'same' }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same' }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}

interface Gan {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  dOptimizer: tf.Optimizer;
  gOptimizer: tf.Optimizer;
}

function logLoss(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.losses.logLoss(label === 1 ? tf.onesLike(scores) : tf.zerosLike(scores), scores);
}

function trainable(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/** trainGan's D step: real batch vs 1 plus fakes vs 0, one Adam update of D. */
function discriminatorStep(gan: Gan, real: tf.Tensor, noise: tf.Tensor): number {
  return tf.tidy(() => {
    const fakes = gan.generator.predict(noise) as tf.Tensor;
    const loss = gan.dOptimizer.minimize(
      () => logLoss(gan.discriminator.apply(real) as tf.Tensor, 1).add(logLoss(gan.discriminator.apply(fakes) as tf.Tensor, 0)) as tf.Scalar,
      true,
      trainable(gan.discriminator),
    ) as tf.Scalar;
    return loss.dataSync()[0];
  });
}

/** trainGan's G step: D's scores of G's fakes vs 1, one Adam update of G. */
function generatorStep(gan: Gan, noise: tf.Tensor): number {
  return tf.tidy(() => {
    const loss = gan.gOptimizer.minimize(
      () => logLoss(gan.discriminator.apply(gan.generator.apply(noise)) as tf.Tensor, 1),
      true,
      trainable(gan.generator),
    ) as tf.Scalar;
    return loss.dataSync()[0];
  });
}

/** Two GANs with the same weights: one with the bench's discriminator, one with tf.layers.conv2d's. */
function twinGans(): [Gan, Gan] {
  const unfused = { generator: buildConvGenerator(), discriminator: buildConvDiscriminator() };
  const fused = { generator: buildConvGenerator(), discriminator: fusedDiscriminator() };
  fused.generator.setWeights(unfused.generator.getWeights());
  fused.discriminator.setWeights(unfused.discriminator.getWeights());
  const adam = () => tf.train.adam(2e-4, 0.5);
  return [
    { ...unfused, dOptimizer: adam(), gOptimizer: adam() },
    { ...fused, dOptimizer: adam(), gOptimizer: adam() },
  ];
}

const TOLERANCE = { absolute: 1e-5, relative: 1e-4 };

test('same weights, same scores, and after a D step and a G step the same losses and weights', async () => {
  await useBackend('wasm');
  const [unfused, fused] = twinGans();
  const real = tf.randomUniform([BATCH, 28, 28, 1], -1, 1, 'float32', 1);
  const dNoise = tf.randomNormal([BATCH, CONV_LATENT_SIZE], 0, 1, 'float32', 2);
  const gNoise = tf.randomNormal([BATCH, CONV_LATENT_SIZE], 0, 1, 'float32', 3);
  const scores = [unfused, fused].map((gan) => tf.tidy(() => (gan.discriminator.predict(real) as tf.Tensor).dataSync()));
  assertClose(scores[0], scores[1], 'D(x)', TOLERANCE);
  const losses = [unfused, fused].map((gan) => [discriminatorStep(gan, real, dNoise), generatorStep(gan, gNoise)]);
  assertClose(losses[0], losses[1], 'D and G losses', TOLERANCE);
  for (const part of ['generator', 'discriminator'] as const) {
    const [mine, theirs] = [unfused, fused].map((gan) => gan[part].getWeights());
    mine.forEach((weight, i) => assertClose(weight.dataSync(), theirs[i].dataSync(), `${part} weight ${i}`, TOLERANCE));
  }
  tf.dispose([real, dNoise, gNoise]);
});

/** How many times each kernel ran during `step`. */
async function kernelCounts(step: () => void): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const kernel of (await tf.profile(step)).kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  return counts;
}

test("G's step computes no filter gradient of D, D's step no gradient of the images", async () => {
  await useBackend('wasm');
  const [unfused, fused] = twinGans();
  const real = tf.randomUniform([BATCH, 28, 28, 1], -1, 1, 'float32', 1);
  const noise = tf.randomNormal([BATCH, CONV_LATENT_SIZE], 0, 1, 'float32', 2);
  const gStepUnfused = await kernelCounts(() => void generatorStep(unfused, noise));
  const gStepFused = await kernelCounts(() => void generatorStep(fused, noise));
  // G's two transposed convolutions need their filter gradients; tf.layers.conv2d adds D's two.
  assert.is(gStepUnfused.get('Conv2DBackpropFilter'), 2);
  assert.is(gStepFused.get('Conv2DBackpropFilter'), 4);
  const dStepUnfused = await kernelCounts(() => void discriminatorStep(unfused, real, noise));
  const dStepFused = await kernelCounts(() => void discriminatorStep(fused, real, noise));
  // Input gradients in D's step: G's two transposed convolutions run as Conv2DBackpropInput, and D's second
  // layer's, on the real and on the fake batch; tf.layers.conv2d adds its first layer's, the images', on both.
  assert.is(dStepUnfused.get('Conv2DBackpropInput'), 4);
  assert.is(dStepFused.get('Conv2DBackpropInput'), 6);
  tf.dispose([real, noise]);
});

test.run();
