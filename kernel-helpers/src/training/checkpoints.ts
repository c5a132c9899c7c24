/**
 * Checkpoints of a GAN run (issue 7): one JSON file with everything in a TrainingState (both models' topology
 * and weights, G's moving average if kept, both optimizers, the PRNG state, the fixed noise and the log so far)
 * and a note on where the run came from. It is written atomically, so a crash mid-write leaves the previous checkpoint whole, and read
 * back with errors that name the file; trainGan continues a loaded state exactly as the run would have gone on.
 */
import * as tf from '@tensorflow/tfjs';
import { readNamedFile, writeFileAtomically } from '../util/files';
import { weightsByteLength } from '../models/model-io';
import { checkModels, checkSettings, sampleSizeOf, weightProblem } from './checks';
import { OptimizerSnapshot } from './optimizers';
import { DEFAULT_TRAINING_SETTINGS, TrainingSettings } from './settings';
import { latentSizeOf, modelWeights, TrainingState } from './state';

export const CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 'gan-course checkpoint 2';

interface ModelJson {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** float32 weights, base64. */
  weightData: string;
}

type OptimizerJson = Omit<OptimizerSnapshot, 'slots'> & { slots: { name: string; shape: number[]; values: string }[] };

interface CheckpointJson extends Omit<TrainingState, 'generator' | 'discriminator' | 'averageGenerator' | 'optimizers'> {
  format: string;
  about: Record<string, unknown>;
  generator: ModelJson;
  discriminator: ModelJson;
  averageGenerator?: ModelJson;
  optimizers?: { discriminator: OptimizerJson; generator: OptimizerJson };
}

export interface Checkpoint {
  state: TrainingState;
  /** What the saver said about the run, e.g. the headless run's options. */
  about: Record<string, unknown>;
}

/** Writes `state` (and `about`) to `file`, replacing an earlier checkpoint only once the new one is complete. */
export async function saveCheckpoint(file: string, state: TrainingState, about: Record<string, unknown> = {}): Promise<void> {
  const { generator, discriminator, averageGenerator, optimizers, ...plain } = state;
  const json: CheckpointJson = {
    format: FORMAT,
    about,
    ...plain,
    generator: await modelJson(generator),
    discriminator: await modelJson(discriminator),
    averageGenerator: averageGenerator && (await modelJson(averageGenerator)),
    optimizers: optimizers && { discriminator: optimizerJson(optimizers.discriminator), generator: optimizerJson(optimizers.generator) },
  };
  writeFileAtomically(file, JSON.stringify(json));
}

/** Reads a checkpoint that saveCheckpoint wrote; a missing, damaged or mismatched file is named in the error. */
export async function loadCheckpoint(file: string): Promise<Checkpoint> {
  const json = readCheckpointJson(file);
  const { format, about, generator, discriminator, averageGenerator, optimizers, ...plain } = json;
  // A refused checkpoint must not leave the models built so far in tfjs memory.
  const loaded: tf.LayersModel[] = [];
  const load = async (name: string, model: ModelJson) => {
    loaded.push(await loadModelJson(file, name, model));
    return loaded[loaded.length - 1];
  };
  try {
    const models = {
      generator: await load('generator', generator),
      discriminator: await load('discriminator', discriminator),
      ...(averageGenerator && { averageGenerator: await load('average generator', averageGenerator) }),
    };
    const { fixedNoise, settings } = plain;
    try {
      checkModels({ ...plain, ...models }, sampleSizeOf(models.discriminator));
    } catch (error) {
      throw new Error(`${file}: the models do not fit together (${(error as Error).message})`);
    }
    const latentSize = latentSizeOf(models.generator);
    const noiseFits = Array.isArray(fixedNoise) && fixedNoise.length === settings.snapshotCount && fixedNoise.every((z) => z?.length === latentSize);
    if (!noiseFits) throw new Error(`${file}: fixedNoise should be ${settings.snapshotCount} vectors of ${latentSize}`);
    const state: TrainingState = {
      ...plain,
      ...models,
      optimizers: optimizers && {
        discriminator: decodedOptimizer(file, 'discriminator', optimizers.discriminator, models.discriminator),
        generator: decodedOptimizer(file, 'generator', optimizers.generator, models.generator),
      },
    };
    return { state, about: about ?? {} };
  } catch (error) {
    loaded.forEach((model) => model.dispose());
    throw error;
  }
}

function readCheckpointJson(file: string): CheckpointJson {
  const text = readNamedFile(file, 'the checkpoint').toString('utf8');
  let json: Partial<CheckpointJson>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: the checkpoint is damaged, not valid JSON (${(error as Error).message})`);
  }
  if (json?.format === 'gan-course checkpoint 1') {
    throw new Error(`${file}: a checkpoint of an earlier version of the course (before issue 11's training engine); train the run again`);
  }
  if (json?.format !== FORMAT) throw new Error(`${file}: not a checkpoint of this course (no "format": "${FORMAT}")`);
  const fields: (keyof CheckpointJson)[] = ['settings', 'epoch', 'rngState', 'fixedNoise', 'history', 'snapshots', 'generator', 'discriminator'];
  const missing = fields.filter((field) => json[field] === undefined);
  if (missing.length > 0) throw new Error(`${file}: the checkpoint is damaged, ${missing.join(', ')} missing`);
  try {
    checkSettings(json.settings as TrainingSettings, DEFAULT_TRAINING_SETTINGS);
  } catch (error) {
    throw new Error(`${file}: the checkpoint's settings are damaged (${(error as Error).message})`);
  }
  return json as CheckpointJson;
}

async function modelJson(model: tf.LayersModel): Promise<ModelJson> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  const { modelTopology, weightSpecs = [], weightData = new ArrayBuffer(0) } = artifacts as tf.io.ModelArtifacts;
  return {
    modelTopology: modelTopology as object,
    weightSpecs,
    weightData: Buffer.from(tf.io.CompositeArrayBuffer.join(weightData)).toString('base64'),
  };
}

/** Rebuilds one model and checks that its weights fit its layers and are finite. */
async function loadModelJson(file: string, name: string, json: ModelJson): Promise<tf.LayersModel> {
  const weightData = bytesOf(json.weightData);
  const expectedBytes = weightsByteLength(json.weightSpecs ?? []);
  if (weightData.byteLength !== expectedBytes) {
    throw new Error(`${file}: the ${name}'s weights are ${weightData.byteLength} bytes, its weight list needs ${expectedBytes}`);
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightSpecs, weightData }));
  } catch (error) {
    throw new Error(`${file}: the ${name} cannot be rebuilt (${(error as Error).message})`);
  }
  const problem = weightProblem(name === 'discriminator' ? 'discriminator' : 'generator', modelWeights(model));
  if (problem) {
    model.dispose();
    throw new Error(`${file}: ${problem}; this checkpoint cannot be trained on`);
  }
  return model;
}

function optimizerJson(snapshot: OptimizerSnapshot): OptimizerJson {
  const slots = snapshot.slots.map(({ name, shape, values }) => ({ name, shape, values: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') }));
  return { ...snapshot, slots };
}

/**
 * Decodes one optimizer's state and checks that it fits the model: its slots come in groups of one per
 * trainable weight, of that weight's shape (Adam: first moments, then second moments; momentum: one group).
 */
function decodedOptimizer(file: string, name: string, json: OptimizerJson, model: tf.LayersModel): OptimizerSnapshot {
  const shapes = model.trainableWeights.map((weight) => JSON.stringify(weight.shape));
  const fits =
    Array.isArray(json?.slots) &&
    json.slots.length % shapes.length === 0 &&
    json.slots.every((slot, i) => JSON.stringify(slot.shape) === shapes[i % shapes.length] && bytesOf(slot.values).byteLength === 4 * count(slot.shape));
  if (!fits) throw new Error(`${file}: the ${name}'s optimizer state does not fit the ${name}'s weights`);
  return { ...json, slots: json.slots.map((slot) => ({ ...slot, values: new Float32Array(bytesOf(slot.values)) })) };
}

function count(shape: number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Base64 to a fresh ArrayBuffer (tfjs and Float32Array want one of their own). */
function bytesOf(base64: string): ArrayBuffer {
  const bytes = Buffer.from(base64 ?? '', 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
