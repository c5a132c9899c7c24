/**
 * Model files that load but do not fit (issue 7): weights whose shapes do not match the layers, a topology tfjs
 * cannot build, NaN weights. Each is refused with the file named (missing and truncated files: model-io.test.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { loadModel, saveModel } from '../kernel-helpers/src/models/model-io';
import { buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-files-'));
test.before(async () => {
  await initBackend();
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Saves a generator, lets `damage` edit model.json (parsed) or weights.bin, and returns the load error. */
async function loadError(name: string, damage: (modelJson: any, weights: Float32Array) => void): Promise<string> {
  const modelDir = path.join(dir, name);
  const generator = buildGenerator(createRng(2));
  await saveModel(generator, modelDir);
  generator.dispose();
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  const bytes = fs.readFileSync(path.join(modelDir, 'weights.bin'));
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  damage(modelJson, weights);
  fs.writeFileSync(path.join(modelDir, 'model.json'), JSON.stringify(modelJson));
  fs.writeFileSync(path.join(modelDir, 'weights.bin'), Buffer.from(weights.buffer));
  try {
    (await loadModel(modelDir)).dispose();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name}: the damaged model loaded`);
}

test('weights whose shapes do not fit the layers are refused, naming model.json', async () => {
  // The same 800 values, listed as 40x20 instead of the first layer's 20x40 kernel.
  const message = await loadError('transposed', (json) => (json.weightsManifest[0].weights[0].shape = [40, 20]));
  assert.match(message, /transposed\/model\.json: tfjs cannot build this model from it \(.*[Ss]hape/);
});

test('a topology tfjs cannot build is refused, naming model.json', async () => {
  const message = await loadError('unknown-layer', (json) => (json.modelTopology.config.layers[0].class_name = 'Teleporter'));
  assert.match(message, /unknown-layer\/model\.json: tfjs cannot build this model from it \(.*Teleporter/);
});

test('NaN weights are refused, naming weights.bin and the weight', async () => {
  const message = await loadError('nan', (_, weights) => (weights[900] = NaN));
  assert.match(message, /nan\/weights\.bin: weight .*\/(kernel|bias) holds NaN or infinite values; the model is not usable/);
});

test.run();
