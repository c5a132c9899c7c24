/**
 * `npm run train -- --model digits --epochs 100 --seed 0 --out runs/demo`: a chapter's GAN without a notebook.
 *
 * --model names the chapter's GAN (headless/index.ts; default `digits`, the demo of chapters 1-5); each model has
 * options of its own (see OPTIONS below, or give a wrong one). The run prints the chapter's log and writes into
 * the out folder samples.csv and the model's files (see its headless/ file), history.json (one entry per logged
 * epoch) and report.html (the charts). Bad options or data: one line on stderr, exit 2.
 *
 * Every --checkpoint-every epochs, and on Ctrl-C (exit 130), the run writes out/checkpoint.json atomically;
 * `npm run train -- --out runs/demo --resume` continues from it to the same final epoch, with the same result
 * as a run that was never stopped.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { accuracyCurve, lossCurves, ReportSection, writeHtmlReport } from '../plotting';
import { criticCurves, scoreCurves } from '../plotting/run-charts';
import { initBackend } from '../runtime/backend';
import { HeadlessRun, integerOption, nonEmptyOption } from '../headless/headless-run';
import { HEADLESS_RUNS } from '../headless/index';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from '../training/checkpoints';
import { TrainingInterrupted } from '../training/interrupts';
import { whatToExpect } from '../training/log-line';
import { isWasserstein } from '../training/losses';
import { terminalProgress } from '../training/progress';
import { TrainingState } from '../training/state';
import { GanRun, trainGan } from '../training/train-gan';
import { writeFileAtomically } from '../util/files';

/** Options of every model, with their defaults; --out defaults to runs/demo for the demo, runs/NAME otherwise. */
const SHARED_DEFAULTS = { model: 'digits', seed: '0', 'checkpoint-every': '10' };

export interface TrainCommand {
  model: HeadlessRun;
  /** The model's own options, as given or defaulted (text). */
  options: Record<string, string>;
  seed: number;
  epochs: number;
  samples: number;
  out: string;
  checkpointEvery: number;
  /** Continue from out/checkpoint.json with the options saved in it. */
  resume: boolean;
}

/** What a checkpoint of this command keeps, so that --resume can go on with the same run. */
interface SavedCommand {
  model: string;
  options: Record<string, string>;
  seed: number;
  checkpointEvery: number;
}

/** Reads the command line; throws a one-line message naming the option at fault. */
export function parseTrainOptions(args: string[]): TrainCommand {
  const model = modelNamed(givenModel(args) ?? SHARED_DEFAULTS.model);
  const defaults: Record<string, string> = { ...SHARED_DEFAULTS, model: model.name, out: defaultOut(model), ...model.defaults };
  const optionList = `${Object.entries(defaults).map(([name, value]) => `--${name} ${path.isAbsolute(value) ? 'FILE' : value}`).join(', ')}, --resume`;
  let parsed;
  try {
    parsed = parseArgs({
      args: withDashValuesJoined(args, defaults),
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: 'string' as const }])),
        resume: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's own messages run to several sentences; the first one names the option.
    throw new Error(`${(error as Error).message.split(/\.\s/)[0]}; the options are ${optionList}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"; the options are ${optionList}`);
  const { resume = false, ...given } = values as Record<string, string | undefined> & { resume?: boolean };
  const others = Object.keys(given).filter((name) => name !== 'out');
  if (resume && others.length > 0) {
    throw new Error(`--resume continues with the options saved in the checkpoint; give only --out, not --${others[0]}`);
  }
  const chosen = { ...defaults, ...given } as Record<string, string>;
  const text = { ...chosen, ...model.derivedDefaults?.(chosen), ...given } as Record<string, string>;
  const { model: _model, seed, out, 'checkpoint-every': checkpointEvery, ...options } = text;
  return {
    model,
    options,
    seed: integerOption('seed', seed, 0, 2 ** 32 - 1),
    epochs: integerOption('epochs', options.epochs, 1),
    samples: integerOption('samples', options.samples, 1),
    out: nonEmptyOption('out', out),
    checkpointEvery: integerOption('checkpoint-every', checkpointEvery, 1),
    resume,
  };
}

/** The value of --model, if given (before the other options are known, since they depend on it). */
function givenModel(args: string[]): string | undefined {
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--model') return args[i + 1] ?? '';
    if (args[i].startsWith('--model=')) return args[i].slice('--model='.length);
  }
  return undefined;
}

function modelNamed(name: string): HeadlessRun {
  const model = HEADLESS_RUNS.find((run) => run.name === name);
  if (!model) throw new Error(`--model must be one of ${HEADLESS_RUNS.map((run) => run.name).join(', ')}, got "${name}"`);
  return model;
}

function defaultOut(model: HeadlessRun): string {
  return path.join('runs', model.name === 'digits' ? 'demo' : model.name);
}

/**
 * Node's parseArgs refuses `--epochs -3` as a forgotten value ("argument is ambiguous"). A value option followed
 * by an argument with one leading dash takes it as its value, as `--epochs=-3` does, so a negative number gets
 * the option's own message. Options (two dashes) and anything after `--` are left to parseArgs.
 */
function withDashValuesJoined(args: string[], known: Record<string, string>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...joined, ...args.slice(i)];
    const next = args[i + 1];
    if (args[i].startsWith('--') && Object.hasOwn(known, args[i].slice(2)) && next !== undefined && /^-(?!-)/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

async function main(given: TrainCommand): Promise<void> {
  await initBackend();
  const checkpointFile = path.join(given.out, CHECKPOINT_FILE);
  const checkpoint = given.resume ? await loadCheckpoint(checkpointFile) : undefined;
  // A resumed run takes every option but --out from the run it continues.
  const command = checkpoint ? savedCommand(checkpoint.about, checkpointFile, given.out) : given;
  const { model, options, seed, epochs, samples, out, checkpointEvery } = command;
  const prepared = await model.prepare(options, seed);
  console.log(prepared.description);
  const about: SavedCommand = { model: model.name, options, seed, checkpointEvery };
  const save = (state: TrainingState) => saveCheckpoint(checkpointFile, state, { ...about });
  let run: GanRun;
  try {
    run = await trainGan(prepared.rows, {
      ...(checkpoint ? { state: checkpoint.state, judge: prepared.training.judge } : { ...prepared.training, seed, epochs }),
      labels: prepared.labels,
      progress: terminalProgress(),
      onEpochEnd: (epoch, state) => (epoch % checkpointEvery === 0 || epoch === state.settings.epochs ? save(state) : undefined),
    });
  } catch (error) {
    if (!(error instanceof TrainingInterrupted)) throw error;
    await save(error.state);
    console.error(`train: ${error.message}; saved ${checkpointFile}; continue with: npm run train -- --out ${out} --resume`);
    process.exitCode = 130;
    return;
  }
  const finished = await prepared.finish(run, out, samples, seed);
  writeFileAtomically(path.join(out, 'history.json'), JSON.stringify(run.history, null, 2) + '\n');
  const { loss } = run.state.settings;
  const sections: ReportSection[] = [
    { heading: 'Run', text: `${prepared.description}; ${epochs} epochs, seed ${seed}; ${run.seconds.toFixed(1)} s. ${whatToExpect(loss)}` },
    { heading: 'Losses', figure: lossCurves(run.history) },
    isWasserstein(loss)
      ? { heading: 'The critic', figure: criticCurves(run.history) }
      : { heading: 'Discriminator accuracy on fakes', figure: accuracyCurve(run.history) },
    { heading: 'D(x) and D(G(z))', figure: scoreCurves(run.history) },
    ...finished.sections,
  ];
  writeHtmlReport(path.join(out, 'report.html'), `GAN run: ${model.name}`, sections);
  console.log(`trained in ${run.seconds.toFixed(1)} s; ${finished.summary}`);
  console.log(`wrote ${out}: ${[...finished.files, 'history.json', 'report.html', CHECKPOINT_FILE].join(', ')}`);
}

/** The command a checkpoint was saved by, with --out as now given. */
function savedCommand(about: Record<string, unknown>, file: string, out: string): TrainCommand {
  const saved = about as Partial<SavedCommand>;
  if (typeof saved.model !== 'string' || typeof saved.options !== 'object' || typeof saved.seed !== 'number') {
    throw new Error(`${file}: holds no options of npm run train (saved from a notebook?); continue it there with trainGan`);
  }
  const model = modelNamed(saved.model);
  const options = saved.options as Record<string, string>;
  return {
    model,
    options,
    seed: saved.seed,
    epochs: integerOption('epochs', options.epochs, 1),
    samples: integerOption('samples', options.samples, 1),
    out,
    checkpointEvery: saved.checkpointEvery ?? Number(SHARED_DEFAULTS['checkpoint-every']),
    resume: true,
  };
}

if (require.main === module) {
  let command: TrainCommand | undefined;
  try {
    command = parseTrainOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`train: ${(error as Error).message}`);
    process.exit(2);
  }
  main(command).catch((error: Error) => {
    console.error(`train: ${error.message}`);
    process.exit(2);
  });
}
