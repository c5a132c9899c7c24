/**
 * `npm run train -- --model cgan` (headless/cgan.ts), on one epoch: the chapter's settings are the defaults;
 * samples.csv is in the optdigits format, 200 samples of each label 0..9 in order, each ending in its label; the
 * last log line judged those very rows (a judge trained here reads them alike); the same seed writes the same files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';
import { loadDigits, normalisePixels, SHIPPED_DIGITS_FILE } from '../kernel-helpers/src/data/digits';
import { CGAN_TRAINING } from '../kernel-helpers/src/headless/cgan';
import { judgeClasses, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { initBackend } from '../kernel-helpers/src/runtime/backend';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-cgan-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the headless command from source, as `npm run train -- ARGS` runs it from dist. */
function train(out: string, ...args: string[]) {
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, '--model', 'cgan', '--epochs', '1', '--out', out, ...args], { encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  return result;
}
const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');

test("the defaults are the chapter's settings", () => {
  const { model, options, epochs, samples, out } = parseTrainOptions(['--model', 'cgan']);
  assert.is(model.name, 'cgan');
  assert.equal(
    { epochs, samples, out, batchSize: Number(options['batch-size']), learningRate: Number(options['learning-rate']), data: options.data },
    { epochs: CGAN_TRAINING.epochs, samples: 200, out: path.join('runs', 'cgan'), batchSize: CGAN_TRAINING.batchSize, learningRate: CGAN_TRAINING.generatorOptimizer.learningRate, data: SHIPPED_DIGITS_FILE },
  );
});

test('samples.csv: 200 lines of each label 0..9 in order, 64 integers 0..16 and the label; judged as the log says', async () => {
  const out = path.join(dir, 'seed0');
  const result = train(out, '--seed', '0');
  for (const file of ['samples.csv', 'model.json', 'weights.bin', 'history.json', 'report.html', 'checkpoint.json']) {
    assert.ok(fs.existsSync(path.join(out, file)), file);
  }
  const lines = read(out, 'samples.csv').trimEnd().split('\n');
  assert.is(lines.length, 2000);
  lines.forEach((line, i) => {
    const values = line.split(',');
    assert.is(values.length, 65, `line ${i + 1}`);
    assert.ok(values.slice(0, 64).every((value) => /^\d+$/.test(value) && Number(value) <= 16), `line ${i + 1}: pixels 0..16`);
    assert.is(values[64], String(Math.floor(i / 200)), `line ${i + 1}: the label asked for`);
  });
  const samples = loadDigits(path.join(out, 'samples.csv'));
  assert.is(samples.labels.length, 2000, 'the course reads it as an optdigits file');

  // The last log line's judge drew the same noise as samples.csv: a judge trained here the same way reads them alike.
  const history = JSON.parse(read(out, 'history.json'));
  const logged = history[history.length - 1].metrics;
  assert.equal(Object.keys(logged), ['as asked', 'worst', 'worst label', 'coverage']);
  await initBackend();
  const digits = loadDigits();
  const judge = trainDigitClassifier(normalisePixels(digits.pixels), digits.labels);
  const images = normalisePixels(samples.pixels);
  const shares = Array.from({ length: 10 }, (_, label) =>
    judgeClasses(judge, images.slice(label * 200, (label + 1) * 200), { target: label }).targetShare!);
  const mean = shares.reduce((sum, share) => sum + share, 0) / 10;
  assert.ok(Math.abs(mean - logged['as asked']) < 0.002, `${mean} read here, ${logged['as asked']} logged`);
  assert.match(result.stdout, `classified as asked: ${(logged['as asked'] * 100).toFixed(1)}% on average`);
  assert.match(read(out, 'report.html'), 'samples.csv: 200 samples of each label');
  judge.classifier.dispose();
});

test('the same seed writes the same samples and history; another seed other samples', () => {
  const [again, other] = [path.join(dir, 'seed0-again'), path.join(dir, 'seed1')];
  train(again, '--seed', '0');
  train(other, '--seed', '1');
  const first = path.join(dir, 'seed0');
  assert.is(read(again, 'samples.csv'), read(first, 'samples.csv'));
  assert.is(read(again, 'history.json'), read(first, 'history.json'));
  assert.is.not(read(other, 'samples.csv'), read(first, 'samples.csv'));
});

test.run();
