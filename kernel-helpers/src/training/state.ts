/**
 * Where a GAN run stands (issue 7): the two models (and G's moving average, if kept), the epochs done, the PRNG
 * state, the fixed snapshot noise, the log so far and both optimizers' state. Apart from the models it is plain
 * numbers, so it survives the optimizers being disposed. trainGan updates it after every finished epoch; passing
 * it back to trainGan continues the run exactly where it stopped (same losses as a run that never stopped), and
 * checkpoints.ts writes it to a file.
 */
import * as tf from '@tensorflow/tfjs';
import { buildDiscriminator, buildGenerator } from '../models/dense-gan';
import { createRng, latentNoise, Rng } from '../util/seeding';
import { copyOf, OptimizerSnapshot } from './optimizers';
import type { TrainingSettings } from './settings';
import type { HistoryEntry, Snapshot } from './log-line';

export interface GanModels {
  /** Noise (and, conditional, a one-hot label) to a sample. */
  generator: tf.LayersModel;
  /** A sample (and, conditional, a one-hot label) to one score. */
  discriminator: tf.LayersModel;
}

export interface TrainingState extends GanModels {
  settings: TrainingSettings;
  /** The moving average of G's weights, when settings.generatorAverageDecay > 0 (made at the first step). */
  averageGenerator?: tf.LayersModel;
  /** Epochs finished. */
  epoch: number;
  /** The run's PRNG after `epoch` epochs (createRng(rngState) continues it). */
  rngState: number;
  /** The noise vectors whose images are kept at each log (for a conditional G, vector i is drawn as class i mod classes). */
  fixedNoise: number[][];
  history: HistoryEntry[];
  snapshots: Snapshot[];
  /** Undefined before the first step: the optimizers start from zero moments. */
  optimizers?: { discriminator: OptimizerSnapshot; generator: OptimizerSnapshot };
}

/**
 * A run before its first epoch: the given models, or the demo's dense models drawn from `settings.seed` as
 * chapter 3 builds them; then the fixed noise, drawn from the same seed.
 * `buildModels` receives the run's PRNG, so models built through it are seeded by the run's seed too.
 */
export function newTrainingState(settings: TrainingSettings, buildModels?: (rng: Rng) => GanModels): TrainingState {
  const rng = createRng(settings.seed);
  const { generator, discriminator } = buildModels
    ? buildModels(rng)
    : { generator: buildGenerator(rng, settings.config), discriminator: buildDiscriminator(rng, settings.config) };
  const noise = latentNoise(settings.snapshotCount, latentSizeOf(generator), rng);
  const fixedNoise = noise.arraySync();
  noise.dispose();
  return { settings, generator, discriminator, epoch: 0, rngState: rng.state(), fixedNoise, history: [], snapshots: [] };
}

/** The length of the noise vector z a generator starts from: its (first) input's width. */
export function latentSizeOf(generator: tf.LayersModel): number {
  const shape = generator.inputs[0].shape;
  if (shape.length !== 2 || typeof shape[1] !== 'number') {
    throw new Error(`${generator.name}: the generator's (first) input should be a noise vector [null, size], not ${JSON.stringify(shape)}`);
  }
  return shape[1];
}

/** The generator to sample from: G's moving average when the run keeps one, else G itself. */
export function samplingGenerator(state: TrainingState): tf.LayersModel {
  return state.averageGenerator ?? state.generator;
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

/** A second model with the same layers and a copy of `model`'s weights. */
export async function copyOfModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
  setModelWeights(copy, modelWeights(model));
  return copy;
}

/** average ← decay·average + (1 - decay)·model, weight by weight (including batch-norm statistics). */
export function updateAverage(average: tf.LayersModel, model: tf.LayersModel, decay: number): void {
  tf.tidy(() => {
    const current = model.weights;
    average.weights.forEach((weight, i) => weight.write(weight.read().mul(decay).add(current[i].read().mul(1 - decay))));
  });
}
