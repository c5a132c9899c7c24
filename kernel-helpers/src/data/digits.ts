/**
 * The UCI optdigits data (chapter 1): read a file in the original format, validate every row, normalise, and
 * keep one digit. Each line holds 64 integers 0..16 (an 8x8 image, row by row) and then the label 0..9.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readNamedFile } from '../util/files';

export const PIXELS_PER_DIGIT = 64;
/** Each pixel counts the ink in a 4x4 block of the scanned 32x32 bitmap, so it lies in 0..16. */
export const MAX_PIXEL = 16;

const DATASETS_DIR = path.resolve(__dirname, '..', '..', '..', 'datasets');

/**
 * A file in the course's `datasets/` folder, by name: `loadDigits(datasetPath("optdigits.tes"))` works from any
 * folder, whereas a relative path starts from the working directory (`notebooks/` in a notebook).
 */
export function datasetPath(name: string): string {
  return path.join(DATASETS_DIR, name);
}

/** The digits shipped with the course: the UCI test file optdigits.tes (1797 digits). */
export const SHIPPED_DIGITS_FILE = datasetPath('optdigits.tes');

export interface Digits {
  /** Raw pixel values 0..16, one array of 64 per digit. */
  pixels: number[][];
  labels: number[];
  /** The file they came from, for messages. */
  file: string;
}

/** Reads and validates an optdigits file (optdigits.tes, optdigits.tra or one in the same format). */
export function loadDigits(file: string = SHIPPED_DIGITS_FILE): Digits {
  let bytes: Buffer;
  try {
    bytes = readNamedFile(file, 'the digits file');
  } catch (error) {
    if (path.isAbsolute(file)) throw error;
    throw new Error(`${(error as Error).message}; ${whereRelativePathsLead(file)}`);
  }
  return parseDigits(bytes.toString('utf8'), file);
}

/** Where a relative path led, and the course's own file of that name if there is one. */
function whereRelativePathsLead(file: string): string {
  const where = `relative paths start from the working directory ${process.cwd()}, so this is ${path.resolve(file)}`;
  const name = path.basename(file);
  return existsSync(datasetPath(name)) ? `${where}; the course's ${name} is ${datasetPath(name)}, datasetPath("${name}")` : where;
}

/**
 * Parses optdigits text; a bad row throws an error naming `file` and the line number.
 * Blank lines, CRLF line ends, spaces around values and a byte-order mark (trim() removes it) are accepted.
 */
export function parseDigits(text: string, file: string): Digits {
  const digits: Digits = { pixels: [], labels: [], file };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const place = `${file}:${index + 1}`;
    if (digits.labels.length === 0 && looksLikeHeader(line)) {
      if (!lines.some(looksLikeDigit)) {
        throw new Error(`${file}: not an optdigits file: no line has 65 comma-separated numbers (64 pixels, then the label)`);
      }
      throw new Error(`${place}: this looks like a header line; optdigits files have none, each line is 64 pixels and the label: delete it`);
    }
    const values = parseRow(line, place);
    digits.labels.push(values.pop() as number);
    digits.pixels.push(values);
  });
  if (digits.labels.length === 0) throw new Error(`${file}: no digits in the file`);
  return digits;
}

/** A first line with words in at least half its fields ("pixel0,...,label") names columns rather than holding a digit. */
function looksLikeHeader(line: string): boolean {
  const fields = line.split(',');
  return fields.filter((field) => /[a-z]/i.test(field)).length * 2 >= fields.length;
}

/** 65 comma-separated unsigned integers, whatever their range: a digit row, perhaps with a bad value. */
function looksLikeDigit(line: string): boolean {
  const fields = line.split(',');
  return fields.length === PIXELS_PER_DIGIT + 1 && fields.every((field) => /^\d+$/.test(field.trim()));
}

function parseRow(line: string, place: string): number[] {
  const fields = line.split(',').map((field) => field.trim());
  if (fields.length !== PIXELS_PER_DIGIT + 1) {
    throw new Error(`${place}: expected ${PIXELS_PER_DIGIT + 1} comma-separated values (64 pixels, then the label), found ${fields.length}`);
  }
  return fields.map((field, column) => {
    const isLabel = column === PIXELS_PER_DIGIT;
    const max = isLabel ? 9 : MAX_PIXEL;
    if (!/^\d+$/.test(field) || Number(field) > max) {
      const what = isLabel ? 'the label' : `pixel ${column + 1}`;
      throw new Error(`${place}: ${what} is ${quoted(field)}, expected an integer 0..${max}`);
    }
    return Number(field);
  });
}

/** The value as JSON, so that invisible characters show, cut short so that a line of binary junk stays one line. */
function quoted(field: string): string {
  const json = JSON.stringify(field);
  return json.length <= 24 ? json : `${json.slice(0, 20)}..."`;
}

/** A printed line of values is folded after this many: four of the eight image rows. */
const VALUES_PER_PRINTED_LINE = 32;

/**
 * A digit as its line in an optdigits file (the 64 pixels, then the label if given), for printing: folded after
 * the 32nd value, the rest indented, so that it fits a notebook's output (about 100 characters; at most 99 here)
 * and no number is split across lines. Without the fold and the indent it is the file's line.
 */
export function foldedDigitLine(pixels: ArrayLike<number>, label?: number): string {
  if (pixels.length !== PIXELS_PER_DIGIT) throw new Error(`a digit has ${PIXELS_PER_DIGIT} pixels, got ${pixels.length}`);
  const values = [...Array.from(pixels), ...(label === undefined ? [] : [label])];
  return `${values.slice(0, VALUES_PER_PRINTED_LINE).join(',')},\n  ${values.slice(VALUES_PER_PRINTED_LINE).join(',')}`;
}

/** The digits whose label is `digit`. */
export function selectDigit(digits: Digits, digit: number): Digits {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`digit must be an integer 0..9, got ${digit}`);
  const keep = digits.labels.map((label, i) => (label === digit ? i : -1)).filter((i) => i >= 0);
  if (keep.length === 0) throw new Error(`${digits.file}: no digit ${digit} in the file`);
  return { pixels: keep.map((i) => digits.pixels[i]), labels: keep.map((i) => digits.labels[i]), file: digits.file };
}

/** Pixels scaled to 0..1, the range of the generator's sigmoid output. */
export function normalisePixels(pixels: number[][]): number[][] {
  return pixels.map((row) => row.map((value) => value / MAX_PIXEL));
}

/** Loads `file`, keeps `digit` and normalises: the training images of chapters 3-5 and the headless run. */
export function loadTrainingImages(digit: number, file: string = SHIPPED_DIGITS_FILE): number[][] {
  return normalisePixels(selectDigit(loadDigits(file), digit).pixels);
}
