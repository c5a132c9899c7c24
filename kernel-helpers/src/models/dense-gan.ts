/**
 * The demo GAN's two networks (chapter 2), as tf.layers models.
 *
 * Generator     z (20) -> dense 40, tanh -> dense 64, sigmoid: an 8x8 image with pixels in 0..1.
 * Discriminator x (64) -> dense 32, tanh -> dense 16, tanh -> dense 1, sigmoid: the probability that x is real.
 * The sizes follow the demo's rules of thumb: the latent size is about sqrt(64) to 64/4, hidden sizes lie between
 * the input and output sizes. Weights are Glorot (Xavier) uniform, biases zero, all seeded from the run's PRNG.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/seeding';

export interface GanConfig {
  /** Length of the noise vector z the generator starts from. */
  latentSize: number;
  /** Width of the generator's one hidden layer. */
  generatorHidden: number;
  /** Pixels per image: 64 for the 8x8 UCI digits. */
  imageSize: number;
  /** Widths of the discriminator's hidden layers, input side first. */
  discriminatorHidden: number[];
}

export const DEFAULT_GAN_CONFIG: GanConfig = {
  latentSize: 20,
  generatorHidden: 40,
  imageSize: 64,
  discriminatorHidden: [32, 16],
};

/** Generator: latent noise to an image with pixels in 0..1 (the data are normalised to that range). */
export function buildGenerator(rng: Rng, config: GanConfig = DEFAULT_GAN_CONFIG): tf.Sequential {
  const generator = tf.sequential({ name: 'generator' });
  generator.add(denseLayer(rng, config.generatorHidden, 'tanh', config.latentSize));
  generator.add(denseLayer(rng, config.imageSize, 'sigmoid'));
  checkShapes(generator, config.latentSize, config.imageSize);
  return generator;
}

/** Discriminator: an image to the probability that it is a real digit rather than a fake. */
export function buildDiscriminator(rng: Rng, config: GanConfig = DEFAULT_GAN_CONFIG): tf.Sequential {
  const discriminator = tf.sequential({ name: 'discriminator' });
  config.discriminatorHidden.forEach((units, i) => {
    discriminator.add(denseLayer(rng, units, 'tanh', i === 0 ? config.imageSize : undefined));
  });
  discriminator.add(denseLayer(rng, 1, 'sigmoid'));
  checkShapes(discriminator, config.imageSize, 1);
  return discriminator;
}

function denseLayer(rng: Rng, units: number, activation: 'tanh' | 'sigmoid', inputSize?: number): tf.layers.Layer {
  return tf.layers.dense({
    units,
    activation,
    inputShape: inputSize === undefined ? undefined : [inputSize],
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }),
    biasInitializer: 'zeros',
  });
}

/** Fails right after building when a config gives a model that does not map [batch, inputSize] to [batch, outputSize]. */
function checkShapes(model: tf.Sequential, inputSize: number, outputSize: number): void {
  const input = JSON.stringify(model.inputs[0].shape);
  const output = JSON.stringify(model.outputs[0].shape);
  if (input !== JSON.stringify([null, inputSize]) || output !== JSON.stringify([null, outputSize])) {
    throw new Error(`${model.name}: expected [null,${inputSize}] -> [null,${outputSize}], built ${input} -> ${output}`);
  }
}
