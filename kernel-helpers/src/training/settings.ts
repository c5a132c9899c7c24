/**
 * A GAN run's settings, every one plain data (so a checkpoint holds them), with the demo's values as defaults
 * (chapter 3). Every GAN of the course trains through the same loop; what differs is said here and in the
 * models it is given (issue 11).
 */
import { DEFAULT_GAN_CONFIG, GanConfig } from '../models/dense-gan';
import { GanLoss } from './losses';
import { adam, OptimizerSettings } from './optimizers';

export interface TrainingSettings {
  /** Seeds the weights, the noise and the shuffling: same seed, same backend, same losses. */
  seed: number;
  /** Passes over the training rows. */
  epochs: number;
  /** Real rows per D step (and fakes per step); the last partial batch of an epoch is dropped. */
  batchSize: number;
  /** What D and G minimise (losses.ts). */
  loss: GanLoss;
  /** D steps per G step, each on its own real batch: 1 in the demo, 5 is usual for the Wasserstein losses. */
  criticSteps: number;
  /** `wasserstein`: D's weights are clipped to [-clipValue, clipValue] after each step. */
  clipValue: number;
  /** `wasserstein-gp`: the gradient penalty's weight λ. */
  penaltyWeight: number;
  generatorOptimizer: OptimizerSettings;
  discriminatorOptimizer: OptimizerSettings;
  /**
   * Keeps an exponential moving average of G's weights, updated after every G step with this decay, and
   * samples from it (snapshots, judge, run.sampler); 0 keeps none. 0.99-0.999 smooths G's oscillations.
   */
  generatorAverageDecay: number;
  /** Log (and snapshot) after the first epoch, every `logEvery` epochs and after the last. */
  logEvery: number;
  /** Fakes D is scored on at each log: its accuracy and D(G(z)). */
  accuracySamples: number;
  /** Fixed noise vectors whose images are kept at each log, to watch G learn. */
  snapshotCount: number;
  /** A conditional GAN's number of classes (labels 0..classes-1, one per real row); 0 for an unconditional one. */
  classes: number;
  /** The range every training value must lie in, e.g. [0, 1] for a G that ends in a sigmoid; null: any finite number. */
  valueRange: [number, number] | null;
  /** The demo's dense models, built from the seed when trainGan is given no models. */
  config: GanConfig;
}

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  seed: 0,
  epochs: 100,
  batchSize: 10,
  loss: 'bce',
  criticSteps: 1,
  clipValue: 0.01,
  penaltyWeight: 10,
  generatorOptimizer: adam(0.005),
  discriminatorOptimizer: adam(0.005),
  generatorAverageDecay: 0,
  logEvery: 10,
  accuracySamples: 500,
  snapshotCount: 16,
  classes: 0,
  valueRange: [0, 1],
  config: DEFAULT_GAN_CONFIG,
};
