/**
 * The course's judge of generated digits (issue 12): a small classifier trained on the real digits, all ten classes,
 * that then reads the fakes, as the Inception Score reads photographs with an ImageNet classifier (Salimans et al.
 * 2016) and mode counts on stacked MNIST use a digit classifier (Metz et al. 2017, "Unrolled GANs"). It gives
 * - the share of fakes classified as a target digit (a one-digit or conditional GAN);
 * - the class histogram and how many classes get at least 1% of the fakes (mode coverage, unconditional GANs);
 * - the share of fakes it is confident about: largest softmax probability >= 0.9;
 * - its penultimate layer's activations: the feature space of frechet-distance.ts and precision-recall.ts.
 * `buildDenseDigitClassifier` suits the 8x8 UCI digits, `buildConvDigitClassifier` 28x28 MNIST-size images. Training
 * holds out a seeded share of the digits and reports the accuracy on them, which says how far the judge can be
 * trusted: with the default settings the dense judge classifies 98.6% (354) of the 359 held-out UCI digits correctly.
 *
 * A classifier trained on digits alone is confidently wrong on noise: the plain 64-64-10 net gave 65-79% of
 * uniform-noise images a probability >= 0.9 for some digit, so "confident" would say little about a fake. So the
 * judge also learns to answer 1/10 for every class on digits whose pixels are shuffled (the same ink, no strokes),
 * a form of outlier exposure (Hendrycks et al. 2019, "Deep anomaly detection with outlier exposure"). Uniform
 * noise, which it never sees in training, then gets no confident answer.
 *
 * Blind spots: the judge knows only the digits it was trained on and makes its own mistakes (1 - accuracy bounds
 * how exactly its shares can be read); a generator trained against it could learn to fool it; the histogram says
 * nothing about diversity within a class (precision-recall.ts does).
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledBatches } from '../data/batches';
import { createRng, Rng, shuffledIndices } from '../util/seeding';

export const DIGIT_CLASSES = 10;
/** A fake counts as confidently classified when its largest class probability reaches this. */
export const CONFIDENT_PROBABILITY = 0.9;
/** A class counts as a covered mode when at least this share of the fakes is classified as it. */
export const MODE_SHARE = 0.01;

export interface ClassifierSettings {
  /** Seeds the held-out split, the weights, the shuffled-pixel images and the batches. */
  seed: number;
  /** Passes over the training digits. */
  epochs: number;
  /** Images per Adam step; the last partial batch of an epoch is dropped. */
  batchSize: number;
  /** Adam's step size. */
  learningRate: number;
  /** Share of the digits kept out of training, to measure the judge's accuracy on digits it never saw. */
  heldOutShare: number;
  /** Shuffled-pixel images added per training digit, taught as 1/10 for every class (see above). */
  outlierShare: number;
}

/**
 * For the 1797 UCI digits: 98.6% held-out accuracy (seeds 0-4: 96.9-98.6%), about 1 s of CPU time on single-threaded
 * wasm. Few large batches, because each step's cost is mostly per-op overhead (more so on multi-threaded wasm).
 */
export const DEFAULT_CLASSIFIER_SETTINGS: ClassifierSettings = {
  seed: 0,
  epochs: 15,
  batchSize: 128,
  learningRate: 0.02,
  heldOutShare: 0.2,
  outlierShare: 0.25,
};

export interface TrainClassifierOptions extends Partial<ClassifierSettings> {
  /** Builds the untrained network from the run's PRNG; its input shape sets the image shape. Default: the dense 8x8 one. */
  buildModel?: (rng: Rng) => tf.Sequential;
}

export interface DigitJudge {
  classifier: tf.Sequential;
  /** The classifier up to its penultimate layer, sharing its weights: an image's features. */
  featureModel: tf.LayersModel;
  /** Share of the held-out digits classified correctly. */
  heldOutAccuracy: number;
  /** The digits training never saw. */
  heldOut: { images: number[][]; labels: number[] };
}

export interface ClassJudgement {
  /** classShares[c]: share of the images whose most probable class is digit c. */
  classShares: number[];
  /** Classes with at least MODE_SHARE (1%) of the images: 10 when every digit appears. */
  modesCovered: number;
  /** Share of the images whose largest class probability is >= the confidence threshold (default 0.9). */
  confidentShare: number;
  /** Share of the images classified as the target digit, when one is given. */
  targetShare?: number;
}

export interface ClassJudgementOptions {
  /** The digit the fakes should show. */
  target?: number;
  confidenceThreshold?: number;
}

/** 8x8 digits, 64 pixels -> dense 64, ReLU (the features) -> dense 10, softmax. */
export function buildDenseDigitClassifier(rng: Rng): tf.Sequential {
  const model = tf.sequential({ name: 'dense_digit_classifier' });
  model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [64], kernelInitializer: glorot(rng) }));
  model.add(tf.layers.dense({ units: DIGIT_CLASSES, activation: 'softmax', kernelInitializer: glorot(rng) }));
  return model;
}

/**
 * 28x28x1 images -> conv 16 3x3 stride 2, ReLU (14x14x16) -> conv 32 3x3 stride 2, ReLU (7x7x32) -> dense 128, ReLU
 * (the features) -> dense 10, softmax.
 */
export function buildConvDigitClassifier(rng: Rng): tf.Sequential {
  const model = tf.sequential({ name: 'conv_digit_classifier' });
  const conv = (filters: number, inputShape?: number[]) =>
    tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputShape, kernelInitializer: glorot(rng) });
  model.add(conv(16, [28, 28, 1]));
  model.add(conv(32));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: glorot(rng) }));
  model.add(tf.layers.dense({ units: DIGIT_CLASSES, activation: 'softmax', kernelInitializer: glorot(rng) }));
  return model;
}

function glorot(rng: Rng): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: rng.nextSeed() });
}

/**
 * Trains a judge on `images` (pixels 0..1, flattened) and their `labels` (0..9), all ten digits: holds out a seeded
 * share, trains with Adam on the rest and their shuffled-pixel copies, and measures the held-out accuracy.
 */
export function trainDigitClassifier(images: number[][], labels: number[], options: TrainClassifierOptions = {}): DigitJudge {
  const { buildModel = buildDenseDigitClassifier, ...overrides } = options;
  const settings = checkClassifierSettings(overrides, images?.length ?? 0);
  const rng = createRng(settings.seed);
  const classifier = buildModel(rng);
  let split: { heldOut: number[]; training: number[] };
  try {
    split = checkedSplit(classifier, images, labels, settings, rng);
  } catch (error) {
    classifier.dispose();
    throw error;
  }
  const { heldOut, training } = split;
  const oneHot = (label: number) => Array.from({ length: DIGIT_CLASSES }, (_, c) => (c === label ? 1 : 0));
  const outliers = shuffledPixelImages(training.map((i) => images[i]), Math.round(training.length * settings.outlierShare), rng);
  const x = imageTensor(classifier, [...training.map((i) => images[i]), ...outliers]);
  const y = tf.tensor2d([...training.map((i) => oneHot(labels[i])), ...outliers.map(() => new Array(DIGIT_CLASSES).fill(1 / DIGIT_CLASSES))]);
  const optimizer = tf.train.adam(settings.learningRate);
  const rows = Array.from({ length: x.shape[0] }, (_, i) => i);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (const batch of shuffledBatches(rows, settings.batchSize, rng)) {
      tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const [xBatch, yBatch] = [x.gather(indices), y.gather(indices)];
        optimizer.minimize(() => tf.metrics.categoricalCrossentropy(yBatch, classifier.apply(xBatch) as tf.Tensor).mean() as tf.Scalar);
      });
    }
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  const penultimate = classifier.layers[classifier.layers.length - 2];
  const heldOutImages = heldOut.map((i) => images[i]);
  const heldOutLabels = heldOut.map((i) => labels[i]);
  return {
    classifier,
    featureModel: tf.model({ inputs: classifier.inputs, outputs: penultimate.output as tf.SymbolicTensor }),
    heldOutAccuracy: accuracy(classifier, heldOutImages, heldOutLabels),
    heldOut: { images: heldOutImages, labels: heldOutLabels },
  };
}

/** Share of `images` the judge classifies as their `labels`. */
export function classifierAccuracy(judge: DigitJudge, images: number[][], labels: number[]): number {
  checkImages('classifierAccuracy', judge.classifier, images);
  checkLabels('classifierAccuracy', labels, images.length);
  return accuracy(judge.classifier, images, labels);
}

function accuracy(classifier: tf.LayersModel, images: number[][], labels: number[]): number {
  return mostProbable(classifier, images).classes.filter((digit, i) => digit === labels[i]).length / images.length;
}

/** Which digits the judge sees in `images` (fakes, usually), and how sure it is. */
export function judgeClasses(judge: DigitJudge, images: number[][], options: ClassJudgementOptions = {}): ClassJudgement {
  const { target, confidenceThreshold = CONFIDENT_PROBABILITY } = options;
  checkImages('judgeClasses', judge.classifier, images);
  if (target !== undefined && !(Number.isInteger(target) && target >= 0 && target < DIGIT_CLASSES)) {
    throw new Error(`judgeClasses: target must be a digit 0..9, got ${target}`);
  }
  if (!(confidenceThreshold > 0 && confidenceThreshold <= 1)) {
    throw new Error(`judgeClasses: confidenceThreshold must be a probability in (0, 1], got ${confidenceThreshold}`);
  }
  const { classes, probabilities } = mostProbable(judge.classifier, images);
  const classShares = Array.from({ length: DIGIT_CLASSES }, (_, c) => classes.filter((digit) => digit === c).length / images.length);
  return {
    classShares,
    modesCovered: classShares.filter((share) => share >= MODE_SHARE).length,
    confidentShare: probabilities.filter((p) => p >= confidenceThreshold).length / images.length,
    ...(target === undefined ? {} : { targetShare: classShares[target] }),
  };
}

/** The judge's penultimate-layer activations for each image: the feature space of the Fréchet distance and PRDC. */
export function judgeFeatures(judge: DigitJudge, images: number[][]): number[][] {
  checkImages('judgeFeatures', judge.classifier, images);
  return tf.tidy(() => (judge.featureModel.predict(imageTensor(judge.classifier, images)) as tf.Tensor2D).arraySync());
}

/** For each image, the most probable class and its probability. */
function mostProbable(classifier: tf.LayersModel, images: number[][]): { classes: number[]; probabilities: number[] } {
  return tf.tidy(() => {
    const probabilities = classifier.predict(imageTensor(classifier, images)) as tf.Tensor2D;
    return { classes: Array.from(probabilities.argMax(1).dataSync()), probabilities: Array.from(probabilities.max(1).dataSync()) };
  });
}

/** Flattened images as a tensor of the model's input shape, e.g. [n, 64] or [n, 28, 28, 1]. */
function imageTensor(model: tf.LayersModel, images: number[][]): tf.Tensor {
  const shape = model.inputs[0].shape.slice(1) as number[];
  return tf.tidy(() => tf.tensor2d(images).reshape([images.length, ...shape]));
}

/** `count` training images with their pixels in a random order: ink without strokes, for outlier exposure. */
function shuffledPixelImages(images: number[][], count: number, rng: Rng): number[][] {
  return Array.from({ length: count }, () => {
    const image = images[Math.floor(rng.next() * images.length)];
    return shuffledIndices(image.length, rng).map((i) => image[i]);
  });
}

/** Checks the model, the images and the labels, then holds out a seeded share of the images (as indices). */
function checkedSplit(classifier: tf.Sequential, images: number[][], labels: number[], settings: ClassifierSettings, rng: Rng) {
  checkClassifier(classifier);
  checkImages('trainDigitClassifier', classifier, images);
  checkLabels('trainDigitClassifier', labels, images.length);
  const order = shuffledIndices(images.length, rng);
  const heldOutCount = Math.round(images.length * settings.heldOutShare);
  const training = order.slice(heldOutCount);
  if (training.length < settings.batchSize) {
    throw new Error(`trainDigitClassifier: ${training.length} training digits after holding out ${heldOutCount}, fewer than one batch (batchSize ${settings.batchSize})`);
  }
  return { heldOut: order.slice(0, heldOutCount), training };
}

function checkClassifierSettings(overrides: Partial<ClassifierSettings>, imageCount: number): ClassifierSettings {
  const known = Object.keys(DEFAULT_CLASSIFIER_SETTINGS);
  for (const name of Object.keys(overrides)) {
    if (!known.includes(name)) throw new Error(`trainDigitClassifier: unknown option "${name}"; the options are ${known.join(', ')}, buildModel`);
  }
  const settings = { ...DEFAULT_CLASSIFIER_SETTINGS, ...overrides };
  for (const name of ['seed', 'epochs', 'batchSize'] as const) {
    const minimum = name === 'seed' ? 0 : 1;
    if (!Number.isInteger(settings[name]) || settings[name] < minimum) {
      throw new Error(`trainDigitClassifier: ${name} must be an integer >= ${minimum}, got ${settings[name]}`);
    }
  }
  if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) {
    throw new Error(`trainDigitClassifier: learningRate must be a number > 0, got ${settings.learningRate}`);
  }
  const heldOutCount = Math.round(imageCount * settings.heldOutShare);
  if (!(settings.heldOutShare > 0 && settings.heldOutShare < 1) || heldOutCount < 1) {
    throw new Error(`trainDigitClassifier: heldOutShare must hold out at least one of the ${imageCount} digits and keep the rest, got ${settings.heldOutShare}`);
  }
  if (!(settings.outlierShare >= 0 && Number.isFinite(settings.outlierShare))) {
    throw new Error(`trainDigitClassifier: outlierShare must be a number >= 0, got ${settings.outlierShare}`);
  }
  return settings;
}

function checkClassifier(model: tf.Sequential): void {
  const output = JSON.stringify(model.outputs[0].shape);
  if (output !== JSON.stringify([null, DIGIT_CLASSES]) || model.layers.length < 2) {
    throw new Error(`trainDigitClassifier: buildModel must give a model with a hidden layer that ends in ${DIGIT_CLASSES} softmax units, got output ${output}`);
  }
}

/** Throws unless `images` is a non-empty array of rows of the model's pixel count, each pixel in 0..1. */
function checkImages(caller: string, model: tf.LayersModel, images: number[][]): void {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const pixels = shape.reduce((product, size) => product * size, 1);
  if (!Array.isArray(images) || images.length === 0) throw new Error(`${caller}: no images; it needs at least one`);
  images.forEach((image, i) => {
    if (!Array.isArray(image) || image.length !== pixels) {
      throw new Error(`${caller}: images[${i}] has ${image?.length} pixels, but the classifier takes ${JSON.stringify(shape)} = ${pixels}`);
    }
    const bad = image.findIndex((value) => !(value >= 0 && value <= 1));
    if (bad >= 0) {
      throw new Error(`${caller}: images[${i}][${bad}] is ${image[bad]}, expected a pixel in 0..1 (normalisePixels scales optdigits pixels 0..16 to 0..1)`);
    }
  });
}

function checkLabels(caller: string, labels: number[], count: number): void {
  if (!Array.isArray(labels) || labels.length !== count) throw new Error(`${caller}: ${count} images but ${labels?.length} labels; each image needs one`);
  const bad = labels.findIndex((label) => !(Number.isInteger(label) && label >= 0 && label < DIGIT_CLASSES));
  if (bad >= 0) throw new Error(`${caller}: labels[${bad}] is ${labels[bad]}, expected a digit 0..9`);
}
