/**
 * `npm run train -- --recipe demo|recommended` (issue 12): the recipe sets the epochs, the optimizers and G's
 * moving average, --epochs and --learning-rate given on the command line still win; every log line's metrics go
 * into history.json and report.html, and they are the metrics of the generator the run saves.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';
import { loadDigits, loadTrainingImages, normalisePixels } from '../kernel-helpers/src/data/digits';
import { trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { loadModel } from '../kernel-helpers/src/models/model-io';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { metricsJudge, RECOMMENDED_RECIPE } from '../kernel-helpers/src/training/recipes';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-digits-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const chosen = (args: string[]) => {
  const { epochs, options } = parseTrainOptions(args);
  return { epochs, learningRate: options['learning-rate'], recipe: options.recipe };
};

test('--recipe sets the epochs and the learning rate; --epochs and --learning-rate given still win', () => {
  assert.equal(chosen([]), { epochs: 100, learningRate: '0.005', recipe: 'demo' });
  assert.equal(chosen(['--recipe', 'demo']), chosen([]));
  assert.equal(chosen(['--recipe', 'recommended']), { epochs: 200, learningRate: '0.002', recipe: 'recommended' });
  assert.equal(chosen(['--recipe=recommended', '--epochs', '50']), { epochs: 50, learningRate: '0.002', recipe: 'recommended' });
  assert.equal(chosen(['--learning-rate', '0.001', '--recipe', 'recommended']), { epochs: 200, learningRate: '0.001', recipe: 'recommended' });
  // Given values win even when they equal the other recipe's defaults.
  assert.equal(chosen(['--recipe', 'recommended', '--epochs', '100']).epochs, 100);
  assert.throws(() => parseTrainOptions(['--recipe', 'fancy']), /^--recipe must be one of demo, recommended, got "fancy"$/);
});

test("the recommended recipe's optimizers and average, with --learning-rate changing only the rate", async () => {
  await initBackend();
  const { model, options, seed } = parseTrainOptions(['--recipe', 'recommended', '--learning-rate', '0.001']);
  const prepared = await model.prepare(options, seed);
  const { generatorOptimizer, discriminatorOptimizer, generatorAverageDecay, judge } = prepared.training;
  const adam = { name: 'adam', learningRate: 0.001, beta1: 0.5, beta2: 0.999 };
  assert.equal([generatorOptimizer, discriminatorOptimizer, generatorAverageDecay], [adam, adam, RECOMMENDED_RECIPE.generatorAverageDecay]);
  assert.type(judge, 'function');
  assert.match(
    prepared.description,
    /^177 images of digit 2 from .*optdigits\.tes\nrecipe recommended: Adam 0\.001 \(betas 0\.5, 0\.999\), G's average 0\.99; judge: \d+\.\d% right on 359 held-out digits$/,
  );
});

test("a short recommended run: every log line's metrics in history.json, the saved generator's, and in the report", async () => {
  const out = path.join(dir, 'recommended');
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  const args = ['--recipe', 'recommended', '--epochs', '2', '--seed', '1', '--samples', '6', '--out', out];
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, ...args], { encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /\nepoch 1\/2  D loss .*\n    classified as 2 [\d.]+  precision [\d.]+  coverage [\d.]+  FID-like [\d.]+  near copies [\d.]+\n/);
  const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 2]);
  const metrics = history.map((entry: { metrics: Record<string, number> }) => entry.metrics);
  metrics.forEach((logged: Record<string, number>) => assert.equal(Object.keys(logged), ['classified as 2', 'precision', 'coverage', 'FID-like', 'near copies']));
  // Judged again here, by a judge trained the same way, on the generator the run saved: the same numbers.
  await initBackend();
  const digits = loadDigits();
  const judge = trainDigitClassifier(normalisePixels(digits.pixels), digits.labels);
  const saved = await loadModel(out);
  assert.equal(metricsJudge(judge, loadTrainingImages(2), { target: 2, seed: 1 })(saved), metrics[1]);
  saved.dispose();
  const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(report, /<h2>The samples' metrics<\/h2>/);
  assert.match(report, /At epoch 2: classified as 2 [\d.]+, precision [\d.]+, coverage [\d.]+, FID-like [\d.]+, near copies [\d.]+\./);
  assert.match(report, /"name":"FID-like"/);
});

test('a small data file trains: the judge learns from the shipped digits, whatever --data holds', async () => {
  await initBackend();
  const file = path.join(dir, 'forty-digits.csv');
  const shipped = loadDigits();
  fs.writeFileSync(file, shipped.pixels.slice(0, 40).map((pixels, i) => [...pixels, shipped.labels[i]].join(',')).join('\n') + '\n');
  const { model, options, seed } = parseTrainOptions(['--data', file, '--digit', String(shipped.labels[0]), '--batch-size', '2']);
  const prepared = await model.prepare(options, seed);
  assert.match(prepared.description, /judge: \d+\.\d% right on 359 held-out digits/);
});

test.run();
