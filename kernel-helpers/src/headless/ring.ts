/**
 * The ring of 8 Gaussians (chapter 9): mode collapse and its Wasserstein fix, seen on the plane.
 *
 * `ringTraining(loss)` gives trainGan everything one loss needs: the toy models with the right last layer, the
 * loss's recipe (optimizers, critic steps, clipping or penalty) and the run's shared settings, and a judge that
 * counts the modes G covers at every log line. `trainOnRing` is the notebook's way to run it: it also records a
 * look at the plane (D's score, G's points, how G moved) at every log line and draws it live.
 * `npm run train -- --model ring --loss wasserstein-gp` (ringRun) trains it headless and writes samples.csv
 * (`x,y` a line) and a report with the mode metrics.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GaussianMixture, ringOfGaussians, sampleMixture } from '../data/toy-2d';
import { judgeModes, ModeJudgement } from '../metrics/modes';
import { DEFAULT_TOY_GAN_CONFIG, planeView, PlaneView, pointsOf, ScoreKind, ToyGanConfig, toyGanModels } from '../models/toy-2d';
import { liveFigure } from '../plotting/live';
import { modeCurves, planeChart, planeTraining } from '../plotting/plane-charts';
import { scoresAreProbabilities } from '../training/losses';
import { adam, rmsprop } from '../training/optimizers';
import { logOnly, Progress } from '../training/progress';
import { DEFAULT_TRAINING_SETTINGS, TrainingSettings } from '../training/settings';
import { newTrainingState, samplingGenerator } from '../training/state';
import { GanRun, trainGan, TrainGanOptions } from '../training/train-gan';
import { writeFileAtomically } from '../util/files';
import { createRng, latentNoise } from '../util/seeding';
import { choiceOption, HeadlessRun, integerOption } from './headless-run';

/** The losses the chapter compares: the vanilla GAN's, and the Wasserstein GAN's with clipping and with a penalty. */
export const RING_LOSSES = ['bce', 'wasserstein', 'wasserstein-gp'] as const;
export type RingLoss = (typeof RING_LOSSES)[number];

/** The data: 8 Gaussians of std 0.02 on a circle of radius 2. */
export const RING = ringOfGaussians();
/** Training points, drawn once from a fixed seed (like a data file), so every run and seed trains on the same ring. */
export const RING_POINTS = 2560;
const RING_DATA_SEED = 2017;
/** Samples the mode metrics are measured on (VEEGAN's and PacGAN's 2500). */
export const RING_JUDGED_SAMPLES = 2500;

export function ringPoints(mixture: GaussianMixture = RING, count = RING_POINTS): number[][] {
  return sampleMixture(mixture, count, createRng(RING_DATA_SEED));
}

/**
 * What differs between the losses: the optimizer and critic steps of each one's paper, at a faster rate than the
 * papers' (they train for tens of thousands of steps), and how long. The vanilla GAN takes one D step per G step on
 * small batches (40 epochs at batches of 64 are 1,600 of each); the critics take 5 steps per G step. The clipped
 * critic's 400 epochs at batches of 256 are 4,000 critic steps and 800 G steps; the penalised critic's 250 epochs at
 * batches of 128 are 5,000 and 1,000, at about the same cost: at 400 epochs of 256 and a rate of 0.002 it covered all
 * 8 modes on 2 seeds of 5 (0-4), at these settings on all 5.
 */
export const RING_RECIPES: Record<RingLoss, Partial<TrainingSettings>> = {
  bce: {
    loss: 'bce',
    criticSteps: 1,
    generatorOptimizer: adam(1e-3, 0.5),
    discriminatorOptimizer: adam(1e-3, 0.5),
    epochs: 40,
    batchSize: 64,
    logEvery: 4,
  },
  wasserstein: {
    loss: 'wasserstein',
    criticSteps: 5,
    clipValue: 0.01,
    generatorOptimizer: rmsprop(1e-3),
    discriminatorOptimizer: rmsprop(1e-3),
    epochs: 400,
    batchSize: 256,
    logEvery: 20,
  },
  'wasserstein-gp': {
    loss: 'wasserstein-gp',
    criticSteps: 5,
    penaltyWeight: 10,
    generatorOptimizer: adam(4e-3, 0.5, 0.9),
    discriminatorOptimizer: adam(4e-3, 0.5, 0.9),
    epochs: 250,
    batchSize: 128,
    logEvery: 20,
  },
};

/** What every loss shares: samples come from a moving average of G's weights (about its last 100 steps). */
export const RING_SETTINGS: Partial<TrainingSettings> = {
  generatorAverageDecay: 0.99,
  accuracySamples: 500,
  snapshotCount: 16,
  valueRange: null,
};

/** trainGan's options for one loss on the ring (or another mixture): models, recipe, shared settings and a mode judge. */
export function ringTraining(loss: RingLoss, mixture: GaussianMixture = RING, config: ToyGanConfig = DEFAULT_TOY_GAN_CONFIG): TrainGanOptions {
  checkLoss('ringTraining', loss);
  const fixed = noiseRows(RING_JUDGED_SAMPLES, config.latentSize, RING_DATA_SEED + 1);
  return {
    ...RING_SETTINGS,
    ...RING_RECIPES[loss],
    models: toyGanModels(scoreKind(loss), config),
    // The same noise at every log line, so the numbers move only with G.
    judge: (generator) => modeMetrics(judgeModes(pointsOf(generator, fixed), mixture)),
  };
}

/** The judge's numbers as a history entry keeps them. */
function modeMetrics(judgement: ModeJudgement): Record<string, number> {
  return { modes: judgement.modesCovered, 'high-quality': Number(judgement.highQualityShare.toFixed(4)) };
}

export interface RingRun {
  run: GanRun;
  /** A look at the plane at every log line. */
  views: PlaneView[];
  /** G's points for RING_JUDGED_SAMPLES fresh noise vectors after training, and what they cover. */
  samples: number[][];
  modes: ModeJudgement;
}

export interface TrainOnRingOptions extends Partial<Omit<TrainingSettings, 'config'>> {
  mixture?: GaussianMixture;
  /** The toy models' sizes (trainGan's own `config` is the demo's digit models'). */
  toyConfig?: ToyGanConfig;
  /** Draw the plane and the losses while training, and leave the slider over every look (default true). */
  live?: boolean;
  /** The figure's title (default: the loss and the seed). */
  title?: string;
  progress?: Progress;
}

/**
 * Trains on the ring (chapter 9) with one loss's recipe, recording a look at the plane at every log line, and judges
 * G's modes at the end. Options override the recipe (e.g. `epochs`, `seed`, an optimizer).
 */
export async function trainOnRing(loss: RingLoss, options: TrainOnRingOptions = {}): Promise<RingRun> {
  const { mixture = RING, toyConfig: config = DEFAULT_TOY_GAN_CONFIG, live = true, title, progress = logOnly(), ...overrides } = options;
  const { models, judge, ...recipe } = ringTraining(loss, mixture, config);
  const settings = { ...DEFAULT_TRAINING_SETTINGS, ...recipe, ...overrides };
  const reals = ringPoints(mixture);
  const state = newTrainingState(settings, models);
  const kind = scoreKind(loss);
  // The picture reaches one unit beyond the outermost centre: [-3, 3] for the ring, [-5, 5] for the grid.
  const extent = Math.max(...mixture.centres.flat().map(Math.abs)) + 1;
  const viewNoise = noiseRows(500, config.latentSize, settings.seed + 1);
  const views: PlaneView[] = [];
  const figure = live ? liveFigure() : undefined;
  const name = title ?? `${loss}, seed ${settings.seed}`;
  let run: GanRun;
  try {
    run = await trainGan(reals, {
      state,
      judge,
      progress,
      onLog: (entry, snapshot) => {
        const fakes = pointsOf(samplingGenerator(state), viewNoise);
        views.push(planeView(state.discriminator, { epoch: entry.epoch, kind, fakes, tracked: snapshot.images, bounds: [-extent, extent] }));
        figure?.update(planeTraining(views, reals, state.history, { title: name }));
      },
    });
  } finally {
    figure?.close();
  }
  const samples = pointsOf(run.sampler, noiseRows(RING_JUDGED_SAMPLES, config.latentSize, settings.seed));
  return { run, views, samples, modes: judgeModes(samples, mixture) };
}

/** Refuses a loss the chapter has no recipe for, naming the caller. */
export function checkLoss(caller: string, loss: string): asserts loss is RingLoss {
  if (!(RING_LOSSES as readonly string[]).includes(loss)) throw new Error(`${caller}: loss must be one of ${RING_LOSSES.join(', ')}, got ${JSON.stringify(loss)}`);
}

/** D's output for the loss: a probability for BCE, a critic's score for the Wasserstein losses. */
export function scoreKind(loss: RingLoss): ScoreKind {
  return scoresAreProbabilities(loss) ? 'probability' : 'score';
}

/** `count` latent vectors from `seed`, as plain numbers (e.g. for pointsOf). */
export function noiseRows(count: number, latentSize: number, seed: number): number[][] {
  return tf.tidy(() => latentNoise(count, latentSize, createRng(seed)).arraySync());
}

/** `8/8 modes, 79.8% high-quality; per mode 10.1 9.8 …%` */
export function formatModes(judgement: ModeJudgement, modes = judgement.modeShares.length): string {
  const shares = judgement.modeShares.map((share) => (share * 100).toFixed(1)).join(' ');
  return `${judgement.modesCovered}/${modes} modes, ${(judgement.highQualityShare * 100).toFixed(1)}% high-quality; per mode ${shares} %`;
}

export const ringRun: HeadlessRun = {
  name: 'ring',
  summary: 'an MLP GAN on the ring of 8 Gaussians, with the vanilla or a Wasserstein loss (chapter 9)',
  defaults: {
    loss: 'wasserstein-gp',
    epochs: String(RING_RECIPES['wasserstein-gp'].epochs),
    samples: String(RING_JUDGED_SAMPLES),
    'batch-size': String(RING_RECIPES['wasserstein-gp'].batchSize),
  },
  derivedDefaults(options) {
    const recipe = RING_RECIPES[choiceOption('loss', options.loss, RING_LOSSES)];
    return { epochs: String(recipe.epochs), 'batch-size': String(recipe.batchSize) };
  },
  prepare(options) {
    const loss = choiceOption('loss', options.loss, RING_LOSSES);
    const batchSize = integerOption('batch-size', options['batch-size'], 1, RING_POINTS);
    return {
      rows: ringPoints(),
      training: { ...ringTraining(loss), batchSize },
      description: `${RING_POINTS} points of the ring of 8 Gaussians (radius 2, std 0.02); loss ${loss}`,
      async finish(run, out, count, seed) {
        const samples = pointsOf(run.sampler, noiseRows(count, DEFAULT_TOY_GAN_CONFIG.latentSize, seed));
        writeFileAtomically(path.join(out, 'samples.csv'), samples.map(([x, y]) => `${x},${y}`).join('\n') + '\n');
        const modes = judgeModes(samples, RING);
        const kind = scoreKind(loss);
        // The plane after training, with the first 500 samples written.
        const last = run.snapshots[run.snapshots.length - 1];
        const view = planeView(run.discriminator, { epoch: last.epoch, kind, fakes: samples.slice(0, 500), tracked: last.images });
        return {
          files: ['samples.csv'],
          sections: [
            { heading: 'Modes', text: `${count} samples: ${formatModes(modes)}. A sample is high-quality within 3 std (0.06) of a centre; a mode is covered by at least 1% of the samples.` },
            { heading: 'Modes over the epochs', figure: modeCurves(run.history, RING.centres.length) },
            { heading: 'The plane after training', figure: planeChart(view, ringPoints(), { title: `${loss}, seed ${seed}: epoch ${last.epoch}` }) },
          ],
          summary: formatModes(modes),
        };
      },
    };
  },
};
