/**
 * `npm run train -- --digit 2 --epochs 100 --seed 0 --out runs/demo`: the course's GAN run without a notebook.
 *
 * Trains with the chapters' defaults, prints the same log as chapter 3, and writes into the out folder:
 * model.json + weights.bin (the generator), history.json (one entry per logged epoch), samples.csv (synthetic
 * digits, 64 integers 0..16 a line) and report.html (the charts). Bad options or data: one line on stderr, exit 2.
 *
 * Every --checkpoint-every epochs, and on Ctrl-C (exit 130), the run writes out/checkpoint.json atomically;
 * `npm run train -- --out runs/demo --resume` continues from it to the same final epoch, with the same result
 * as a run that was never stopped.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomically } from '../util/files';
import { initBackend } from '../runtime/backend';
import { loadTrainingImages, SHIPPED_DIGITS_FILE } from '../data/digits';
import { formatDigit, generateImages, pixelsCsv, toUciPixels } from '../models/generation';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from '../training/checkpoints';
import { TrainingInterrupted } from '../training/interrupts';
import { saveModel } from '../models/model-io';
import { accuracyCurve, lossCurves, ReportSection, writeHtmlReport } from '../plotting';
import { terminalProgress } from '../training/progress';
import { fakesBesideReals, scoreCurves, snapshotGrid } from '../plotting/run-charts';
import { createRng, latentNoise } from '../util/seeding';
import { adam } from '../training/optimizers';
import { DEFAULT_TRAINING_SETTINGS } from '../training/settings';
import { GanRun, trainGan, WHAT_TO_EXPECT } from '../training/train-gan';
import { TrainingState } from '../training/state';

const DEFAULTS = {
  digit: '2',
  epochs: String(DEFAULT_TRAINING_SETTINGS.epochs),
  seed: String(DEFAULT_TRAINING_SETTINGS.seed),
  out: path.join('runs', 'demo'),
  data: SHIPPED_DIGITS_FILE,
  samples: '500',
  'batch-size': String(DEFAULT_TRAINING_SETTINGS.batchSize),
  'learning-rate': String(DEFAULT_TRAINING_SETTINGS.generatorOptimizer.learningRate),
  'checkpoint-every': '10',
};
const OPTIONS = '--digit 2, --epochs 100, --seed 0, --out runs/demo, --data FILE (optdigits format), --samples 500, --batch-size 10, --learning-rate 0.005, --checkpoint-every 10, --resume';

interface TrainOptions {
  digit: number;
  epochs: number;
  seed: number;
  out: string;
  data: string;
  samples: number;
  batchSize: number;
  learningRate: number;
  checkpointEvery: number;
  /** Continue from out/checkpoint.json with the options saved in it. */
  resume: boolean;
}

/** Reads the command line; throws a one-line message naming the option at fault. */
export function parseTrainOptions(args: string[]): TrainOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: withDashValuesJoined(args),
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, { type: 'string' as const }])),
        resume: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's own messages run to several sentences; the first one names the option.
    throw new Error(`${(error as Error).message.split(/\.\s/)[0]}; the options are ${OPTIONS}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"; the options are ${OPTIONS}`);
  const { resume = false, ...given } = values as Record<string, string | undefined> & { resume?: boolean };
  const others = Object.keys(given).filter((name) => name !== 'out');
  if (resume && others.length > 0) {
    throw new Error(`--resume continues with the options saved in the checkpoint; give only --out, not --${others[0]}`);
  }
  const text = { ...DEFAULTS, ...given } as typeof DEFAULTS;
  return {
    digit: integerOption('digit', text.digit, 0, 9),
    epochs: integerOption('epochs', text.epochs, 1),
    seed: integerOption('seed', text.seed, 0, 2 ** 32 - 1),
    out: nonEmptyOption('out', text.out),
    data: nonEmptyOption('data', text.data),
    samples: integerOption('samples', text.samples, 1),
    batchSize: integerOption('batch-size', text['batch-size'], 1),
    learningRate: positiveNumberOption('learning-rate', text['learning-rate']),
    checkpointEvery: integerOption('checkpoint-every', text['checkpoint-every'], 1),
    resume,
  };
}

/**
 * Node's parseArgs refuses `--epochs -3` as a forgotten value ("argument is ambiguous"). A value option followed
 * by an argument with one leading dash takes it as its value, as `--epochs=-3` does, so a negative number gets
 * the option's own message. Options (two dashes) and anything after `--` are left to parseArgs.
 */
function withDashValuesJoined(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...joined, ...args.slice(i)];
    const next = args[i + 1];
    if (args[i].startsWith('--') && Object.hasOwn(DEFAULTS, args[i].slice(2)) && next !== undefined && /^-(?!-)/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

function integerOption(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new Error(`--${name} must be an integer ${range}, got "${text}"`);
  }
  return value;
}

function positiveNumberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && Number.isFinite(value))) throw new Error(`--${name} must be a number > 0, got "${text}"`);
  return value;
}

function nonEmptyOption(name: string, text: string): string {
  if (text.trim() === '') throw new Error(`--${name} must not be empty`);
  return text;
}

async function main(given: TrainOptions): Promise<void> {
  await initBackend();
  const checkpointFile = path.join(given.out, CHECKPOINT_FILE);
  const checkpoint = given.resume ? await loadCheckpoint(checkpointFile) : undefined;
  if (checkpoint && typeof checkpoint.about.digit !== 'number') {
    throw new Error(`${checkpointFile}: holds no options of npm run train (saved from a notebook?); continue it there with trainGan`);
  }
  // A resumed run takes every option but --out from the run it continues.
  const options: TrainOptions = checkpoint ? { ...(checkpoint.about as unknown as TrainOptions), out: given.out, resume: true } : given;
  const images = loadTrainingImages(options.digit, options.data);
  if (options.batchSize > images.length) {
    throw new Error(`--batch-size ${options.batchSize} is larger than the ${images.length} images of digit ${options.digit} in ${options.data}`);
  }
  console.log(`${images.length} images of digit ${options.digit} from ${path.relative(process.cwd(), options.data) || options.data}`);
  const save = (state: TrainingState) => saveCheckpoint(checkpointFile, state, { ...options, resume: false });
  let run: GanRun;
  try {
    run = await trainGan(images, {
      ...(checkpoint ? { state: checkpoint.state } : { seed: options.seed, epochs: options.epochs, batchSize: options.batchSize, generatorOptimizer: adam(options.learningRate), discriminatorOptimizer: adam(options.learningRate) }),
      progress: terminalProgress(),
      onEpochEnd: (epoch, state) => (epoch % options.checkpointEvery === 0 || epoch === state.settings.epochs ? save(state) : undefined),
    });
  } catch (error) {
    if (!(error instanceof TrainingInterrupted)) throw error;
    await save(error.state);
    console.error(`train: ${error.message}; saved ${checkpointFile}; continue with: npm run train -- --out ${options.out} --resume`);
    process.exitCode = 130;
    return;
  }
  // The samples' noise comes from the seed too, so the same command writes the same samples.csv.
  const noise = latentNoise(options.samples, DEFAULT_TRAINING_SETTINGS.config.latentSize, createRng(options.seed));
  const samples = generateImages(run.generator, noise);
  noise.dispose();
  await writeRun(options, run, images, samples);
  console.log(`trained in ${run.seconds.toFixed(1)} s; one synthetic ${options.digit} (0..16):\n${formatDigit(toUciPixels(samples)[0])}`);
  console.log(`wrote ${options.out}: model.json, weights.bin, history.json, samples.csv, report.html, ${CHECKPOINT_FILE}`);
}

async function writeRun(options: TrainOptions, run: GanRun, reals: number[][], samples: number[][]): Promise<void> {
  await saveModel(run.generator, options.out);
  writeFileAtomically(path.join(options.out, 'history.json'), JSON.stringify(run.history, null, 2) + '\n');
  writeFileAtomically(path.join(options.out, 'samples.csv'), pixelsCsv(toUciPixels(samples)));
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
