/**
 * Saving and loading a tf.layers model on the filesystem without @tensorflow/tfjs-node (chapter 5):
 * a tf.io IOHandler that writes `model.json` (topology + weights manifest) and `weights.bin`, the same layout
 * as tfjs-node's `file://` handler, and reads them back with errors that name the file at fault.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readNamedFile, writeFileAtomically } from '../util/files';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** An IOHandler for the folder `dir`: pass it to `model.save()` or `tf.loadLayersModel()`. */
export function fileSystemModel(dir: string): tf.io.IOHandler {
  return { save: (artifacts) => saveArtifacts(dir, artifacts), load: () => loadArtifacts(dir) };
}

/** Writes `model` to `dir`/model.json and `dir`/weights.bin, creating `dir` if needed. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(fileSystemModel(dir));
}

/**
 * Reads a model that saveModel (or tfjs-node's file:// handler with one weights file) wrote to `dir`.
 * Errors name the file: unreadable or damaged files, a topology tfjs cannot build, weights whose shapes do not
 * fit its layers, and NaN or infinite weights (a model saved after training diverged).
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const artifacts = await loadArtifacts(dir);
  const modelFile = path.join(dir, MODEL_FILE);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`${modelFile}: tfjs cannot build this model from it (${(error as Error).message})`);
  }
  const bad = model.weights.find((weight) => !(weight.read().dataSync() as Float32Array).every(Number.isFinite));
  if (bad) {
    model.dispose();
    throw new Error(`${path.join(dir, WEIGHTS_FILE)}: weight ${bad.originalName} holds NaN or infinite values; the model is not usable`);
  }
  return model;
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('saving a binary (graph) model topology is not supported');
  const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  // Weights first: a crash between the two leaves the old model.json, whose byte count then names the mismatch.
  writeFileAtomically(path.join(dir, WEIGHTS_FILE), Buffer.from(weightData));
  writeFileAtomically(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const modelFile = path.join(dir, MODEL_FILE);
  const modelJson = readModelJson(modelFile);
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightFiles = modelJson.weightsManifest.flatMap((group) => group.paths.map((file) => path.join(dir, file)));
  const weightData = Buffer.concat(weightFiles.map((file) => readNamedFile(file, 'the weights')));
  const expectedBytes = weightsByteLength(specs);
  if (weightData.byteLength !== expectedBytes) {
    throw new Error(`${weightFiles.join(', ')}: holds ${weightData.byteLength} bytes, but ${modelFile} lists ${expectedBytes}`);
  }
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  return tf.io.getModelArtifactsForJSONSync(modelJson, specs, buffer);
}

function readModelJson(file: string): tf.io.ModelJSON {
  const text = readNamedFile(file, 'the model').toString('utf8');
  let json: Partial<tf.io.ModelJSON>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json?.modelTopology !== 'object' || json.modelTopology === null || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${file}: not a tfjs model (modelTopology or weightsManifest is missing)`);
  }
  return json as tf.io.ModelJSON;
}

/** Bytes the weights in `specs` take, one after another: 4 per float32 or int32 value, 1 per bool. */
export function weightsByteLength(specs: tf.io.WeightsManifestEntry[]): number {
  return specs.reduce((sum, spec) => {
    if (spec.quantization) throw new Error(`weight ${spec.name}: quantized weights are not supported`);
    const count = spec.shape.reduce((product, size) => product * size, 1);
    return sum + count * (spec.dtype === 'bool' ? 1 : 4);
  }, 0);
}
