/**
 * The Palmer penguins table (chapter 10): 344 penguins of three species from the npm package `vega-datasets`
 * (3.2.1), read from `node_modules/vega-datasets/data/penguins.json` as it is installed; nothing is copied or
 * downloaded. Provenance and licence (CC0): datasets/README.md.
 *
 * The file is a JSON array of objects with the 7 columns below. Every row is checked, and a bad one is refused
 * naming the file and the row (1-based, in file order). Missing values: 2 rows have no measurement at all and are
 * dropped (a GAN cannot learn from a row of nulls); a Sex of null or "." (one row has the dot) is kept as the
 * category null, "unknown", so the table keeps its 342 measured rows and the synthetic rows may be of unknown sex
 * as often as the real ones are.
 */
import type * as dfd from 'danfojs-node';
import * as path from 'node:path';
import { readNamedFile } from '../util/files';
import type { TableRecord, TableSchema } from './table-encoding';

export const PENGUIN_MEASUREMENTS = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;
/** The table's columns, in the file's order (and samples.csv's). */
export const PENGUIN_COLUMNS = ['Species', 'Island', ...PENGUIN_MEASUREMENTS, 'Sex'] as const;
const SEXES = ['MALE', 'FEMALE'];

/** How the chapter's GAN sees the table: Species is the condition, Island and Sex are generated as categories. */
export const PENGUINS_SCHEMA: TableSchema = {
  condition: 'Species',
  columns: PENGUIN_COLUMNS.map((name) => ({ name, type: (PENGUIN_MEASUREMENTS as readonly string[]).includes(name) ? 'numeric' : 'categorical' })),
};

export interface Penguins {
  /** The rows with all four measurements, in file order; Sex is "MALE", "FEMALE" or null (unknown). */
  records: TableRecord[];
  /** Row numbers (1-based) dropped because they have no measurement. */
  droppedRows: number[];
  /** Row numbers (1-based) of kept rows whose Sex was null or "." (now null). */
  unknownSexRows: number[];
  file: string;
}

/** The installed package's penguins.json (the package exports no package.json, so it is found from its entry point). */
export function penguinsFile(): string {
  return path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data', 'penguins.json');
}

/** Reads and checks the penguins table (default: the installed vega-datasets file). */
export function loadPenguins(file: string = penguinsFile()): Penguins {
  return parsePenguins(readNamedFile(file, 'the penguins table').toString('utf8'), file);
}

/** Parses penguins.json text; a malformed row throws an error naming `file` and the row. */
export function parsePenguins(text: string, file: string): Penguins {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); expected an array of rows with the columns ${PENGUIN_COLUMNS.join(', ')}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of rows, got ${typeof parsed}`);
  const penguins: Penguins = { records: [], droppedRows: [], unknownSexRows: [], file };
  parsed.forEach((row: unknown, index) => {
    const at = `${file}: row ${index + 1}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${at} is ${JSON.stringify(row)}, expected an object`);
    const record = row as Record<string, unknown>;
    const extra = Object.keys(record).find((key) => !(PENGUIN_COLUMNS as readonly string[]).includes(key));
    if (extra !== undefined) throw new Error(`${at} has an unknown column "${extra}"; the columns are ${PENGUIN_COLUMNS.join(', ')}`);
    const missing = PENGUIN_COLUMNS.find((column) => !(column in record));
    if (missing !== undefined) throw new Error(`${at} has no "${missing}" (a missing value is written null)`);
    for (const column of ['Species', 'Island']) {
      if (typeof record[column] !== 'string' || (record[column] as string).trim() === '') {
        throw new Error(`${at}: "${column}" is ${JSON.stringify(record[column])}, expected a name`);
      }
    }
    for (const column of PENGUIN_MEASUREMENTS) {
      const value = record[column];
      if (value !== null && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
        throw new Error(`${at}: "${column}" is ${JSON.stringify(value)}, expected a number > 0 or null`);
      }
    }
    const sex = record.Sex;
    if (!(sex === null || sex === '.' || SEXES.includes(sex as string))) {
      throw new Error(`${at}: "Sex" is ${JSON.stringify(sex)}, expected "MALE", "FEMALE" or null (or ".", read as null)`);
    }
    const measured = PENGUIN_MEASUREMENTS.filter((column) => record[column] !== null).length;
    if (measured === 0) {
      penguins.droppedRows.push(index + 1);
      return;
    }
    if (measured < PENGUIN_MEASUREMENTS.length) {
      throw new Error(`${at} has ${measured} of the ${PENGUIN_MEASUREMENTS.length} measurements; rows with all of them or none can be used`);
    }
    if (sex === null || sex === '.') penguins.unknownSexRows.push(index + 1);
    penguins.records.push(Object.fromEntries(PENGUIN_COLUMNS.map((column) => [column, column === 'Sex' && sex === '.' ? null : (record[column] as string | number | null)])));
  });
  if (penguins.records.length === 0) throw new Error(`${file}: no row with measurements`);
  return penguins;
}

/**
 * A danfojs DataFrame of table rows (records, or the file's raw rows), columns in `columns` order. Its print()
 * wraps the long column names onto three lines so that seven columns fit a notebook's width.
 */
export function tableDataFrame(records: Record<string, unknown>[], columns: readonly string[] = PENGUIN_COLUMNS): dfd.DataFrame {
  // Loaded on first use: danfojs takes a second or two to load.
  const { DataFrame } = require('danfojs-node') as typeof dfd;
  const frame = new DataFrame(records.map((record) => columns.map((column) => record[column] ?? null)), { columns: [...columns] });
  return narrowColumns(frame);
}

/** Sets `frame`'s print() to the index 8 characters wide, other columns 9, long names wrapped; returns the frame. */
export function narrowColumns(frame: dfd.DataFrame): dfd.DataFrame {
  frame.config.setTableDisplayConfig({
    columns: Object.fromEntries(Array.from({ length: frame.columns.length + 1 }, (_, i) => [i, { width: i === 0 ? 8 : 9, wrapWord: true }])),
  });
  return frame;
}
