/**
 * G and D for two-dimensional points (chapter 9, the ring of Gaussians), and what they do on the plane.
 *
 * Generator     z (latentSize) -> dense, ReLU (each of `hidden`) -> dense 2, linear: a point anywhere on the plane.
 * Discriminator x (2) -> dense, ReLU (each of `hidden`) -> dense 1: a probability (sigmoid) for the BCE losses, an
 * unbounded score (linear) for a Wasserstein critic. Weights are Glorot uniform, biases zero, seeded from the run.
 * The same multilayer perceptrons serve the chapter's digits (`dataSize` 64, G ending in a sigmoid for pixels 0..1).
 * `planeView` measures a trained pair for the pictures of plotting/plane-charts.ts: D's score over a grid of the
 * plane, with a batch of G's points and where G puts a few fixed noise vectors.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/seeding';

export interface ToyGanConfig {
  /** Length of the noise vector z. */
  latentSize: number;
  /** Widths of the hidden layers of G and of D. */
  hidden: number[];
  /** Values per sample: 2 for a point of the plane. */
  dataSize: number;
  /** G's last activation: linear for points anywhere, sigmoid for pixels in 0..1. */
  dataActivation: 'linear' | 'sigmoid';
}

export const DEFAULT_TOY_GAN_CONFIG: ToyGanConfig = { latentSize: 2, hidden: [64, 64], dataSize: 2, dataActivation: 'linear' };

/** What D's output is: a probability (BCE, minimax) or a critic's unbounded score (Wasserstein, hinge). */
export type ScoreKind = 'probability' | 'score';

export function buildToyGenerator(rng: Rng, config: ToyGanConfig = DEFAULT_TOY_GAN_CONFIG): tf.Sequential {
  return denseStack('generator', rng, config.latentSize, config.hidden, config.dataSize, config.dataActivation);
}

export function buildToyDiscriminator(rng: Rng, kind: ScoreKind, config: ToyGanConfig = DEFAULT_TOY_GAN_CONFIG): tf.Sequential {
  return denseStack('discriminator', rng, config.dataSize, config.hidden, 1, kind === 'probability' ? 'sigmoid' : 'linear');
}

/** Both networks, G first, built from the run's PRNG (trainGan's `models` option). */
export function toyGanModels(kind: ScoreKind, config: ToyGanConfig = DEFAULT_TOY_GAN_CONFIG) {
  return (rng: Rng) => ({ generator: buildToyGenerator(rng, config), discriminator: buildToyDiscriminator(rng, kind, config) });
}

function denseStack(name: string, rng: Rng, inputs: number, hidden: number[], outputs: number, last: 'linear' | 'sigmoid'): tf.Sequential {
  const model = tf.sequential({ name });
  [...hidden, outputs].forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: i < hidden.length ? 'relu' : last,
        inputShape: i === 0 ? [inputs] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }),
        biasInitializer: 'zeros',
      }),
    );
  });
  return model;
}

/** A square window of the plane: [low, high] on both axes. */
export type PlaneBounds = [number, number];

/** One look at a GAN on the plane, at one epoch: the numbers behind a picture of plane-charts.ts. */
export interface PlaneView {
  epoch: number;
  /** D's score at every grid point: scores[row][column] is at (xs[column], ys[row]). */
  xs: number[];
  ys: number[];
  scores: number[][];
  kind: ScoreKind;
  /** G's points for a batch of fresh noise. */
  fakes: number[][];
  /** Where G puts the run's fixed noise vectors (a snapshot), to follow them from view to view. */
  tracked: number[][];
}

export interface PlaneViewOptions {
  epoch: number;
  kind: ScoreKind;
  /** G's points for a batch of noise (pointsOf). */
  fakes: number[][];
  /** Where G puts the run's fixed noise vectors (e.g. its snapshot at this epoch). */
  tracked: number[][];
  bounds?: PlaneBounds;
  /** Grid points per axis. */
  resolution?: number;
}

/** G's points for the given noise vectors. */
export function pointsOf(generator: tf.LayersModel, noise: number[][]): number[][] {
  return tf.tidy(() => (generator.predict(tf.tensor2d(noise)) as tf.Tensor2D).arraySync());
}

/** D's score over a grid of the plane, with G's points, for plane-charts.ts. Values are rounded to keep figures small. */
export function planeView(discriminator: tf.LayersModel, options: PlaneViewOptions): PlaneView {
  const { epoch, kind, fakes, tracked, bounds = [-3, 3], resolution = 41 } = options;
  if (!(Number.isInteger(resolution) && resolution >= 2)) throw new Error(`planeView: resolution must be an integer >= 2, got ${resolution}`);
  if (!(bounds[0] < bounds[1])) throw new Error(`planeView: bounds must be [low, high] with low < high, got ${JSON.stringify(bounds)}`);
  if (discriminator.inputs[0].shape[1] !== 2) throw new Error(`planeView: the discriminator must take points [x, y], its input is ${JSON.stringify(discriminator.inputs[0].shape)}`);
  const axis = Array.from({ length: resolution }, (_, i) => round(bounds[0] + ((bounds[1] - bounds[0]) * i) / (resolution - 1)));
  const grid = axis.flatMap((y) => axis.map((x) => [x, y]));
  const flat = tf.tidy(() => Array.from((discriminator.predict(tf.tensor2d(grid)) as tf.Tensor).dataSync(), round));
  const scores = axis.map((_, row) => flat.slice(row * resolution, (row + 1) * resolution));
  const rounded = (points: number[][]) => points.map((point) => point.map(round));
  return { epoch, xs: axis, ys: axis, scores, kind, fakes: rounded(fakes), tracked: rounded(tracked) };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
