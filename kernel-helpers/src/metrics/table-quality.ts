/**
 * How good are synthetic table rows (chapter 10)? The checks of SDMetrics' quality report, plus usefulness,
 * validity and privacy, each comparing the synthetic rows with the real ones:
 *
 * - column fidelity, per column: 1 - the Kolmogorov-Smirnov statistic (the largest gap between the two empirical
 *   distribution functions) for a numeric column, 1 - the total variation distance (half the summed gaps between
 *   the two shares of each category) for a categorical one. 1 means the same distribution; SDMetrics calls them
 *   KSComplement and TVComplement.
 * - correlations: the Pearson correlation matrices of the numeric columns, real and synthetic, and the mean
 *   absolute difference of their entries above the diagonal (0 means the same pairwise linear relations).
 * - usefulness, "train on synthetic, test on real" (TSTR) against "train on real, test on real" (TRTR): a
 *   classifier (multinomial logistic regression) predicts a target column from the others. TRTR is its accuracy
 *   over 5 folds of the real rows (each row predicted by a classifier that did not see it); TSTR that of one
 *   trained on all the synthetic rows, predicting every real row. Their ratio is how much of the real rows'
 *   usefulness the synthetic ones keep. The GAN saw the real rows TSTR is tested on, as in SDMetrics' own report.
 * - valid rows: every number within its real column's min..max, every category a real one, and every pair of
 *   categories seen together in some real row (no Chinstrap on Biscoe if the real table has none).
 * - copies: synthetic rows equal to a real row in every column (exact), and rows closer to a real row, in
 *   standardised features, than the two closest different real rows are to each other (near; metrics/copies.ts).
 */
import type { TableRecord, TableSchema, TableValue } from '../data/table-encoding';
import { createRng, shuffledIndices } from '../util/seeding';
import { copyShares } from './copies';

export interface ColumnFidelity {
  column: string;
  /** KS for a numeric column, TVD for a categorical one. */
  measure: 'KS' | 'TVD';
  distance: number;
  /** 1 - distance. */
  score: number;
}

export interface CorrelationComparison {
  columns: string[];
  real: number[][];
  synthetic: number[][];
  /** |real - synthetic|, entry by entry. */
  difference: number[][];
  /** The mean of `difference` above the diagonal (over the pairs of columns). */
  meanDifference: number;
}

export interface ClassifierUsefulness {
  target: string;
  /** Accuracy on the real rows of a classifier trained on real rows (5-fold). */
  realAccuracy: number;
  /** Accuracy on the real rows of a classifier trained on the synthetic rows. */
  syntheticAccuracy: number;
  /** syntheticAccuracy / realAccuracy. */
  ratio: number;
}

export interface TableQuality {
  columns: ColumnFidelity[];
  meanFidelity: number;
  minFidelity: number;
  correlations: CorrelationComparison;
  usefulness: ClassifierUsefulness;
  /** Share of synthetic rows that pass every validity check, and how many rows failed each (first failure counted). */
  valid: { share: number; failures: Record<string, number> };
  copies: { exact: number; near: number };
}

/** The largest gap between the empirical distribution functions of two samples (two-sample KS statistic). */
export function ksStatistic(a: number[], b: number[]): number {
  if (a.length === 0 || b.length === 0) throw new Error('ksStatistic: both samples need at least one value');
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === value) i++;
    while (j < y.length && y[j] === value) j++;
    largest = Math.max(largest, Math.abs(i / x.length - j / y.length));
  }
  return largest;
}

/** Half the summed absolute differences between the shares of each value in two samples of categories. */
export function totalVariationDistance(a: TableValue[], b: TableValue[]): number {
  if (a.length === 0 || b.length === 0) throw new Error('totalVariationDistance: both samples need at least one value');
  const shares = (values: TableValue[]) => {
    const counts = new Map<TableValue, number>();
    values.forEach((value) => counts.set(value, (counts.get(value) ?? 0) + 1 / values.length));
    return counts;
  };
  const p = shares(a);
  const q = shares(b);
  const keys = new Set([...p.keys(), ...q.keys()]);
  return 0.5 * [...keys].reduce<number>((sum, key) => sum + Math.abs((p.get(key) ?? 0) - (q.get(key) ?? 0)), 0);
}

/** Column fidelity (1 - KS or 1 - TVD) of every column of `schema`, the condition included. */
export function columnFidelity(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema): ColumnFidelity[] {
  return schema.columns.map(({ name, type }) => {
    const distance =
      type === 'numeric'
        ? ksStatistic(numbersOf(real, name), numbersOf(synthetic, name))
        : totalVariationDistance(real.map((record) => record[name]), synthetic.map((record) => record[name]));
    return { column: name, measure: type === 'numeric' ? 'KS' : 'TVD', distance, score: 1 - distance };
  });
}

/** Pearson correlations between `columns` (numbers) of the rows; 0 where a column is constant. */
export function correlationMatrix(records: TableRecord[], columns: string[]): number[][] {
  const values = columns.map((column) => numbersOf(records, column));
  const centred = values.map((column) => {
    const mean = column.reduce((sum, value) => sum + value, 0) / column.length;
    return column.map((value) => value - mean);
  });
  const norms = centred.map((column) => Math.sqrt(column.reduce((sum, value) => sum + value * value, 0)));
  return centred.map((a, i) =>
    centred.map((b, j) => {
      if (i === j) return 1;
      if (norms[i] === 0 || norms[j] === 0) return 0;
      return a.reduce((sum, value, k) => sum + value * b[k], 0) / (norms[i] * norms[j]);
    }),
  );
}

/** Both correlation matrices of the numeric columns, their difference and its mean over the pairs. */
export function compareCorrelations(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema): CorrelationComparison {
  const columns = schema.columns.filter(({ type }) => type === 'numeric').map(({ name }) => name);
  if (columns.length < 2) throw new Error('compareCorrelations: the schema needs at least two numeric columns');
  const realMatrix = correlationMatrix(real, columns);
  const syntheticMatrix = correlationMatrix(synthetic, columns);
  const difference = realMatrix.map((row, i) => row.map((value, j) => Math.abs(value - syntheticMatrix[i][j])));
  const pairs = difference.flatMap((row, i) => row.slice(i + 1));
  return { columns, real: realMatrix, synthetic: syntheticMatrix, difference, meanDifference: pairs.reduce((s, v) => s + v, 0) / pairs.length };
}

/**
 * Rows as classifier features: numbers standardised with the mean and spread of `reference`, categories one-hot
 * over those of `reference` (an unseen one is all zeros). Leaves out `exclude` (the target).
 */
export class TableFeatures {
  private readonly numeric: { name: string; mean: number; std: number }[];
  private readonly categorical: { name: string; categories: TableValue[] }[];

  constructor(reference: TableRecord[], schema: TableSchema, readonly exclude?: string) {
    const used = schema.columns.filter(({ name }) => name !== exclude);
    this.numeric = used
      .filter(({ type }) => type === 'numeric')
      .map(({ name }) => {
        const values = numbersOf(reference, name);
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) || 1;
        return { name, mean, std };
      });
    this.categorical = used
      .filter(({ type }) => type === 'categorical')
      .map(({ name }) => ({ name, categories: [...new Set(reference.map((record) => record[name]))] }));
  }

  of(records: TableRecord[]): number[][] {
    return records.map((record) => [
      ...this.numeric.map(({ name, mean, std }) => ((record[name] as number) - mean) / std),
      ...this.categorical.flatMap(({ name, categories }) => categories.map((category) => (record[name] === category ? 1 : 0))),
    ]);
  }
}

export interface TableClassifier {
  /** The target's classes, in the order of the model's outputs. */
  classes: TableValue[];
  predict(records: TableRecord[]): TableValue[];
}

/**
 * Multinomial logistic regression of `target` on the other columns of `records`: features from `features` (default:
 * standardised on `records`), weights from zero, 300 steps of full-batch gradient descent (rate 0.5, L2 0.001).
 * Deterministic: the same rows give the same classifier.
 */
export function trainTableClassifier(records: TableRecord[], schema: TableSchema, target: string, features = new TableFeatures(records, schema, target)): TableClassifier {
  if (features.exclude !== target) throw new Error(`trainTableClassifier: the features must leave out the target "${target}"`);
  const classes = [...new Set(records.map((record) => record[target]))].sort();
  const x = features.of(records);
  const y = records.map((record) => classes.indexOf(record[target]));
  const d = x[0].length + 1;
  const weights = classes.map(() => new Float64Array(d));
  const rate = 0.5;
  const l2 = 0.001;
  for (let step = 0; step < 300; step++) {
    const gradient = classes.map(() => new Float64Array(d));
    x.forEach((row, i) => {
      const p = softmax(weights.map((w) => score(w, row)));
      p.forEach((probability, c) => {
        const error = probability - (y[i] === c ? 1 : 0);
        for (let k = 0; k < row.length; k++) gradient[c][k] += error * row[k];
        gradient[c][d - 1] += error;
      });
    });
    weights.forEach((w, c) => {
      for (let k = 0; k < d; k++) w[k] -= rate * (gradient[c][k] / x.length + (k < d - 1 ? l2 * w[k] : 0));
    });
  }
  return {
    classes,
    predict: (rows) =>
      features.of(rows).map((row) => {
        const scores = weights.map((w) => score(w, row));
        return classes[scores.indexOf(Math.max(...scores))];
      }),
  };
}

/** TRTR (5-fold on the real rows, folds drawn from `seed`) and TSTR accuracy of predicting `target`. */
export function classifierUsefulness(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema, target: string, seed = 0): ClassifierUsefulness {
  const folds = 5;
  const order = shuffledIndices(real.length, createRng(seed));
  let right = 0;
  for (let fold = 0; fold < folds; fold++) {
    const test = order.filter((_, i) => i % folds === fold).map((i) => real[i]);
    const train = order.filter((_, i) => i % folds !== fold).map((i) => real[i]);
    right += accuracy(trainTableClassifier(train, schema, target), test, target) * test.length;
  }
  const realAccuracy = right / real.length;
  const syntheticAccuracy = accuracy(trainTableClassifier(synthetic, schema, target), real, target);
  return { target, realAccuracy, syntheticAccuracy, ratio: syntheticAccuracy / realAccuracy };
}

/** Share of synthetic rows within the real ranges and categories, with pairs of categories seen in the real rows. */
export function validRows(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema): TableQuality['valid'] {
  const numeric = schema.columns.filter(({ type }) => type === 'numeric').map(({ name }) => {
    const values = numbersOf(real, name);
    return { name, min: Math.min(...values), max: Math.max(...values) };
  });
  const categorical = schema.columns.filter(({ type }) => type === 'categorical').map(({ name }) => name);
  const pairKey = (a: string, b: string, record: TableRecord) => JSON.stringify([a, record[a], b, record[b]]);
  const seenPairs = new Set(real.flatMap((record) => categorical.flatMap((a, i) => categorical.slice(i + 1).map((b) => pairKey(a, b, record)))));
  const seenValues = new Map(categorical.map((name) => [name, new Set(real.map((record) => record[name]))]));
  const failures: Record<string, number> = {};
  let valid = 0;
  for (const record of synthetic) {
    const failure =
      numeric.map(({ name, min, max }) => {
        const value = record[name];
        return typeof value === 'number' && value >= min && value <= max ? undefined : `${name} outside ${min}..${max}`;
      }).find(Boolean) ??
      categorical.map((name) => (seenValues.get(name)!.has(record[name]) ? undefined : `${name} ${record[name]} not a real category`)).find(Boolean) ??
      categorical.flatMap((a, i) => categorical.slice(i + 1).map((b) => (seenPairs.has(pairKey(a, b, record)) ? undefined : `${a} ${record[a]} with ${b} ${record[b]}`))).find(Boolean);
    if (failure === undefined) valid++;
    else failures[failure] = (failures[failure] ?? 0) + 1;
  }
  return { share: valid / synthetic.length, failures };
}

/** Exact copies (every column equal) and near copies of real rows among the synthetic ones. */
export function tableCopies(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema): TableQuality['copies'] {
  const key = (record: TableRecord) => JSON.stringify(schema.columns.map(({ name }) => record[name]));
  const realKeys = new Set(real.map(key));
  const exact = synthetic.filter((record) => realKeys.has(key(record))).length / synthetic.length;
  const features = new TableFeatures(real, schema);
  return { exact, near: copyShares(features.of(real), features.of(synthetic)).near };
}

/**
 * The quick checks, as a training judge's metrics: mean and lowest column fidelity, mean correlation difference.
 * (Usefulness, validity and copies take longer and are left to tableQuality at the end.)
 */
export function fidelitySummary(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema): Record<string, number> {
  const scores = columnFidelity(real, synthetic, schema).map((column) => column.score);
  return {
    'mean fidelity': scores.reduce((s, v) => s + v, 0) / scores.length,
    'lowest fidelity': Math.min(...scores),
    'correlation diff': compareCorrelations(real, synthetic, schema).meanDifference,
  };
}

/** Every check above; usefulness predicts `target` (default: the schema's condition). */
export function tableQuality(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema, options: { target?: string; seed?: number } = {}): TableQuality {
  const columns = columnFidelity(real, synthetic, schema);
  const scores = columns.map((column) => column.score);
  return {
    columns,
    meanFidelity: scores.reduce((s, v) => s + v, 0) / scores.length,
    minFidelity: Math.min(...scores),
    correlations: compareCorrelations(real, synthetic, schema),
    usefulness: classifierUsefulness(real, synthetic, schema, options.target ?? schema.condition, options.seed),
    valid: validRows(real, synthetic, schema),
    copies: tableCopies(real, synthetic, schema),
  };
}

/** The quality report as short lines (under 100 characters each). */
export function formatTableQuality(quality: TableQuality): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const { usefulness: u } = quality;
  return [
    `column fidelity: mean ${quality.meanFidelity.toFixed(3)}, lowest ${quality.minFidelity.toFixed(3)}`,
    ...quality.columns.map((c) => `  ${c.column.padEnd(20)} ${c.measure.padEnd(3)} ${c.distance.toFixed(3)}  fidelity ${c.score.toFixed(3)}`),
    `correlations (numeric columns): mean |real - synthetic| ${quality.correlations.meanDifference.toFixed(3)}`,
    `predicting ${u.target}: trained on real ${percent(u.realAccuracy)}, on synthetic ${percent(u.syntheticAccuracy)} (ratio ${u.ratio.toFixed(3)})`,
    `valid rows: ${percent(quality.valid.share)}; copies of real rows: exact ${percent(quality.copies.exact)}, near ${percent(quality.copies.near)}`,
  ].join('\n');
}

function accuracy(classifier: TableClassifier, records: TableRecord[], target: string): number {
  const predicted = classifier.predict(records);
  return predicted.filter((value, i) => value === records[i][target]).length / records.length;
}

function numbersOf(records: TableRecord[], column: string): number[] {
  return records.map((record, i) => {
    const value = record[column];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`row ${i}: "${column}" is ${JSON.stringify(value)}, expected a number`);
    return value;
  });
}

function score(weights: Float64Array, row: number[]): number {
  let sum = weights[row.length];
  for (let k = 0; k < row.length; k++) sum += weights[k] * row[k];
  return sum;
}

function softmax(scores: number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / total);
}
