/**
 * The headless run when things go wrong (issue 7): new options refused in one line, Ctrl-C saving a checkpoint
 * and exiting with 130, and `--resume` finishing the run with the same history and samples as a run that was
 * never interrupted.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-interrupt-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const SCRIPT = path.join(__dirname, '..', 'kernel-helpers', 'src', 'cli', 'train.ts');
const COMMAND = [process.execPath, '--require', 'tsx/cjs', SCRIPT] as const;

function train(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(COMMAND[0], [...COMMAND.slice(1), ...args], { encoding: 'utf8', env });
}

test('bad options, an unknown backend and a missing checkpoint: one line naming the problem, exit code 2', () => {
  const out = path.join(dir, 'refused');
  const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['--batch-size', '0'], /^train: --batch-size must be an integer >= 1, got "0"$/],
    [['--batch-size', '2.5'], /^train: --batch-size must be an integer >= 1, got "2\.5"$/],
    [['--batch-size', '500', '--out', out], /^train: --batch-size 500 is larger than the 177 images of digit 2 in .*optdigits\.tes$/],
    [['--learning-rate=-1'], /^train: --learning-rate must be a number > 0, got "-1"$/],
    [['--learning-rate', 'fast'], /^train: --learning-rate must be a number > 0, got "fast"$/],
    [['--checkpoint-every', '0'], /^train: --checkpoint-every must be an integer >= 1, got "0"$/],
    [['--resume', '--epochs', '5'], /^train: --resume continues with the options saved in the checkpoint; give only --out, not --epochs$/],
    [['--resume', '--out', out], /^train: .*refused\/checkpoint\.json: cannot read the checkpoint \(ENOENT\)$/],
    [['--out', out], /^train: GAN_BACKEND=tpu is not a tfjs backend the course knows; use one of: tensorflow, wasm, cpu\.$/, { ...process.env, GAN_BACKEND: 'tpu' }],
  ];
  for (const [args, message, env] of cases) {
    const result = train(args, env);
    assert.is(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr.trim(), message);
    assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  assert.not.ok(fs.existsSync(out));
});

/** Runs `npm run train` with a preload that sends the process SIGINT, as Ctrl-C does, once it logs its first epoch. */
function interruptedRun(args: string[]) {
  const ctrlC = path.join(__dirname, 'fixtures', 'ctrl-c-after-first-epoch.cjs');
  const result = spawnSync(COMMAND[0], ['--require', ctrlC, ...COMMAND.slice(1), ...args], { encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr };
}

const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');

test('Ctrl-C saves a checkpoint and exits with 130; --resume ends with the same history and samples as an uninterrupted run', () => {
  const args = ['--epochs', '20', '--seed', '7', '--samples', '5', '--checkpoint-every', '100'];
  const interrupted = path.join(dir, 'interrupted');
  const { code, stderr } = interruptedRun([...args, '--out', interrupted]);
  assert.is(code, 130, stderr);
  const stop = /^train: training interrupted after epoch (\d+) of 20; the models keep the weights of that epoch; saved (.*); continue with: npm run train -- --out (.*) --resume$/.exec(stderr.trim());
  assert.ok(stop, stderr);
  assert.ok(Number(stop[1]) >= 1 && Number(stop[1]) < 20, stderr);
  assert.is(stop[2], path.join(interrupted, 'checkpoint.json'));
  assert.is(stop[3], interrupted);
  assert.is(JSON.parse(read(interrupted, 'checkpoint.json')).epoch, Number(stop[1]));
  assert.not.ok(fs.existsSync(path.join(interrupted, 'history.json')));

  const resumed = train(['--resume', '--out', interrupted]);
  assert.is(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`continuing after epoch ${stop[1]} of 20\\n`));
  const straight = path.join(dir, 'straight');
  assert.is(train([...args, '--out', straight]).status, 0);
  for (const file of ['history.json', 'samples.csv', 'weights.bin']) {
    assert.ok(read(interrupted, file) === read(straight, file), `${file} differs between the resumed and the uninterrupted run`);
  }
  assert.is(JSON.parse(read(interrupted, 'checkpoint.json')).epoch, 20);
});

test('--recipe recommended resumes to the same end: G\'s moving average and every log line\'s metrics survive Ctrl-C', () => {
  const args = ['--recipe', 'recommended', '--epochs', '12', '--seed', '2', '--samples', '6', '--checkpoint-every', '100'];
  const interrupted = path.join(dir, 'recommended-interrupted');
  const { code, stderr } = interruptedRun([...args, '--out', interrupted]);
  assert.is(code, 130, stderr);
  const resumed = train(['--resume', '--out', interrupted]);
  assert.is(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /\nrecipe recommended: Adam 0\.002 \(betas 0\.5, 0\.999\), G's average 0\.99; judge/);
  const straight = path.join(dir, 'recommended-straight');
  assert.is(train([...args, '--out', straight]).status, 0);
  for (const file of ['history.json', 'samples.csv', 'weights.bin']) {
    assert.ok(read(interrupted, file) === read(straight, file), `${file} differs between the resumed and the uninterrupted run`);
  }
  const history = JSON.parse(read(straight, 'history.json'));
  assert.equal(history.map((entry: { epoch: number }) => entry.epoch), [1, 10, 12]);
  assert.ok(history.every((entry: { metrics?: object }) => entry.metrics), 'every log line has metrics');
});

test.run();
