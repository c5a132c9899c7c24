/**
 * The course's GAN training steps fused into plain JavaScript for dense-layer GANs trained with Adam on
 * the `wasm` or `cpu` backend: each step is one forward pass, one backward pass that computes only the
 * gradients the step needs, a binary cross-entropy against a constant label, and an in-place Adam update,
 * with no tfjs kernels and no new tensors. training.ts calls these first and falls back to the tfjs path
 * (optimizer.minimize) when they return undefined: other layers, other optimizers, other backends.
 *
 * The losses are tf.losses.logLoss's (epsilon 1e-7, mean over the batch), the update is tf.train.adam's,
 * so both paths give the same numbers to float32 rounding (test/tfjs-kernels-dense-gan.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { adamState, adamUpdate } from './adam-in-place';
import { backward, DenseStack, denseStack, forward, zeroGradients } from './dense-stack';
import { hasReachableStorage } from './tensor-storage';

/** tf.losses.logLoss's default epsilon, added inside both logarithms. */
const LOG_LOSS_EPSILON = 1e-7;

interface FusedGan {
  generator: DenseStack;
  discriminator: DenseStack;
}

/** Both models as dense stacks, when they and the batches fit together; otherwise tfjs runs (and reports any mismatch). */
function fusedGan(generator: tf.LayersModel, discriminator: tf.LayersModel, noise: tf.Tensor, realBatch?: tf.Tensor): FusedGan | undefined {
  if (!hasReachableStorage()) return undefined;
  const g = denseStack(generator);
  const d = denseStack(discriminator);
  if (!g || !d) return undefined;
  const imageSize = d.layers[0].inputs;
  const fits =
    g.layers[g.layers.length - 1].units === imageSize &&
    d.layers[d.layers.length - 1].units === 1 &&
    noise.rank === 2 &&
    noise.shape[1] === g.layers[0].inputs &&
    (!realBatch || (realBatch.rank === 2 && realBatch.shape[1] === imageSize));
  return fits ? { generator: g, discriminator: d } : undefined;
}

/**
 * Adds logLoss(label, scores[first .. first + count)) to the returned loss and writes its derivative
 * with respect to each score into `gradient`.
 */
function logLossWithGradient(scores: Float64Array, first: number, count: number, label: 0 | 1, gradient: Float64Array): number {
  let loss = 0;
  for (let r = first; r < first + count; r++) {
    const p = scores[r];
    if (label === 1) {
      loss -= Math.log(p + LOG_LOSS_EPSILON);
      gradient[r] = -1 / (p + LOG_LOSS_EPSILON) / count;
    } else {
      loss -= Math.log(1 - p + LOG_LOSS_EPSILON);
      gradient[r] = 1 / (1 - p + LOG_LOSS_EPSILON) / count;
    }
  }
  return loss / count;
}

/** trainDiscriminatorStep, fused; undefined when the models or optimizer are not the kind it handles. */
export function fusedDiscriminatorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  realBatch: tf.Tensor2D,
  noise: tf.Tensor2D,
): number | undefined {
  const gan = fusedGan(generator, discriminator, noise, realBatch);
  const adam = adamState(optimizer);
  if (!gan || !adam) return undefined;
  const [realRows, imageSize] = realBatch.shape;
  const fakeRows = noise.shape[0];
  const fakes = forward(gan.generator, noise.dataSync(), fakeRows).pop() as Float64Array;
  // Real and fake rows go through D together: the two losses only differ in their label.
  const both = new Float64Array((realRows + fakeRows) * imageSize);
  both.set(realBatch.dataSync());
  both.set(fakes, realRows * imageSize);
  const activations = forward(gan.discriminator, both, realRows + fakeRows);
  const scores = activations[activations.length - 1];
  const scoreGradient = new Float64Array(realRows + fakeRows);
  const loss =
    logLossWithGradient(scores, 0, realRows, 1, scoreGradient) + logLossWithGradient(scores, realRows, fakeRows, 0, scoreGradient);
  const gradients = zeroGradients(gan.discriminator);
  backward(gan.discriminator, activations, scoreGradient, realRows + fakeRows, gradients, false);
  adamUpdate(adam, gan.discriminator.variables, gradients);
  return loss;
}

/** trainGeneratorStep, fused; undefined when the models or optimizer are not the kind it handles. */
export function fusedGeneratorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  noise: tf.Tensor2D,
): number | undefined {
  const gan = fusedGan(generator, discriminator, noise);
  const adam = adamState(optimizer);
  if (!gan || !adam) return undefined;
  const rows = noise.shape[0];
  const gActivations = forward(gan.generator, noise.dataSync(), rows);
  const dActivations = forward(gan.discriminator, gActivations[gActivations.length - 1], rows);
  const scoreGradient = new Float64Array(rows);
  const loss = logLossWithGradient(dActivations[dActivations.length - 1], 0, rows, 1, scoreGradient);
  // Through D to its input only: D's weights are not updated by G's step.
  const fakeGradient = backward(gan.discriminator, dActivations, scoreGradient, rows, undefined, true) as Float64Array;
  const gradients = zeroGradients(gan.generator);
  backward(gan.generator, gActivations, fakeGradient, rows, gradients, false);
  adamUpdate(adam, gan.generator.variables, gradients);
  return loss;
}
