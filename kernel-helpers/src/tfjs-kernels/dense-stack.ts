/**
 * A tf.Sequential of dense layers run in plain JavaScript: forward pass, and backward pass to the weight
 * gradients and the input gradient, on Float64Arrays (V8 runs these loops faster on them than on float32). For the course's small GANs (a few thousand weights,
 * batch 10) this is faster than tfjs on `wasm` or `cpu`, where each of a step's ~600 kernels costs ~5 us
 * of dispatch while the arithmetic of the whole step is under a millisecond.
 */
import * as tf from '@tensorflow/tfjs';
import { addProduct } from './js-gemm';
import { readValues } from './tensor-storage';

const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'linear'] as const;
type Activation = (typeof ACTIVATIONS)[number];

export interface DenseLayerParams {
  inputs: number;
  units: number;
  activation: Activation;
  kernel: tf.Variable;
  bias: tf.Variable;
  /** The kernel's [inputs, units] and the bias's values as of the last denseStack() call, as float64 for the loops. */
  kernelValues: Float64Array;
  biasValues: Float64Array;
}

/** The model's layers, input side first; their variables in the order of model.trainableWeights. */
export interface DenseStack {
  layers: DenseLayerParams[];
  variables: tf.Variable[];
  /** One buffer per variable, reused from step to step (fewer garbage collections). */
  gradients: Float64Array[];
}

/** Per model: its stack (kept, so that its buffers are reused), or null when it is not a plain dense stack. */
const stacks = new WeakMap<tf.LayersModel, DenseStack | null>();

/** The model as a dense stack holding its current weights, or undefined when it is anything else (the caller then uses tfjs itself). */
export function denseStack(model: tf.LayersModel): DenseStack | undefined {
  // Rows of features only: a dense layer on images or sequences acts on their last axis.
  if (!(model instanceof tf.Sequential) || model.inputs[0].shape.length !== 2) return undefined;
  // Checked on every call: a notebook may freeze a layer (trainable = false) between steps.
  if (!model.layers.every((layer) => layer.trainable && layer.trainableWeights.length === 2)) return undefined;
  let stack = stacks.get(model);
  // Rebuilt when the model's variables are not the ones it was built on (a layer added, say).
  const stale = (kept: DenseStack) =>
    kept.variables.length !== model.trainableWeights.length ||
    !kept.variables.every((variable, i) => model.trainableWeights[i].read() === variable);
  if (stack === undefined || (stack && stale(stack))) {
    stack = newStack(model);
    stacks.set(model, stack);
  }
  if (!stack) return undefined;
  for (const layer of stack.layers) {
    layer.kernelValues.set(readValues(layer.kernel));
    layer.biasValues.set(readValues(layer.bias));
  }
  return stack;
}

function newStack(model: tf.Sequential): DenseStack | null {
  const activations = plainDenseActivations(model);
  if (!activations) return null;
  const layers = model.layers.map((layer, i) => {
    const [kernel, bias] = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const [inputs, units] = kernel.shape as [number, number];
    const kernelValues = new Float64Array(kernel.size);
    const biasValues = new Float64Array(bias.size);
    return { inputs, units, activation: activations[i], kernel, bias, kernelValues, biasValues };
  });
  const variables = layers.flatMap((layer) => [layer.kernel, layer.bias]);
  return { layers, variables, gradients: variables.map((variable) => new Float64Array(variable.size)) };
}

/** The layers' activations when every layer is a plain dense layer (bias, no regularizer or constraint), else null. */
function plainDenseActivations(model: tf.Sequential): Activation[] | null {
  const activations: Activation[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Dense') return null;
    const config = layer.getConfig();
    const plain = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'].every(
      (key) => config[key] == null,
    );
    if (!plain || !config.useBias || !(ACTIVATIONS as readonly unknown[]).includes(config.activation)) return null;
    activations.push(config.activation as Activation);
  }
  return activations;
}

/** The activations of every layer for a batch of `rows` inputs, input first: [x, a1, ..., output]. */
export function forward(stack: DenseStack, input: ArrayLike<number>, rows: number): Float64Array[] {
  const outputs = [Float64Array.from(input)];
  for (const { inputs, units, activation, kernelValues, biasValues } of stack.layers) {
    const y = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++) y.set(biasValues, r * units);
    addProduct(rows, units, inputs, outputs[outputs.length - 1], inputs, 1, kernelValues, units, 1, y);
    activate(y, activation);
    outputs.push(y);
  }
  return outputs;
}

function activate(y: Float64Array, activation: Activation): void {
  if (activation === 'tanh') for (let k = 0; k < y.length; k++) y[k] = Math.tanh(y[k]);
  else if (activation === 'sigmoid') for (let k = 0; k < y.length; k++) y[k] = 1 / (1 + Math.exp(-y[k]));
  else if (activation === 'relu') for (let k = 0; k < y.length; k++) y[k] = Math.max(0, y[k]);
}

/** Turns dLoss/d(output) into dLoss/d(pre-activation), in place. */
function throughActivation(gradient: Float64Array, output: Float64Array, activation: Activation): void {
  if (activation === 'tanh') for (let k = 0; k < gradient.length; k++) gradient[k] *= 1 - output[k] * output[k];
  else if (activation === 'sigmoid') for (let k = 0; k < gradient.length; k++) gradient[k] *= output[k] * (1 - output[k]);
  else if (activation === 'relu') for (let k = 0; k < gradient.length; k++) if (output[k] <= 0) gradient[k] = 0;
}

/**
 * Backpropagates dLoss/d(output) (overwritten) through the stack, computing only what is asked for:
 * the weight gradients, added into `gradients` ([kernel, bias] per layer, as stack.variables), and
 * dLoss/d(input), returned when `wantInputGradient`.
 */
export function backward(
  stack: DenseStack,
  activations: Float64Array[],
  outputGradient: Float64Array,
  rows: number,
  gradients: Float64Array[] | undefined,
  wantInputGradient: boolean,
): Float64Array | undefined {
  let gradient = outputGradient;
  for (let l = stack.layers.length - 1; l >= 0; l--) {
    const { inputs, units, activation } = stack.layers[l];
    const x = activations[l];
    throughActivation(gradient, activations[l + 1], activation);
    if (gradients) {
      // dkernel += x^T g, dbias += the column sums of g.
      addProduct(inputs, units, rows, x, 1, inputs, gradient, units, 1, gradients[2 * l]);
      const biasGradient = gradients[2 * l + 1];
      for (let r = 0; r < rows; r++) for (let o = 0; o < units; o++) biasGradient[o] += gradient[r * units + o];
    }
    // dx = g kernel^T; D's first layer needs none in D's own step.
    if (l === 0 && !wantInputGradient) return undefined;
    const inputGradient = new Float64Array(rows * inputs);
    addProduct(rows, inputs, units, gradient, units, 1, stack.layers[l].kernelValues, 1, units, inputGradient);
    gradient = inputGradient;
  }
  return gradient;
}

/** The stack's gradient buffers, zeroed. */
export function zeroGradients(stack: DenseStack): Float64Array[] {
  for (const gradient of stack.gradients) gradient.fill(0);
  return stack.gradients;
}
