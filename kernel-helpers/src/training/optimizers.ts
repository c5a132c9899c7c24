/**
 * Each network's optimizer, described by plain data so that a run's settings and checkpoints can hold it
 * (issue 11): Adam with its betas, SGD with momentum, RMSProp (the Wasserstein GAN's choice). An optimizer's
 * state (step count and moment estimates) is taken out as plain numbers and put back exactly, so a resumed
 * run matches one that never stopped.
 */
import * as tf from '@tensorflow/tfjs';
import { adamState } from '../tfjs-kernels/adam-in-place';

export type OptimizerSettings =
  | { name: 'adam'; learningRate: number; beta1: number; beta2: number }
  | { name: 'sgd'; learningRate: number; momentum: number }
  | { name: 'rmsprop'; learningRate: number };

/** Adam; tfjs's and the demo's default betas are 0.9 and 0.999, DCGAN's beta1 is 0.5. */
export function adam(learningRate: number, beta1 = 0.9, beta2 = 0.999): OptimizerSettings {
  return { name: 'adam', learningRate, beta1, beta2 };
}

/** Stochastic gradient descent, with momentum when `momentum` > 0. */
export function sgd(learningRate: number, momentum = 0): OptimizerSettings {
  return { name: 'sgd', learningRate, momentum };
}

export function rmsprop(learningRate: number): OptimizerSettings {
  return { name: 'rmsprop', learningRate };
}

/** Why `settings` cannot make an optimizer, or undefined when it can. */
export function optimizerProblem(settings: OptimizerSettings): string | undefined {
  const { name, learningRate } = settings ?? {};
  if (!['adam', 'sgd', 'rmsprop'].includes(name)) return `name must be adam, sgd or rmsprop, got ${JSON.stringify(name)}`;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) return `learningRate must be a number > 0, got ${learningRate}`;
  const fraction = (value: number) => value >= 0 && value < 1;
  if (settings.name === 'adam' && !(fraction(settings.beta1) && fraction(settings.beta2))) {
    return `beta1 and beta2 must be numbers in [0, 1), got ${settings.beta1} and ${settings.beta2}`;
  }
  if (settings.name === 'sgd' && !fraction(settings.momentum)) return `momentum must be a number in [0, 1), got ${settings.momentum}`;
  return undefined;
}

/** A fresh tfjs optimizer for `settings`. */
export function createOptimizer(settings: OptimizerSettings): tf.Optimizer {
  switch (settings.name) {
    case 'adam':
      return tf.train.adam(settings.learningRate, settings.beta1, settings.beta2);
    case 'sgd':
      return settings.momentum > 0 ? tf.train.momentum(settings.learningRate, settings.momentum) : tf.train.sgd(settings.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(settings.learningRate);
  }
}

/** Frees the optimizer's tensors. */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // tfjs 4.22's MomentumOptimizer.dispose() skips SGD's, which frees the learning-rate scalar `c`.
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (optimizer.getClassName() === 'Momentum' && rate instanceof tf.Tensor && !rate.isDisposed) rate.dispose();
}

/** One optimizer's state as plain numbers. */
export interface OptimizerSnapshot {
  iterations: number;
  /** Adam only: the running products beta1^t and beta2^t. */
  betaPowers?: [number, number];
  /** The optimizer's own variables (moment estimates, accumulators), in its getWeights() order. */
  slots: { name: string; shape: number[]; values: Float32Array }[];
}

export async function optimizerSnapshot(optimizer: tf.Optimizer): Promise<OptimizerSnapshot> {
  const [iterations, ...slots] = await optimizer.getWeights();
  const adamVariables = adamPowers(optimizer);
  const snapshot: OptimizerSnapshot = {
    iterations: iterations.tensor.dataSync()[0],
    ...(adamVariables && { betaPowers: [adamVariables.accBeta1.dataSync()[0], adamVariables.accBeta2.dataSync()[0]] as [number, number] }),
    slots: slots.map(({ name, tensor }) => ({ name, shape: tensor.shape, values: copyOf(tensor) })),
  };
  // getWeights makes a new tensor for the step count; the slots are the optimizer's own variables.
  iterations.tensor.dispose();
  return snapshot;
}

/** An optimizer for `settings` in the state `snapshot` describes (a fresh one when it is undefined). */
export async function restoredOptimizer(settings: OptimizerSettings, snapshot: OptimizerSnapshot | undefined): Promise<tf.Optimizer> {
  const optimizer = createOptimizer(settings);
  if (!snapshot) return optimizer;
  const named = [
    { name: 'iter', tensor: tf.scalar(snapshot.iterations, 'int32') },
    // Copies: on cpu a tensor keeps the array it is made from, and the fused step updates moments in place.
    ...snapshot.slots.map(({ name, shape, values }) => ({ name, tensor: tf.tensor(Float32Array.from(values), shape) })),
  ];
  await optimizer.setWeights(named);
  tf.dispose(named.map(({ tensor }) => tensor));
  const powers = adamPowers(optimizer);
  if (powers && snapshot.betaPowers) {
    // setWeights recomputes beta^t with pow(), which rounds differently from the running product that
    // each step updates; the saved products make a resumed run match an uninterrupted one bit for bit.
    powers.accBeta1.assign(tf.scalar(snapshot.betaPowers[0]));
    powers.accBeta2.assign(tf.scalar(snapshot.betaPowers[1]));
  }
  return optimizer;
}

/** Adam's running beta powers are TypeScript-private in tfjs: reached through the checked view adam-in-place.ts keeps. */
function adamPowers(optimizer: tf.Optimizer): { accBeta1: tf.Variable; accBeta2: tf.Variable } | undefined {
  // tfjs's optimizers answer instanceof by duck typing (every optimizer is an "AdamOptimizer"): ask the class name.
  if (optimizer.getClassName() !== 'Adam') return undefined;
  const state = adamState(optimizer);
  if (!state) throw new Error(`the optimizer's state is not where @tensorflow/tfjs ${tf.version.tfjs} is expected to keep it; the course pins 4.22.0`);
  return state;
}

// The cpu backend's dataSync() hands out the tensor's own storage; later updates must not change the copy.
export function copyOf(tensor: tf.Tensor): Float32Array {
  return Float32Array.from(tensor.dataSync() as Float32Array);
}
