/**
 * The MNIST loader (kernel-helpers/src/data/mnist.ts) on the installed `mnist` package: images per digit,
 * values, a pixel checked by eye, and damaged copies of a file, each refused with an error naming the file.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadMnist, MNIST_PIXELS, mnistFolder } from '../kernel-helpers/src/data/mnist';

/** Images per digit 0..9 in mnist 1.1.0, counted with Python's json module (data length / 784). */
const IMAGES_PER_DIGIT = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

test('all 10,000 digits, as many of each as the package holds, 784 values in 0..1 each', () => {
  const { images, labels } = loadMnist();
  assert.is(images.length, 10_000);
  assert.equal(
    IMAGES_PER_DIGIT.map((_, digit) => labels.filter((label) => label === digit).length),
    IMAGES_PER_DIGIT,
  );
  let min = Infinity;
  let max = -Infinity;
  for (const image of images) {
    assert.is(image.length, MNIST_PIXELS);
    for (const value of image) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  assert.equal([min, max], [0, 1]);
});

test('a pixel checked by eye: the first 0 starts on row 4 with 0.2, 0.624, 0.992 from column 15', () => {
  const [zero] = loadMnist({ digits: [0], limit: 1 }).images;
  assert.equal(zero.slice(4 * 28 + 14, 4 * 28 + 20), [0, 0.2, 0.624, 0.992, 0.624, 0.196]);
  assert.ok(zero.slice(0, 4 * 28).every((value) => value === 0), 'rows 0..3 are blank');
});

test('digits and limit choose the images, in the order asked', () => {
  const { images, labels } = loadMnist({ digits: [7, 2], limit: 3 });
  assert.equal(labels, [7, 7, 7, 2, 2, 2]);
  assert.equal(images[3], loadMnist({ digits: [2], limit: 1 }).images[0]);
  assert.throws(() => loadMnist({ digits: [10] }), /digits must be integers 0\.\.9, got 10/);
  assert.throws(() => loadMnist({ limit: 0 }), /limit must be an integer > 0, got 0/);
});

/** Loads digit 3 from a copy of the package's folder whose 3.json is `damaged` (or absent when undefined). */
function loadDamagedThree(damage: (json: string) => string | undefined): { file: string; error: Error } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mnist-'));
  const file = path.join(folder, '3.json');
  try {
    copyFileSync(path.join(mnistFolder(), '2.json'), path.join(folder, '2.json'));
    const damaged = damage(readFileSync(path.join(mnistFolder(), '3.json'), 'utf8'));
    if (damaged !== undefined) writeFileSync(file, damaged);
    try {
      loadMnist({ digits: [2, 3], folder });
    } catch (error) {
      return { file, error: error as Error };
    }
    throw new Error('the damaged copy was accepted');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('a damaged or missing digit file is refused, naming the file and what was expected', () => {
  const cases: [string, (json: string) => string | undefined, RegExp][] = [
    ['missing', () => undefined, /cannot read an MNIST digit file \(ENOENT\)/],
    ['cut short', (json) => json.slice(0, json.length / 2), /not valid JSON .*expected \{"data": \[\.\.\.\]\} with 784 numbers 0\.\.1 per image/],
    ['no data array', () => '{"pixels": []}', /no "data" array/],
    ['a partial image', (json) => json.replace('"data": [', '"data": [0,'), /"data" has 809089 values, not a whole number of 784-pixel images \(28x28\)/],
    ['a pixel above 1', (json) => json.replace('"data": [0,', '"data": [255,'), /image 1, pixel 1 is 255, expected a number 0\.\.1/],
    ['a pixel as text', (json) => json.replace('"data": [0,', '"data": ["0",'), /image 1, pixel 1 is "0", expected a number 0\.\.1/],
  ];
  for (const [what, damage, message] of cases) {
    const { file, error } = loadDamagedThree(damage);
    assert.ok(error.message.startsWith(`${file}: `), `${what}: ${error.message}`);
    assert.match(error.message, message, what);
  }
});

test.run();
