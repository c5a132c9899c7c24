/**
 * `npm run train -- --model tabular`: chapter 10's conditional table GAN on the Palmer penguins (vega-datasets).
 *
 * Writes samples.csv: a header of the table's 7 column names, then --samples synthetic rows, their species in the
 * real table's proportions (largest remainders: 342 rows give 151 Adelie, 68 Chinstrap, 123 Gentoo), or all of
 * --species; an unknown Sex is an empty field, as a missing value. report.html adds the quality report (metrics/
 * table-quality.ts) and its charts: against the whole real table, or against the real rows of --species.
 * At every log line the run's judge draws a table of 342 rows (from the same noise each time) and logs its mean and
 * lowest column fidelity and its correlation difference (history.json keeps them in each entry's `metrics`).
 *
 * TABULAR_TRAINING are the chapter's settings (measured on seed 0: see the chapter and the README); the notebook and
 * the minority experiment train with them too (tabularGanOptions, synthesiseRows).
 */
import * as path from 'node:path';
import { loadPenguins, PENGUINS_SCHEMA, PENGUIN_COLUMNS } from '../data/penguins';
import { fitTableEncoder, NUMERIC_TRANSFORMS, TableEncoder, TableRecord, TableSchema, TableValue } from '../data/table-encoding';
import { columnFidelity, compareCorrelations, fidelitySummary, formatTableQuality, tableQuality } from '../metrics/table-quality';
import { buildTabularGan, generateTable, proportionalLabels } from '../models/tabular-gan';
import { lineChart } from '../plotting';
import { columnDistributions, correlationHeatmaps, fidelityBars, tableScatter } from '../plotting/table-charts';
import { adam } from '../training/optimizers';
import { silentProgress } from '../training/progress';
import type { TrainingSettings } from '../training/settings';
import { trainGan, TrainGanOptions } from '../training/train-gan';
import { writeFileAtomically } from '../util/files';
import { createRng, Rng } from '../util/seeding';
import { choiceOption, HeadlessRun, integerOption, positiveNumberOption } from './headless-run';

/**
 * The chapter's settings. BCE with a sigmoid D; Adam at 0.002 with beta1 0.5 (DCGAN's) and beta2 0.9; batches of
 * 64 (5 steps of each network per epoch on 342 rows), 100 epochs; G's moving average (decay 0.99) to sample from,
 * which evens out G's epoch-to-epoch swings.
 */
export const TABULAR_TRAINING = {
  epochs: 100,
  batchSize: 64,
  loss: 'bce',
  generatorOptimizer: adam(0.002, 0.5, 0.9),
  discriminatorOptimizer: adam(0.002, 0.5, 0.9),
  generatorAverageDecay: 0.99,
  logEvery: 10,
  accuracySamples: 342,
  snapshotCount: 3,
  valueRange: null,
} satisfies Partial<TrainingSettings>;

/** trainGan's options for a table encoded by `encoder`: TABULAR_TRAINING, the classes and the models. */
export function tabularGanOptions(encoder: TableEncoder): TrainGanOptions {
  return { ...TABULAR_TRAINING, classes: encoder.classes.length, models: (rng: Rng) => buildTabularGan(rng, encoder, 'sigmoid') };
}

/** Steps of each network in the chapter's run: 100 epochs of 5 batches of 64 penguins. */
export const TABULAR_STEPS = 500;

/**
 * Trains the chapter's GAN on `training` alone (its own encoding, fitted to those rows) for as many steps as the
 * chapter's run takes, so fewer rows get more epochs (202 rows: 3 batches, 167 epochs), and returns `count` rows
 * whose condition is `value`; the models are freed. The minority experiment's synthesiser.
 */
export async function synthesiseRows(training: TableRecord[], schema: TableSchema, value: string, count: number, seed: number): Promise<TableRecord[]> {
  const encoder = fitTableEncoder(training, schema);
  const label = encoder.classes.indexOf(value);
  if (label < 0) throw new Error(`synthesiseRows: no training row has ${schema.condition} ${value}`);
  const epochs = Math.ceil(TABULAR_STEPS / Math.floor(training.length / TABULAR_TRAINING.batchSize));
  const options = { ...tabularGanOptions(encoder), epochs, labels: encoder.labelsOf(training), seed, progress: silentProgress() };
  const run = await trainGan(encoder.encode(training), options);
  const rows = generateTable(run.sampler, encoder, new Array<number>(count).fill(label), createRng(seed));
  new Set([run.generator, run.discriminator, run.sampler]).forEach((model) => model.dispose());
  return rows;
}

/** Rows as CSV: a header of `columns`, then one line per row; null is an empty field. */
export function tableCsv(records: TableRecord[], columns: readonly string[]): string {
  const field = (value: TableValue | string) => {
    const text = value === null ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.map(field).join(','), ...records.map((record) => columns.map((column) => field(record[column])).join(','))].join('\n') + '\n';
}

export const tabularRun: HeadlessRun = {
  name: 'tabular',
  summary: "chapter 10: a conditional GAN of table rows (Palmer penguins), categorical columns as softmax groups",
  defaults: { epochs: String(TABULAR_TRAINING.epochs), samples: '342', species: 'all', transform: 'modes', 'batch-size': '64', 'learning-rate': '0.002' },
  prepare(options) {
    const transform = choiceOption('transform', options.transform, NUMERIC_TRANSFORMS);
    const batchSize = integerOption('batch-size', options['batch-size'], 1);
    const learningRate = positiveNumberOption('learning-rate', options['learning-rate']);
    const penguins = loadPenguins();
    const real = penguins.records;
    const encoder = fitTableEncoder(real, PENGUINS_SCHEMA, transform);
    const species = choiceOption('species', options.species, ['all', ...encoder.classes]);
    if (batchSize > real.length) throw new Error(`--batch-size ${batchSize} is larger than the ${real.length} penguins`);
    const realLabels = encoder.labelsOf(real);
    const drawLabels = (count: number) =>
      species === 'all' ? proportionalLabels(realLabels, encoder.classes.length, count) : new Array<number>(count).fill(encoder.classes.indexOf(species));
    const counts = encoder.classes.map((name, label) => `${realLabels.filter((l) => l === label).length} ${name}`).join(', ');
    return {
      rows: encoder.encode(real),
      labels: realLabels,
      training: {
        ...tabularGanOptions(encoder),
        batchSize,
        generatorOptimizer: adam(learningRate, 0.5, 0.9),
        discriminatorOptimizer: adam(learningRate, 0.5, 0.9),
        // The same noise (seed 0) at every log line, whatever --seed: the judge compares epochs, not runs.
        judge: (generator) => fidelitySummary(real, generateTable(generator, encoder, proportionalLabels(realLabels, encoder.classes.length, real.length), createRng(0)), PENGUINS_SCHEMA),
      },
      description:
        `${real.length} penguins (${counts}) from ${path.relative(process.cwd(), penguins.file)}; ` +
        `${penguins.droppedRows.length} rows without measurements left out, Sex unknown in ${penguins.unknownSexRows.length}\n` +
        `conditional on Species; numbers encoded with ${transform}, ${encoder.width} numbers per row; judge: column fidelity at each log`,
      async finish(run, out, count, sampleSeed) {
        // The rows come from the seed too, so the same command writes the same samples.csv.
        const synthetic = generateTable(run.sampler, encoder, drawLabels(count), createRng(sampleSeed));
        writeFileAtomically(path.join(out, 'samples.csv'), tableCsv(synthetic, PENGUIN_COLUMNS));
        const reference = species === 'all' ? real : real.filter((record) => record.Species === species);
        const judged = run.history.filter((entry) => entry.metrics);
        const curves = lineChart(
          ['mean fidelity', 'lowest fidelity', 'correlation diff'].map((name) => ({ name, x: judged.map((e) => e.epoch), y: judged.map((e) => e.metrics![name]) })),
          { title: "The judge's metrics (whole table, real proportions)", xTitle: 'epoch' },
        );
        const scatter = tableScatter(
          [
            { name: species === 'all' ? 'real' : `real ${species}`, records: reference },
            { name: 'synthetic', records: synthetic },
          ],
          'Beak Length (mm)',
          'Beak Depth (mm)',
          'Species',
        );
        let text: string;
        let fidelity;
        let correlations;
        if (species === 'all') {
          const quality = tableQuality(real, synthetic, PENGUINS_SCHEMA, { seed: sampleSeed });
          text = formatTableQuality(quality);
          ({ columns: fidelity, correlations } = quality);
        } else {
          fidelity = columnFidelity(reference, synthetic, PENGUINS_SCHEMA);
          correlations = compareCorrelations(reference, synthetic, PENGUINS_SCHEMA);
          const mean = fidelity.reduce((sum, column) => sum + column.score, 0) / fidelity.length;
          text =
            `${count} synthetic ${species} rows against the ${reference.length} real ones: column fidelity mean ${mean.toFixed(3)}, ` +
            `lowest ${Math.min(...fidelity.map((c) => c.score)).toFixed(3)}; correlation difference ${correlations.meanDifference.toFixed(3)}`;
        }
        // The per-column lines are in the chart; the page keeps the summary lines.
        const summaryLines = text.split('\n').filter((line) => !line.startsWith(' ')).join('; ');
        return {
          files: ['samples.csv'],
          sections: [
            { heading: 'Quality of samples.csv', text: summaryLines, figure: fidelityBars(fidelity) },
            { heading: 'Each column', figure: columnDistributions(reference, synthetic, PENGUINS_SCHEMA) },
            { heading: 'Beak length and depth', figure: scatter },
            { heading: 'Correlations', figure: correlationHeatmaps(correlations) },
            { heading: 'Over the epochs', figure: curves },
          ],
          summary: `${count} synthetic rows${species === 'all' ? '' : ` of ${species}`}:\n${text}`,
        };
      },
    };
  },
};
