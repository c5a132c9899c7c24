/**
 * `npm run train -- --model tabular` (chapter 10), on short runs: samples.csv read back by a plain CSV split (header
 * of the table's 7 columns, the asked number of rows, species in the real proportions or all of --species), the
 * other files, the same files from the same seed, and bad options refused in one line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headless-tabular-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = 'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex';

function train(out: string, ...args: string[]) {
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, '--model', 'tabular', '--epochs', '2', '--out', out, ...args], { encoding: 'utf8' });
  return result;
}

function readSamples(out: string): { header: string; rows: string[][] } {
  const [header, ...lines] = fs.readFileSync(path.join(out, 'samples.csv'), 'utf8').trimEnd().split('\n');
  return { header, rows: lines.map((line) => line.split(',')) };
}

test("defaults: 100 epochs, 342 samples of every species, CTGAN's modes, batches of 64 at 0.002", () => {
  const { model, options, epochs, samples, out } = parseTrainOptions(['--model', 'tabular']);
  assert.is(model.name, 'tabular');
  assert.equal(options, { epochs: '100', samples: '342', species: 'all', transform: 'modes', 'batch-size': '64', 'learning-rate': '0.002' });
  assert.equal([epochs, samples, out], [100, 342, path.join('runs', 'tabular')]);
});

test('samples.csv: the 7 column names, 342 rows, species 151 / 68 / 123; the same seed writes the same files', () => {
  const first = path.join(dir, 'first');
  const result = train(first, '--seed', '0', '--samples', '342');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /342 penguins \(151 Adelie, 68 Chinstrap, 123 Gentoo\)/);
  assert.match(result.stdout, /column fidelity: mean 0\.\d{3}, lowest 0\.\d{3}/);
  const { header, rows } = readSamples(first);
  assert.is(header, HEADER);
  assert.is(rows.length, 342);
  const species = (name: string) => rows.filter((row) => row[0] === name).length;
  assert.equal([species('Adelie'), species('Chinstrap'), species('Gentoo')], [151, 68, 123]);
  for (const row of rows) {
    assert.is(row.length, 7, row.join(','));
    assert.ok(['Biscoe', 'Dream', 'Torgersen'].includes(row[1]), row[1]);
    assert.ok(row.slice(2, 6).every((value) => Number.isFinite(Number(value)) && value !== ''), row.join(','));
    assert.ok(['MALE', 'FEMALE', ''].includes(row[6]), row[6]);
  }
  for (const file of ['history.json', 'report.html', 'checkpoint.json']) assert.ok(fs.existsSync(path.join(first, file)), file);
  const history = JSON.parse(fs.readFileSync(path.join(first, 'history.json'), 'utf8'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 2]);
  assert.equal(Object.keys(history[1].metrics), ['mean fidelity', 'lowest fidelity', 'correlation diff']);

  const again = path.join(dir, 'again');
  assert.is(train(again, '--seed', '0', '--samples', '342').status, 0);
  assert.is(fs.readFileSync(path.join(again, 'samples.csv'), 'utf8'), fs.readFileSync(path.join(first, 'samples.csv'), 'utf8'));
  assert.is(fs.readFileSync(path.join(again, 'history.json'), 'utf8'), fs.readFileSync(path.join(first, 'history.json'), 'utf8'));
});

test('--species Chinstrap: every row a Chinstrap; another seed, other rows', () => {
  const out = path.join(dir, 'chinstrap');
  const result = train(out, '--seed', '1', '--samples', '40', '--species', 'Chinstrap');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /40 synthetic rows of Chinstrap/);
  const { header, rows } = readSamples(out);
  assert.is(header, HEADER);
  assert.is(rows.length, 40);
  assert.ok(rows.every((row) => row[0] === 'Chinstrap'));
  const first = readSamples(path.join(dir, 'first')).rows.filter((row) => row[0] === 'Chinstrap');
  assert.not.equal(rows.map((row) => row.slice(2, 6)), first.slice(0, 40).map((row) => row.slice(2, 6)));
});

test('bad options: one line naming the option, exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['--species', 'Emperor'], /^train: --species must be one of all, Adelie, Chinstrap, Gentoo, got "Emperor"$/],
    [['--transform', 'log'], /^train: --transform must be one of minmax, modes, got "log"$/],
    [['--batch-size', '500'], /^train: --batch-size 500 is larger than the 342 penguins$/],
  ];
  for (const [args, message] of cases) {
    const result = train(path.join(dir, 'bad'), ...args);
    assert.is(result.status, 2, args.join(' '));
    assert.match(result.stderr.trim(), message);
  }
});

test.run();
