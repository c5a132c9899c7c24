/**
 * What `npm run train -- --model NAME` needs from each chapter's GAN (issue 11): its options with their
 * defaults, and how to turn them into data, models and trainGan settings, and a finished run into files.
 * cli/train.ts does the rest for every model alike: parsing, the log, checkpoints, Ctrl-C and --resume,
 * history.json and report.html. Each model lives in a file of its own beside this one (index.ts lists them).
 */
import type { ReportSection } from '../plotting';
import type { GanRun, TrainGanOptions } from '../training/train-gan';

export interface HeadlessRun {
  /** The value of --model. */
  name: string;
  /** One line: what it trains on what data. */
  summary: string;
  /** Every option of this model and its default, as the command line writes it; always `epochs` and `samples`. */
  defaults: Record<string, string>;
  /**
   * Defaults that follow from the value of another option (the digits run's --recipe sets --epochs and
   * --learning-rate), given every option as given or defaulted; options given on the command line still win.
   */
  derivedDefaults?(options: Record<string, string>): Record<string, string>;
  /**
   * Reads the options (each given or defaulted, as text) into data, models and settings; `seed` is the run's
   * --seed (e.g. for a judge that scores the samples finish() will write). Throws a one-line message naming the
   * option at fault (see the parsers below) or the data file and line.
   */
  prepare(options: Record<string, string>, seed: number): PreparedRun | Promise<PreparedRun>;
}

export interface PreparedRun {
  /** The real rows, flat; trainGan reshapes them to the discriminator's input. */
  rows: number[][];
  /** A conditional GAN's class of each row. */
  labels?: number[];
  /** trainGan's settings and models for this run (the seed, epochs and progress come from the command). */
  training: Omit<TrainGanOptions, 'seed' | 'epochs' | 'labels' | 'state' | 'progress' | 'onLog' | 'onEpochEnd'>;
  /** Printed before training, a line or two, e.g. `177 images of digit 2 from datasets/optdigits.tes`. */
  description: string;
  /**
   * After training: writes samples.csv (`samples` of them, drawn from `seed`) and the model's own files into
   * `out`; returns their names, the report's sections after the shared ones, and what to print at the end.
   */
  finish(run: GanRun, out: string, samples: number, seed: number): Promise<FinishedRun>;
}

export interface FinishedRun {
  files: string[];
  sections: ReportSection[];
  /** Printed after `trained in X s`, e.g. one sample. */
  summary: string;
}

export function integerOption(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new Error(`--${name} must be an integer ${range}, got "${text}"`);
  }
  return value;
}

export function positiveNumberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && Number.isFinite(value))) throw new Error(`--${name} must be a number > 0, got "${text}"`);
  return value;
}

export function nonEmptyOption(name: string, text: string): string {
  if (text.trim() === '') throw new Error(`--${name} must not be empty`);
  return text;
}

export function choiceOption<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new Error(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}
