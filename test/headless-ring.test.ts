/**
 * `npm run train -- --model ring` (chapter 9) on short runs: the defaults, samples.csv read back as `x,y` lines and
 * judged by a mode count of this test's own, the other files, the same files from the same seed and other samples
 * from another, each loss, and bad options refused in one line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';
import { RING_RECIPES } from '../kernel-helpers/src/headless/ring';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-ring-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function train(out: string, ...args: string[]) {
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', script, '--model', 'ring', '--out', out, ...args], { encoding: 'utf8' });
}

function readSamples(out: string): number[][] {
  const text = fs.readFileSync(path.join(out, 'samples.csv'), 'utf8');
  assert.ok(text.endsWith('\n'), 'samples.csv ends with a line end');
  return text.trimEnd().split('\n').map((line) => {
    assert.match(line, /^-?\d+(\.\d+)?(e-?\d+)?,-?\d+(\.\d+)?(e-?\d+)?$/, line);
    return line.split(',').map(Number);
  });
}

/** Modes covered and high-quality share counted here: within 0.06 (3 std) of k·45° on the circle of radius 2. */
function countModes(points: number[][]): { modes: number; highQuality: number } {
  const counts = new Array(8).fill(0);
  for (const [x, y] of points) {
    for (let k = 0; k < 8; k++) {
      if (Math.hypot(x - 2 * Math.cos((k * Math.PI) / 4), y - 2 * Math.sin((k * Math.PI) / 4)) <= 0.06) counts[k]++;
    }
  }
  return { modes: counts.filter((count) => count >= points.length / 100).length, highQuality: counts.reduce((a, b) => a + b) / points.length };
}

test('defaults: the Wasserstein GAN with gradient penalty, 250 epochs of batches of 128, 2500 samples, into runs/ring', () => {
  const { model, options, epochs, samples, out } = parseTrainOptions(['--model', 'ring']);
  assert.is(model.name, 'ring');
  assert.equal(options, { loss: 'wasserstein-gp', epochs: '250', samples: '2500', 'batch-size': '128' });
  assert.equal([epochs, samples, out], [250, 2500, path.join('runs', 'ring')]);
});

test("--loss sets the epochs and batch size to its recipe's, unless they are given", () => {
  for (const loss of ['bce', 'wasserstein'] as const) {
    const { options, epochs } = parseTrainOptions(['--model', 'ring', '--loss', loss]);
    assert.equal([epochs, options['batch-size']], [RING_RECIPES[loss].epochs, String(RING_RECIPES[loss].batchSize)], loss);
  }
  assert.equal([RING_RECIPES.bce.epochs, RING_RECIPES.bce.batchSize], [40, 64]);
  const given = parseTrainOptions(['--model', 'ring', '--loss', 'bce', '--epochs', '7', '--batch-size', '32']);
  assert.equal([given.epochs, given.options['batch-size']], [7, '32']);
});

test('a short run writes samples.csv (x,y a line), the history with the mode metrics and the report; same seed, same files', () => {
  const first = path.join(dir, 'first');
  const result = train(first, '--epochs', '2', '--samples', '300', '--seed', '3', '--batch-size', '128');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /^2560 points of the ring of 8 Gaussians \(radius 2, std 0\.02\); loss wasserstein-gp$/m);
  assert.match(result.stdout, /\nepoch 1\/2  D loss .* W -?\d\.\d{4}  \|grad\| \d\.\d{3}  GP \d\.\d{4} .*\n    modes \d  high-quality [\d.]+\n/);
  const samples = readSamples(first);
  assert.is(samples.length, 300);
  const counted = countModes(samples);
  const summary = /trained in [\d.]+ s; (\d)\/8 modes, ([\d.]+)% high-quality; per mode( [\d.]+){8} %/.exec(result.stdout);
  assert.ok(summary, result.stdout);
  assert.equal([Number(summary[1]), Number(summary[2])], [counted.modes, Number((counted.highQuality * 100).toFixed(1))]);
  const history = JSON.parse(fs.readFileSync(path.join(first, 'history.json'), 'utf8'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 2]);
  assert.equal(Object.keys(history[1].metrics), ['modes', 'high-quality']);
  assert.ok(history.every((entry: { gradientNorm?: number }) => Number.isFinite(entry.gradientNorm)), "the critic's gradient norm is logged");
  const report = fs.readFileSync(path.join(first, 'report.html'), 'utf8');
  for (const heading of ['The critic', 'Modes', 'Modes over the epochs', 'The plane after training']) assert.ok(report.includes(`<h2>${heading}</h2>`), heading);
  assert.ok(fs.existsSync(path.join(first, 'checkpoint.json')));

  const again = path.join(dir, 'again');
  assert.is(train(again, '--epochs', '2', '--samples', '300', '--seed', '3', '--batch-size', '128').status, 0);
  for (const file of ['samples.csv', 'history.json']) {
    assert.is(fs.readFileSync(path.join(again, file), 'utf8'), fs.readFileSync(path.join(first, file), 'utf8'), file);
  }
  const other = path.join(dir, 'other');
  assert.is(train(other, '--epochs', '2', '--samples', '300', '--seed', '4', '--batch-size', '128').status, 0);
  assert.not.equal(readSamples(other), samples, 'another seed, other samples');
});

test('--loss bce and --loss wasserstein train too, each logging what its loss logs', () => {
  for (const [loss, logged] of [['bce', /D acc +\d+\.\d%/], ['wasserstein', /W -?\d\.\d{4}  \|grad\| \d\.\d{3}  \d/]] as const) {
    const out = path.join(dir, loss);
    const result = train(out, '--loss', loss, '--epochs', '1', '--samples', '10', '--batch-size', '256');
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, logged, loss);
    assert.is(readSamples(out).length, 10);
  }
});

test('bad options are refused with a message naming the option (train prints it as one line, exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['--loss', 'hinge'], /^--loss must be one of bce, wasserstein, wasserstein-gp, got "hinge"$/],
    [['--batch-size', '0'], /^--batch-size must be an integer 1\.\.2560, got "0"$/],
    [['--samples', 'many'], /^--samples must be an integer >= 1, got "many"$/],
    [['--digit', '3'], /^Unknown option '--digit'; the options are --model ring, .*--loss wasserstein-gp/],
  ];
  for (const [args, message] of cases) {
    const refusal = await (async () => {
      const command = parseTrainOptions(['--model', 'ring', ...args]);
      await command.model.prepare(command.options, 0);
    })().then(() => 'accepted', (error: Error) => error.message);
    assert.match(refusal, message, args.join(' '));
  }
  const result = train(path.join(dir, 'bad'), '--loss', 'hinge');
  assert.is(result.status, 2);
  assert.is(result.stderr, 'train: --loss must be one of bce, wasserstein, wasserstein-gp, got "hinge"\n');
});

test.run();
