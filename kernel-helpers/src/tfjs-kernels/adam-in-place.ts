/**
 * tf.train.adam's update from gradients computed in JavaScript, kept in the optimizer's own state (its
 * first and second moment variables and its running beta powers, updated in place), so that this update
 * and optimizer.minimize() can take turns on the same optimizer. The arithmetic is
 * AdamOptimizer.applyGradients' (tfjs-core 4.22); the new weights are assigned as new tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { assignValues, readValues, updateStateInPlace } from './tensor-storage';

/** AdamOptimizer's state; TypeScript-private in tfjs-core, so checked before use. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/** The optimizer's Adam state, or undefined when it is not a tfjs Adam whose state we know how to read. */
export function adamState(optimizer: tf.Optimizer): AdamState | undefined {
  const state = optimizer as unknown as AdamState;
  const known =
    optimizer instanceof tf.AdamOptimizer &&
    state.accBeta1 instanceof tf.Variable &&
    Array.isArray(state.accumulatedFirstMoment) &&
    Array.isArray(state.accumulatedSecondMoment) &&
    typeof state.incrementIterations === 'function';
  return known ? state : undefined;
}

/** One Adam step of `variables` (in optimizer.minimize's order) with these gradients. */
export function adamUpdate(adam: AdamState, variables: tf.Variable[], gradients: Float64Array[]): void {
  const { beta1, beta2, epsilon, learningRate } = adam;
  const firstCorrection = 1 - readValues(adam.accBeta1)[0];
  const secondCorrection = 1 - readValues(adam.accBeta2)[0];
  variables.forEach((variable, i) => {
    // Created as applyGradients creates them: zeros, named after the variable, not trainable.
    adam.accumulatedFirstMoment[i] ??= { originalName: `${variable.name}/m`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
    adam.accumulatedSecondMoment[i] ??= { originalName: `${variable.name}/v`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
    const gradient = gradients[i];
    const moments = [adam.accumulatedFirstMoment[i].variable, adam.accumulatedSecondMoment[i].variable];
    const value = Float32Array.from(readValues(variable));
    updateStateInPlace(moments, ([m, v]) => {
      for (let k = 0; k < value.length; k++) {
        m[k] = m[k] * beta1 + gradient[k] * (1 - beta1);
        v[k] = v[k] * beta2 + gradient[k] * gradient[k] * (1 - beta2);
        value[k] += -learningRate * (m[k] / firstCorrection / (Math.sqrt(v[k] / secondCorrection) + epsilon));
      }
    });
    assignValues(variable, value);
  });
  updateStateInPlace([adam.accBeta1, adam.accBeta2], ([power1, power2]) => {
    power1[0] *= beta1;
    power2[0] *= beta2;
  });
  adam.incrementIterations();
}
