/**
 * Where a GAN run stands (issue 7): the two models, the epochs done, the PRNG state, the fixed snapshot noise,
 * the log so far and both Adam optimizers' state. Apart from the models it is plain numbers, so it survives the
 * optimizers being disposed. trainGan updates it after every finished epoch; passing it back to trainGan continues
 * the run exactly where it stopped (same losses as a run that never stopped), and checkpoints.ts writes it to a file.
 */
import * as tf from '@tensorflow/tfjs';
import { buildDiscriminator, buildGenerator } from '../models/dense-gan';
import { createRng, latentNoise } from '../util/seeding';
import { adamState } from '../tfjs-kernels/adam-in-place';
import type { HistoryEntry, Snapshot, TrainingSettings } from './train-gan';

/** One Adam optimizer's state: its step count, the running powers of beta1 and beta2, and its moment estimates. */
export interface AdamSnapshot {
  iterations: number;
  beta1Power: number;
  beta2Power: number;
  /** First moments of every variable, then second moments, in the optimizer's own order (its getWeights()). */
  moments: { name: string; shape: number[]; values: Float32Array }[];
}

export interface TrainingState {
  settings: TrainingSettings;
  generator: tf.Sequential;
  discriminator: tf.Sequential;
  /** Epochs finished. */
  epoch: number;
  /** The run's PRNG after `epoch` epochs (createRng(rngState) continues it). */
  rngState: number;
  /** The noise vectors whose images are kept at each log. */
  fixedNoise: number[][];
  history: HistoryEntry[];
  snapshots: Snapshot[];
  /** Undefined before the first step: Adam starts from zero moments. */
  optimizers?: { discriminator: AdamSnapshot; generator: AdamSnapshot };
}

/** A run before its first epoch: models and fixed noise drawn from `settings.seed`, as chapter 3 builds them. */
export function newTrainingState(settings: TrainingSettings): TrainingState {
  const rng = createRng(settings.seed);
  const generator = buildGenerator(rng, settings.config);
  const discriminator = buildDiscriminator(rng, settings.config);
  const noise = latentNoise(settings.snapshotCount, settings.config.latentSize, rng);
  const fixedNoise = noise.arraySync();
  noise.dispose();
  return { settings, generator, discriminator, epoch: 0, rngState: rng.state(), fixedNoise, history: [], snapshots: [] };
}

/** Adam's running beta powers are TypeScript-private in tfjs: reached through the checked view adam-in-place.ts keeps. */
function adamPowers(adam: tf.AdamOptimizer): { accBeta1: tf.Variable; accBeta2: tf.Variable } {
  const state = adamState(adam);
  if (!state) throw new Error(`the optimizer's state is not where @tensorflow/tfjs ${tf.version.tfjs} is expected to keep it; the course pins 4.22.0`);
  return state;
}

/** A tf.train.adam at `learningRate` in the state `snapshot` describes (a fresh one when it is undefined). */
export async function restoredAdam(learningRate: number, snapshot: AdamSnapshot | undefined): Promise<tf.AdamOptimizer> {
  const adam = tf.train.adam(learningRate);
  if (!snapshot) return adam;
  const named = [
    { name: 'iter', tensor: tf.scalar(snapshot.iterations, 'int32') },
    ...snapshot.moments.map(({ name, shape, values }) => ({ name, tensor: tf.tensor(values, shape) })),
  ];
  await adam.setWeights(named);
  tf.dispose(named.map(({ tensor }) => tensor));
  // setWeights recomputes beta^t with pow(), which rounds differently from the running product that
  // each step updates; the saved products make a resumed run match an uninterrupted one bit for bit.
  const powers = adamPowers(adam);
  powers.accBeta1.assign(tf.scalar(snapshot.beta1Power));
  powers.accBeta2.assign(tf.scalar(snapshot.beta2Power));
  return adam;
}

export async function adamSnapshot(adam: tf.AdamOptimizer): Promise<AdamSnapshot> {
  const [iterations, ...moments] = await adam.getWeights();
  const powers = adamPowers(adam);
  const snapshot: AdamSnapshot = {
    iterations: iterations.tensor.dataSync()[0],
    beta1Power: powers.accBeta1.dataSync()[0],
    beta2Power: powers.accBeta2.dataSync()[0],
    moments: moments.map(({ name, tensor }) => ({ name, shape: tensor.shape, values: copyOf(tensor) })),
  };
  // getWeights makes a new tensor for the step count; the moments are the optimizer's own variables.
  iterations.tensor.dispose();
  return snapshot;
}

/** Copies of a model's weight values, in getWeights() order. */
export function modelWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map(copyOf);
}

/** Puts values from modelWeights() back into the model's own variables. */
export function setModelWeights(model: tf.LayersModel, values: Float32Array[]): void {
  const tensors = model.getWeights().map((weight, i) => tf.tensor(values[i], weight.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

// The cpu backend's dataSync() hands out the tensor's own storage; later updates must not change the copy.
function copyOf(tensor: tf.Tensor): Float32Array {
  return Float32Array.from(tensor.dataSync() as Float32Array);
}
