import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shuffledBatches } from '../kernel-helpers/src/data/batches';
import { datasetPath, foldedDigitLine, loadDigits, loadTrainingImages, parseDigits, selectDigit, SHIPPED_DIGITS_FILE } from '../kernel-helpers/src/data/digits';
import { createRng } from '../kernel-helpers/src/util/seeding';

const row = (pixel: number, label: number) => [...Array(64).fill(pixel), label].join(',');

test('the shipped file is the UCI test set: 1797 digits, 177 of them twos', () => {
  const digits = loadDigits();
  assert.is(digits.labels.length, 1797);
  assert.is(digits.pixels.length, 1797);
  assert.is(digits.labels.filter((label) => label === 2).length, 177);
  assert.is(digits.file, SHIPPED_DIGITS_FILE);
  // The first UCI test digit is a 0 whose top row is 0,0,5,13,9,1,0,0.
  assert.equal(digits.pixels[0].slice(0, 8), [0, 0, 5, 13, 9, 1, 0, 0]);
  assert.is(digits.labels[0], 0);
});

test('parsing keeps pixels and labels, skips blank lines and accepts CRLF', () => {
  const digits = parseDigits(`${row(3, 7)}\r\n\n${row(16, 2)}\n`, 'mem.csv');
  assert.equal(digits.labels, [7, 2]);
  assert.equal(digits.pixels[1], Array(64).fill(16));
});

const parseError = (text: string) => {
  try {
    parseDigits(text, 'bad.csv');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
};

test('a bad row is reported with its file and line number', () => {
  const good = row(1, 1);
  assert.is(parseError(`${good}\n1,2,3\n`), 'bad.csv:2: expected 65 comma-separated values (64 pixels, then the label), found 3');
  assert.is(parseError(`${good}\n${good}\n${row(17, 1)}`), 'bad.csv:3: pixel 1 is "17", expected an integer 0..16');
  assert.is(parseError(`${row(1, 10)}`), 'bad.csv:1: the label is "10", expected an integer 0..9');
  assert.is(parseError(`${good.replace(/^1,1/, '1,x')}`), 'bad.csv:1: pixel 2 is "x", expected an integer 0..16');
  assert.is(parseError(`${good.replace(/^1,/, '-1,')}`), 'bad.csv:1: pixel 1 is "-1", expected an integer 0..16');
  assert.is(parseError(`${good.replace(/^1,/, '1.5,')}`), 'bad.csv:1: pixel 1 is "1.5", expected an integer 0..16');
  assert.is(parseError('\n\n'), 'bad.csv: no digits in the file');
});

test('a header line is named as such; a file that is no digit data at all is named as that', () => {
  const header = ['pixel_' + Array.from({ length: 64 }, (_, i) => i).join(',pixel_'), 'label'].join(',');
  assert.is(parseError(`${header}\n${row(1, 1)}\n`), 'bad.csv:1: this looks like a header line; optdigits files have none, each line is 64 pixels and the label: delete it');
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
  assert.is(parseError(passwd), 'bad.csv: not an optdigits file: no line has 65 comma-separated numbers (64 pixels, then the label)');
  // A header above rows that all have a bad value is still a header: its rows have the shape of digits.
  assert.match(parseError(`${header}\n${row(17, 1)}\n`), /^bad\.csv:1: this looks like a header line/);
});

test('a missing file is named', () => {
  assert.throws(() => loadDigits('/nowhere/optdigits.tra'), /^\/nowhere\/optdigits\.tra: cannot read the digits file \(ENOENT\)$/);
});

test('a relative path that is not found is shown resolved from the working directory', () => {
  const notebooks = path.join(path.dirname(SHIPPED_DIGITS_FILE), '..', 'notebooks');
  const cwd = process.cwd();
  process.chdir(notebooks);
  try {
    assert.throws(
      () => loadDigits('datasets/optdigits.tes'),
      (error: Error) =>
        error.message ===
        `datasets/optdigits.tes: cannot read the digits file (ENOENT); relative paths start from the working directory ${process.cwd()}, ` +
          `so this is ${path.join(process.cwd(), 'datasets', 'optdigits.tes')}; the course's optdigits.tes is ${SHIPPED_DIGITS_FILE}, datasetPath("optdigits.tes")`,
    );
    assert.throws(() => loadDigits('mine.csv'), (error: Error) => error.message.endsWith(`so this is ${path.join(process.cwd(), 'mine.csv')}`));
  } finally {
    process.chdir(cwd);
  }
});

test('datasetPath names a file of the course\'s datasets/ folder from any working directory', () => {
  const cwd = process.cwd();
  try {
    for (const dir of [os.tmpdir(), path.dirname(SHIPPED_DIGITS_FILE)]) {
      process.chdir(dir);
      assert.is(loadDigits(datasetPath('optdigits.tes')).labels.length, 1797);
    }
  } finally {
    process.chdir(cwd);
  }
  assert.is(datasetPath('optdigits.tes'), SHIPPED_DIGITS_FILE);
  assert.ok(path.isAbsolute(datasetPath('optdigits.tra')));
});

test('any file in the optdigits format loads, e.g. optdigits.tra', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'digits-')), 'optdigits.tra');
  fs.writeFileSync(file, [row(8, 2), row(4, 3), row(16, 2)].join('\n'));
  assert.equal(loadTrainingImages(2, file), [Array(64).fill(0.5), Array(64).fill(1)]);
});

test('a digit\'s line prints folded within 100 characters, never inside a number, and unfolds to the file\'s line', () => {
  const widest = foldedDigitLine(Array(64).fill(16), 9);
  assert.ok(widest.split('\n').every((line) => line.length <= 100), widest);
  const digits = loadDigits();
  for (const i of [0, 1, 2, 1796]) {
    const folded = foldedDigitLine(digits.pixels[i], digits.labels[i]);
    assert.is(folded.split('\n').length, 2);
    assert.equal(parseDigits(folded.replace('\n  ', ''), 'mem.csv'), parseDigits(`${[...digits.pixels[i], digits.labels[i]].join(',')}`, 'mem.csv'));
    // Every printed line ends at a comma or at the end: a number is never split.
    assert.match(folded, /^[\d,]+,\n  [\d,]+\d$/);
  }
  assert.is(foldedDigitLine(Array(64).fill(3)), `${Array(32).fill(3).join(',')},\n  ${Array(32).fill(3).join(',')}`);
  assert.throws(() => foldedDigitLine([1, 2, 3]), /a digit has 64 pixels, got 3/);
});

test('selecting a digit keeps only it, and refuses digits outside 0..9 or absent', () => {
  const digits = parseDigits([row(1, 4), row(2, 5), row(3, 4)].join('\n'), 'mem.csv');
  assert.equal(selectDigit(digits, 4).pixels.map((p) => p[0]), [1, 3]);
  assert.throws(() => selectDigit(digits, 12), /digit must be an integer 0\.\.9, got 12/);
  assert.throws(() => selectDigit(digits, 7), /mem\.csv: no digit 7 in the file/);
});

test('training images are the twos scaled by 1/16', () => {
  const images = loadTrainingImages(2);
  const twos = selectDigit(loadDigits(), 2).pixels;
  assert.is(images.length, 177);
  assert.equal(images[5].map((v) => v * 16), twos[5]);
});

test('batches: seeded shuffle, full batches only, every row at most once', () => {
  const rows = Array.from({ length: 23 }, (_, i) => i);
  const batches = shuffledBatches(rows, 5, createRng(1));
  assert.equal(batches.map((batch) => batch.length), [5, 5, 5, 5]);
  const seen = batches.flat();
  assert.is(new Set(seen).size, 20);
  assert.not.equal(seen, rows.slice(0, 20));
  assert.equal(shuffledBatches(rows, 5, createRng(1)), batches);
  assert.not.equal(shuffledBatches(rows, 5, createRng(2)), batches);
  assert.throws(() => shuffledBatches(rows, 24, createRng(1)), /batch size 24 is larger than the 23 training images/);
  assert.throws(() => shuffledBatches(rows, 0, createRng(1)), /batch size must be a positive integer, got 0/);
});

test('the shuffle is uniform: each row lands in each position about equally often', () => {
  const rng = createRng(3);
  const counts = Array.from({ length: 4 }, () => Array(4).fill(0));
  const trials = 8000;
  for (let t = 0; t < trials; t++) shuffledBatches([0, 1, 2, 3], 4, rng)[0].forEach((row, position) => counts[row][position]++);
  // Expected 2000 each, standard deviation about 39.
  assert.ok(counts.flat().every((count) => Math.abs(count - trials / 4) < 200), JSON.stringify(counts));
});

test.run();
