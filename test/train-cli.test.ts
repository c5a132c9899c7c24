import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainOptions } from '../kernel-helpers/src/cli/train';
import { SHIPPED_DIGITS_FILE } from '../kernel-helpers/src/data/digits';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-cli-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the headless command from source, as `npm run train -- ARGS` runs it from dist. */
function train(...args: string[]) {
  const script = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', script, ...args], { encoding: 'utf8' });
}

test('defaults are the chapters\' run: the demo, seed 0, into runs/demo', () => {
  const { model, ...command } = parseTrainOptions([]);
  assert.is(model.name, 'digits');
  assert.equal(command, {
    options: { digit: '2', epochs: '100', data: SHIPPED_DIGITS_FILE, samples: '500', 'batch-size': '10', 'learning-rate': '0.005', recipe: 'demo' },
    seed: 0, epochs: 100, samples: 500, out: path.join('runs', 'demo'), checkpointEvery: 10, resume: false,
  });
  assert.is(parseTrainOptions(['--digit', '7', '--epochs=3', '--samples', '5']).options.digit, '7');
});

test('bad options are refused with one line naming the option, and exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['--epochs', 'ten'], /^train: --epochs must be an integer >= 1, got "ten"$/],
    [['--digit', '12'], /^train: --digit must be an integer 0\.\.9, got "12"$/],
    [['--seed', '-1'], /^train: --seed must be an integer 0\.\.4294967295, got "-1"$/],
    [['--epochs', '-3'], /^train: --epochs must be an integer >= 1, got "-3"$/],
    [['--learning-rate', '-1'], /^train: --learning-rate must be a number > 0, got "-1"$/],
    [['--samples', '0'], /^train: --samples must be an integer >= 1, got "0"$/],
    [['--batch', '5'], /^train: Unknown option '--batch'; the options are --model digits, --seed 0, --checkpoint-every 10, --out runs\/demo, --digit 2, --epochs 100, --data FILE/],
    [['--model', 'dragons'], /^train: --model must be one of digits(, [a-z-]+)*, got "dragons"$/],
    [['--recipe', 'fancy'], /^train: --recipe must be one of demo, recommended, got "fancy"$/],
    [['extra'], /^train: unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    const result = train(...args);
    assert.is(result.status, 2, args.join(' '));
    assert.match(result.stderr.trim(), message);
    assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
});

test('a negative value after a space gets the option\'s own message, as after "="', () => {
  const message = (args: string[]) => {
    try {
      const { model, options } = parseTrainOptions(args);
      model.prepare(options, 0);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`accepted ${args.join(' ')}`);
  };
  for (const [name, value] of [['epochs', '-3'], ['learning-rate', '-1'], ['batch-size', '-10'], ['digit', '-2'], ['learning-rate', '-.5']]) {
    assert.is(message([`--${name}`, value]), message([`--${name}=${value}`]));
  }
  assert.is(parseTrainOptions(['--out', '-runs', '--epochs', '3']).out, '-runs');
  // An option where a value should be is still a forgotten value, and "--" still ends the options.
  assert.match(message(['--data', '--epochs', '3']), /^Option '--data' argument is ambiguous; the options are/);
  assert.match(message(['--', '--epochs', '-3']), /^unexpected argument "--epochs"/);
});

test('bad data is refused with the file and line', () => {
  const file = path.join(dir, 'bad.csv');
  fs.writeFileSync(file, `${[...Array(64).fill(0), 2].join(',')}\n1,2,3\n`);
  const result = train('--data', file, '--out', path.join(dir, 'never'));
  assert.is(result.status, 2);
  assert.is(result.stderr.trim(), `train: ${file}:2: expected 65 comma-separated values (64 pixels, then the label), found 3`);
  assert.not.ok(fs.existsSync(path.join(dir, 'never')));
});

test('a file that is not digit data is named as such, a real file with a header gets the header message', () => {
  const passwd = path.join(dir, 'passwd');
  fs.writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  const notDigits = train('--data', passwd, '--out', path.join(dir, 'never'));
  assert.is(notDigits.status, 2);
  assert.is(notDigits.stderr.trim(), `train: ${passwd}: not an optdigits file: no line has 65 comma-separated numbers (64 pixels, then the label)`);
  const withHeader = path.join(dir, 'with-header.csv');
  fs.writeFileSync(withHeader, `${[...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'].join(',')}\n${fs.readFileSync(SHIPPED_DIGITS_FILE, 'utf8')}`);
  const header = train('--data', withHeader, '--out', path.join(dir, 'never'));
  assert.is(header.status, 2);
  assert.is(header.stderr.trim(), `train: ${withHeader}:1: this looks like a header line; optdigits files have none, each line is 64 pixels and the label: delete it`);
  assert.not.ok(fs.existsSync(path.join(dir, 'never')));
});

test('a short run writes the generator, history, samples and report', () => {
  const out = path.join(dir, 'run');
  const result = train('--epochs', '2', '--seed', '3', '--samples', '7', '--out', out);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /177 images of digit 2 from .*optdigits\.tes\n/);
  assert.match(result.stdout, /\nepoch 1\/2  D loss .*\n    classified as 2 .*\nepoch 2\/2  D loss /);
  for (const file of ['model.json', 'weights.bin', 'history.json', 'samples.csv', 'report.html']) {
    assert.ok(fs.existsSync(path.join(out, file)), file);
  }
  const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 2]);
  assert.equal(Object.keys(history[0]).sort(), ['dAccuracy', 'dFake', 'dLoss', 'dReal', 'epoch', 'gLoss', 'metrics']);
  const samples = fs.readFileSync(path.join(out, 'samples.csv'), 'utf8').trim().split('\n');
  assert.is(samples.length, 7);
  assert.ok(samples.every((line) => /^(\d+,){63}\d+$/.test(line) && line.split(',').every((v) => Number(v) <= 16)));
  const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(report, /Fixed noise over the epochs/);
});

test.run();
