/**
 * `npm run train -- --model digits` (the default): the demo of chapters 1-5, one GAN per UCI digit.
 * Writes model.json + weights.bin (the generator to sample from) and samples.csv (64 integers 0..16 a line).
 *
 * --recipe (training/recipes.ts) sets the optimizers, the epochs and G's moving average: `demo` (the default, the
 * chapters' run) or `recommended` (chapter 6). --epochs and --learning-rate, when given, replace the recipe's epochs
 * and its learning rate (of both networks; the betas and the average stay the recipe's).
 * At each log line the course's digit classifier, trained once per run on the 1797 shipped UCI digits (seed 0, so
 * every run is judged alike, whatever --data holds), scores 500 samples of G drawn as samples.csv is (chapter 6): history.json keeps the numbers in
 * each entry's `metrics`, and report.html charts them.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDigits, normalisePixels, selectDigit, SHIPPED_DIGITS_FILE } from '../data/digits';
import { trainDigitClassifier } from '../metrics/classifier-judge';
import { formatDigit, pixelsCsv, toUciPixels } from '../models/generation';
import { saveModel } from '../models/model-io';
import { metricCurves } from '../plotting/metric-charts';
import { fakesBesideReals, snapshotGrid } from '../plotting/run-charts';
import { formatMetrics } from '../training/log-line';
import { describeRecipe, JUDGED_SAMPLES, metricsJudge, RECIPE_NAMES, RECIPES, withLearningRate } from '../training/recipes';
import { latentSizeOf } from '../training/state';
import { samplesOf } from '../training/train-gan';
import { writeFileAtomically } from '../util/files';
import { createRng, latentNoise } from '../util/seeding';
import { choiceOption, HeadlessRun, integerOption, nonEmptyOption, positiveNumberOption } from './headless-run';

export const digitsRun: HeadlessRun = {
  name: 'digits',
  summary: "the demo: dense G and D on one digit of the UCI 8x8 digits (chapters 1-5; --recipe recommended: chapter 6)",
  defaults: {
    digit: '2',
    epochs: '100',
    data: SHIPPED_DIGITS_FILE,
    samples: '500',
    'batch-size': '10',
    'learning-rate': '0.005',
    recipe: 'demo',
  },
  derivedDefaults(options) {
    const recipe = RECIPES[choiceOption('recipe', options.recipe, RECIPE_NAMES)];
    return { epochs: String(recipe.epochs), 'learning-rate': String(recipe.generatorOptimizer.learningRate) };
  },
  prepare(options, seed) {
    const digit = integerOption('digit', options.digit, 0, 9);
    const data = nonEmptyOption('data', options.data);
    const batchSize = integerOption('batch-size', options['batch-size'], 1);
    const learningRate = positiveNumberOption('learning-rate', options['learning-rate']);
    const recipeName = choiceOption('recipe', options.recipe, RECIPE_NAMES);
    const recipe = withLearningRate(RECIPES[recipeName], learningRate);
    const images = normalisePixels(selectDigit(loadDigits(data), digit).pixels);
    if (batchSize > images.length) throw new Error(`--batch-size ${batchSize} is larger than the ${images.length} images of digit ${digit} in ${data}`);
    const shipped = loadDigits(SHIPPED_DIGITS_FILE);
    const judge = trainDigitClassifier(normalisePixels(shipped.pixels), shipped.labels);
    const judged = `${(judge.heldOutAccuracy * 100).toFixed(1)}% right on ${judge.heldOut.labels.length} held-out digits`;
    return {
      rows: images,
      training: {
        batchSize,
        generatorOptimizer: recipe.generatorOptimizer,
        discriminatorOptimizer: recipe.discriminatorOptimizer,
        generatorAverageDecay: recipe.generatorAverageDecay,
        judge: metricsJudge(judge, images, { target: digit, seed }),
      },
      description:
        `${images.length} images of digit ${digit} from ${path.relative(process.cwd(), data) || data}\n` +
        `recipe ${recipeName}: ${describeRecipe(recipe)}; judge: ${judged}`,
      async finish(run, out, count, seed) {
        // The samples' noise comes from the seed too, so the same command writes the same samples.csv.
        const noise = latentNoise(count, latentSizeOf(run.sampler), createRng(seed));
        const samples = samplesOf(run.sampler, noise);
        tf.dispose(noise);
        await saveModel(run.sampler, out);
        writeFileAtomically(path.join(out, 'samples.csv'), pixelsCsv(toUciPixels(samples)));
        const last = run.history[run.history.length - 1];
        return {
          files: ['model.json', 'weights.bin', 'samples.csv'],
          sections: [
            { heading: 'Fixed noise over the epochs', figure: snapshotGrid(run.snapshots) },
            { heading: 'Generated and real digits', figure: fakesBesideReals(samples, images) },
            {
              heading: "The samples' metrics",
              text:
                `At every log line, ${JUDGED_SAMPLES} samples of ${recipe.generatorAverageDecay > 0 ? "G's moving average" : 'G'} ` +
                `(from noise seeded by --seed, as samples.csv is drawn) against the ${images.length} real ${digit}s, judged by ` +
                `the course's digit classifier, trained on the ${shipped.labels.length} shipped UCI digits (seed 0; ${judged}). ` +
                `classified as ${digit}: the share of samples it reads as ${digit}. precision: the share of samples inside ` +
                `some real image's ball (reaching its 5th nearest real neighbour, in pixels): do they look real? coverage: the share ` +
                `of real images whose ball holds a sample: does G reach every kind of ${digit}? FID-like: the Fréchet ` +
                `distance of the classifier's features (lower is better; compare only runs judged alike). near copies: ` +
                `samples closer to a real image than any two real images are to each other. ` +
                `At epoch ${last.epoch}: ${formatMetrics(last.metrics ?? {}).replace(/  /g, ', ')}.`,
              figure: metricCurves(run.history),
            },
          ],
          summary: `one synthetic ${digit} (0..16):\n${formatDigit(toUciPixels(samples)[0])}`,
        };
      },
    };
  },
};
