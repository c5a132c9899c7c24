/**
 * `npm run train -- --model cgan`: chapter 8's conditional GAN (models/conditional-gan.ts) on all ten UCI digits, at
 * the chapter's settings (CGAN_TRAINING and the networks' defaults), which the notebook imports from here.
 *
 * At each log line the course's digit classifier (trained once per run on every digit of the data file, seed 0, so
 * every run is judged alike) reads CGAN_JUDGED_PER_LABEL samples of each label, drawn as samples.csv is, and the log
 * shows the share classified as the label asked for (mean and worst label) and the mean coverage of each label's real
 * digits (metrics/per-label.ts). Writes samples.csv in the optdigits format: for each label 0..9, --samples lines of
 * 64 integers 0..16 followed by the label asked for; model.json + weights.bin (G's moving average, two inputs: z and
 * the one-hot label).
 */
import * as path from 'node:path';
import { loadDigits, normalisePixels, SHIPPED_DIGITS_FILE } from '../data/digits';
import { trainDigitClassifier } from '../metrics/classifier-judge';
import { conditionalJudge, judgePerLabel } from '../metrics/per-label';
import { buildConditionalGan, generateForLabels, labelGridImages, labelsInOrder } from '../models/conditional-gan';
import { formatDigit, pixelsCsv, toUciPixels } from '../models/generation';
import { saveModel } from '../models/model-io';
import { lineChart } from '../plotting';
import { labelGrid, perLabelChart } from '../plotting/label-grid';
import { formatMetrics, HistoryEntry } from '../training/log-line';
import { adam } from '../training/optimizers';
import { TrainingSettings } from '../training/settings';
import { writeFileAtomically } from '../util/files';
import { HeadlessRun, integerOption, nonEmptyOption, positiveNumberOption } from './headless-run';

/**
 * Chapter 8's training settings; the rest are trainGan's defaults (BCE loss, one D step per G step). Seed 0: 98.4% of
 * samples.csv classified as asked (worst label 8, 94.5%), coverage 0.611 on average; seeds 1 and 2: 97.5% and 97.6%,
 * worst 94.0% and 91.5%, coverage 0.601 and 0.577. Batches of 64 at Adam 0.002, average 0.999, 60 epochs judged
 * about as well (97.9%, worst 92.0%, coverage 0.662 on seed 0) in 1.5 times the time.
 */
export const CGAN_TRAINING = {
  seed: 0,
  /** Passes over the 1797 digits: 14 steps of each network per epoch at batches of 128, 980 in all. */
  epochs: 70,
  batchSize: 128,
  /** Adam at 0.003 with beta1 0.5 (as DCGAN) for both networks. */
  generatorOptimizer: adam(0.003, 0.5),
  discriminatorOptimizer: adam(0.003, 0.5),
  /** Samples come from a moving average of G's weights over about the last 500 G steps. */
  generatorAverageDecay: 0.998,
  classes: 10,
  logEvery: 10,
  accuracySamples: 500,
  snapshotCount: 10,
} satisfies Partial<TrainingSettings>;

/** Samples of each label the judge reads at each log line (as many as samples.csv holds by default). */
export const CGAN_JUDGED_PER_LABEL = 200;

/** The per-label summary of each log line over the epochs. */
export function conditionalMetricCurves(history: readonly HistoryEntry[]): ReturnType<typeof lineChart> {
  const judged = history.filter((entry) => entry.metrics !== undefined);
  const epochs = judged.map((entry) => entry.epoch);
  const series = (name: string, label = name) => ({ name: label, x: epochs, y: judged.map((entry) => entry.metrics![name]) });
  return lineChart(
    [series('as asked', 'as asked (mean)'), series('worst', 'as asked (worst label)'), series('coverage', 'coverage (mean)')],
    { title: 'Each label judged, over the epochs', xTitle: 'epoch', yTitle: 'share (0..1)' },
  );
}

export const cganRun: HeadlessRun = {
  name: 'cgan',
  summary: "chapter 8's conditional GAN: dense G and D given the label, all ten UCI digits (--samples per label)",
  defaults: {
    epochs: String(CGAN_TRAINING.epochs),
    data: SHIPPED_DIGITS_FILE,
    samples: String(CGAN_JUDGED_PER_LABEL),
    'batch-size': String(CGAN_TRAINING.batchSize),
    'learning-rate': String(CGAN_TRAINING.generatorOptimizer.learningRate),
  },
  prepare(options, seed = 0) {
    const data = nonEmptyOption('data', options.data);
    const batchSize = integerOption('batch-size', options['batch-size'], 1);
    const learningRate = positiveNumberOption('learning-rate', options['learning-rate']);
    const digits = loadDigits(data);
    const images = normalisePixels(digits.pixels);
    if (batchSize > images.length) throw new Error(`--batch-size ${batchSize} is larger than the ${images.length} digits in ${data}`);
    const missing = labelsInOrder(10, 1).filter((label) => !digits.labels.includes(label));
    if (missing.length > 0) throw new Error(`${data}: no digit ${missing.join(', ')}; the conditional GAN needs all ten`);
    const judge = trainDigitClassifier(images, digits.labels);
    const judged = `${(judge.heldOutAccuracy * 100).toFixed(1)}% right on ${judge.heldOut.labels.length} held-out digits`;
    const optimizer = { ...CGAN_TRAINING.generatorOptimizer, learningRate };
    return {
      rows: images,
      labels: digits.labels,
      training: {
        ...CGAN_TRAINING,
        batchSize,
        generatorOptimizer: optimizer,
        discriminatorOptimizer: optimizer,
        models: (rng) => buildConditionalGan(rng),
        judge: conditionalJudge(judge, images, digits.labels, { seed, perLabel: CGAN_JUDGED_PER_LABEL }),
      },
      description: `${images.length} digits of all ten labels from ${path.relative(process.cwd(), data) || data}; judge: ${judged}`,
      async finish(run, out, count, seed) {
        // Drawn as the judge draws its samples, so with --samples 200 the last log line judged these very rows.
        const labels = labelsInOrder(10, count);
        const pixels = toUciPixels(generateForLabels(run.sampler, labels, seed));
        await saveModel(run.sampler, out);
        writeFileAtomically(path.join(out, 'samples.csv'), pixelsCsv(pixels.map((row, i) => [...row, labels[i]])));
        const judgement = count > 5 ? judgePerLabel(judge, images, digits.labels, normalisePixels(pixels), labels) : undefined;
        const verdict = judgement
          ? `classified as asked: ${share(judgement.meanClassifiedShare)} on average, worst ${share(judgement.worstClassifiedShare)} ` +
            `(label ${judgement.worstLabel});\ncoverage of each label's real digits: ${share(judgement.meanCoverage)} on average ` +
            `in pixels, ${share(judgement.meanFeatureCoverage)} in the judge's features`
          : `too few samples per label (${count}) to judge them: it takes more than 5`;
        const perLabel = judgement?.labels
          .map((entry) => `${entry.label}: ${share(entry.classifiedShare)} as asked, coverage ${share(entry.coverage)}`)
          .join('; ');
        const last = run.history[run.history.length - 1];
        return {
          files: ['model.json', 'weights.bin', 'samples.csv'],
          sections: [
            { heading: 'Every label, the same noise', figure: labelGrid(labelGridImages(run.sampler, 10, seed), 10) },
            {
              heading: 'Each label judged, over the epochs',
              text:
                `At every log line, ${CGAN_JUDGED_PER_LABEL} samples of each label (noise seeded by --seed, as samples.csv ` +
                `is drawn) read by a digit classifier trained on the ${images.length} digits (seed 0; ${judged}). as asked: ` +
                `the share it classifies as the label asked for, averaged over the labels; worst: the lowest label's share. ` +
                `coverage: the share of a label's real digits whose ball (its 5 nearest real neighbours of the label, in ` +
                `pixels) holds a sample of that label, averaged over the labels. At epoch ${last.epoch}: ${formatMetrics(last.metrics ?? {})}.`,
              figure: conditionalMetricCurves(run.history),
            },
            ...(judgement ? [{ heading: `samples.csv: ${count} samples of each label`, text: `${verdict.replace('\n', ' ')}. ${perLabel}.`, figure: perLabelChart(judgement) }] : []),
          ],
          summary: `${verdict}\none synthetic 8 (0..16):\n${formatDigit(pixels[8 * count])}`,
        };
      },
    };
  },
};

function share(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
