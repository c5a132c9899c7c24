/**
 * tf.fused.conv2d with no activation (what tf.layers.conv2d runs when it has none) under gradients, computing only
 * the gradients that are needed.
 *
 * tfjs-core 4.22 keeps that op fused even while gradients are recorded (it unfuses only for other activations), and
 * its gradient, a customGrad, computes the input, filter and bias gradients together, needed or not: in a GAN's G
 * step D's filter and bias gradients, in its D step the gradient of the images. Here the same FusedConv2D kernel
 * runs as a plain kernel call whose registered gradient gives each input's gradient on demand, so tfjs computes
 * only those on the way to the trained weights. The kernels and their arguments are the stock op's: the same values
 * and gradients, bit for bit (tested). The DCGAN chapter's D (models/dcgan.ts)
 * is such a model.
 *
 * Built on tfjs-core internals (the `fused` namespace object is writable and read at each call, the engine's
 * gradient depth): installed only on tfjs-core 4.22.0 with both checked; otherwise the stock op stays.
 */
import * as tf from '@tensorflow/tfjs';

const PINNED_CORE = '4.22.0';
/** The backends the course's kernels are for (register.ts). */
const BACKENDS = ['wasm', 'cpu'];

type FusedConv2dArgs = Parameters<typeof tf.fused.conv2d>[0];

/** The stock op, as tfjs-core exports it. */
export const stockFusedConv2d = tf.fused.conv2d;

/** FusedConv2D's gradient with no activation, per input: what tfjs-core's customGrad computes, one input at a time. */
export const fusedConv2dGradient: tf.GradConfig = {
  kernelName: 'FusedConv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as tf.Tensor4D[];
    const { strides, pad, activation } = attrs as unknown as tf.FusedConv2DAttrs;
    if (activation !== 'linear') throw new Error(`fused-conv-gradients.ts: FusedConv2D's gradient is registered for no activation, got ${activation}`);
    const gradient = dy as tf.Tensor4D;
    return {
      // tf.conv2dTranspose runs Conv2DBackpropInput with the arguments tfjs-core's gradient gives it.
      x: () => tf.conv2dTranspose(gradient, filter, x.shape, strides, pad),
      filter: () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: gradient }, { strides, pad, dataFormat: 'NHWC', filterShape: filter.shape }),
      bias: () => tf.sum(gradient, [0, 1, 2]),
    };
  },
};

/** True where the op runs as its kernel with the per-input gradient: no activation, NHWC, 4-D float32 x and filter, a 1-D bias or none. */
function takesPerInputGradients(args: FusedConv2dArgs): boolean {
  const { x, filter, bias, activation, dataFormat, dilations, preluActivationWeights } = args;
  const tensors = [x, filter, ...(bias ? [bias] : [])];
  return (
    tf.engine().state.gradientDepth > 0 &&
    BACKENDS.includes(tf.getBackend()) &&
    (activation ?? 'linear') === 'linear' &&
    (dataFormat ?? 'NHWC') === 'NHWC' &&
    (dilations === undefined || dilations === 1 || (Array.isArray(dilations) && dilations.every((d) => d === 1))) &&
    preluActivationWeights === undefined &&
    tensors.every((tensor) => tensor instanceof tf.Tensor && tensor.dtype === 'float32') &&
    (x as tf.Tensor).rank === 4 &&
    (filter as tf.Tensor).rank === 4 &&
    (!bias || ((bias as tf.Tensor).rank === 1 && (bias as tf.Tensor).shape[0] === (filter as tf.Tensor).shape[3]))
  );
}

function fusedConv2dPerInputGradients(args: FusedConv2dArgs): tf.Tensor {
  if (!takesPerInputGradients(args)) return stockFusedConv2d(args);
  const { x, filter, bias, strides, pad, dilations = [1, 1], dimRoundingMode, leakyreluAlpha } = args;
  const inputs = bias ? { x, filter, bias } : { x, filter };
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode, activation: 'linear', leakyreluAlpha };
  return tf.engine().runKernel('FusedConv2D', inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Why the per-input gradients cannot be installed here, or undefined when they can. */
export function perInputGradientsProblem(): string | undefined {
  if (tf.version_core !== PINNED_CORE) return `tfjs-core ${tf.version_core}, not ${PINNED_CORE}`;
  if (typeof tf.engine().state.gradientDepth !== 'number') return "the engine has no gradient depth";
  if (!Object.getOwnPropertyDescriptor(tf.fused, 'conv2d')?.writable) return 'tf.fused.conv2d cannot be replaced';
  if (tf.getGradient('FusedConv2D') && tf.getGradient('FusedConv2D') !== fusedConv2dGradient) return 'FusedConv2D already has a gradient';
  return undefined;
}

/** Idempotent; leaves the stock op when perInputGradientsProblem() names a problem. */
export function installPerInputConvGradients(): void {
  if ((tf.fused.conv2d as unknown) === fusedConv2dPerInputGradients || perInputGradientsProblem()) return;
  tf.registerGradient(fusedConv2dGradient);
  (tf.fused as { conv2d: unknown }).conv2d = fusedConv2dPerInputGradients;
}
