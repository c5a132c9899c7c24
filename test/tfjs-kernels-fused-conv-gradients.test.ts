/**
 * tf.fused.conv2d with no activation under gradients (tfjs-kernels/fused-conv-gradients.ts), on wasm and cpu: the
 * same output and the same input, filter and bias gradients as tfjs-core's stock op, bit for bit; only the
 * gradients asked for are computed; and in the bench's conv GAN (tf.layers.conv2d in D), G's step computes no
 * filter gradient of D and D's step no gradient of the images (kernels counted with tf.profile).
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendName, useBackend } from '../kernel-helpers/src/runtime/backend';
import { buildConvDiscriminator, buildConvGenerator, CONV_LATENT_SIZE } from '../kernel-helpers/src/bench/conv-gan';
import { perInputGradientsProblem, stockFusedConv2d } from '../kernel-helpers/src/tfjs-kernels/fused-conv-gradients';
import { restoreBackendAfter } from './tfjs-kernels/support';

restoreBackendAfter(test);

type Conv = typeof tf.fused.conv2d;

/** The output of `conv` on (x, filter, bias) and its gradients for `dy`, each as plain numbers. */
function outputAndGradients(conv: Conv, x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | undefined, dy: tf.Tensor, strides: number, pad: 'same' | 'valid') {
  const inputs = bias ? [x, filter, bias] : [x, filter];
  const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) =>
    conv({ x: args[0] as tf.Tensor4D, filter: args[1] as tf.Tensor4D, bias: args[2], strides, pad }) as tf.Tensor,
  )(inputs, dy);
  const numbers = [value, ...grads].map((tensor) => Array.from(tensor.dataSync()));
  tf.dispose([value, ...grads]);
  return numbers;
}

test('installed on this tfjs', () => {
  assert.is(perInputGradientsProblem(), undefined);
  assert.is.not(tf.fused.conv2d, stockFusedConv2d);
});

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  for (const [strides, pad, withBias] of [[2, 'same', true], [1, 'valid', true], [2, 'valid', false], [1, 'same', false]] as const) {
    test(`${backend}, stride ${strides}, ${pad}, ${withBias ? 'bias' : 'no bias'}: the stock op's output and gradients, bit for bit`, async () => {
      await useBackend(backend);
      const x = tf.randomNormal([3, 9, 9, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
      const filter = tf.randomNormal([5, 5, 4, 6], 0, 1, 'float32', 2) as tf.Tensor4D;
      const bias = withBias ? (tf.randomNormal([6], 0, 1, 'float32', 3) as tf.Tensor1D) : undefined;
      const outShape = (stockFusedConv2d({ x, filter, strides, pad }) as tf.Tensor).shape;
      const dy = tf.randomNormal(outShape, 0, 1, 'float32', 4);
      const before = tf.memory().numTensors;
      const ours = outputAndGradients(tf.fused.conv2d, x, filter, bias, dy, strides, pad);
      assert.is(tf.memory().numTensors, before, 'no tensor left behind');
      const stock = outputAndGradients(stockFusedConv2d, x, filter, bias, dy, strides, pad);
      assert.is(ours.length, withBias ? 4 : 3);
      ['output', 'x gradient', 'filter gradient', 'bias gradient'].slice(0, ours.length).forEach((what, i) => assert.equal(ours[i], stock[i], what));
      tf.dispose([x, filter, dy, ...(bias ? [bias] : [])]);
    });
  }
}

/** How many times each kernel ran during `step`. */
async function kernelCounts(step: () => void): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const kernel of (await tf.profile(step)).kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  return counts;
}

test('only the gradients asked for: the filter and bias without the input, the input without the filter', async () => {
  await useBackend('wasm');
  const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
  const filter = tf.randomNormal([3, 3, 3, 5]) as tf.Tensor4D;
  const bias = tf.randomNormal([5]) as tf.Tensor1D;
  const convolve = (conv: Conv, f: tf.Tensor4D, b: tf.Tensor1D, input = x) => conv({ x: input, filter: f, bias: b, strides: 2, pad: 'same' }).sum();
  const weightsOnly = (conv: Conv) => () => tf.dispose(tf.grads((f: tf.Tensor, b: tf.Tensor) => convolve(conv, f as tf.Tensor4D, b as tf.Tensor1D))([filter, bias]));
  const inputOnly = (conv: Conv) => () => tf.dispose(tf.grad((input: tf.Tensor) => convolve(conv, filter, bias, input as tf.Tensor4D))(x));
  const [ours, stock] = [await kernelCounts(weightsOnly(tf.fused.conv2d)), await kernelCounts(weightsOnly(stockFusedConv2d))];
  assert.is(ours.get('Conv2DBackpropFilter'), 1);
  assert.is(ours.get('Conv2DBackpropInput'), undefined);
  assert.is(stock.get('Conv2DBackpropInput'), 1, 'the stock op computes the unneeded input gradient');
  const [oursInput, stockInput] = [await kernelCounts(inputOnly(tf.fused.conv2d)), await kernelCounts(inputOnly(stockFusedConv2d))];
  assert.is(oursInput.get('Conv2DBackpropInput'), 1);
  assert.is(oursInput.get('Conv2DBackpropFilter'), undefined);
  assert.is(stockInput.get('Conv2DBackpropFilter'), 1, 'the stock op computes the unneeded filter gradient');
  tf.dispose([x, filter, bias]);
});

function logLoss(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.losses.logLoss(label === 1 ? tf.onesLike(scores) : tf.zerosLike(scores), scores);
}

function trainable(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

test("the bench's conv GAN: G's step computes no filter gradient of D, D's step no gradient of the images", async () => {
  await useBackend('wasm');
  const [generator, discriminator] = [buildConvGenerator(), buildConvDiscriminator()];
  const [dOptimizer, gOptimizer] = [tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5)];
  const real = tf.randomUniform([16, 28, 28, 1], -1, 1, 'float32', 1);
  const noise = tf.randomNormal([16, CONV_LATENT_SIZE], 0, 1, 'float32', 2);
  // trainGan's steps: D on the real batch vs 1 and G's fakes vs 0, then G on D's scores of its fakes vs 1.
  const gStep = await kernelCounts(() =>
    tf.tidy(() => void gOptimizer.minimize(() => logLoss(discriminator.apply(generator.apply(noise)) as tf.Tensor, 1), false, trainable(generator))),
  );
  const dStep = await kernelCounts(() =>
    tf.tidy(() => {
      const fakes = generator.predict(noise) as tf.Tensor;
      const loss = () => logLoss(discriminator.apply(real) as tf.Tensor, 1).add(logLoss(discriminator.apply(fakes) as tf.Tensor, 0)) as tf.Scalar;
      dOptimizer.minimize(loss, false, trainable(discriminator));
    }),
  );
  // G's two transposed convolutions need their filter gradients; D's two are not needed (stock tfjs computes them).
  assert.is(gStep.get('Conv2DBackpropFilter'), 2);
  // Input gradients in D's step: G's two transposed convolutions run as Conv2DBackpropInput, and D's second
  // layer's, on the real and on the fake batch; its first layer's, the images', is not needed.
  assert.is(dStep.get('Conv2DBackpropInput'), 4);
  tf.dispose([real, noise]);
  [generator, discriminator].forEach((model) => model.dispose());
  [dOptimizer, gOptimizer].forEach((optimizer) => optimizer.dispose());
});

test.run();
