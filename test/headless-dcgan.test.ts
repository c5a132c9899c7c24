/**
 * `npm run train -- --model dcgan`: its defaults are chapter 7's settings, a very short run writes samples.csv in
 * MNIST's format (one sample a line, 784 integers 0..255) and loadable model files, bad options are refused, and
 * the judge's metrics agree with a computation of their own from the judge's class probabilities.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';
import { loadMnist } from '../kernel-helpers/src/data/mnist';
import { DCGAN_TRAINING, dcganCurves, describeEntry, digitMetrics, runComparison, toGreyLevels } from '../kernel-helpers/src/headless/dcgan';
import { buildConvDigitClassifier, trainDigitClassifier } from '../kernel-helpers/src/metrics/classifier-judge';
import { frechetDistance } from '../kernel-helpers/src/metrics/frechet-distance';
import { judgeFeatures } from '../kernel-helpers/src/metrics/classifier-judge';
import { loadModel } from '../kernel-helpers/src/models/model-io';
import { initBackend } from '../kernel-helpers/src/runtime/backend';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-dcgan-'));
test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function train(...args: string[]) {
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', script, ...args], { encoding: 'utf8' });
}

test("the defaults are chapter 7's batches and optimizers on every digit for 40 epochs, into runs/dcgan", () => {
  const command = parseTrainOptions(['--model', 'dcgan']);
  assert.equal(command.options, {
    epochs: '40',
    samples: '1000',
    'batch-size': String(DCGAN_TRAINING.batchSize),
    'learning-rate': String(DCGAN_TRAINING.generatorOptimizer.learningRate),
    'per-digit': '1200',
  });
  assert.equal([command.seed, command.epochs, command.samples, command.out], [0, 40, 1000, path.join('runs', 'dcgan')]);
  assert.is(loadMnist({ limit: Number(command.options['per-digit']) }).images.length, 10000, '--per-digit 1200 takes every digit');
});

test('bad options are refused with one line naming the option', () => {
  const cases: [string[], RegExp][] = [
    [['--per-digit', '0'], /^train: --per-digit must be an integer >= 1, got "0"$/],
    [['--per-digit', '2', '--batch-size', '64'], /^train: --batch-size 64 is larger than the 20 digits of --per-digit 2$/],
    [['--learning-rate', 'fast'], /^train: --learning-rate must be a number > 0, got "fast"$/],
    [['--digit', '3'], /^train: Unknown option '--digit'; the options are --model dcgan, .*--per-digit 1200/],
  ];
  for (const [args, message] of cases) {
    const result = train('--model', 'dcgan', ...args);
    assert.is(result.status, 2, args.join(' '));
    assert.match(result.stderr.trim(), message);
  }
});

test('a very short run writes samples.csv (784 integers 0..255 a line), G, D, the history with the metrics, and the report', async () => {
  const out = path.join(dir, 'run');
  const result = train('--model', 'dcgan', '--epochs', '2', '--per-digit', '4', '--batch-size', '20', '--samples', '9', '--seed', '3', '--out', out);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /^40 MNIST digits \(up to 4 of each\), scaled to -1\.\.1; judge: a conv digit classifier, \d+\.\d% right on 2000 held-out digits$/m);
  assert.match(result.stdout, /\nepoch 1\/2  D loss .*\n    digits covered \d+  confident [\d.]+  FID-like [\d.]+\nepoch 2\/2 /);
  assert.match(result.stdout, /the judge reads the 9 samples as \d+ digits? \(each >= 1% of them\), \d+\.\d% with probability >= 0\.9\n  0: /);
  const samples = fs.readFileSync(path.join(out, 'samples.csv'), 'utf8');
  assert.ok(samples.endsWith('\n'));
  const lines = samples.trimEnd().split('\n');
  assert.is(lines.length, 9);
  for (const line of lines) {
    assert.match(line, /^(\d{1,3},){783}\d{1,3}$/);
    assert.ok(line.split(',').every((value) => Number(value) <= 255));
  }
  const generator = await loadModel(out);
  const discriminator = await loadModel(path.join(out, 'discriminator'));
  assert.equal([generator.inputs[0].shape, generator.outputs[0].shape], [[null, 100], [null, 28, 28, 1]]);
  assert.equal([discriminator.inputs[0].shape, discriminator.outputs[0].shape], [[null, 28, 28, 1], [null, 1]]);
  generator.dispose();
  discriminator.dispose();
  const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 2]);
  assert.equal(Object.keys(history[1].metrics), ['digits covered', 'confident', 'FID-like']);
  const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(report, /The judge&#39;s metrics|The judge's metrics/);
  assert.match(report, /samples\.csv: the 9 samples/);
});

test('describeEntry puts D(x), D(G(z)) and the metrics of one epoch on one line', () => {
  const entry = { epoch: 2, dLoss: 1, gLoss: 2, dReal: 0.8123, dFake: 0.25, metrics: { 'digits covered': 3, confident: 0.12, 'FID-like': 268.4351 } };
  assert.is(describeEntry(entry), 'D(x) 0.812  D(G(z)) 0.250  digits covered 3  confident 0.120  FID-like 268.435');
  assert.is(describeEntry({ ...entry, metrics: undefined }), 'D(x) 0.812  D(G(z)) 0.250');
});

test('toGreyLevels rounds pixels 0..1 to 0..255', () => {
  assert.equal(toGreyLevels([[0, 0.5, 1, 0.002]]), [[0, 128, 255, 1]]);
});

test("digitMetrics: a 'generator' that always draws the same real digit covers one digit; confident share and FID-like computed apart", () => {
  const mnist = loadMnist({ limit: 40 });
  const judge = trainDigitClassifier(mnist.images, mnist.labels, { buildModel: buildConvDigitClassifier, epochs: 2, batchSize: 32 });
  const digit = mnist.images[0];
  // Dense with zero kernel and the digit's pixels as bias: every z gives that digit (as a sigmoid G would, in 0..1).
  const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 784, kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: 0 }) }), tf.layers.reshape({ targetShape: [28, 28, 1] })] });
  generator.layers[0].setWeights([tf.zeros([5, 784]), tf.tensor1d(digit)]);
  const metrics = digitMetrics(judge, { seed: 1, samples: 20 })(generator);
  const probability = tf.tidy(() => (judge.classifier.predict(tf.tensor(digit, [1, 28, 28, 1])) as tf.Tensor).max().dataSync()[0]);
  const reals = judge.heldOut.images.slice(0, 20);
  const expectedDistance = frechetDistance(judgeFeatures(judge, reals), judgeFeatures(judge, new Array(20).fill(digit)));
  assert.is(metrics['digits covered'], 1);
  assert.is(metrics.confident, probability >= 0.9 ? 1 : 0);
  assert.ok(Math.abs(metrics['FID-like'] - expectedDistance) < 1e-6 * expectedDistance, `${metrics['FID-like']} vs ${expectedDistance}`);
  generator.dispose();
  judge.classifier.dispose();
});

test('dcganCurves draws four panels, each with its own axes, from the history', () => {
  const history = [1, 2].map((epoch) => ({ epoch, dLoss: 1, gLoss: 2, dReal: 0.7, dFake: 0.3, metrics: { 'digits covered': 5, confident: 0.5, 'FID-like': 90 } }));
  const figure = dcganCurves(history);
  assert.equal(figure.data.map((trace) => `${trace.name} ${trace.xaxis}/${trace.yaxis}`), [
    'D loss x/y', 'G loss x/y', 'D(x) x2/y2', 'D(G(z)) x2/y2', 'digits covered / 10 x3/y3', 'confident x3/y3', 'FID-like x4/y4',
  ]);
  assert.equal(figure.data[4].y, [0.5, 0.5]);
  assert.equal(figure.data[6].y, [90, 90]);
  assert.ok(['xaxis', 'xaxis2', 'xaxis3', 'xaxis4'].every((axis) => axis in figure.layout));
});

test('runComparison lines up runs at one epoch, names the lowest FID-like distance, and draws their curves and images', () => {
  const fakeRun = (fids: number[], ink: number) => ({
    history: fids.map((fid, i) => ({ epoch: i + 1, dLoss: 1, gLoss: 1, dReal: 0.6, dFake: 0.4, metrics: { 'digits covered': 10, confident: 0.5, 'FID-like': fid } })),
    snapshots: fids.map((_, i) => ({ epoch: i + 1, images: Array.from({ length: 16 }, () => new Array(784).fill(ink)) })),
  });
  const { lines, figures } = runComparison([{ name: 'Adam', ...fakeRun([300.25, 200.5, 100.75], 1) }, { name: 'SGD', ...fakeRun([300.25, 150.5, 50.75], -1) }], 2);
  assert.equal(lines, [
    'Adam  D(x) 0.600  D(G(z)) 0.400  digits covered 10  confident 0.500  FID-like 200.500',
    'SGD   D(x) 0.600  D(G(z)) 0.400  digits covered 10  confident 0.500  FID-like 150.500',
    'lowest FID-like distance at epoch 2: SGD',
  ]);
  const [curves, grid] = figures;
  assert.equal(curves.data.map((trace) => [trace.name, trace.x, trace.y]), [['Adam', [1, 2], [300.25, 200.5]], ['SGD', [1, 2], [300.25, 150.5]]]);
  // 32 tiles: G's tanh pixels 1 and -1 drawn as full ink (100) and paper (0).
  const tiles = (grid.data[0].z as (number | null)[][]).flat().filter((value) => value !== null);
  assert.is(tiles.length, 32 * 784);
  assert.is(tiles.filter((value) => value === 100).length, 16 * 784);
  assert.throws(() => runComparison([{ name: 'Adam', ...fakeRun([1], 0) }], 2), /run "Adam" has no judged log line at epoch 2/);
});

test.run();
