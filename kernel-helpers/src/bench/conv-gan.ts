/**
 * The bench's convolutional GAN on 28x28 images (batch 64), a small DCGAN built from tf.layers;
 * kernel-helpers/python/bench_reference.py builds the same networks in PyTorch.
 *
 * Generator     z (100) -> dense 7x7x64, ReLU -> conv2dTranspose 5x5 stride 2 to 14x14x32, ReLU
 *               -> conv2dTranspose 5x5 stride 2 to 28x28x1, tanh.
 * Discriminator 28x28x1 -> conv2d 5x5 stride 2 to 14x14x32, leaky ReLU 0.2 -> conv2d 5x5 stride 2 to 7x7x64,
 *               leaky ReLU 0.2 -> dense 1, sigmoid.
 *
 * D's convolutions are `UnfusedConv2D` layers, not tf.layers.conv2d: same weights, initialisers and outputs
 * (to float rounding), but the bias is added after the convolution. tf.layers.conv2d without an activation
 * runs tfjs's fused conv2d even while gradients are recorded, and its gradient computes the input, filter and
 * bias gradients together whether or not they are needed; unfused, tfjs computes only those on the way to the
 * trained weights. That skips D's filter gradients in G's step and the image gradient in D's step: the
 * iteration took 0.93x the time in paired runs here (one thread; README, Training speed).
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
      new UnfusedConv2D({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, strides: 2 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      new UnfusedConv2D({ filters: 64, kernelSize: 5, strides: 2 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}

export interface UnfusedConv2DArgs {
  filters: number;
  kernelSize: number;
  strides: number;
  inputShape?: number[];
}

/** tf.layers.conv2d with padding 'same', a bias and no activation, computed as conv2d then add (see the top of the file). */
export class UnfusedConv2D extends tf.layers.Layer {
  static readonly className = 'UnfusedConv2D';
  private readonly args: UnfusedConv2DArgs;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: UnfusedConv2DArgs) {
    super(args);
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as tf.Shape)[3] as number;
    const { kernelSize, filters } = this.args;
    // tf.layers.conv2d's defaults: Glorot-uniform kernel, zero bias.
    this.kernel = this.addWeight('kernel', [kernelSize, kernelSize, channels, filters], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, height, width] = inputShape as tf.Shape;
    const { strides, filters } = this.args;
    return [batch, Math.ceil((height as number) / strides), Math.ceil((width as number) / strides), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const kernel = (this.kernel as tf.LayerVariable).read() as tf.Tensor4D;
    return tf.add(tf.conv2d(x, kernel, this.args.strides, 'same'), (this.bias as tf.LayerVariable).read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, strides } = this.args;
    return { ...super.getConfig(), filters, kernelSize, strides };
  }
}
tf.serialization.registerClass(UnfusedConv2D);
