/**
 * The generator shipped for chapter 7 (pretrained/dcgan-mnist/) draws recognisable digits of most classes, judged
 * by a classifier of another family than the course's conv judge, which scored it during training: k nearest
 * neighbours (k = 10) on raw pixels among 9,000 MNIST digits, no learned weights. It reads the 1000 samples of the
 * run's samples.csv (`npm run train -- --model dcgan --seed 0`: the same seeded noise). The same reader must
 * know real digits it has not seen, and must refuse an untrained G's grey.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadMnist } from '../kernel-helpers/src/data/mnist';
import { buildDcgan, generatedPixels } from '../kernel-helpers/src/models/dcgan';
import { loadModel } from '../kernel-helpers/src/models/model-io';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { createRng, latentNoise } from '../kernel-helpers/src/util/seeding';

const K = 10;
/** A sample is read confidently when at least this many of its K neighbours are of one digit. */
const CONFIDENT_VOTES = 8;
/** A digit counts as drawn when at least this share of the samples is read as it. */
const REAL_SHARE = 0.05;
const SAMPLES = 1000;

const mnist = loadMnist();
const isHeldOut = (i: number) => i % 10 === 0;
const references = mnist.images.filter((_, i) => !isHeldOut(i));
const referenceLabels = mnist.labels.filter((_, i) => !isHeldOut(i));
let referenceTensor: tf.Tensor2D;
let referenceNorms: tf.Tensor1D;

test.before(async () => {
  await initBackend();
  referenceTensor = tf.tensor2d(references);
  referenceNorms = referenceTensor.square().sum(1);
});
test.after(() => tf.dispose([referenceTensor, referenceNorms]));

/** Each image's digit by a vote of its K nearest references (squared Euclidean distance), and that vote's size. */
function nearestNeighbourVotes(images: number[][]): { digit: number; votes: number }[] {
  const read: { digit: number; votes: number }[] = [];
  for (let start = 0; start < images.length; start += 250) {
    const nearest = tf.tidy(() => {
      const queries = tf.tensor2d(images.slice(start, start + 250));
      // |q - r|^2 = |q|^2 - 2 q.r + |r|^2; |q|^2 is the same for every reference of a query, so it can be left out.
      const distances = referenceNorms.expandDims(0).sub(queries.matMul(referenceTensor, false, true).mul(2));
      return tf.topk(distances.neg(), K).indices;
    });
    for (const row of nearest.arraySync() as number[][]) {
      const counts = new Array(10).fill(0);
      row.forEach((index) => counts[referenceLabels[index]]++);
      const votes = Math.max(...counts);
      read.push({ digit: counts.indexOf(votes), votes });
    }
    nearest.dispose();
  }
  return read;
}

/** What the reader makes of a generator's 1000 samples from the noise of `--seed 0`. */
function readSamples(generator: tf.LayersModel) {
  const noise = latentNoise(SAMPLES, 100, createRng(0));
  // samples.csv holds grey levels 0..255: read what it holds.
  const samples = generatedPixels(generator, noise).map((image) => image.map((value) => Math.round(value * 255) / 255));
  noise.dispose();
  const read = nearestNeighbourVotes(samples);
  const shares = Array.from({ length: 10 }, (_, digit) => read.filter((r) => r.digit === digit).length / SAMPLES);
  return {
    shares,
    drawn: shares.filter((share) => share >= REAL_SHARE).length,
    confident: read.filter((r) => r.votes >= CONFIDENT_VOTES).length / SAMPLES,
  };
}

test('the nearest-neighbour reader knows real digits it has not seen', () => {
  const heldOut = mnist.images.filter((_, i) => isHeldOut(i));
  const labels = mnist.labels.filter((_, i) => isHeldOut(i));
  const read = nearestNeighbourVotes(heldOut);
  const right = read.filter((r, i) => r.digit === labels[i]).length / read.length;
  const confident = read.filter((r) => r.votes >= CONFIDENT_VOTES).length / read.length;
  assert.ok(right >= 0.9, `${right} right`);
  // The bar the samples are held to below: most real digits are read confidently.
  assert.ok(confident > 0.5, `${confident} read confidently`);
});

test("the shipped G's 1000 samples are digits of at least 8 classes, most of them read confidently", async () => {
  const generator = await loadModel(path.join(__dirname, '..', 'pretrained', 'dcgan-mnist'));
  const { shares, drawn, confident } = readSamples(generator);
  generator.dispose();
  assert.ok(drawn >= 8, `${drawn} digits drawn: ${shares}`);
  assert.ok(confident > 0.5, `${confident} read confidently`);
});

test("an untrained G's grey fails the same check", () => {
  const { generator, discriminator } = buildDcgan(createRng(0));
  const { shares, drawn, confident } = readSamples(generator);
  generator.dispose();
  discriminator.dispose();
  assert.ok(drawn < 8 || confident <= 0.5, `${drawn} digits drawn: ${shares}; ${confident} read confidently`);
});

test.run();
