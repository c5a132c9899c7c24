/**
 * `npm run train -- --model dcgan`: chapter 7's DCGAN (models/dcgan.ts) on 28x28 MNIST digits, at the chapter's
 * settings (DCGAN_TRAINING, which the notebook imports from here) but by default on all digits for 40 epochs
 * (`--per-digit 320 --epochs 4` is the chapter's own short run).
 *
 * At each log line a conv digit classifier, trained once per run on all 10,000 MNIST digits (seed 0, so every run
 * is judged alike), reads DCGAN_JUDGED_SAMPLES samples of G (noise seeded by --seed) and gives the metrics of
 * chapter 6: digits covered, the share it reads with confidence and the FID-like distance of its features to as
 * many real digits it never trained on. Writes samples.csv (one sample a line, 784 integers 0..255, row by row),
 * model.json + weights.bin (G), discriminator/model.json + weights.bin (D, for chapter 7's pre-trained D).
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnist, Mnist } from '../data/mnist';
import { buildConvDigitClassifier, DigitJudge, judgeClasses, judgeFeatures, MODE_SHARE, trainDigitClassifier } from '../metrics/classifier-judge';
import { fitGaussian, frechetDistanceOfGaussians } from '../metrics/frechet-distance';
import { buildDcgan, generatedPixels, toTanhRange } from '../models/dcgan';
import { pixelsCsv } from '../models/generation';
import { saveModel } from '../models/model-io';
import { digitGrid, Figure, lineChart } from '../plotting';
import { fakesBesideReals, snapshotGrid } from '../plotting/run-charts';
import { formatMetrics, HistoryEntry, Snapshot } from '../training/log-line';
import { adam } from '../training/optimizers';
import { TrainingSettings } from '../training/settings';
import { latentSizeOf } from '../training/state';
import { writeFileAtomically } from '../util/files';
import { createRng, latentNoise } from '../util/seeding';
import { HeadlessRun, integerOption, positiveNumberOption } from './headless-run';

/** Chapter 7's training settings; the rest are trainGan's defaults (BCE loss, one D step per G step, no average). */
export const DCGAN_TRAINING = {
  seed: 0,
  /** Passes over the training digits: DCGAN_DIGITS_PER_CLASS x 10 / batchSize = 50 steps of each network per epoch. */
  epochs: 4,
  batchSize: 64,
  /** The DCGAN paper's Adam: learning rate 0.0002 and beta1 0.5 for both networks. */
  generatorOptimizer: adam(0.0002, 0.5),
  discriminatorOptimizer: adam(0.0002, 0.5),
  /** G ends in tanh: the digits are scaled to -1..1. */
  valueRange: [-1, 1],
  logEvery: 1,
  accuracySamples: 500,
  snapshotCount: 16,
} satisfies Partial<TrainingSettings>;

/** MNIST digits of each class the chapter trains on: 3,200 of the 10,000. */
export const DCGAN_DIGITS_PER_CLASS = 320;
/**
 * The headless run's defaults: the chapter's model, batches and optimizers, trained long enough for recognisable
 * digits (the chapter's 200 steps give blobs): 40 epochs on every digit (no class has more than 1,127), 6,240 steps.
 * They made pretrained/dcgan-mnist, which chapter 7 loads.
 */
const DCGAN_HEADLESS_EPOCHS = 40;
const DCGAN_HEADLESS_DIGITS_PER_CLASS = 1200;
/** Samples the judge reads at each log line, and real digits they are compared with. */
export const DCGAN_JUDGED_SAMPLES = 500;
/** The judge's passes over its 8,000 training digits: 96.2% right on the 2,000 held out (seed 0). */
export const DCGAN_JUDGE_EPOCHS = 3;

/** The metric names the judge reports, as the log line and the charts show them. */
const DIGITS_COVERED = 'digits covered';
const CONFIDENT = 'confident';
const FID_LIKE = 'FID-like';

/** The conv digit classifier of chapter 6, trained (seed 0) on `mnist`: the judge of every DCGAN run. */
export function trainMnistJudge(mnist: Mnist): DigitJudge {
  return trainDigitClassifier(mnist.images, mnist.labels, { buildModel: buildConvDigitClassifier, epochs: DCGAN_JUDGE_EPOCHS });
}

export interface DigitMetricsOptions {
  /** Seeds the noise of the judged samples: the same samples at every call. */
  seed: number;
  /** Samples judged, and real digits (of the judge's held-out ones) they are compared with; default DCGAN_JUDGED_SAMPLES. */
  samples?: number;
}

/**
 * A `judge` for trainGan (or any generator of 28x28 digits, tanh or sigmoid): the classes the judge reads in G's
 * samples for the same seeded noise every time: how many digits get at least 1% of them, the share it reads with a
 * probability >= 0.9, and the FID-like distance of their features to the judge's first held-out digits.
 */
export function digitMetrics(judge: DigitJudge, options: DigitMetricsOptions): (generator: tf.LayersModel) => Record<string, number> {
  const { seed, samples = DCGAN_JUDGED_SAMPLES } = options;
  const reals = judge.heldOut.images.slice(0, samples);
  const realGaussian = fitGaussian(judgeFeatures(judge, reals));
  return (generator) => {
    const noise = latentNoise(samples, latentSizeOf(generator), createRng(seed));
    const fakes = generatedPixels(generator, noise);
    noise.dispose();
    const classes = judgeClasses(judge, fakes);
    return {
      [DIGITS_COVERED]: classes.modesCovered,
      [CONFIDENT]: classes.confidentShare,
      [FID_LIKE]: frechetDistanceOfGaussians(realGaussian, fitGaussian(judgeFeatures(judge, fakes))),
    };
  };
}

/** The judge's metrics per logged epoch: the shares on the left axis, the FID-like distance on the right. */
export function digitMetricCurves(history: readonly HistoryEntry[]): Figure {
  const judged = history.filter((entry) => entry.metrics !== undefined);
  const epochs = judged.map((entry) => entry.epoch);
  const figure = lineChart(
    [
      { name: 'digits covered / 10', x: epochs, y: judged.map((entry) => entry.metrics![DIGITS_COVERED] / 10) },
      { name: 'confident share', x: epochs, y: judged.map((entry) => entry.metrics![CONFIDENT]) },
      { name: 'FID-like (right axis)', x: epochs, y: judged.map((entry) => entry.metrics![FID_LIKE]) },
    ],
    { title: "The judge's metrics", xTitle: 'epoch', yTitle: 'share (0..1)' },
  );
  Object.assign(figure.data[2], { yaxis: 'y2', line: { dash: 'dash' } });
  const layout = figure.layout as { yaxis: object };
  Object.assign(layout, {
    yaxis: { ...layout.yaxis, range: [0, 1.05] },
    yaxis2: { title: { text: 'FID-like (lower is better)' }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false },
    legend: { orientation: 'h', y: -0.25 },
  });
  return figure;
}

/**
 * A run's curves in one figure of four small panels side by side, for a notebook's live chart: the losses, D(x) and
 * D(G(z)), and the judge's metrics (the shares, and the FID-like distance).
 */
export function dcganCurves(history: readonly HistoryEntry[]): Figure {
  const judged = history.filter((entry) => entry.metrics !== undefined);
  const curve = (name: string, entries: readonly HistoryEntry[], value: (entry: HistoryEntry) => number) => ({
    name,
    x: entries.map((entry) => entry.epoch),
    y: entries.map(value),
  });
  const panels = [
    { title: 'Losses', series: [curve('D loss', history, (h) => h.dLoss), curve('G loss', history, (h) => h.gLoss)] },
    { title: 'D(x), D(G(z))', range: [0, 1], series: [curve('D(x)', history, (h) => h.dReal), curve('D(G(z))', history, (h) => h.dFake)] },
    {
      title: 'Judge: shares',
      range: [0, 1.05],
      series: [
        curve('digits covered / 10', judged, (h) => h.metrics![DIGITS_COVERED] / 10),
        curve('confident', judged, (h) => h.metrics![CONFIDENT]),
      ],
    },
    { title: 'Judge: FID-like', rangemode: 'tozero', series: [curve('FID-like', judged, (h) => h.metrics![FID_LIKE])] },
  ];
  const [width, gap] = [0.205, 0.06];
  const left = (i: number) => i * (width + gap);
  const layout: Record<string, unknown> = {
    margin: { l: 40, r: 20, t: 40, b: 80 },
    height: 340,
    plot_bgcolor: '#ffffff',
    legend: { orientation: 'h', y: -0.35 },
    annotations: panels.map((panel, i) => ({
      text: panel.title,
      xref: 'paper',
      yref: 'paper',
      x: left(i) + width / 2,
      y: 1.02,
      xanchor: 'center',
      yanchor: 'bottom',
      showarrow: false,
    })),
  };
  const data = panels.flatMap((panel, i) => {
    const axis = i === 0 ? '' : String(i + 1);
    layout[`xaxis${axis}`] = { domain: [left(i), left(i) + width], anchor: `y${axis}`, title: { text: 'epoch' }, gridcolor: '#e5e5e5' };
    layout[`yaxis${axis}`] = { anchor: `x${axis}`, gridcolor: '#e5e5e5', ...(panel.range && { range: panel.range }), ...(panel.rangemode && { rangemode: panel.rangemode }) };
    return panel.series.map((series) => ({ type: 'scatter', mode: 'lines+markers', ...series, xaxis: `x${axis}`, yaxis: `y${axis}` }));
  });
  return { data, layout };
}

/** `D(x) 0.812  D(G(z)) 0.277  digits covered 3  confident 0.120  FID-like 268.435`: one logged epoch, to compare runs. */
export function describeEntry(entry: HistoryEntry): string {
  return [`D(x) ${entry.dReal.toFixed(3)}`, `D(G(z)) ${entry.dFake.toFixed(3)}`, ...(entry.metrics ? [formatMetrics(entry.metrics)] : [])].join('  ');
}

export interface NamedRun {
  name: string;
  history: readonly HistoryEntry[];
  snapshots: readonly Snapshot[];
}

/**
 * Runs of the same models side by side at one logged epoch (chapter 7's experiments): a line per run with D's
 * scores and the judge's metrics, which run has the lowest FID-like distance, the FID-like curves up to that
 * epoch, and each run's images of the fixed noise at that epoch (two rows of 8 per run, named at the left).
 */
export function runComparison(runs: NamedRun[], epoch: number): { lines: string[]; figures: Figure[] } {
  const at = runs.map(({ name, history, snapshots }) => {
    const entry = history.find((logged) => logged.epoch === epoch);
    const snapshot = snapshots.find((logged) => logged.epoch === epoch);
    if (!entry?.metrics || !snapshot) throw new Error(`runComparison: run "${name}" has no judged log line at epoch ${epoch}`);
    return { name, entry, images: pixelSnapshots([snapshot])[0].images };
  });
  const width = Math.max(...runs.map(({ name }) => name.length)) + 2;
  const best = at.reduce((a, b) => (b.entry.metrics![FID_LIKE] < a.entry.metrics![FID_LIKE] ? b : a));
  const fidCurves = runs.map(({ name, history }) => {
    const judged = history.filter((logged) => logged.epoch <= epoch && logged.metrics);
    return { name, x: judged.map((logged) => logged.epoch), y: judged.map((logged) => logged.metrics![FID_LIKE]) };
  });
  return {
    lines: [
      ...at.map(({ name, entry }) => `${name.padEnd(width)}${describeEntry(entry)}`),
      `lowest FID-like distance at epoch ${epoch}: ${best.name}`,
    ],
    figures: [
      lineChart(fidCurves, { title: 'FID-like distance (lower is better)', xTitle: 'epoch', yTitle: 'FID-like' }),
      digitGrid(
        at.flatMap(({ images }) => images),
        { columns: 8, titles: at.flatMap(({ name, images }) => images.map((_, i) => (i % 8 === 0 ? name : ''))), title: `The fixed noise vectors at epoch ${epoch}` },
      ),
    ],
  };
}

/** Snapshots of a tanh generator with their pixels back in 0..1, as the digit charts draw them. */
export function pixelSnapshots(snapshots: readonly Snapshot[]): Snapshot[] {
  return snapshots.map(({ epoch, images }) => ({ epoch, images: images.map((image) => image.map((value) => Math.min(1, Math.max(0, (value + 1) / 2)))) }));
}

/** Pixels 0..1 as MNIST's integer grey levels 0..255. */
export function toGreyLevels(images: number[][]): number[][] {
  return images.map((image) => image.map((value) => Math.min(255, Math.max(0, Math.round(value * 255)))));
}

export const dcganRun: HeadlessRun = {
  name: 'dcgan',
  summary: "chapter 7's DCGAN: conv G (batch norm) and D (dropout) on 28x28 MNIST digits",
  defaults: {
    epochs: String(DCGAN_HEADLESS_EPOCHS),
    samples: '1000',
    'batch-size': String(DCGAN_TRAINING.batchSize),
    'learning-rate': String(DCGAN_TRAINING.generatorOptimizer.learningRate),
    'per-digit': String(DCGAN_HEADLESS_DIGITS_PER_CLASS),
  },
  prepare(options, seed = 0) {
    const batchSize = integerOption('batch-size', options['batch-size'], 1);
    const learningRate = positiveNumberOption('learning-rate', options['learning-rate']);
    const perDigit = integerOption('per-digit', options['per-digit'], 1);
    const mnist = loadMnist();
    const data = loadMnist({ limit: perDigit });
    if (batchSize > data.images.length) throw new Error(`--batch-size ${batchSize} is larger than the ${data.images.length} digits of --per-digit ${perDigit}`);
    const judge = trainMnistJudge(mnist);
    const judged = `${(judge.heldOutAccuracy * 100).toFixed(1)}% right on ${judge.heldOut.labels.length} held-out digits`;
    const optimizer = { ...DCGAN_TRAINING.generatorOptimizer, learningRate };
    return {
      rows: toTanhRange(data.images),
      training: {
        ...DCGAN_TRAINING,
        batchSize,
        generatorOptimizer: optimizer,
        discriminatorOptimizer: optimizer,
        models: (rng) => buildDcgan(rng),
        judge: digitMetrics(judge, { seed }),
      },
      description:
        `${data.images.length} MNIST digits (up to ${perDigit} of each), scaled to -1..1; ` +
        `judge: a conv digit classifier, ${judged}`,
      async finish(run, out, count, seed) {
        const noise = latentNoise(count, latentSizeOf(run.sampler), createRng(seed));
        const samples = generatedPixels(run.sampler, noise);
        noise.dispose();
        await saveModel(run.sampler, out);
        await saveModel(run.discriminator, path.join(out, 'discriminator'));
        writeFileAtomically(path.join(out, 'samples.csv'), pixelsCsv(toGreyLevels(samples)));
        const classes = judgeClasses(judge, samples);
        const shares = classes.classShares.map((share, digit) => `${digit}: ${(share * 100).toFixed(1)}%`).join('  ');
        const verdict =
          `the judge reads the ${count} samples as ${classes.modesCovered} digit${classes.modesCovered === 1 ? '' : 's'} (each >= ${MODE_SHARE * 100}% of them), ` +
          `${(classes.confidentShare * 100).toFixed(1)}% with probability >= 0.9\n  ${shares}`;
        const last = run.history[run.history.length - 1];
        return {
          files: ['model.json', 'weights.bin', 'discriminator/model.json', 'discriminator/weights.bin', 'samples.csv'],
          sections: [
            { heading: 'Fixed noise over the epochs', figure: snapshotGrid(pixelSnapshots(run.snapshots), run.state.settings.snapshotCount) },
            { heading: 'Generated and real digits', figure: fakesBesideReals(samples, data.images.filter((_, i) => i % perDigit === 0)) },
            {
              heading: "The judge's metrics",
              text:
                `At every log line, ${DCGAN_JUDGED_SAMPLES} samples of G (from noise seeded by --seed) read by a conv digit ` +
                `classifier trained on all ${mnist.images.length} MNIST digits (seed 0; ${judged}). digits covered: the ` +
                `digits with at least 1% of the samples. confident: the share it reads with probability >= 0.9. FID-like: ` +
                `the Fréchet distance of its features, samples against ${DCGAN_JUDGED_SAMPLES} held-out real digits (lower ` +
                `is better; compare only runs judged alike). At epoch ${last.epoch}: ${formatMetrics(last.metrics ?? {})}.`,
              figure: digitMetricCurves(run.history),
            },
            {
              heading: `samples.csv: the ${count} samples`,
              text: verdict,
              figure: digitGrid(samples.slice(0, 64), { columns: 16, title: `The first ${Math.min(64, count)} samples` }),
            },
          ],
          summary: verdict,
        };
      },
    };
  },
};
