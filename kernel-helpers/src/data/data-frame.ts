/**
 * A danfojs-node DataFrame view of the digits (chapter 1), for describe() and label counts in the notebook.
 */
import type * as dfd from 'danfojs-node';
import { Digits, PIXELS_PER_DIGIT } from './digits';

/** Column names r0c0 .. r7c7: the pixel at row r, column c of the 8x8 image. */
export const PIXEL_COLUMNS = Array.from({ length: PIXELS_PER_DIGIT }, (_, i) => `r${Math.floor(i / 8)}c${i % 8}`);

/**
 * danfojs prints every column 17 characters wide, so ten of the 65 columns make 160-character lines that
 * wrap into an unreadable grid in the notebook; pixel values and names such as r0c0 fit in 6.
 */
const NARROW_COLUMNS = { columns: Object.fromEntries(Array.from({ length: PIXEL_COLUMNS.length + 2 }, (_, i) => [i, { width: 6 }])) };

/** One row per digit: its 64 raw pixels (0..16) and its label; `print()` fits a notebook's width. */
export function digitsDataFrame(digits: Digits): dfd.DataFrame {
  // Loaded on first use: danfojs takes a second or two to load, and only chapter 1 needs it.
  const { DataFrame } = require('danfojs-node') as typeof dfd;
  const rows = digits.pixels.map((pixels, i) => [...pixels, digits.labels[i]]);
  return new DataFrame(rows, { columns: [...PIXEL_COLUMNS, 'label'], config: { tableDisplayConfig: NARROW_COLUMNS } });
}
