/**
 * Do synthetic rows of a rare group help a classifier find it? (chapter 10, the source article's last example.)
 *
 * For each seed the real rows are split: only `keep` rows of the minority (e.g. 10 Chinstrap penguins) and
 * 1 - `testShare` of every other class's rows are kept for training; the minority's other rows and the rest of the
 * other classes are held out. A classifier (the logistic regression of metrics/table-quality.ts) predicts the
 * class column from the others, trained three ways on the same training rows:
 *
 * - `none`: the training rows as they are (the baseline);
 * - `repeated`: plus the kept minority rows repeated, `added` rows in all (plain oversampling: what synthetic rows
 *   must beat to be worth a GAN);
 * - `synthetic`: plus `added` minority rows from `synthesise` (e.g. a conditional GAN trained on the training rows
 *   only, never the held-out ones).
 *
 * `added` brings the minority up to the mean size of the other classes in the training rows. Each is scored on
 * the held-out rows: recall (the share of held-out minority rows found), precision (the share of rows called the
 * minority that are), and F1, their harmonic mean (0 when both are 0). Each seed draws its own split and GAN, so the
 * spread over seeds is part of the answer.
 */
import type { TableRecord, TableSchema } from '../data/table-encoding';
import { trainTableClassifier } from '../metrics/table-quality';
import { createRng, shuffledIndices } from '../util/seeding';

export const AUGMENTATIONS = ['none', 'repeated', 'synthetic'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];

export interface MinorityScores {
  recall: number;
  precision: number;
  f1: number;
}

export interface AugmentationTrial {
  seed: number;
  /** Minority rows added in the `repeated` and `synthetic` arms. */
  added: number;
  /** Held-out minority rows, and held-out rows in all. */
  heldOutMinority: number;
  heldOut: number;
  scores: Record<Augmentation, MinorityScores>;
}

export interface AugmentationOptions {
  /** The minority's value in the schema's condition column, e.g. "Chinstrap". */
  minority: string;
  /** Minority rows kept for training. */
  keep: number;
  /** Share of each other class's rows held out. */
  testShare: number;
  /** One trial per seed. */
  seeds: number[];
  /** `count` new minority rows made from `training` only, drawn from `seed`. */
  synthesise(training: TableRecord[], count: number, seed: number): Promise<TableRecord[]>;
  /** Called after each trial, e.g. to print it. */
  onTrial?(trial: AugmentationTrial): void;
}

/** Keeps `keep` seeded minority rows and 1 - testShare of each other class for training; the rest is held out. */
export function minoritySplit(
  records: TableRecord[],
  column: string,
  options: Pick<AugmentationOptions, 'minority' | 'keep' | 'testShare'> & { seed: number },
): { training: TableRecord[]; heldOut: TableRecord[] } {
  const { minority, keep, testShare, seed } = options;
  const count = records.filter((record) => record[column] === minority).length;
  if (!(Number.isInteger(keep) && keep >= 1 && keep < count)) {
    throw new Error(`minoritySplit: keep must be an integer 1..${count - 1} (${count} rows have ${column} ${minority}), got ${keep}`);
  }
  if (!(testShare > 0 && testShare < 1)) throw new Error(`minoritySplit: testShare must be between 0 and 1, got ${testShare}`);
  const rng = createRng(seed);
  const training: TableRecord[] = [];
  const heldOut: TableRecord[] = [];
  for (const value of [...new Set(records.map((record) => String(record[column])))].sort()) {
    const rows = records.filter((record) => record[column] === value);
    const order = shuffledIndices(rows.length, rng).map((i) => rows[i]);
    const kept = value === minority ? keep : rows.length - Math.round(rows.length * testShare);
    training.push(...order.slice(0, kept));
    heldOut.push(...order.slice(kept));
  }
  return { training, heldOut };
}

/** Recall, precision and F1 of `minority` from predicted and actual values. */
export function minorityScores(predicted: unknown[], actual: unknown[], minority: string): MinorityScores {
  if (predicted.length !== actual.length || actual.length === 0) throw new Error(`minorityScores: ${predicted.length} predictions for ${actual.length} rows`);
  const hits = actual.filter((value, i) => value === minority && predicted[i] === minority).length;
  const positives = actual.filter((value) => value === minority).length;
  const called = predicted.filter((value) => value === minority).length;
  const recall = positives === 0 ? 0 : hits / positives;
  const precision = called === 0 ? 0 : hits / called;
  return { recall, precision, f1: recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision) };
}

/** The experiment described at the top, one trial per seed. */
export async function minorityAugmentation(records: TableRecord[], schema: TableSchema, options: AugmentationOptions): Promise<AugmentationTrial[]> {
  const { minority, seeds, synthesise } = options;
  const column = schema.condition;
  const trials: AugmentationTrial[] = [];
  for (const seed of seeds) {
    const { training, heldOut } = minoritySplit(records, column, { ...options, seed });
    const kept = training.filter((record) => record[column] === minority);
    const others = new Set(training.map((record) => record[column])).size - 1;
    const added = Math.round((training.length - kept.length) / others) - kept.length;
    const synthetic = await synthesise(training, added, seed);
    if (synthetic.length !== added || synthetic.some((record) => record[column] !== minority)) {
      throw new Error(`minorityAugmentation: synthesise must give ${added} rows of ${column} ${minority}`);
    }
    const extra: Record<Augmentation, TableRecord[]> = {
      none: [],
      repeated: Array.from({ length: added }, (_, i) => kept[i % kept.length]),
      synthetic,
    };
    const actual = heldOut.map((record) => record[column]);
    const scoreWith = (rows: TableRecord[]) => minorityScores(trainTableClassifier([...training, ...rows], schema, column).predict(heldOut), actual, minority);
    const trial: AugmentationTrial = {
      seed,
      added,
      heldOutMinority: actual.filter((value) => value === minority).length,
      heldOut: heldOut.length,
      scores: { none: scoreWith(extra.none), repeated: scoreWith(extra.repeated), synthetic: scoreWith(extra.synthetic) },
    };
    options.onTrial?.(trial);
    trials.push(trial);
  }
  return trials;
}

const NAMES: Record<Augmentation, string> = { none: 'real rows only', repeated: '+ kept rows repeated', synthetic: '+ synthetic rows' };

/** One line per trial and arm, then the mean and range of each arm over the trials. */
export function augmentationTable(trials: AugmentationTrial[]): string {
  const cells = (values: number[]) => values.map((value) => value.toFixed(3).padStart(10)).join('');
  const lines = [`${'seed'.padEnd(6)}${'training rows'.padEnd(22)}${['recall', 'precision', 'F1'].map((name) => name.padStart(10)).join('')}`];
  for (const trial of trials) {
    for (const arm of AUGMENTATIONS) {
      const s = trial.scores[arm];
      lines.push(`${String(trial.seed).padEnd(6)}${NAMES[arm].padEnd(22)}${cells([s.recall, s.precision, s.f1])}`);
    }
  }
  for (const arm of AUGMENTATIONS) {
    const of = (key: keyof MinorityScores) => trials.map((trial) => trial.scores[arm][key]);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const f1 = of('f1');
    lines.push(
      `${'mean'.padEnd(6)}${NAMES[arm].padEnd(22)}${cells([mean(of('recall')), mean(of('precision')), mean(f1)])}` +
        `   F1 ${Math.min(...f1).toFixed(3)}..${Math.max(...f1).toFixed(3)}`,
    );
  }
  return lines.join('\n');
}
