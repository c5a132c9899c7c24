/**
 * One training step of each network (chapter 3, and every later chapter through the training loop).
 *
 * D step: D's loss on a real batch and on the fakes G makes from `noise` (losses.ts), one update of D's weights.
 * G step: fresh noise, fakes, G's loss on D's scores of them, one update of G's weights; D is unchanged.
 * A conditional GAN's models take two inputs, [noise or image, one-hot label]: the labels of the real batch are
 * given to D with it, and the fakes of the D step are made for the same labels.
 * Each step takes the models, the optimizer and the tensors, returns the loss as a plain number, and leaves no
 * tensor behind. A dense, unconditional BCE GAN trained with Adam on `wasm` or `cpu` takes a fused path with the
 * same arithmetic, about ten times faster (tfjs-kernels/dense-gan-steps.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDiscriminatorStep, fusedGeneratorStep } from '../tfjs-kernels/dense-gan-steps';
import { discriminatorLoss, GanLoss, generatorLoss, gradientPenalty } from './losses';

export interface StepOptions {
  /** Default `bce`, the demo's loss. */
  loss?: GanLoss;
  /** A conditional GAN's one-hot labels: of the real batch in a D step (its fakes get the same), of the fakes in a G step. */
  labels?: tf.Tensor2D;
}

export interface DiscriminatorStepOptions extends StepOptions {
  /** `wasserstein`: after the update every weight of D is clipped to [-clipValue, clipValue]. */
  clipValue?: number;
  /** `wasserstein-gp`: the penalty's weight λ. */
  penaltyWeight?: number;
  /** `wasserstein-gp`: for each row, where between the real and the fake row the penalty is taken (0..1). */
  mix?: tf.Tensor1D;
}

/**
 * G's output for `noise` (and, for a conditional G, the one-hot `labels`) in training mode: batch
 * normalisation uses the batch's statistics and dropout drops, as during a step.
 */
export function generate(generator: tf.LayersModel, noise: tf.Tensor, labels?: tf.Tensor): tf.Tensor {
  return generator.apply(labels ? [noise, labels] : noise, { training: true }) as tf.Tensor;
}

/** D's scores of `images` (and, for a conditional D, the one-hot `labels`), in training mode. */
export function score(discriminator: tf.LayersModel, images: tf.Tensor, labels?: tf.Tensor): tf.Tensor {
  return discriminator.apply(labels ? [images, labels] : images, { training: true }) as tf.Tensor;
}

/** One update of D on a real batch and the fakes G makes from `noise`; returns D's loss (with the penalty, if any). */
export function trainDiscriminatorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  realBatch: tf.Tensor,
  noise: tf.Tensor2D,
  options: DiscriminatorStepOptions = {},
): number {
  const { loss = 'bce', labels, clipValue, penaltyWeight, mix } = options;
  if (loss === 'wasserstein-gp' && (mix === undefined || penaltyWeight === undefined)) {
    throw new Error('trainDiscriminatorStep: the wasserstein-gp loss needs options.penaltyWeight and options.mix (one number 0..1 per row)');
  }
  if (loss === 'wasserstein' && clipValue === undefined) throw new Error('trainDiscriminatorStep: the wasserstein loss needs options.clipValue');
  if (loss === 'bce' && !labels) {
    const fused = fusedDiscriminatorStep(generator, discriminator, optimizer, realBatch as tf.Tensor2D, noise);
    if (fused !== undefined) return fused;
  }
  const value = tf.tidy(() => {
    const fakes = tf.tidy(() => generate(generator, noise, labels));
    const critic = (images: tf.Tensor) => score(discriminator, images, labels);
    const cost = optimizer.minimize(
      () => {
        const base = discriminatorLoss(loss, critic(realBatch), critic(fakes));
        return loss === 'wasserstein-gp' ? base.add(gradientPenalty(critic, realBatch, fakes, mix!).mul(penaltyWeight!)) : base;
      },
      true,
      trainableVariables(discriminator),
    ) as tf.Scalar;
    return cost.dataSync()[0];
  });
  if (loss === 'wasserstein') clipWeights(discriminator, clipValue!);
  return value;
}

/** One update of G so that D scores its fakes from `noise` as real; returns G's loss. D is unchanged. */
export function trainGeneratorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  noise: tf.Tensor2D,
  options: StepOptions = {},
): number {
  const { loss = 'bce', labels } = options;
  if (loss === 'bce' && !labels) {
    const fused = fusedGeneratorStep(generator, discriminator, optimizer, noise);
    if (fused !== undefined) return fused;
  }
  return tf.tidy(() => {
    const cost = optimizer.minimize(
      () => generatorLoss(loss, score(discriminator, generate(generator, noise, labels), labels)),
      true,
      trainableVariables(generator),
    ) as tf.Scalar;
    return cost.dataSync()[0];
  });
}

/** Clips every weight of `model` to [-limit, limit] in place: the original Wasserstein GAN's crude Lipschitz bound. */
export function clipWeights(model: tf.LayersModel, limit: number): void {
  tf.tidy(() => model.trainableWeights.forEach((weight) => weight.write(tf.clipByValue(weight.read(), -limit, limit))));
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}
