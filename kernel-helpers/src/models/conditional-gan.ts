/**
 * A conditional GAN for the 8x8 UCI digits (chapter 8): G and D both take the label, so G writes whichever digit
 * it is asked for (Mirza and Osindero 2014, "Conditional generative adversarial nets").
 *
 * Generator     [z (20), one-hot label (10)] -> join -> dense 256, leaky ReLU -> dense 64, sigmoid: an 8x8 image.
 * Discriminator [x (64), one-hot label (10)] -> join -> dense 256, leaky ReLU -> dense 1, sigmoid: the probability
 *               that x is a real digit *of that label*. A real 3 offered as a 5 is a fake to it, so G must match
 *               the label to fool it.
 * With `labelEmbedding` > 0 each network first maps the one-hot label to that many learned numbers (a dense layer
 * without bias: on a one-hot vector it picks one row of its weights, which is what an embedding layer does).
 * The training loop (training/train-gan.ts with `classes` and `labels`) feeds the one-hot labels.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, latentNoise, Rng } from '../util/seeding';

export interface ConditionalGanConfig {
  /** Length of the noise vector z. */
  latentSize: number;
  /** Number of labels: 10 digits. */
  classes: number;
  /** Width of each network's hidden layer. */
  hidden: number;
  /** Pixels per image: 64 for the 8x8 UCI digits. */
  imageSize: number;
  /** 0: the one-hot label is joined as it is; n > 0: it is first mapped to n learned numbers (an embedding). */
  labelEmbedding: number;
}

export const DEFAULT_CONDITIONAL_GAN_CONFIG: ConditionalGanConfig = {
  latentSize: 20,
  classes: 10,
  // Trained at batches of 64, Adam 0.002, G's average 0.999, 60 epochs (seed 0), 256 covered more of each digit's real
  // digits than 128: about 0.65 against 0.53.
  hidden: 256,
  imageSize: 64,
  labelEmbedding: 0,
};

/** G: [z, one-hot label] -> an image with pixels in 0..1. */
export function buildConditionalGenerator(rng: Rng, config: ConditionalGanConfig = DEFAULT_CONDITIONAL_GAN_CONFIG): tf.LayersModel {
  const z = tf.input({ shape: [config.latentSize], name: 'z' });
  const label = tf.input({ shape: [config.classes], name: 'label' });
  const joined = tf.layers.concatenate({ name: 'z_and_label' }).apply([z, labelCode(rng, label, config, 'generator')]) as tf.SymbolicTensor;
  const hidden = leakyDense(rng, config.hidden, joined);
  const image = dense(rng, config.imageSize, 'sigmoid').apply(hidden) as tf.SymbolicTensor;
  const generator = tf.model({ name: 'conditional_generator', inputs: [z, label], outputs: image });
  checkShapes(generator, [config.latentSize, config.classes], config.imageSize);
  return generator;
}

/** D: [image, one-hot label] -> the probability that the image is a real digit of that label. */
export function buildConditionalDiscriminator(rng: Rng, config: ConditionalGanConfig = DEFAULT_CONDITIONAL_GAN_CONFIG): tf.LayersModel {
  const image = tf.input({ shape: [config.imageSize], name: 'image' });
  const label = tf.input({ shape: [config.classes], name: 'label' });
  const joined = tf.layers.concatenate({ name: 'image_and_label' }).apply([image, labelCode(rng, label, config, 'discriminator')]) as tf.SymbolicTensor;
  const hidden = leakyDense(rng, config.hidden, joined);
  const verdict = dense(rng, 1, 'sigmoid').apply(hidden) as tf.SymbolicTensor;
  const discriminator = tf.model({ name: 'conditional_discriminator', inputs: [image, label], outputs: verdict });
  checkShapes(discriminator, [config.imageSize, config.classes], 1);
  return discriminator;
}

/** Both networks, drawn from `rng` in a fixed order (G first), as trainGan's `models` option wants them. */
export function buildConditionalGan(
  rng: Rng,
  config: ConditionalGanConfig = DEFAULT_CONDITIONAL_GAN_CONFIG,
): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  return { generator: buildConditionalGenerator(rng, config), discriminator: buildConditionalDiscriminator(rng, config) };
}

/** G's images (pixels 0..1) for `labels`, one fresh noise vector each, drawn from `seed`. */
export function generateForLabels(generator: tf.LayersModel, labels: number[], seed: number): number[][] {
  const [zInput, labelInput] = generator.inputs;
  const noise = latentNoise(labels.length, zInput.shape[1] as number, createRng(seed));
  const images = tf.tidy(() => {
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), labelInput.shape[1] as number).toFloat();
    return (generator.predict([noise, oneHot]) as tf.Tensor2D).arraySync();
  });
  noise.dispose();
  return images;
}

/**
 * G's images for every label and `columns` noise vectors drawn from `seed`, label by label: the first `columns`
 * images are label 0 with each noise vector, the next label 1 with the same vectors, and so on (plotting's labelGrid).
 */
export function labelGridImages(generator: tf.LayersModel, columns: number, seed: number): number[][] {
  const [zInput, labelInput] = generator.inputs;
  const classes = labelInput.shape[1] as number;
  const noise = latentNoise(columns, zInput.shape[1] as number, createRng(seed));
  const images = tf.tidy(() => {
    const repeated = tf.tile(noise, [classes, 1]);
    const oneHot = tf.oneHot(tf.tensor1d(labelsInOrder(classes, columns), 'int32'), classes).toFloat();
    return (generator.predict([repeated, oneHot]) as tf.Tensor2D).arraySync();
  });
  noise.dispose();
  return images;
}

/** `perLabel` copies of each label 0..classes-1, in order: 0, 0, ..., 1, 1, ... */
export function labelsInOrder(classes: number, perLabel: number): number[] {
  return Array.from({ length: classes * perLabel }, (_, i) => Math.floor(i / perLabel));
}

function labelCode(rng: Rng, label: tf.SymbolicTensor, config: ConditionalGanConfig, network: string): tf.SymbolicTensor {
  if (config.labelEmbedding === 0) return label;
  const embedding = tf.layers.dense({
    name: `${network}_label_embedding`,
    units: config.labelEmbedding,
    useBias: false,
    kernelInitializer: tf.initializers.randomNormal({ stddev: 1, seed: rng.nextSeed() }),
  });
  return embedding.apply(label) as tf.SymbolicTensor;
}

function leakyDense(rng: Rng, units: number, input: tf.SymbolicTensor): tf.SymbolicTensor {
  return tf.layers.leakyReLU({ alpha: 0.2 }).apply(dense(rng, units).apply(input)) as tf.SymbolicTensor;
}

function dense(rng: Rng, units: number, activation?: 'sigmoid'): tf.layers.Layer {
  return tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }) });
}

/** Fails right after building when a config gives a model that does not map its inputs to [batch, outputSize]. */
function checkShapes(model: tf.LayersModel, inputSizes: number[], outputSize: number): void {
  const inputs = JSON.stringify(model.inputs.map((input) => input.shape));
  const output = JSON.stringify(model.outputs[0].shape);
  const expected = JSON.stringify(inputSizes.map((size) => [null, size]));
  if (inputs !== expected || output !== JSON.stringify([null, outputSize])) {
    throw new Error(`${model.name}: expected ${expected} -> [null,${outputSize}], built ${inputs} -> ${output}`);
  }
}
