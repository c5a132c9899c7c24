/**
 * Registers the course's faster kernels for the `wasm` and `cpu` backends (runtime/backend.ts does, on import).
 *
 * - Conv2DBackpropFilter on `wasm` and `cpu`, Conv2DBackpropInput on `wasm` (see conv2d-backprop.ts).
 *   On the conv GAN's 14x14x32 <-> 7x7x64 layer: stock `wasm` has no filter gradient (ours: 14 ms) and
 *   a plain-loop input gradient (113 ms; ours: 14-19 ms); stock `cpu` takes 27 s for the filter gradient
 *   (ours: 0.5 s), but its input gradient beats ours there (its conv2d is no faster than its loop).
 * - BatchMatMul on `wasm` (see matmul-transposed.ts): only the untransposed product is fast there,
 *   and every dense layer's backward pass asks for a transposed one.
 * - LeakyRelu on `wasm`, and LeakyRelu's gradient, which tfjs keeps once for every backend (see leaky-relu.ts):
 *   6-7x faster on the conv GAN's activations, same values.
 * - FusedBatchNorm's gradient, for every backend, without the slow Tile on `wasm` (see batch-norm-gradient.ts).
 * - On `wasm` and `cpu`, tf.layers.conv2d without an activation computes under gradients only the gradients
 *   that are needed, not always the input, filter and bias gradients (see fused-conv-gradients.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, conv2dInputGradient } from './conv2d-backprop';
import { batchNormGradient } from './batch-norm-gradient';
import { installPerInputConvGradients } from './fused-conv-gradients';
import { leakyReluGradient, leakyReluViaStep } from './leaky-relu';
import { batchMatMulViaTranspose } from './matmul-transposed';

const registered = new Set<string>();

/** Idempotent; backends other than `wasm` and `cpu` keep their own kernels. */
export function registerCourseKernels(backendName: string): void {
  if ((backendName !== 'wasm' && backendName !== 'cpu') || registered.has(backendName)) return;
  registered.add(backendName);
  installPerInputConvGradients();
  replaceKernel('Conv2DBackpropFilter', backendName, ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const { filterShape, ...geometry } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    return conv2dFilterGradient(x, dy, filterShape, geometry);
  });
  if (backendName === 'wasm') {
    replaceKernel('Conv2DBackpropInput', 'wasm', ({ inputs, attrs }) => {
      const { dy, filter } = inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
      const { inputShape, ...geometry } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      return conv2dInputGradient(dy, filter, inputShape, geometry);
    });
    const untransposed = tf.getKernel('BatchMatMul', 'wasm');
    if (!untransposed) throw new Error('register.ts: the wasm backend has no BatchMatMul kernel to wrap.');
    replaceKernel('BatchMatMul', 'wasm', batchMatMulViaTranspose(untransposed.kernelFunc));
    replaceKernel('LeakyRelu', 'wasm', ({ inputs, attrs }) =>
      leakyReluViaStep((inputs as { x: tf.Tensor }).x, (attrs as unknown as tf.LeakyReluAttrs).alpha),
    );
    tf.registerGradient(leakyReluGradient);
    tf.registerGradient(batchNormGradient);
  }
}

/**
 * Kernel functions here receive the ops' tensors as inputs and return tensors (tfjs accepts both).
 * The replaced kernel's setupFunc and disposeFunc stay: tfjs calls them whenever a backend of that name starts
 * or ends, and wasm kernels bind their WebAssembly functions there. Without them, BatchMatMul's wrapper would
 * call into the first wasm module it was set up with after another one started (an abort).
 */
function replaceKernel(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc): void {
  const replaced = tf.getKernel(kernelName, backendName);
  if (replaced) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc, setupFunc: replaced?.setupFunc, disposeFunc: replaced?.disposeFunc });
}
