import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDigits, selectDigit } from '../kernel-helpers/src/data/digits';
import { digitsDataFrame, PIXEL_COLUMNS } from '../kernel-helpers/src/data/data-frame';

const digits = loadDigits();
const frame = digitsDataFrame(digits);

test('one row per digit, columns r0c0..r7c7 then label', () => {
  assert.equal(frame.shape, [1797, 65]);
  assert.equal([PIXEL_COLUMNS[0], PIXEL_COLUMNS[9], PIXEL_COLUMNS[63]], ['r0c0', 'r1c1', 'r7c7']);
  assert.equal(frame.columns.slice(-1), ['label']);
  // Row 0, pixel (0, 2) is the third value of the file's first line.
  assert.is(frame.at(0, 'r0c2'), digits.pixels[0][2]);
});

test('label counts agree with a direct count', () => {
  const counts = frame['label'].valueCounts();
  const twos = selectDigit(digits, 2).labels.length;
  assert.is(counts.values[counts.index.indexOf(2)], twos);
});

test('describe() gives the mean of a pixel column', () => {
  const described = frame.loc({ columns: ['r3c4'] }).describe();
  const mean = digits.pixels.reduce((sum, p) => sum + p[28], 0) / digits.pixels.length;
  assert.ok(Math.abs((described.at('mean', 'r3c4') as number) - mean) < 1e-9);
});

test('head() prints within 100 characters a line, with the first and last columns and the label', () => {
  const printed = frame.head(3).toString().split('\n');
  assert.ok(printed.every((line) => line.length <= 100), printed.map((line) => line.length).join(' '));
  assert.match(printed[1], /r0c0 .*\.\.\. .*r7c7 .*label/);
});

test.run();
