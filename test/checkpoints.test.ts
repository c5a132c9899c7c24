/**
 * Runs that stop and go on (issue 7): a checkpoint continued to the end gives the very same losses and weights
 * as a run that never stopped; Ctrl-C stops trainGan between epochs with usable models and no leaked tensors;
 * a crash while a checkpoint is written keeps the previous one; damaged checkpoints are refused naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadCheckpoint, saveCheckpoint } from '../kernel-helpers/src/training/checkpoints';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';
import { TrainingInterrupted } from '../kernel-helpers/src/training/interrupts';
import { silentProgress } from '../kernel-helpers/src/training/progress';
import { DEFAULT_TRAINING_SETTINGS } from '../kernel-helpers/src/training/settings';
import { GanRun, trainGan, TrainGanOptions } from '../kernel-helpers/src/training/train-gan';
import { newTrainingState, TrainingState } from '../kernel-helpers/src/training/state';

const images = loadTrainingImages(2);
const silent = silentProgress();
const SHORT_RUN: TrainGanOptions = { seed: 4, epochs: 6, logEvery: 2, accuracySamples: 20, progress: silent };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'));

test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const disposeModels = (state: { generator: tf.LayersModel; discriminator: tf.LayersModel }) => {
  state.generator.dispose();
  state.discriminator.dispose();
};

/** What must match between two runs: the log, the snapshots and every weight of both models. */
function outcome(run: GanRun) {
  return { history: run.history, snapshots: run.snapshots, generator: weightsOf(run.generator), discriminator: weightsOf(run.discriminator) };
}

/** The uninterrupted 6-epoch run, also saving a checkpoint after epoch 3 as the headless run would. */
async function straightRunWithCheckpoint(file: string) {
  const run = await trainGan(images, { ...SHORT_RUN, onEpochEnd: (epoch, state) => (epoch === 3 ? saveCheckpoint(file, state, { note: 'test' }) : undefined) });
  const result = outcome(run);
  disposeModels(run);
  return result;
}

test('a checkpoint continued to the last epoch gives the same log, snapshots and weights as the run that never stopped', async () => {
  const file = path.join(dir, 'resume', 'checkpoint.json');
  const straight = await straightRunWithCheckpoint(file);
  const { state, about } = await loadCheckpoint(file);
  assert.equal(about, { note: 'test' });
  assert.is(state.epoch, 3);
  assert.equal(state.history.map((entry) => entry.epoch), [1, 2]);
  const resumed = await trainGan(images, { state, progress: silent });
  assert.equal(outcome(resumed), straight);
  disposeModels(resumed);
});

test('Ctrl-C stops trainGan after the epoch it arrives in; the models stay usable, nothing leaks, and the run continues exactly', async () => {
  const state = newTrainingState({ ...DEFAULT_TRAINING_SETTINGS, ...SHORT_RUN, epochs: 6 } as typeof DEFAULT_TRAINING_SETTINGS);
  const tensorsBefore = tf.memory().numTensors;
  const logged: string[] = [];
  let error: unknown;
  try {
    await trainGan(images, {
      state,
      progress: { ...silent, log: (line) => logged.push(line) },
      // A real SIGINT to this process: without trainGan's listener, Node would exit here.
      onEpochEnd: (epoch) => (epoch === 2 ? void process.kill(process.pid, 'SIGINT') : undefined),
    });
  } catch (thrown) {
    error = thrown;
  }
  assert.instance(error, TrainingInterrupted);
  assert.is((error as TrainingInterrupted).state, state);
  assert.is(state.epoch, 2);
  assert.is((error as Error).message, 'training interrupted after epoch 2 of 6; the models keep the weights of that epoch');
  assert.is(logged[logged.length - 1], (error as Error).message);
  assert.is(process.listenerCount('SIGINT'), 0);
  assert.is(tf.memory().numTensors, tensorsBefore);
  const scores = tf.tidy(() => Array.from((state.discriminator.predict(state.generator.predict(tf.zeros([3, 20])) as tf.Tensor) as tf.Tensor).dataSync()));
  assert.ok(scores.every((score) => score > 0 && score < 1), scores.join(' '));

  const continued = await trainGan(images, { state, progress: silent });
  assert.equal(outcome(continued), await straightRunWithCheckpoint(path.join(dir, 'unused.json')));
  disposeModels(continued);
});

test('a crash while a checkpoint is written leaves the previous checkpoint whole', async () => {
  const file = path.join(dir, 'crash', 'checkpoint.json');
  const run = await trainGan(images, { ...SHORT_RUN, epochs: 2 });
  await saveCheckpoint(file, { ...run.state, epoch: 1 });
  // The module object itself: the namespace that `import * as fs` gives is read-only.
  const nodeFs = require('node:fs') as typeof fs;
  const realWrite = nodeFs.writeFileSync;
  // The disk fills (or the process dies) halfway through the next checkpoint's bytes.
  nodeFs.writeFileSync = ((target: fs.PathOrFileDescriptor, data: string) => {
    realWrite(target, data.slice(0, data.length / 2));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }) as typeof fs.writeFileSync;
  let failure: unknown;
  try {
    await saveCheckpoint(file, run.state);
  } catch (error) {
    failure = error;
  } finally {
    nodeFs.writeFileSync = realWrite;
  }
  assert.match(String(failure), /ENOSPC/);
  const { state } = await loadCheckpoint(file);
  assert.is(state.epoch, 1);
  assert.equal(fs.readdirSync(path.dirname(file)), ['checkpoint.json']);
  disposeModels(state);
  disposeModels(run);
});

/** Saves a good checkpoint, lets `damage` edit its JSON text, and returns loadCheckpoint's error message. */
async function loadError(name: string, state: TrainingState, damage: (text: string) => string): Promise<string> {
  const file = path.join(dir, `${name}.json`);
  await saveCheckpoint(file, state);
  fs.writeFileSync(file, damage(fs.readFileSync(file, 'utf8')));
  try {
    disposeModels((await loadCheckpoint(file)).state);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name}: the damaged checkpoint loaded`);
}

test('missing, damaged and mismatched checkpoints are refused with the file named', async () => {
  const run = await trainGan(images, { ...SHORT_RUN, epochs: 1 });
  const edit = (change: (json: Record<string, any>) => void) => (text: string) => {
    const json = JSON.parse(text);
    change(json);
    return JSON.stringify(json);
  };
  const nanWeights = Buffer.from(new Float32Array(13856 / 4).fill(NaN).buffer).toString('base64');
  const cases: [string, (text: string) => string, RegExp][] = [
    ['truncated', (text) => text.slice(0, text.length / 2), /truncated\.json: the checkpoint is damaged, not valid JSON/],
    ['not-a-checkpoint', () => '{"hello": 1}', /not-a-checkpoint\.json: not a checkpoint of this course/],
    ['no-generator', edit((json) => delete json.generator), /no-generator\.json: the checkpoint is damaged, generator missing/],
    ['bad-epochs', edit((json) => (json.settings.epochs = -3)), /bad-epochs\.json: the checkpoint's settings are damaged \(trainGan: epochs must be an integer >= 1, got -3\)/],
    ['short-weights', edit((json) => (json.generator.weightData = json.generator.weightData.slice(0, 400))), /short-weights\.json: the generator's weights are 300 bytes, its weight list needs 13856/],
    ['swapped-models', edit((json) => ([json.generator, json.discriminator] = [json.discriminator, json.generator])), /swapped-models\.json: the models do not fit together \(trainGan: discriminator makes samples of 1 values, the rows have 20\)/],
    ['nan-weights', edit((json) => (json.generator.weightData = nanWeights)), /nan-weights\.json: a generator weight is NaN; this checkpoint cannot be trained on/],
    ['bad-topology', edit((json) => (json.discriminator.modelTopology = { class_name: 'Nonsense' })), /bad-topology\.json: the discriminator cannot be rebuilt/],
    ['optimizer-mismatch', edit((json) => json.optimizers.generator.slots.pop()), /optimizer-mismatch\.json: the generator's optimizer state does not fit the generator's weights/],
  ];
  const tensors = tf.memory().numTensors;
  for (const [name, damage, message] of cases) assert.match(await loadError(name, run.state, damage), message, name);
  // A refused checkpoint leaves none of the models it had rebuilt behind.
  assert.is(tf.memory().numTensors, tensors);
  const absent = await loadCheckpoint(path.join(dir, 'absent.json')).catch((error: Error) => error.message);
  assert.match(absent as string, /absent\.json: cannot read the checkpoint \(ENOENT\)/);
  disposeModels(run);
});

test.run();
