/**
 * The bench's convolutional GAN on 28x28 images (batch 64), a small DCGAN built from tf.layers;
 * kernel-helpers/python/bench_reference.py builds the same networks in PyTorch.
 *
 * Generator     z (100) -> dense 7x7x64, ReLU -> conv2dTranspose 5x5 stride 2 to 14x14x32, ReLU
 *               -> conv2dTranspose 5x5 stride 2 to 28x28x1, tanh.
 * Discriminator 28x28x1 -> conv2d 5x5 stride 2 to 14x14x32, leaky ReLU 0.2 -> conv2d 5x5 stride 2 to 7x7x64,
 *               leaky ReLU 0.2 -> dense 1, sigmoid.
 *
 * Under gradients, D's tf.layers.conv2d layers compute only the gradients a step needs on `wasm` and `cpu`
 * (tfjs-kernels/fused-conv-gradients.ts): D's filter gradients are skipped in G's step, the images' in D's.
 */
import * as tf from '@tensorflow/tfjs';

export const CONV_LATENT_SIZE = 100;
export const CONV_BATCH_SIZE = 64;

export function buildConvGenerator(): tf.Sequential {
  return tf.sequential({
    name: 'conv-generator',
    layers: [
      tf.layers.dense({ inputShape: [CONV_LATENT_SIZE], units: 7 * 7 * 64, activation: 'relu' }),
      tf.layers.reshape({ targetShape: [7, 7, 64] }),
      tf.layers.conv2dTranspose({ filters: 32, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
}

export function buildConvDiscriminator(): tf.Sequential {
  return tf.sequential({
    name: 'conv-discriminator',
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
