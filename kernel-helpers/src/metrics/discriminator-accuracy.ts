/**
 * How well the discriminator spots fakes (chapter 4).
 *
 * Accuracy on fakes = the fraction of generated images that D scores below 0.5, i.e. correctly calls fake.
 * About 50% is the balance a GAN aims for; near 100% means the generator is failing (D spots every fake),
 * near 0% means the discriminator is failing (every fake fools it).
 */
import * as tf from '@tensorflow/tfjs';
import { formatDigit, toUciPixels } from '../models/generation';

/** D's accuracy on the fakes G makes from `noise`, one forward pass for the whole batch. */
export function fakeAccuracy(generator: tf.LayersModel, discriminator: tf.LayersModel, noise: tf.Tensor2D): number {
  return judgeFakes(generator, discriminator, noise).accuracy;
}

/**
 * From one forward pass over the fakes G makes from `noise`: D's accuracy on them (the share it scores below
 * `threshold`: 0.5 for a probability, 0 for a hinge critic) and its mean score D(G(z)). A conditional GAN's
 * models also get the one-hot `labels`.
 */
export function judgeFakes(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  noise: tf.Tensor2D,
  { labels, threshold = 0.5 }: { labels?: tf.Tensor2D; threshold?: number } = {},
): { accuracy: number; meanScore: number } {
  return tf.tidy(() => {
    const fakes = generator.predict(labels ? [noise, labels] : noise) as tf.Tensor;
    const scores = discriminator.predict(labels ? [fakes, labels] : fakes) as tf.Tensor;
    return { accuracy: scores.less(threshold).sum().dataSync()[0] / noise.shape[0], meanScore: scores.mean().dataSync()[0] };
  });
}

/**
 * The same accuracy computed as the demo does: one fake at a time, counting D's correct calls.
 * With `verbose`, prints each fake (de-normalised to 0..16) with D's score and the verdict.
 */
export function fakeAccuracyOneAtATime(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  noise: tf.Tensor2D,
  { verbose = false } = {},
): number {
  const count = noise.shape[0];
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const fake = tf.tidy(() => generator.predict(noise.slice([i, 0], [1, -1])) as tf.Tensor2D);
    const scoreTensor = discriminator.predict(fake) as tf.Tensor;
    const score = scoreTensor.dataSync()[0];
    const pixels = Array.from(fake.dataSync());
    tf.dispose([fake, scoreTensor]);
    const calledFake = score < 0.5;
    if (calledFake) correct++;
    if (verbose) {
      console.log(`fake ${i + 1}/${count}:\n${formatDigit(toUciPixels([pixels])[0])}`);
      console.log(`D(fake) = ${score.toFixed(4)} -> D calls it ${calledFake ? 'fake (correct)' : 'real (fooled)'}\n`);
    }
  }
  return correct / count;
}

/** Mean score D gives `images`: D(x) for real images, D(G(z)) for fakes; both should tend to 0.5. */
export function meanScore(discriminator: tf.LayersModel, images: tf.Tensor, labels?: tf.Tensor2D): number {
  return tf.tidy(() => (discriminator.predict(labels ? [images, labels] : images) as tf.Tensor).mean().dataSync()[0]);
}
