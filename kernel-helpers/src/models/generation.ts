/**
 * Synthetic digits from a trained generator (chapter 5): generate, de-normalise to the UCI range 0..16,
 * print as an 8x8 array, and write in the optdigits format.
 */
import * as tf from '@tensorflow/tfjs';
import { MAX_PIXEL } from '../data/digits';

/** The generator's images for `noise`, pixels in 0..1, one array per image. */
export function generateImages(generator: tf.LayersModel, noise: tf.Tensor2D): number[][] {
  return tf.tidy(() => (generator.predict(noise) as tf.Tensor2D).arraySync());
}

/** Back to the data's scale: x16, rounded to integers 0..16 like the UCI pixels. */
export function toUciPixels(images: number[][]): number[][] {
  return images.map((image) => image.map((value) => Math.min(MAX_PIXEL, Math.max(0, Math.round(value * MAX_PIXEL)))));
}

/** A digit's pixels as a square array, one row per line, columns aligned. */
export function formatDigit(pixels: ArrayLike<number>): string {
  const side = Math.round(Math.sqrt(pixels.length));
  const width = Math.max(...Array.from(pixels, (value) => String(value).length));
  const rows: string[] = [];
  for (let row = 0; row < side; row++) {
    const values = Array.from(pixels).slice(row * side, (row + 1) * side);
    rows.push(values.map((value) => String(value).padStart(width)).join(' '));
  }
  return rows.join('\n');
}

/** Digits as CSV text, one per line, 64 comma-separated integers (the optdigits format without the label). */
export function pixelsCsv(pixels: number[][]): string {
  return pixels.map((row) => row.join(',')).join('\n') + '\n';
}
