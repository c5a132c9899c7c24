/**
 * What a GAN run logs, adapted to its loss (issue 11), and the log line that shows it.
 *
 * BCE (and minimax, hinge): D(x), D(G(z)) and D's accuracy on fresh fakes; D's balance point is where it cannot
 * tell them apart. Wasserstein: the critic's estimate of the distance, mean D(x) - mean D(G(z)), which should
 * shrink as G improves, and the norm of the critic's gradient between real and fake rows, which the gradient
 * penalty holds near 1. Losses are means over the epoch's steps; the rest is measured at the end of the epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { judgeFakes, meanScore } from '../metrics/discriminator-accuracy';
import { criticGradientNorms, GanLoss, isWasserstein, scoresAreProbabilities } from './losses';

export interface HistoryEntry {
  epoch: number;
  dLoss: number;
  gLoss: number;
  /** BCE, minimax, hinge: the share of fresh fakes D calls fake (scores below 0.5; below 0 for hinge). */
  dAccuracy?: number;
  /** Mean D(x) over the training rows (at most accuracySamples of them, spread over the set). */
  dReal: number;
  /** Mean D(G(z)) over the fresh fakes. */
  dFake: number;
  /** Wasserstein losses: dReal - dFake, the critic's estimate of the distance between the real and fake sets. */
  wasserstein?: number;
  /** Wasserstein losses: the mean norm of the critic's gradient at points between real and fake rows. */
  gradientNorm?: number;
  /** wasserstein-gp: the penalty term, λ·mean((norm - 1)²), at those points. */
  gradientPenalty?: number;
  /** What the run's judge said of G's samples at this epoch (e.g. coverage), when trainGan was given one. */
  metrics?: Record<string, number>;
}

/** The fixed-noise samples (flattened, in G's output range) at a logged epoch. */
export interface Snapshot {
  epoch: number;
  images: number[][];
}

/** What the measurement at a log point looks at; D's inputs are shaped as D takes them. */
export interface LogInputs {
  loss: GanLoss;
  penaltyWeight: number;
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  reals: tf.Tensor;
  realLabels?: tf.Tensor2D;
  noise: tf.Tensor2D;
  fakeLabels?: tf.Tensor2D;
  /** Wasserstein losses: one number 0..1 per real row, where the gradient's norm is taken. */
  mix?: tf.Tensor1D;
}

/** Everything but the epoch and the losses, measured for the loss at hand. */
export function measureScores(inputs: LogInputs): Omit<HistoryEntry, 'epoch' | 'dLoss' | 'gLoss'> {
  const { loss, generator, discriminator, reals, realLabels, noise, fakeLabels } = inputs;
  const threshold = scoresAreProbabilities(loss) ? 0.5 : 0;
  const fakes = judgeFakes(generator, discriminator, noise, { labels: fakeLabels, threshold });
  const dReal = meanScore(discriminator, reals, realLabels);
  if (!isWasserstein(loss)) return { dAccuracy: fakes.accuracy, dReal, dFake: fakes.meanScore };
  const gradientNorm = meanGradientNorm(inputs);
  return {
    dReal,
    dFake: fakes.meanScore,
    wasserstein: dReal - fakes.meanScore,
    gradientNorm: gradientNorm.mean,
    ...(loss === 'wasserstein-gp' && { gradientPenalty: inputs.penaltyWeight * gradientNorm.meanSquaredGap }),
  };
}

function meanGradientNorm({ generator, discriminator, reals, realLabels, noise, mix }: LogInputs) {
  return tf.tidy(() => {
    const rows = Math.min(reals.shape[0], noise.shape[0]);
    const take = <T extends tf.Tensor>(tensor: T) => tensor.slice(0, rows) as T;
    // Real and fake rows are paired with the reals' labels, as in a D step.
    const labels = realLabels && take(realLabels);
    const fakes = generator.predict(labels ? [take(noise), labels] : take(noise)) as tf.Tensor;
    const critic = (x: tf.Tensor) => discriminator.apply(labels ? [x, labels] : x) as tf.Tensor;
    const norms = criticGradientNorms(critic, take(reals), fakes, take(mix!));
    return { mean: norms.mean().dataSync()[0], meanSquaredGap: norms.sub(1).square().mean().dataSync()[0] };
  });
}

/** What each logged number should do, for the loss at hand: printed before training starts, in lines of at most 110 characters. */
export function whatToExpect(loss: GanLoss): string {
  if (isWasserstein(loss)) {
    return (
      "W, the critic's estimate of the Wasserstein distance (mean D(x) - mean D(G(z))), should shrink as G improves;\n" +
      `D loss is -W${loss === 'wasserstein-gp' ? ' plus the penalty' : ''}. |grad|, the critic's gradient norm between real and fake rows,\n` +
      `should stay near 1${loss === 'wasserstein-gp' ? ' (the penalty asks for it)' : ' (clipping only bounds it)'}.`
    );
  }
  const fakeScore = loss === 'hinge' ? 'below 0' : 'below 0.5';
  const balance = loss === 'hinge' ? 'D(x) and D(G(z)) should move towards each other' : 'D(x) and D(G(z)) should both tend to 0.5';
  return `${balance} and D's accuracy on fakes (scores ${fakeScore}) to about 50%:\nD cannot tell real from fake. Accuracy near 100% means G is failing; near 0% means D is.`;
}

/** `epoch  10/100  D loss 1.3012  G loss 0.7931  D acc 48.6%  D(x) 0.521  D(G(z)) 0.474  2.1 s` */
export function formatLogEntry(entry: HistoryEntry, epochs: number, seconds: number): string {
  const scores =
    entry.wasserstein === undefined
      ? [`D acc ${(entry.dAccuracy! * 100).toFixed(1).padStart(5)}%`, `D(x) ${entry.dReal.toFixed(3)}`, `D(G(z)) ${entry.dFake.toFixed(3)}`]
      : [
          `W ${entry.wasserstein.toFixed(4)}`,
          `|grad| ${entry.gradientNorm!.toFixed(3)}`,
          ...(entry.gradientPenalty === undefined ? [] : [`GP ${entry.gradientPenalty.toFixed(4)}`]),
        ];
  const line = [
    `epoch ${String(entry.epoch).padStart(String(epochs).length)}/${epochs}`,
    `D loss ${entry.dLoss.toFixed(4)}`,
    `G loss ${entry.gLoss.toFixed(4)}`,
    ...scores,
    `${seconds.toFixed(1)} s`,
  ].join('  ');
  return entry.metrics ? `${line}\n    ${formatMetrics(entry.metrics)}` : line;
}

/** `coverage 0.812  precision 0.934`: three decimals, names as the judge gave them. */
export function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
    .join('  ');
}
