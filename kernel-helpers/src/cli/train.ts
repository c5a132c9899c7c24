/**
 * `npm run train -- --digit 2 --epochs 100 --seed 0 --out runs/demo`: the course's GAN run without a notebook.
 *
 * Trains with the chapters' defaults, prints the same log as chapter 3, and writes into the out folder:
 * model.json + weights.bin (the generator), history.json (one entry per logged epoch), samples.csv (synthetic
 * digits, 64 integers 0..16 a line) and report.html (the charts). Bad options or data: one line on stderr, exit 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend';
import { loadTrainingImages, SHIPPED_DIGITS_FILE } from '../data';
import { formatDigit, generateImages, pixelsCsv, toUciPixels } from '../generation';
import { saveModel } from '../model-io';
import { accuracyCurve, lossCurves, ReportSection, writeHtmlReport } from '../plotting';
import { terminalProgress } from '../progress';
import { fakesBesideReals, scoreCurves, snapshotGrid } from '../run-charts';
import { createRng, latentNoise } from '../seeding';
import { DEFAULT_TRAINING_SETTINGS, GanRun, trainGan, WHAT_TO_EXPECT } from '../training';

const OPTIONS = '--digit 2, --epochs 100, --seed 0, --out runs/demo, --data FILE (optdigits format), --samples 500';

interface TrainOptions {
  digit: number;
  epochs: number;
  seed: number;
  out: string;
  data: string;
  samples: number;
}

/** Reads the command line; throws a one-line message naming the option at fault. */
export function parseTrainOptions(args: string[]): TrainOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        digit: { type: 'string', default: '2' },
        epochs: { type: 'string', default: String(DEFAULT_TRAINING_SETTINGS.epochs) },
        seed: { type: 'string', default: String(DEFAULT_TRAINING_SETTINGS.seed) },
        out: { type: 'string', default: path.join('runs', 'demo') },
        data: { type: 'string', default: SHIPPED_DIGITS_FILE },
        samples: { type: 'string', default: '500' },
      },
    });
  } catch (error) {
    // Node's own messages run to several sentences; the first one names the option.
    throw new Error(`${(error as Error).message.split(/\.\s/)[0]}; the options are ${OPTIONS}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"; the options are ${OPTIONS}`);
  return {
    digit: integerOption('digit', values.digit, 0, 9),
    epochs: integerOption('epochs', values.epochs, 1),
    seed: integerOption('seed', values.seed, 0, 2 ** 32 - 1),
    out: nonEmptyOption('out', values.out),
    data: nonEmptyOption('data', values.data),
    samples: integerOption('samples', values.samples, 1),
  };
}

function integerOption(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new Error(`--${name} must be an integer ${range}, got "${text}"`);
  }
  return value;
}

function nonEmptyOption(name: string, text: string): string {
  if (text.trim() === '') throw new Error(`--${name} must not be empty`);
  return text;
}

async function main(options: TrainOptions): Promise<void> {
  const images = loadTrainingImages(options.digit, options.data);
  await initBackend();
  console.log(`${images.length} images of digit ${options.digit} from ${path.relative(process.cwd(), options.data) || options.data}`);
  const run = await trainGan(images, { seed: options.seed, epochs: options.epochs, progress: terminalProgress() });
  // The samples' noise comes from the seed too, so the same command writes the same samples.csv.
  const noise = latentNoise(options.samples, DEFAULT_TRAINING_SETTINGS.config.latentSize, createRng(options.seed));
  const samples = generateImages(run.generator, noise);
  noise.dispose();
  await writeRun(options, run, images, samples);
  console.log(`trained in ${run.seconds.toFixed(1)} s; one synthetic ${options.digit} (0..16):\n${formatDigit(toUciPixels(samples)[0])}`);
  console.log(`wrote ${options.out}: model.json, weights.bin, history.json, samples.csv, report.html`);
}

async function writeRun(options: TrainOptions, run: GanRun, reals: number[][], samples: number[][]): Promise<void> {
  fs.mkdirSync(options.out, { recursive: true });
  await saveModel(run.generator, options.out);
  fs.writeFileSync(path.join(options.out, 'history.json'), JSON.stringify(run.history, null, 2) + '\n');
  fs.writeFileSync(path.join(options.out, 'samples.csv'), pixelsCsv(toUciPixels(samples)));
  const sections: ReportSection[] = [
    { heading: 'Run', text: `Digit ${options.digit}, ${options.epochs} epochs, seed ${options.seed}, ${reals.length} training images from ${options.data}; ${run.seconds.toFixed(1)} s. ${WHAT_TO_EXPECT}` },
    { heading: 'Losses', figure: lossCurves(run.history) },
    { heading: 'Discriminator accuracy on fakes', figure: accuracyCurve(run.history) },
    { heading: 'D(x) and D(G(z))', figure: scoreCurves(run.history) },
    { heading: 'Fixed noise over the epochs', figure: snapshotGrid(run.snapshots) },
    { heading: 'Generated and real digits', figure: fakesBesideReals(samples, reals) },
  ];
  writeHtmlReport(path.join(options.out, 'report.html'), `GAN run: digit ${options.digit}`, sections);
}

if (require.main === module) {
  let options: TrainOptions | undefined;
  try {
    options = parseTrainOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`train: ${(error as Error).message}`);
    process.exit(2);
  }
  main(options).catch((error: Error) => {
    console.error(`train: ${error.message}`);
    process.exit(2);
  });
}
