/**
 * The bench's workloads, each timed on the active backend with the course's own training steps:
 * the demo GAN's training iteration and its whole 100-epoch trainGan run, the conv GAN's iteration, and
 * chapter 7's whole DCGAN training (trainGan at DCGAN_TRAINING, without the judge).
 * One iteration = what trainGan does per batch: a real-batch tensor, two noise batches, a D step, a G step.
 */
import * as tf from '@tensorflow/tfjs';
import { loadTrainingImages } from '../data/digits';
import { loadMnist } from '../data/mnist';
import { DCGAN_DIGITS_PER_CLASS, DCGAN_TRAINING } from '../headless/dcgan';
import { buildDcgan, toTanhRange } from '../models/dcgan';
import { buildDiscriminator, buildGenerator, DEFAULT_GAN_CONFIG } from '../models/dense-gan';
import { silentProgress } from '../training/progress';
import { createRng, latentNoise, Rng } from '../util/seeding';
import { DEFAULT_TRAINING_SETTINGS } from '../training/settings';
import { trainDiscriminatorStep, trainGeneratorStep } from '../training/steps';
import { trainGan } from '../training/train-gan';
import { buildConvDiscriminator, buildConvGenerator, CONV_BATCH_SIZE, CONV_LATENT_SIZE } from './conv-gan';

/** The digit the course trains on; the PyTorch reference gets the same images. */
export const BENCH_DIGIT = 2;

export function benchImages(): number[][] {
  return loadTrainingImages(BENCH_DIGIT);
}

/**
 * Milliseconds of this process's CPU time (user + system), not wall time: on one thread, CPU time keeps other
 * load on a shared machine out of the ratios. On an idle machine the two agree.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Wall-clock milliseconds: what several threads save (CPU time adds the threads up). */
export function wallMs(): number {
  return performance.now();
}

/** Mean milliseconds of `clock` per call of `iteration` after `warmup` calls: `iterations` calls, or fewer once `budgetMs` is spent. */
export function timeIterations(iteration: () => void, warmup: number, iterations: number, budgetMs: number, clock = cpuMs): number {
  for (let i = 0; i < warmup; i++) iteration();
  const start = clock();
  let done = 0;
  while (done < iterations && (done < 2 || clock() - start < budgetMs)) {
    iteration();
    done++;
  }
  return (clock() - start) / done;
}

interface GanUnderTest {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  dOptimizer: tf.Optimizer;
  gOptimizer: tf.Optimizer;
  latentSize: number;
}

/** One training iteration as trainGan runs it; `realBatch` makes (and the iteration disposes) the real images. */
function ganIteration(gan: GanUnderTest, realBatch: (i: number) => tf.Tensor2D, batchSize: number, rng: Rng): (i: number) => void {
  return (i) => {
    const real = realBatch(i);
    const dNoise = latentNoise(batchSize, gan.latentSize, rng);
    const gNoise = latentNoise(batchSize, gan.latentSize, rng);
    trainDiscriminatorStep(gan.generator, gan.discriminator, gan.dOptimizer, real, dNoise);
    trainGeneratorStep(gan.generator, gan.discriminator, gan.gOptimizer, gNoise);
    tf.dispose([real, dNoise, gNoise]);
  };
}

function disposeGan(gan: GanUnderTest): void {
  gan.generator.dispose();
  gan.discriminator.dispose();
  gan.dOptimizer.dispose();
  gan.gOptimizer.dispose();
}

/** Milliseconds per demo-GAN iteration (batch 10, Adam lr 0.005) on the course's images. */
export function denseIterationMs(images: number[][], iterations: number, warmup: number): number {
  const rng = createRng(0);
  const { batchSize, generatorOptimizer } = DEFAULT_TRAINING_SETTINGS;
  const { learningRate } = generatorOptimizer;
  const gan: GanUnderTest = {
    generator: buildGenerator(rng),
    discriminator: buildDiscriminator(rng),
    dOptimizer: tf.train.adam(learningRate),
    gOptimizer: tf.train.adam(learningRate),
    latentSize: DEFAULT_GAN_CONFIG.latentSize,
  };
  const batches = Math.floor(images.length / batchSize);
  const iteration = ganIteration(gan, (i) => tf.tensor2d(images.slice((i % batches) * batchSize, (i % batches + 1) * batchSize)), batchSize, rng);
  let i = 0;
  const ms = timeIterations(() => iteration(i++), warmup, iterations, Infinity);
  disposeGan(gan);
  return ms;
}

/** CPU seconds for the course's whole trainGan run (100 epochs, batched accuracy on 500 fakes every 10 epochs). */
export async function denseRunSeconds(images: number[][]): Promise<number> {
  const start = cpuMs();
  const run = await trainGan(images, { progress: silentProgress() });
  run.generator.dispose();
  run.discriminator.dispose();
  return (cpuMs() - start) / 1000;
}

/** Chapter 7's training digits: the first DCGAN_DIGITS_PER_CLASS MNIST images of each digit (3,200), scaled to -1..1. */
export function dcganDigits(): number[][] {
  return toTanhRange(loadMnist({ limit: DCGAN_DIGITS_PER_CLASS }).images);
}

/**
 * CPU seconds for chapter 7's training as the notebook runs it, less the judge: trainGan on buildDcgan's models at
 * DCGAN_TRAINING (4 epochs of 50 batches of 64: 200 steps of each network, Adam 2e-4 beta1 0.5), with its log line
 * after every epoch (D's accuracy on 500 fakes, D(x) on 500 digits, G's 16 fixed-noise images), the weight checks
 * and the optimizer snapshots. The judge (a digit classifier trained on 10,000 digits, then reading 500 samples
 * per epoch) is left out: it is not part of the GAN's training, and the reference has no counterpart.
 */
export async function dcganRunSeconds(digits: number[][]): Promise<number> {
  const start = cpuMs();
  const run = await trainGan(digits, { ...DCGAN_TRAINING, models: (rng) => buildDcgan(rng), progress: silentProgress() });
  run.generator.dispose();
  run.discriminator.dispose();
  return (cpuMs() - start) / 1000;
}

/** Milliseconds of `clock` per conv-GAN iteration (batch 64, Adam lr 2e-4, beta1 0.5) on random images in -1..1. */
export function convIterationMs(iterations: number, warmup: number, budgetMs: number, clock = cpuMs): number {
  const rng = createRng(0);
  const gan: GanUnderTest = {
    generator: buildConvGenerator(),
    discriminator: buildConvDiscriminator(),
    dOptimizer: tf.train.adam(2e-4, 0.5),
    gOptimizer: tf.train.adam(2e-4, 0.5),
    latentSize: CONV_LATENT_SIZE,
  };
  const realImages = tf.randomUniform([CONV_BATCH_SIZE, 28, 28, 1], -1, 1, 'float32', 1);
  // The step functions take the batch as it comes; the models read it as 28x28x1 images.
  const iteration = ganIteration(gan, () => tf.clone(realImages) as unknown as tf.Tensor2D, CONV_BATCH_SIZE, rng);
  const ms = timeIterations(() => iteration(0), warmup, iterations, budgetMs, clock);
  realImages.dispose();
  disposeGan(gan);
  return ms;
}
