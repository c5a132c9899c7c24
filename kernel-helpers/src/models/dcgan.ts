/**
 * The DCGAN of chapter 7 (Radford et al. 2016, "Unsupervised representation learning with deep convolutional
 * GANs"), sized for 28x28 MNIST digits, as tf.layers models.
 *
 * Generator     z (100) -> dense 7x7xC1, batch norm, ReLU -> transposed conv 5x5 stride 2 to 14x14xC2, batch norm,
 *               ReLU -> transposed conv 5x5 stride 2 to 28x28x1, tanh (pixels in -1..1) or sigmoid (0..1).
 * Discriminator 28x28x1 -> conv 5x5 stride 2 to 14x14xD1, leaky ReLU 0.2, dropout -> conv 5x5 stride 2 to 7x7xD2,
 *               leaky ReLU 0.2, dropout -> dense 1, sigmoid: the probability that the image is real.
 * The default is half the width of the bench's model (bench/conv-gan.ts): C1 = 32, C2 = 16, D1 = 16, D2 = 32.
 * Weights start as in the DCGAN paper, N(0, 0.02), batch norm's scale N(1, 0.02), biases zero, every seed drawn
 * from the run's PRNG. Layers followed by batch norm have no bias: batch norm's own offset replaces it.
 *
 * D's dropout is `SeededDropout`: tf.layers.dropout with a seed draws the same mask at every call (tfjs 4.22),
 * and without one it draws from Math.random, so a run could not be repeated. SeededDropout counts its training
 * calls in a weight of its own and draws call n's mask from (seed, n): a new mask every step, the same masks for
 * the same seed, and a run resumed from a checkpoint (which holds every weight) goes on with the next mask.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/seeding';

export interface DcganConfig {
  /** Length of the noise vector z. */
  latentSize: number;
  /** G's channels at 7x7 and at 14x14. */
  generatorChannels: [number, number];
  /** D's channels at 14x14 and at 7x7. */
  discriminatorChannels: [number, number];
  /** Side of every convolution's square filter. */
  kernelSize: number;
  /** Share of D's activations dropped in each training step, after each convolution. */
  dropout: number;
  /** Slope of D's leaky ReLU for negative inputs. */
  leakySlope: number;
  /** Batch norm's moving statistics (used to sample): new = momentum·old + (1 - momentum)·batch's. */
  batchNormMomentum: number;
  /** G's last activation: tanh for data scaled to -1..1 (the paper's choice), sigmoid for 0..1. */
  output: 'tanh' | 'sigmoid';
}

export const DCGAN_IMAGE_SHAPE = [28, 28, 1];

export const DEFAULT_DCGAN_CONFIG: DcganConfig = {
  latentSize: 100,
  generatorChannels: [32, 16],
  discriminatorChannels: [16, 32],
  kernelSize: 5,
  dropout: 0.3,
  leakySlope: 0.2,
  batchNormMomentum: 0.9,
  output: 'tanh',
};

/** The DCGAN paper's initial weights: N(0, 0.02), seeded from the run's PRNG. */
function paperNormal(rng: Rng, mean = 0): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean, stddev: 0.02, seed: rng.nextSeed() });
}

/** Generator: noise z to a 28x28x1 image, through 7x7 and 14x14 feature maps. */
export function buildDcganGenerator(rng: Rng, config: DcganConfig = DEFAULT_DCGAN_CONFIG): tf.Sequential {
  const { latentSize, generatorChannels: [wide, narrow], kernelSize } = config;
  const batchNorm = () =>
    tf.layers.batchNormalization({ momentum: config.batchNormMomentum, gammaInitializer: paperNormal(rng, 1) });
  const upsample = (filters: number, activation: 'linear' | 'tanh' | 'sigmoid') =>
    tf.layers.conv2dTranspose({
      filters,
      kernelSize,
      strides: 2,
      padding: 'same',
      activation,
      useBias: activation !== 'linear',
      kernelInitializer: paperNormal(rng),
    });
  const generator = tf.sequential({
    name: 'dcgan_generator',
    layers: [
      tf.layers.dense({ inputShape: [latentSize], units: 7 * 7 * wide, useBias: false, kernelInitializer: paperNormal(rng) }),
      tf.layers.reshape({ targetShape: [7, 7, wide] }),
      batchNorm(),
      tf.layers.reLU(),
      upsample(narrow, 'linear'),
      batchNorm(),
      tf.layers.reLU(),
      upsample(1, config.output),
    ],
  });
  checkShapes(generator, [latentSize], DCGAN_IMAGE_SHAPE);
  return generator;
}

/** Discriminator: a 28x28x1 image to the probability that it is a real digit, through 14x14 and 7x7 feature maps. */
export function buildDcganDiscriminator(rng: Rng, config: DcganConfig = DEFAULT_DCGAN_CONFIG): tf.Sequential {
  const { discriminatorChannels, kernelSize } = config;
  const discriminator = tf.sequential({ name: 'dcgan_discriminator' });
  discriminatorChannels.forEach((filters, i) => {
    discriminator.add(
      tf.layers.conv2d({
        inputShape: i === 0 ? DCGAN_IMAGE_SHAPE : undefined,
        filters,
        kernelSize,
        strides: 2,
        padding: 'same',
        kernelInitializer: paperNormal(rng),
      }),
    );
    discriminator.add(tf.layers.leakyReLU({ alpha: config.leakySlope }));
    discriminator.add(new SeededDropout({ rate: config.dropout, seed: rng.nextSeed() }));
  });
  discriminator.add(tf.layers.flatten());
  discriminator.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: paperNormal(rng) }));
  checkShapes(discriminator, DCGAN_IMAGE_SHAPE, [1]);
  return discriminator;
}

/** Both networks, G first, from one PRNG: what trainGan's `models` option takes. */
export function buildDcgan(rng: Rng, config: DcganConfig = DEFAULT_DCGAN_CONFIG): { generator: tf.Sequential; discriminator: tf.Sequential } {
  const generator = buildDcganGenerator(rng, config);
  return { generator, discriminator: buildDcganDiscriminator(rng, config) };
}

/** Pixels 0..1 (as loadMnist gives them) scaled to -1..1, the range of a generator that ends in tanh. */
export function toTanhRange(images: number[][]): number[][] {
  return images.map((image) => image.map((value) => value * 2 - 1));
}

/**
 * G's images for `noise`, flattened, with pixels in 0..1 whatever G ends in: a tanh output is mapped from -1..1.
 * This is what the digit charts and the classifier judge take.
 */
export function generatedPixels(generator: tf.LayersModel, noise: tf.Tensor2D): number[][] {
  const last = generator.layers[generator.layers.length - 1].getConfig().activation;
  return tf.tidy(() => {
    const images = (generator.predict(noise) as tf.Tensor).reshape([noise.shape[0], -1]);
    return (last === 'tanh' ? images.add(1).div(2).clipByValue(0, 1) : images).arraySync() as number[][];
  });
}

/** Fails right after building when a model does not map [batch, ...input] to [batch, ...output]. */
export function checkShapes(model: tf.LayersModel, input: number[], output: number[]): void {
  const built = [model.inputs[0].shape, model.outputs[0].shape].map((shape) => JSON.stringify(shape));
  const expected = [input, output].map((shape) => JSON.stringify([null, ...shape]));
  if (built[0] !== expected[0] || built[1] !== expected[1]) {
    throw new Error(`${model.name}: expected ${expected[0]} -> ${expected[1]}, built ${built[0]} -> ${built[1]}`);
  }
}

/** Each layer's name and output shape (batch dimension left out), input first: what a summary's shape column says. */
export function layerShapes(model: tf.LayersModel): { layer: string; shape: number[] }[] {
  return [
    { layer: 'input', shape: model.inputs[0].shape.slice(1) as number[] },
    ...model.layers.map((layer) => ({ layer: layer.getClassName(), shape: (layer.outputShape as number[]).slice(1) })),
  ];
}

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  inputShape?: number[];
}

/** Dropout whose masks are drawn from a seed and a count of training calls, kept as a weight (see the top of the file). */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls?: tf.LayerVariable;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override build(): void {
    this.calls = this.addWeight('calls', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    const calls = this.calls as tf.LayerVariable;
    const n = calls.read().dataSync()[0];
    const next = tf.scalar(n + 1);
    calls.write(next);
    // The variable now shares the scalar's data; the scalar itself can go.
    next.dispose();
    return tf.dropout(x, this.rate, undefined, mixSeed(this.seed, n));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** One 32-bit seed from a seed and a call count (a murmur3-style finaliser, so nearby counts give unrelated masks). */
function mixSeed(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
