/**
 * The course's one GAN training loop (chapter 3 for the demo; every later chapter for its own GAN, issue 11).
 *
 * Each epoch goes over the real rows in shuffled batches: a D step on every batch, and a G step after every
 * `criticSteps` D steps (steps.ts, with the loss of losses.ts and the optimizers of optimizers.ts). It logs
 * after the first epoch, every `logEvery` epochs and after the last (log-line.ts), keeps the fixed-noise
 * samples, and may keep a moving average of G's weights to sample from. Whatever the GAN, it keeps the demo's
 * guarantees: one seed makes the run reproducible; bad settings and data are refused before any model is
 * built (checks.ts); a NaN or infinite loss or weight stops it with the models at their last good epoch; Ctrl-C
 * or a kernel interrupt stops it after the current epoch (interrupts.ts); the TrainingState it updates after
 * every epoch continues it exactly (state.ts, checkpoints.ts); tf.memory().numTensors stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledBatches } from '../data/batches';
import { createRng, latentNoise, Rng } from '../util/seeding';
import { checkData, checkModels, checkSettings, lossProblem, TrainingDiverged, weightProblem } from './checks';
import { TrainingInterrupted, watchInterrupts } from './interrupts';
import { formatLogEntry, HistoryEntry, measureScores, Snapshot, whatToExpect } from './log-line';
import { isWasserstein } from './losses';
import { disposeOptimizer, optimizerSnapshot, restoredOptimizer } from './optimizers';
import { logOnly, Progress } from './progress';
import { DEFAULT_TRAINING_SETTINGS, TrainingSettings } from './settings';
import {
  copyOfModel,
  GanModels,
  latentSizeOf,
  modelWeights,
  newTrainingState,
  samplingGenerator,
  setModelWeights,
  TrainingState,
  updateAverage,
} from './state';
import { trainDiscriminatorStep, trainGeneratorStep } from './steps';

export interface TrainGanOptions extends Partial<TrainingSettings> {
  /** A conditional GAN's class of each real row, 0..classes-1. */
  labels?: number[];
  /**
   * The two models to train, built from the run's PRNG (so the seed fixes their weights too); without it,
   * the demo's dense models from `config`.
   */
  models?: (rng: Rng) => GanModels;
  /** Measures G's samples at each log line (e.g. the metrics chapter's coverage); stored in the entry's `metrics`. */
  judge?(generator: tf.LayersModel, epoch: number): Record<string, number> | Promise<Record<string, number>>;
  progress?: Progress;
  onLog?(entry: HistoryEntry, snapshot: Snapshot): void;
  /** Called after each finished epoch, once `state` is up to date; awaited, so it may save a checkpoint. */
  onEpochEnd?(epoch: number, state: TrainingState): void | Promise<void>;
  /**
   * Continue this run (an interrupted one, or a checkpoint) instead of building new models: its models are
   * trained in place, and its settings apply unless given here. Updated after every finished epoch.
   */
  state?: TrainingState;
}

/** What trainGan returns; in a notebook it shows as one line, not as its models' innards. */
export class GanRun {
  constructor(
    readonly generator: tf.LayersModel,
    readonly discriminator: tf.LayersModel,
    /** G's moving average when the run keeps one, else G: the generator to sample from. */
    readonly sampler: tf.LayersModel,
    readonly history: HistoryEntry[],
    readonly snapshots: Snapshot[],
    readonly seconds: number,
    /** Where the run stands at its end: pass it back to trainGan with more epochs to train on. */
    readonly state: TrainingState,
  ) {}

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const last = this.history[this.history.length - 1];
    const epochs = this.state.settings.epochs;
    return `GanRun { ${this.state.epoch} of ${epochs} epochs in ${this.seconds.toFixed(1)} s; last log: ${last ? formatLogEntry(last, epochs, this.seconds) : 'none'} }`;
  }
}

/** Kept for the demo's chapters: what to expect from a BCE run's log. */
export const WHAT_TO_EXPECT = whatToExpect('bce');

/**
 * Trains a GAN on `rows` (flat; reshaped to the discriminator's input shape) with the given settings, logging as
 * the demo does. Rejects with TrainingDiverged at a NaN or infinite loss or weight and with TrainingInterrupted
 * after Ctrl-C; either way the models keep the weights of the last good epoch.
 */
export async function trainGan(rows: number[][], options: TrainGanOptions = {}): Promise<GanRun> {
  const { progress = logOnly(), onLog, onEpochEnd, state: given, labels, models, judge, ...overrides } = options;
  checkSettings(overrides, given?.settings ?? DEFAULT_TRAINING_SETTINGS);
  if (given && (overrides.seed !== undefined || overrides.config !== undefined || models !== undefined)) {
    throw new Error('trainGan: seed, config and models come from the state when a run continues; give none of them with state');
  }
  const settings: TrainingSettings = { ...(given?.settings ?? DEFAULT_TRAINING_SETTINGS), ...overrides };
  checkData(rows, labels, settings);
  const state = given ?? newTrainingState(settings, models);
  state.settings = settings;
  try {
    checkModels(state, rows[0].length);
  } catch (error) {
    if (!given) [state.generator, state.discriminator].forEach((model) => model.dispose());
    throw error;
  }
  const { epochs, batchSize, loss, criticSteps, classes } = settings;
  const { generator, discriminator } = state;
  const latentSize = latentSizeOf(generator);
  const sampleShape = discriminator.inputs[0].shape.slice(1) as number[];
  const rng = createRng(state.rngState);
  const dOptimizer = await restoredOptimizer(settings.discriminatorOptimizer, state.optimizers?.discriminator);
  const gOptimizer = await restoredOptimizer(settings.generatorOptimizer, state.optimizers?.generator);
  if (settings.generatorAverageDecay > 0) state.averageGenerator ??= await copyOfModel(generator);
  const oneHot = (classesOf: number[]) => tf.tidy(() => tf.oneHot(classesOf, classes).toFloat() as tf.Tensor2D);
  const asSamples = (batch: number[][]) => tf.tidy(() => tf.tensor2d(batch).reshape([batch.length, ...sampleShape]));
  // D(x) is measured on at most accuracySamples real rows, spread evenly over the set.
  const measured = spreadIndices(rows.length, settings.accuracySamples);
  const reals = asSamples(measured.map((i) => rows[i]));
  const realLabels = labels && oneHot(measured.map((i) => labels[i]));
  const fixedNoise = tf.tensor2d(state.fixedNoise);
  const fixedLabels = classes > 0 ? oneHot(state.fixedNoise.map((_, i) => i % classes)) : undefined;
  const interrupts = watchInterrupts();
  let lastGood = { generator: modelWeights(generator), discriminator: modelWeights(discriminator) };
  const start = Date.now();
  progress.log(state.epoch === 0 ? whatToExpect(loss) : `continuing after epoch ${state.epoch} of ${epochs}`);
  try {
    for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
      let dLossSum = 0;
      let gLossSum = 0;
      let gSteps = 0;
      const batches = shuffledBatches(rows.map((_, i) => i), batchSize, rng);
      for (const [step, batch] of batches.entries()) {
        const realBatch = asSamples(batch.map((i) => rows[i]));
        const batchLabels = labels && oneHot(batch.map((i) => labels[i]));
        const dNoise = latentNoise(batchSize, latentSize, rng);
        const mix = loss === 'wasserstein-gp' ? tf.randomUniform([batchSize], 0, 1, 'float32', rng.nextSeed()) as tf.Tensor1D : undefined;
        const dLoss = trainDiscriminatorStep(generator, discriminator, dOptimizer, realBatch, dNoise, {
          loss,
          labels: batchLabels,
          clipValue: settings.clipValue,
          penaltyWeight: settings.penaltyWeight,
          mix,
        });
        disposeAll(realBatch, dNoise, mix, batchLabels);
        const problem = lossProblem('D loss', dLoss);
        if (problem) throw new TrainingDiverged(problem, epoch, step + 1, state);
        dLossSum += dLoss;
        if ((step + 1) % criticSteps !== 0) continue;
        const gNoise = latentNoise(batchSize, latentSize, rng);
        const gLabels = labels && oneHot(Array.from({ length: batchSize }, () => labels[Math.floor(rng.next() * labels.length)]));
        const gLoss = trainGeneratorStep(generator, discriminator, gOptimizer, gNoise, { loss, labels: gLabels });
        disposeAll(gNoise, gLabels);
        const gProblem = lossProblem('G loss', gLoss);
        if (gProblem) throw new TrainingDiverged(gProblem, epoch, step + 1, state);
        if (state.averageGenerator) updateAverage(state.averageGenerator, generator, settings.generatorAverageDecay);
        gLossSum += gLoss;
        gSteps++;
      }
      const weights = { generator: modelWeights(generator), discriminator: modelWeights(discriminator) };
      const problem = weightProblem('generator', weights.generator) ?? weightProblem('discriminator', weights.discriminator);
      if (problem) throw new TrainingDiverged(problem, epoch, batches.length, state);
      lastGood = weights;
      if (epoch === 1 || epoch % settings.logEvery === 0 || epoch === epochs) {
        const noise = latentNoise(settings.accuracySamples, latentSize, rng);
        const fakeLabels = labels && oneHot(Array.from({ length: settings.accuracySamples }, () => labels[Math.floor(rng.next() * labels.length)]));
        const mix = isWasserstein(loss) ? tf.randomUniform([reals.shape[0]], 0, 1, 'float32', rng.nextSeed()) as tf.Tensor1D : undefined;
        const scores = measureScores({ loss, penaltyWeight: settings.penaltyWeight, generator, discriminator, reals, realLabels, noise, fakeLabels, mix });
        disposeAll(noise, fakeLabels, mix);
        const sampler = samplingGenerator(state);
        const metrics = judge && (await judge(sampler, epoch));
        const entry: HistoryEntry = { epoch, dLoss: dLossSum / batches.length, gLoss: gLossSum / Math.max(gSteps, 1), ...scores, ...(metrics && { metrics }) };
        const snapshot: Snapshot = { epoch, images: samplesOf(sampler, fixedNoise, fixedLabels) };
        state.history.push(entry);
        state.snapshots.push(snapshot);
        progress.log(formatLogEntry(entry, epochs, (Date.now() - start) / 1000));
        onLog?.(entry, snapshot);
      }
      state.epoch = epoch;
      state.rngState = rng.state();
      state.optimizers = { discriminator: await optimizerSnapshot(dOptimizer), generator: await optimizerSnapshot(gOptimizer) };
      progress.epochDone(epoch, epochs);
      await onEpochEnd?.(epoch, state);
      // Lets the notebook's displays and the terminal redraw between epochs, and SIGINT arrive.
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupts.requested && epoch < epochs) throw new TrainingInterrupted(state);
    }
  } catch (error) {
    if (error instanceof TrainingDiverged) {
      setModelWeights(generator, lastGood.generator);
      setModelWeights(discriminator, lastGood.discriminator);
    }
    if (error instanceof TrainingInterrupted) progress.log(error.message);
    throw error;
  } finally {
    interrupts.stop();
    progress.finish();
    disposeAll(reals, fixedNoise, realLabels, fixedLabels);
    disposeOptimizer(dOptimizer);
    disposeOptimizer(gOptimizer);
  }
  const { history, snapshots } = state;
  return new GanRun(generator, discriminator, samplingGenerator(state), history, snapshots, (Date.now() - start) / 1000, state);
}

/** G's samples for `noise` (and one-hot `labels`), flattened to one array per sample. */
export function samplesOf(generator: tf.LayersModel, noise: tf.Tensor2D, labels?: tf.Tensor2D): number[][] {
  return tf.tidy(() => {
    const samples = generator.predict(labels ? [noise, labels] : noise) as tf.Tensor;
    return samples.reshape([noise.shape[0], -1]).arraySync() as number[][];
  });
}

function disposeAll(...tensors: (tf.Tensor | undefined)[]): void {
  tf.dispose(tensors.filter((tensor): tensor is tf.Tensor => tensor !== undefined));
}

/** `count` indices spread evenly over 0..n-1 (all of them when n <= count). */
function spreadIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}
