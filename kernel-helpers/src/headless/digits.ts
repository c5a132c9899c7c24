/**
 * `npm run train -- --model digits` (the default): the demo of chapters 1-5, one GAN per UCI digit.
 * Writes model.json + weights.bin (the generator) and samples.csv (64 integers 0..16 a line).
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadTrainingImages, SHIPPED_DIGITS_FILE } from '../data/digits';
import { formatDigit, pixelsCsv, toUciPixels } from '../models/generation';
import { saveModel } from '../models/model-io';
import { fakesBesideReals, snapshotGrid } from '../plotting/run-charts';
import { adam } from '../training/optimizers';
import { latentSizeOf } from '../training/state';
import { samplesOf } from '../training/train-gan';
import { writeFileAtomically } from '../util/files';
import { createRng, latentNoise } from '../util/seeding';
import { HeadlessRun, integerOption, nonEmptyOption, positiveNumberOption } from './headless-run';

export const digitsRun: HeadlessRun = {
  name: 'digits',
  summary: "the demo: dense G and D on one digit of the UCI 8x8 digits (chapters 1-5)",
  defaults: {
    digit: '2',
    epochs: '100',
    data: SHIPPED_DIGITS_FILE,
    samples: '500',
    'batch-size': '10',
    'learning-rate': '0.005',
  },
  prepare(options) {
    const digit = integerOption('digit', options.digit, 0, 9);
    const data = nonEmptyOption('data', options.data);
    const batchSize = integerOption('batch-size', options['batch-size'], 1);
    const learningRate = positiveNumberOption('learning-rate', options['learning-rate']);
    const images = loadTrainingImages(digit, data);
    if (batchSize > images.length) throw new Error(`--batch-size ${batchSize} is larger than the ${images.length} images of digit ${digit} in ${data}`);
    return {
      rows: images,
      training: { batchSize, generatorOptimizer: adam(learningRate), discriminatorOptimizer: adam(learningRate) },
      description: `${images.length} images of digit ${digit} from ${path.relative(process.cwd(), data) || data}`,
      async finish(run, out, count, seed) {
        // The samples' noise comes from the seed too, so the same command writes the same samples.csv.
        const noise = latentNoise(count, latentSizeOf(run.sampler), createRng(seed));
        const samples = samplesOf(run.sampler, noise);
        tf.dispose(noise);
        await saveModel(run.sampler, out);
        writeFileAtomically(path.join(out, 'samples.csv'), pixelsCsv(toUciPixels(samples)));
        return {
          files: ['model.json', 'weights.bin', 'samples.csv'],
          sections: [
            { heading: 'Fixed noise over the epochs', figure: snapshotGrid(run.snapshots) },
            { heading: 'Generated and real digits', figure: fakesBesideReals(samples, images) },
          ],
          summary: `one synthetic ${digit} (0..16):\n${formatDigit(toUciPixels(samples)[0])}`,
        };
      },
    };
  },
};
