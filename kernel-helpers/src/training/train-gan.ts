/**
 * Training the GAN (chapter 3): one discriminator step, one generator step, and the loop that alternates them.
 *
 * D step: real batch vs label 1 plus fake batch vs label 0, the two binary cross-entropies summed, one Adam update of D.
 * G step: fresh noise, fakes, D's scores vs label 1 (G wants D to call its fakes real), one Adam update of G.
 * Each step takes the models, the optimizer and the tensors, and returns the loss as a plain number;
 * the loop keeps tf.memory().numTensors flat from one epoch to the next. It also refuses bad settings and images,
 * stops at a NaN loss or on Ctrl-C with the models at their last good epoch, and continues a run from its
 * TrainingState (training-checks.ts, interrupt.ts, training-state.ts; issue 7).
 * On `wasm` and `cpu`, a dense GAN trained with Adam takes a fused path with the same arithmetic, about ten
 * times faster (tfjs-kernels/dense-gan-steps.ts); everything else runs the tfjs code below.
 */
import * as tf from '@tensorflow/tfjs';
import { judgeFakes, meanScore } from '../metrics/discriminator-accuracy';
import { shuffledBatches } from '../data/batches';
import { generateImages } from '../models/generation';
import { DEFAULT_GAN_CONFIG, GanConfig } from '../models/dense-gan';
import { logOnly, Progress } from './progress';
import { TrainingInterrupted, watchInterrupts } from './interrupts';
import { createRng, latentNoise } from '../util/seeding';
import { fusedDiscriminatorStep, fusedGeneratorStep } from '../tfjs-kernels/dense-gan-steps';
import { checkImages, checkSettings, lossProblem, TrainingDiverged, weightProblem } from './checks';
import { adamSnapshot, modelWeights, newTrainingState, restoredAdam, setModelWeights, TrainingState } from './state';

export interface TrainingSettings {
  /** Seeds the weights, the noise and the shuffling: same seed, same backend, same losses. */
  seed: number;
  /** Passes over the training images. */
  epochs: number;
  /** Real images per D step (and fakes per step); the last partial batch of an epoch is dropped. */
  batchSize: number;
  /** Adam's step size, for both networks. */
  learningRate: number;
  /** Log (and snapshot) after the first epoch, every `logEvery` epochs and after the last. */
  logEvery: number;
  /** Fakes D is scored on at each log: its accuracy and D(G(z)). */
  accuracySamples: number;
  /** Fixed noise vectors whose images are kept at each log, to watch G learn. */
  snapshotCount: number;
  config: GanConfig;
}

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  seed: 0,
  epochs: 100,
  batchSize: 10,
  learningRate: 0.005,
  logEvery: 10,
  accuracySamples: 500,
  snapshotCount: 16,
  config: DEFAULT_GAN_CONFIG,
};

/** What is logged: losses are means over the epoch's steps, the rest is measured at the end of the epoch. */
export interface HistoryEntry {
  epoch: number;
  dLoss: number;
  gLoss: number;
  /** Fraction of fresh fakes D calls fake (scores below 0.5). */
  dAccuracy: number;
  /** Mean D(x) over all training images. */
  dReal: number;
  /** Mean D(G(z)) over the same fakes as dAccuracy. */
  dFake: number;
}

/** The fixed-noise images (pixels 0..1) at a logged epoch. */
export interface Snapshot {
  epoch: number;
  images: number[][];
}

export interface TrainGanOptions extends Partial<TrainingSettings> {
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

export interface GanRun {
  generator: tf.Sequential;
  discriminator: tf.Sequential;
  history: HistoryEntry[];
  snapshots: Snapshot[];
  seconds: number;
  /** Where the run stands at its end: pass it back to trainGan with more epochs to train on. */
  state: TrainingState;
}

export const WHAT_TO_EXPECT =
  'D(x) and D(G(z)) should both tend to 0.5 and D accuracy on fakes to about 50%: D cannot tell real from fake. ' +
  'Accuracy near 100% means G is failing; near 0% means D is.';

/** Binary cross-entropy of D's scores against one label for the whole batch, averaged over the batch. */
export function binaryCrossEntropy(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  const labels = label === 1 ? tf.onesLike(scores) : tf.zerosLike(scores);
  return tf.losses.logLoss(labels, scores);
}

/** One Adam update of D on a real batch (label 1) and the fakes G makes from `noise` (label 0); returns D's loss. */
export function trainDiscriminatorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  realBatch: tf.Tensor2D,
  noise: tf.Tensor2D,
): number {
  const fused = fusedDiscriminatorStep(generator, discriminator, optimizer, realBatch, noise);
  if (fused !== undefined) return fused;
  return tf.tidy(() => {
    const fakes = generator.predict(noise) as tf.Tensor2D;
    const loss = optimizer.minimize(
      () => {
        const realLoss = binaryCrossEntropy(discriminator.apply(realBatch) as tf.Tensor, 1);
        const fakeLoss = binaryCrossEntropy(discriminator.apply(fakes) as tf.Tensor, 0);
        return realLoss.add(fakeLoss);
      },
      true,
      trainableVariables(discriminator),
    ) as tf.Scalar;
    return loss.dataSync()[0];
  });
}

/** One Adam update of G so that D scores its fakes from `noise` as real (label 1); returns G's loss. D is unchanged. */
export function trainGeneratorStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  optimizer: tf.Optimizer,
  noise: tf.Tensor2D,
): number {
  const fused = fusedGeneratorStep(generator, discriminator, optimizer, noise);
  if (fused !== undefined) return fused;
  return tf.tidy(() => {
    const loss = optimizer.minimize(
      () => binaryCrossEntropy(discriminator.apply(generator.apply(noise)) as tf.Tensor, 1),
      true,
      trainableVariables(generator),
    ) as tf.Scalar;
    return loss.dataSync()[0];
  });
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * Builds both models from `seed` (or takes them from `options.state`) and trains them on `images` (pixels 0..1,
 * 64 each), logging as the demo does. Rejects with TrainingDiverged at a NaN or infinite loss or weight and with
 * TrainingInterrupted after Ctrl-C; either way the models keep the weights of the last good epoch.
 */
export async function trainGan(images: number[][], options: TrainGanOptions = {}): Promise<GanRun> {
  const { progress = logOnly(), onLog, onEpochEnd, state: given, ...overrides } = options;
  checkSettings(overrides, given?.settings ?? DEFAULT_TRAINING_SETTINGS);
  if (given && (overrides.seed !== undefined || overrides.config !== undefined)) {
    throw new Error('trainGan: seed and config come from the state when a run continues; give neither with state');
  }
  const settings: TrainingSettings = { ...(given?.settings ?? DEFAULT_TRAINING_SETTINGS), ...overrides };
  checkImages(images, settings);
  const state = given ?? newTrainingState(settings);
  state.settings = settings;
  const { epochs, batchSize, config } = settings;
  const { generator, discriminator } = state;
  const rng = createRng(state.rngState);
  const dOptimizer = await restoredAdam(settings.learningRate, state.optimizers?.discriminator);
  const gOptimizer = await restoredAdam(settings.learningRate, state.optimizers?.generator);
  const realImages = tf.tensor2d(images);
  const fixedNoise = tf.tensor2d(state.fixedNoise);
  const interrupts = watchInterrupts();
  let lastGood = { generator: modelWeights(generator), discriminator: modelWeights(discriminator) };
  const start = Date.now();
  progress.log(state.epoch === 0 ? WHAT_TO_EXPECT : `continuing after epoch ${state.epoch} of ${epochs}`);
  try {
    for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
      let dLossSum = 0;
      let gLossSum = 0;
      const batches = shuffledBatches(images, batchSize, rng);
      for (const [step, batch] of batches.entries()) {
        const realBatch = tf.tensor2d(batch);
        const dNoise = latentNoise(batchSize, config.latentSize, rng);
        const gNoise = latentNoise(batchSize, config.latentSize, rng);
        const dLoss = trainDiscriminatorStep(generator, discriminator, dOptimizer, realBatch, dNoise);
        const gLoss = trainGeneratorStep(generator, discriminator, gOptimizer, gNoise);
        tf.dispose([realBatch, dNoise, gNoise]);
        const problem = lossProblem('D loss', dLoss) ?? lossProblem('G loss', gLoss);
        if (problem) throw new TrainingDiverged(problem, epoch, step + 1, state);
        dLossSum += dLoss;
        gLossSum += gLoss;
      }
      const weights = { generator: modelWeights(generator), discriminator: modelWeights(discriminator) };
      const problem = weightProblem('generator', weights.generator) ?? weightProblem('discriminator', weights.discriminator);
      if (problem) throw new TrainingDiverged(problem, epoch, batches.length, state);
      lastGood = weights;
      if (epoch === 1 || epoch % settings.logEvery === 0 || epoch === epochs) {
        const noise = latentNoise(settings.accuracySamples, config.latentSize, rng);
        const fakes = judgeFakes(generator, discriminator, noise);
        noise.dispose();
        const entry: HistoryEntry = {
          epoch,
          dLoss: dLossSum / batches.length,
          gLoss: gLossSum / batches.length,
          dAccuracy: fakes.accuracy,
          dReal: meanScore(discriminator, realImages),
          dFake: fakes.meanScore,
        };
        const snapshot: Snapshot = { epoch, images: generateImages(generator, fixedNoise) };
        state.history.push(entry);
        state.snapshots.push(snapshot);
        progress.log(formatLogEntry(entry, epochs, (Date.now() - start) / 1000));
        onLog?.(entry, snapshot);
      }
      state.epoch = epoch;
      state.rngState = rng.state();
      state.optimizers = { discriminator: await adamSnapshot(dOptimizer), generator: await adamSnapshot(gOptimizer) };
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
    tf.dispose([realImages, fixedNoise]);
    dOptimizer.dispose();
    gOptimizer.dispose();
  }
  const { history, snapshots } = state;
  return { generator, discriminator, history, snapshots, seconds: (Date.now() - start) / 1000, state };
}

/** `epoch  10/100  D loss 1.3012  G loss 0.7931  D acc 48.6%  D(x) 0.521  D(G(z)) 0.474  2.1 s` */
export function formatLogEntry(entry: HistoryEntry, epochs: number, seconds: number): string {
  return [
    `epoch ${String(entry.epoch).padStart(String(epochs).length)}/${epochs}`,
    `D loss ${entry.dLoss.toFixed(4)}`,
    `G loss ${entry.gLoss.toFixed(4)}`,
    `D acc ${(entry.dAccuracy * 100).toFixed(1).padStart(5)}%`,
    `D(x) ${entry.dReal.toFixed(3)}`,
    `D(G(z)) ${entry.dFake.toFixed(3)}`,
    `${seconds.toFixed(1)} s`,
  ].join('  ');
}
