/**
 * A table's rows as numbers a GAN can learn, and back (chapter 10).
 *
 * Every column but the condition becomes a stretch of the encoded row, a *segment*, and G ends in one activation
 * per segment (models/tabular-gan.ts):
 *
 * - categorical: one-hot over its categories (null, a missing value, is a category of its own); G: a softmax group.
 * - numeric, `minmax`: the real min..max scaled linearly to -1..1; G: a tanh.
 * - numeric, `modes`: CTGAN's mode-specific normalisation (Xu et al. 2019, "Modeling tabular data using conditional
 *   GAN"). A Gaussian mixture fitted to the column (EM, 1 to 4 modes, chosen by BIC) finds its humps; a value becomes
 *   its most likely mode, one-hot, and its distance from that mode's mean in units of 4 standard deviations, a
 *   scalar in about -1..1. G: a tanh and a softmax group. A two-humped column (flipper lengths: Gentoo against the
 *   rest) is then a choice between two bumps plus a small offset, instead of one wide range G must shape.
 *   (CTGAN draws the mode at random by its probability and fits a Bayesian mixture of up to 10 modes; the most
 *   likely mode and BIC keep this encoding deterministic, so it can be undone exactly.)
 *
 * The condition column (e.g. Species) is not generated: its value is the row's label 0..classes-1, which G and D
 * take one-hot (training/train-gan.ts with `classes` and `labels`). Decoding takes each softmax group's largest
 * entry and maps scalars back, rounded to the decimals the column has in the real data, so that
 * decode(encode(rows), labelsOf(rows)) gives the rows back exactly.
 */

export type TableValue = string | number | null;
export type TableRecord = Record<string, TableValue>;

export interface TableSchema {
  /** Every column, in the table's order (decoded rows keep it). */
  columns: { name: string; type: 'numeric' | 'categorical' }[];
  /** A categorical column G is told instead of generating: the label of a conditional GAN. */
  condition: string;
}

export const NUMERIC_TRANSFORMS = ['minmax', 'modes'] as const;
export type NumericTransform = (typeof NUMERIC_TRANSFORMS)[number];

/** A stretch of an encoded row and G's activation for it. */
export interface Segment {
  column: string;
  activation: 'tanh' | 'softmax';
  start: number;
  width: number;
}

export interface GaussianMode {
  mean: number;
  std: number;
  /** Share of the column's values in this mode. */
  weight: number;
}

type ColumnCode =
  | { type: 'minmax'; name: string; min: number; max: number; decimals: number }
  | { type: 'modes'; name: string; modes: GaussianMode[]; decimals: number }
  | { type: 'categorical'; name: string; categories: (string | null)[] };

/** The most modes a numeric column is given, and the lowest share a mode may keep. */
const MAX_MODES = 4;
const MIN_MODE_WEIGHT = 0.005;

export class TableEncoder {
  /** The condition's values in label order: label i is classes[i]. */
  readonly classes: string[];
  readonly segments: Segment[];
  /** Numbers per encoded row. */
  readonly width: number;

  constructor(
    readonly schema: TableSchema,
    readonly transform: NumericTransform,
    private readonly codes: ColumnCode[],
    classes: (string | null)[],
  ) {
    this.classes = classes.map(String);
    this.segments = [];
    let start = 0;
    const add = (column: string, activation: Segment['activation'], width: number) => {
      this.segments.push({ column, activation, start, width });
      start += width;
    };
    for (const code of codes) {
      if (code.type === 'categorical') add(code.name, 'softmax', code.categories.length);
      else add(code.name, 'tanh', 1);
      if (code.type === 'modes' && code.modes.length > 1) add(code.name, 'softmax', code.modes.length);
    }
    this.width = start;
  }

  /** Each row as `width` numbers (without the condition); an unknown category or a non-number throws naming the row. */
  encode(records: TableRecord[]): number[][] {
    return records.map((record, i) =>
      this.codes.flatMap((code) => {
        const value = record[code.name];
        if (code.type === 'categorical') return oneHot(code.categories.length, categoryIndex(code.name, code.categories, value, i));
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`encode: row ${i}: "${code.name}" is ${JSON.stringify(value)}, expected a number`);
        if (code.type === 'minmax') return [code.max === code.min ? 0 : (2 * (value - code.min)) / (code.max - code.min) - 1];
        const mode = likeliestMode(code.modes, value);
        const offset = (value - code.modes[mode].mean) / (4 * code.modes[mode].std);
        return code.modes.length > 1 ? [offset, ...oneHot(code.modes.length, mode)] : [offset];
      }),
    );
  }

  /** Each row's label: the index of its condition value in `classes`. */
  labelsOf(records: TableRecord[]): number[] {
    const name = this.schema.condition;
    return records.map((record, i) => categoryIndex(name, this.classes, record[name], i));
  }

  /** Rows back from encoded numbers (e.g. G's output) and their labels, with the schema's columns in order. */
  decode(rows: number[][], labels: number[]): TableRecord[] {
    if (rows.length !== labels.length) throw new Error(`decode: ${rows.length} rows and ${labels.length} labels`);
    return rows.map((row, i) => {
      if (row.length !== this.width) throw new Error(`decode: row ${i} has ${row.length} numbers, the encoding ${this.width}`);
      if (!(labels[i] >= 0 && labels[i] < this.classes.length)) throw new Error(`decode: label ${labels[i]} of row ${i} is not 0..${this.classes.length - 1}`);
      const values = new Map<string, TableValue>([[this.schema.condition, this.classes[labels[i]]]]);
      let at = 0;
      for (const code of this.codes) {
        if (code.type === 'categorical') {
          values.set(code.name, code.categories[argmax(row, at, code.categories.length)]);
          at += code.categories.length;
        } else if (code.type === 'minmax') {
          values.set(code.name, rounded(code.min + ((row[at] + 1) / 2) * (code.max - code.min), code.decimals));
          at += 1;
        } else {
          const many = code.modes.length > 1;
          const mode = code.modes[many ? argmax(row, at + 1, code.modes.length) : 0];
          values.set(code.name, rounded(mode.mean + 4 * mode.std * row[at], code.decimals));
          at += many ? 1 + code.modes.length : 1;
        }
      }
      return Object.fromEntries(this.schema.columns.map(({ name }) => [name, values.get(name)!]));
    });
  }

  /** The Gaussian modes fitted to a numeric column (the `modes` transform only). */
  modesOf(column: string): GaussianMode[] {
    const code = this.codes.find((candidate) => candidate.name === column);
    if (code?.type !== 'modes') throw new Error(`modesOf: "${column}" is not a numeric column encoded with modes`);
    return code.modes;
  }

  /** One line per column: how it is encoded. */
  describe(): string {
    const name = (text: string) => text.padEnd(20);
    const lines = [`${name(this.schema.condition)}condition: label 0..${this.classes.length - 1} = ${this.classes.join(', ')}`];
    for (const code of this.codes) {
      const width = this.segments.filter((segment) => segment.column === code.name).map((s) => `${s.activation} ${s.width}`).join(' + ');
      if (code.type === 'categorical') lines.push(`${name(code.name)}${width}: ${code.categories.map(String).join(', ')}`);
      else if (code.type === 'minmax') lines.push(`${name(code.name)}${width}: ${code.min}..${code.max} to -1..1`);
      else {
        const modes = code.modes.map((m) => `${m.mean.toFixed(code.decimals)} ± ${m.std.toFixed(code.decimals)} (${Math.round(m.weight * 100)}%)`);
        lines.push(`${name(code.name)}${width}: modes ${modes.join(', ')}`);
      }
    }
    return lines.join('\n');
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TableEncoder { ${this.transform}, ${this.width} numbers per row, ${this.classes.length} classes }`;
  }
}

/** Fits the encoding of `schema`'s columns to `records` (the real rows), numeric columns with `transform`. */
export function fitTableEncoder(records: TableRecord[], schema: TableSchema, transform: NumericTransform = 'modes'): TableEncoder {
  if (!NUMERIC_TRANSFORMS.includes(transform)) throw new Error(`fitTableEncoder: transform must be one of ${NUMERIC_TRANSFORMS.join(', ')}, got "${transform}"`);
  if (records.length === 0) throw new Error('fitTableEncoder: no rows');
  const condition = schema.columns.find((column) => column.name === schema.condition);
  if (condition?.type !== 'categorical') throw new Error(`fitTableEncoder: the condition "${schema.condition}" must be a categorical column of the schema`);
  const codes = schema.columns
    .filter(({ name }) => name !== schema.condition)
    .map(({ name, type }): ColumnCode => {
      if (type === 'categorical') return { type, name, categories: categoriesOf(records.map((record) => record[name])) };
      const values = records.map((record, i) => {
        const value = record[name];
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`fitTableEncoder: row ${i}: "${name}" is ${JSON.stringify(value)}, expected a number`);
        return value;
      });
      const decimals = Math.max(...values.map(decimalsOf));
      if (transform === 'minmax') return { type: 'minmax', name, min: Math.min(...values), max: Math.max(...values), decimals };
      return { type: 'modes', name, modes: fitGaussianModes(values), decimals };
    });
  const classes = categoriesOf(records.map((record) => record[schema.condition]));
  if (classes.includes(null)) throw new Error(`fitTableEncoder: the condition "${schema.condition}" has missing values`);
  return new TableEncoder(schema, transform, codes, classes);
}

/**
 * A 1-D Gaussian mixture for `values`: EM from means at evenly spaced quantiles, for 1 to 4 modes; the number with
 * the lowest BIC (-2 log-likelihood + (3k - 1) ln n) wins, and modes holding under 0.5% of the values are dropped.
 * Modes come sorted by mean.
 */
export function fitGaussianModes(values: number[], maxModes = MAX_MODES): GaussianMode[] {
  let best: { modes: GaussianMode[]; bic: number } | undefined;
  for (let k = 1; k <= Math.min(maxModes, new Set(values).size); k++) {
    const { modes, logLikelihood } = expectationMaximisation(values, k);
    const bic = -2 * logLikelihood + (3 * k - 1) * Math.log(values.length);
    if (!best || bic < best.bic) best = { modes, bic };
  }
  const kept = best!.modes.filter((mode) => mode.weight >= MIN_MODE_WEIGHT);
  const total = kept.reduce((sum, mode) => sum + mode.weight, 0);
  return kept.map((mode) => ({ ...mode, weight: mode.weight / total })).sort((a, b) => a.mean - b.mean);
}

function expectationMaximisation(values: number[], k: number): { modes: GaussianMode[]; logLikelihood: number } {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const spread = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n) || 1;
  // A mode narrower than this would sit on a single value and take the likelihood to infinity.
  const floor = spread * 1e-3;
  let modes: GaussianMode[] = Array.from({ length: k }, (_, j) => ({
    mean: sorted[Math.floor(((j + 0.5) / k) * n)],
    std: spread / k,
    weight: 1 / k,
  }));
  let logLikelihood = -Infinity;
  const responsibilities = values.map(() => new Array<number>(k).fill(0));
  for (let iteration = 0; iteration < 500; iteration++) {
    let total = 0;
    values.forEach((value, i) => {
      const logs = modes.map((mode) => Math.log(mode.weight) + logNormal(value, mode.mean, mode.std));
      const top = Math.max(...logs);
      const sum = logs.reduce((s, log) => s + Math.exp(log - top), 0);
      logs.forEach((log, j) => (responsibilities[i][j] = Math.exp(log - top) / sum));
      total += top + Math.log(sum);
    });
    modes = modes.map((mode, j) => {
      const weight = values.reduce((s, _, i) => s + responsibilities[i][j], 0);
      if (weight < 1e-9) return { ...mode, weight: 0 };
      const m = values.reduce((s, value, i) => s + responsibilities[i][j] * value, 0) / weight;
      const variance = values.reduce((s, value, i) => s + responsibilities[i][j] * (value - m) ** 2, 0) / weight;
      return { mean: m, std: Math.max(Math.sqrt(variance), floor), weight: weight / n };
    });
    modes = modes.filter((mode) => mode.weight > 0);
    const done = total - logLikelihood < 1e-8 * n;
    logLikelihood = total;
    if (done) break;
  }
  return { modes, logLikelihood };
}

function logNormal(x: number, mean: number, std: number): number {
  return -0.5 * ((x - mean) / std) ** 2 - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
}

/** The mode under which `value` is most likely (weight times density). */
function likeliestMode(modes: GaussianMode[], value: number): number {
  const logs = modes.map((mode) => Math.log(mode.weight) + logNormal(value, mode.mean, mode.std));
  return logs.indexOf(Math.max(...logs));
}

/** The distinct values of a categorical column: names sorted, null (missing) last. */
function categoriesOf(values: TableValue[]): (string | null)[] {
  const names = [...new Set(values.filter((value) => value !== null).map(String))].sort();
  return values.includes(null) ? [...names, null] : names;
}

function categoryIndex(column: string, categories: (string | null)[], value: TableValue, row: number): number {
  const index = categories.indexOf(value === null ? null : String(value));
  if (index < 0) throw new Error(`encode: row ${row}: "${column}" is ${JSON.stringify(value)}, not one of ${JSON.stringify(categories)}`);
  return index;
}

function oneHot(width: number, index: number): number[] {
  return Array.from({ length: width }, (_, i) => (i === index ? 1 : 0));
}

/** The index of the largest of row[start .. start+width-1], relative to start. */
function argmax(row: number[], start: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if (row[start + i] > row[start + best]) best = i;
  return best;
}

/** Digits after the decimal point in the shortest text of `value` (0 for 3750, 1 for 39.1). */
function decimalsOf(value: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

function rounded(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}
