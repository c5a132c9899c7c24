/**
 * What trainGan refuses (issue 7): settings and images that cannot train, checked before any model is built,
 * and a run that diverges, caught at the first NaN or infinite loss or weight. Every message names the option,
 * the image or the epoch and step at fault.
 */
import type { TrainingSettings } from './train-gan';
import type { TrainingState } from './state';

/** Settings whose value must be a whole number of at least 1. */
const COUNT_SETTINGS = ['epochs', 'batchSize', 'logEvery', 'accuracySamples', 'snapshotCount'] as const;

/** Throws when `overrides` has a key that is not a setting or a value no run could use. */
export function checkSettings(overrides: Partial<TrainingSettings>, defaults: TrainingSettings): void {
  const known = Object.keys(defaults);
  for (const name of Object.keys(overrides)) {
    if (!known.includes(name)) throw new Error(`trainGan: unknown option "${name}"; the options are ${known.join(', ')}, progress, onLog, onEpochEnd, state`);
  }
  const settings = { ...defaults, ...overrides } as TrainingSettings;
  for (const name of COUNT_SETTINGS) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 1) throw new Error(`trainGan: ${name} must be an integer >= 1, got ${value}`);
  }
  if (!Number.isInteger(settings.seed) || settings.seed < 0 || settings.seed >= 2 ** 32) {
    throw new Error(`trainGan: seed must be an integer 0..${2 ** 32 - 1}, got ${settings.seed}`);
  }
  if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) {
    throw new Error(`trainGan: learningRate must be a number > 0, got ${settings.learningRate}`);
  }
  const { config } = settings;
  const sizes = [config?.latentSize, config?.generatorHidden, config?.imageSize, ...(config?.discriminatorHidden ?? [NaN])];
  if (!sizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new Error(`trainGan: the config's sizes must be integers >= 1, got ${JSON.stringify(config)}`);
  }
}

/** Throws unless there are at least `batchSize` images of `imageSize` pixels, each a number in 0..1. */
export function checkImages(images: number[][], { batchSize, config }: TrainingSettings): void {
  if (!Array.isArray(images) || images.length < batchSize) {
    throw new Error(`trainGan: ${images?.length ?? 0} images, fewer than one batch (batchSize ${batchSize})`);
  }
  images.forEach((image, i) => {
    if (image?.length !== config.imageSize) {
      throw new Error(`trainGan: images[${i}] has ${image?.length} pixels, expected ${config.imageSize}`);
    }
    const bad = image.findIndex((value) => !(value >= 0 && value <= 1));
    if (bad >= 0) {
      throw new Error(
        `trainGan: images[${i}][${bad}] is ${image[bad]}, expected a pixel in 0..1 ` +
          '(the generator ends in a sigmoid; normalisePixels scales optdigits pixels 0..16 to 0..1)',
      );
    }
  });
}

/** trainGan's rejection when training diverges; `state` holds the models as they were after the last good epoch. */
export class TrainingDiverged extends Error {
  override name = 'TrainingDiverged';

  constructor(what: string, epoch: number, step: number, readonly state: TrainingState) {
    const { learningRate } = state.settings;
    super(
      `${what} at epoch ${epoch}, step ${step}: training stopped, and the models are back to their weights ` +
        `after epoch ${state.epoch}. The likely cause is a learning rate too large for Adam (${learningRate}): ` +
        `try ${learningRate / 10}. Inputs far outside 0..1 do this too.`,
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
