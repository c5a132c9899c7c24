import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadModel, saveModel } from '../kernel-helpers/src/models/model-io';
import { buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-io-'));
test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a saved generator loads back without tfjs-node and gives identical outputs', async () => {
  const generator = buildGenerator(createRng(11));
  const modelDir = path.join(dir, 'round-trip');
  await saveModel(generator, modelDir);
  assert.equal(fs.readdirSync(modelDir).sort(), ['model.json', 'weights.bin']);
  // 20x40 + 40 + 40x64 + 64 float32 values.
  assert.is(fs.statSync(path.join(modelDir, 'weights.bin')).size, 4 * (20 * 40 + 40 + 40 * 64 + 64));
  const loaded = await loadModel(modelDir);
  const noise = tf.randomNormal([6, 20], 0, 1, 'float32', 2);
  const before = Array.from((generator.predict(noise) as tf.Tensor).dataSync());
  const after = Array.from((loaded.predict(noise) as tf.Tensor).dataSync());
  assert.equal(after, before);
  assert.equal(loaded.layers.map((l) => l.getConfig().activation), ['tanh', 'sigmoid']);
});

/** Saves a fresh generator to its own folder, lets `damage` break it, and returns the load error's message. */
async function loadError(name: string, damage: (modelDir: string) => void): Promise<string> {
  const modelDir = path.join(dir, name);
  await saveModel(buildGenerator(createRng(1)), modelDir);
  damage(modelDir);
  try {
    await loadModel(modelDir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the model loaded');
}

test('a missing model.json or weights.bin is named in the error', async () => {
  const noModel = await loadError('no-model', (d) => fs.rmSync(path.join(d, 'model.json')));
  assert.match(noModel, /no-model\/model\.json: cannot read the model \(ENOENT\)/);
  const noWeights = await loadError('no-weights', (d) => fs.rmSync(path.join(d, 'weights.bin')));
  assert.match(noWeights, /no-weights\/weights\.bin: cannot read the weights \(ENOENT\)/);
});

test('corrupt files are named in the error', async () => {
  const badJson = await loadError('bad-json', (d) => fs.writeFileSync(path.join(d, 'model.json'), '{"modelTopology": '));
  assert.match(badJson, /bad-json\/model\.json: not valid JSON/);
  const notModel = await loadError('not-model', (d) => fs.writeFileSync(path.join(d, 'model.json'), '{"hello": 1}'));
  assert.match(notModel, /not-model\/model\.json: not a tfjs model/);
  const short = await loadError('short', (d) => fs.writeFileSync(path.join(d, 'weights.bin'), Buffer.alloc(100)));
  assert.match(short, /short\/weights\.bin: holds 100 bytes, but .*model\.json lists 13856/);
});

test.run();
