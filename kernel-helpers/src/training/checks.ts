/**
 * What trainGan refuses (issue 7): settings, data and models that cannot train together, checked before the
 * first step, and a run that diverges, caught at the first NaN or infinite loss or weight. Every message names
 * the option, the row or the epoch and step at fault.
 */
import * as tf from '@tensorflow/tfjs';
import { GAN_LOSSES, scoresAreProbabilities } from './losses';
import { optimizerProblem } from './optimizers';
import type { TrainingSettings } from './settings';
import type { TrainingState } from './state';

/** Settings whose value must be a whole number of at least 1. */
const COUNT_SETTINGS = ['epochs', 'batchSize', 'criticSteps', 'logEvery', 'accuracySamples', 'snapshotCount'] as const;
/** trainGan's options that are not settings. */
const OTHER_OPTIONS = ['labels', 'models', 'judge', 'progress', 'onLog', 'onEpochEnd', 'state'];

/** Throws when `overrides` has a key that is not a setting or a value no run could use. */
export function checkSettings(overrides: Partial<TrainingSettings>, defaults: TrainingSettings): void {
  const known = Object.keys(defaults);
  for (const name of Object.keys(overrides)) {
    if (!known.includes(name)) throw new Error(`trainGan: unknown option "${name}"; the options are ${[...known, ...OTHER_OPTIONS].join(', ')}`);
  }
  const settings = { ...defaults, ...overrides } as TrainingSettings;
  for (const name of COUNT_SETTINGS) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 1) throw new Error(`trainGan: ${name} must be an integer >= 1, got ${value}`);
  }
  if (!Number.isInteger(settings.seed) || settings.seed < 0 || settings.seed >= 2 ** 32) {
    throw new Error(`trainGan: seed must be an integer 0..${2 ** 32 - 1}, got ${settings.seed}`);
  }
  if (!GAN_LOSSES.includes(settings.loss)) throw new Error(`trainGan: loss must be one of ${GAN_LOSSES.join(', ')}, got ${JSON.stringify(settings.loss)}`);
  for (const name of ['generatorOptimizer', 'discriminatorOptimizer'] as const) {
    const problem = optimizerProblem(settings[name]);
    if (problem) throw new Error(`trainGan: ${name}: ${problem}`);
  }
  if (!(settings.clipValue > 0 && Number.isFinite(settings.clipValue))) throw new Error(`trainGan: clipValue must be a number > 0, got ${settings.clipValue}`);
  if (!(settings.penaltyWeight >= 0 && Number.isFinite(settings.penaltyWeight))) throw new Error(`trainGan: penaltyWeight must be a number >= 0, got ${settings.penaltyWeight}`);
  if (!(settings.generatorAverageDecay >= 0 && settings.generatorAverageDecay < 1)) {
    throw new Error(`trainGan: generatorAverageDecay must be a number in [0, 1) (0 keeps no average), got ${settings.generatorAverageDecay}`);
  }
  if (!Number.isInteger(settings.classes) || settings.classes < 0) throw new Error(`trainGan: classes must be an integer >= 0, got ${settings.classes}`);
  const range = settings.valueRange;
  if (range !== null && !(Array.isArray(range) && range.length === 2 && range[0] < range[1])) {
    throw new Error(`trainGan: valueRange must be null or [low, high] with low < high, got ${JSON.stringify(range)}`);
  }
  const { config } = settings;
  const sizes = [config?.latentSize, config?.generatorHidden, config?.imageSize, ...(config?.discriminatorHidden ?? [NaN])];
  if (!sizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new Error(`trainGan: the config's sizes must be integers >= 1, got ${JSON.stringify(config)}`);
  }
}

/**
 * Throws unless there are at least `batchSize` rows of one length, each value a finite number in the settings'
 * valueRange, and, for a conditional GAN, one label 0..classes-1 per row (and none for an unconditional one).
 */
export function checkData(rows: number[][], labels: number[] | undefined, { batchSize, valueRange, classes }: TrainingSettings): void {
  if (!Array.isArray(rows) || rows.length < batchSize) {
    throw new Error(`trainGan: ${rows?.length ?? 0} rows, fewer than one batch (batchSize ${batchSize})`);
  }
  const width = rows[0]?.length;
  rows.forEach((row, i) => {
    if (row?.length !== width) throw new Error(`trainGan: row ${i} has ${row?.length} values, row 0 has ${width}`);
    const bad = row.findIndex((value) => !(Number.isFinite(value) && (valueRange === null || (value >= valueRange[0] && value <= valueRange[1]))));
    if (bad >= 0) {
      const expected = valueRange === null ? 'a finite number' : `a value in ${valueRange[0]}..${valueRange[1]}`;
      const hint = valueRange?.[0] === 0 && valueRange[1] === 1 ? ' (the generator ends in a sigmoid; normalisePixels scales optdigits pixels 0..16 to 0..1)' : '';
      throw new Error(`trainGan: rows[${i}][${bad}] is ${row[bad]}, expected ${expected}${hint}`);
    }
  });
  if (classes === 0 && labels !== undefined) throw new Error('trainGan: labels were given but classes is 0; set classes to train a conditional GAN');
  if (classes > 0) {
    if (!Array.isArray(labels) || labels.length !== rows.length) {
      throw new Error(`trainGan: a conditional GAN (classes ${classes}) needs one label per row: ${rows.length} rows, ${labels?.length ?? 0} labels`);
    }
    const bad = labels.findIndex((label) => !(Number.isInteger(label) && label >= 0 && label < classes));
    if (bad >= 0) throw new Error(`trainGan: labels[${bad}] is ${labels[bad]}, expected an integer 0..${classes - 1}`);
  }
}

/** Throws when the models do not fit the data, the loss or the conditioning, naming the model and what it expects. */
export function checkModels({ generator, discriminator, settings }: TrainingState, rowLength: number): void {
  const conditional = settings.classes > 0;
  for (const model of [generator, discriminator]) {
    const inputs = model.inputs.length;
    if (inputs !== (conditional ? 2 : 1)) {
      throw new Error(
        `trainGan: ${model.name} takes ${inputs} input(s); ${conditional ? `a conditional GAN's models take two, [noise or sample, one-hot label of ${settings.classes}]` : 'an unconditional GAN\'s take one'}`,
      );
    }
    if (conditional && model.inputs[1].shape[1] !== settings.classes) {
      throw new Error(`trainGan: ${model.name}'s label input has width ${model.inputs[1].shape[1]}, expected ${settings.classes} (one-hot)`);
    }
  }
  const sampleSize = sampleSizeOf(discriminator);
  if (sampleSize !== rowLength) {
    throw new Error(`trainGan: ${discriminator.name} takes samples of shape ${JSON.stringify(discriminator.inputs[0].shape.slice(1))} (${sampleSize} values), the rows have ${rowLength}`);
  }
  const generated = (generator.outputs[0].shape.slice(1) as number[]).reduce((product, size) => product * size, 1);
  if (generated !== rowLength) throw new Error(`trainGan: ${generator.name} makes samples of ${generated} values, the rows have ${rowLength}`);
  const scoreShape = JSON.stringify(discriminator.outputs[0].shape);
  if (scoreShape !== '[null,1]') throw new Error(`trainGan: ${discriminator.name} should give one score per sample ([null,1]), gives ${scoreShape}`);
  const activation = lastActivation(discriminator);
  const wantsSigmoid = scoresAreProbabilities(settings.loss);
  if (activation !== undefined && (activation === 'sigmoid') !== wantsSigmoid) {
    throw new Error(
      `trainGan: the ${settings.loss} loss needs a ${discriminator.name} that ends in ${wantsSigmoid ? 'a sigmoid (its score is a probability)' : 'a linear score (no sigmoid)'}, this one ends in ${activation}`,
    );
  }
}

/** How many values one sample of D's (first) input holds: 64 for an 8x8 image, 784 for 28x28x1. */
export function sampleSizeOf(discriminator: tf.LayersModel): number {
  return (discriminator.inputs[0].shape.slice(1) as number[]).reduce((product, size) => product * size, 1);
}

/** The activation of the model's last layer, when that layer has one. */
function lastActivation(model: tf.LayersModel): string | undefined {
  const config = model.layers[model.layers.length - 1].getConfig();
  return typeof config.activation === 'string' ? config.activation : undefined;
}

/** trainGan's rejection when training diverges; `state` holds the models as they were after the last good epoch. */
export class TrainingDiverged extends Error {
  override name = 'TrainingDiverged';

  constructor(what: string, epoch: number, step: number, readonly state: TrainingState) {
    const { learningRate, name } = state.settings.discriminatorOptimizer;
    super(
      `${what} at epoch ${epoch}, step ${step}: training stopped, and the models are back to their weights ` +
        `after epoch ${state.epoch}. The likely cause is a learning rate too large for ${name === 'adam' ? 'Adam' : name} (${learningRate}): ` +
        `try ${learningRate / 10}. Inputs far outside the data's range do this too.`,
    );
  }
}

/** "D loss is NaN" when a step's loss is not a finite number, else undefined. */
export function lossProblem(name: 'D loss' | 'G loss', loss: number): string | undefined {
  return Number.isFinite(loss) ? undefined : `${name} is ${loss}`;
}

/** "a generator weight is NaN" when a weight is not finite, else undefined. */
export function weightProblem(name: 'generator' | 'discriminator', weights: Float32Array[]): string | undefined {
  for (const values of weights) {
    const bad = values.find((value) => !Number.isFinite(value));
    if (bad !== undefined) return `a ${name} weight is ${bad}`;
  }
  return undefined;
}
