import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { buildDiscriminator, buildGenerator, DEFAULT_GAN_CONFIG } from '../kernel-helpers/src/models/dense-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';

test.before(async () => {
  await initBackend();
});

test('the generator maps 20 noise values to 64 pixels in 0..1', () => {
  const generator = buildGenerator(createRng(1));
  assert.equal(generator.inputs[0].shape, [null, 20]);
  const images = tf.tidy(() => (generator.predict(tf.randomNormal([5, 20], 0, 1, 'float32', 3)) as tf.Tensor).arraySync() as number[][]);
  assert.is(images.length, 5);
  assert.ok(images.every((image) => image.length === 64 && image.every((v) => v > 0 && v < 1)));
  generator.dispose();
});

test('the discriminator maps 64 pixels to one probability', () => {
  const discriminator = buildDiscriminator(createRng(1));
  const scores = tf.tidy(() => (discriminator.predict(tf.randomUniform([7, 64], 0, 1, 'float32', 3)) as tf.Tensor).arraySync() as number[][]);
  assert.equal([scores.length, scores[0].length], [7, 1]);
  assert.ok(scores.every(([p]) => p > 0 && p < 1));
  discriminator.dispose();
});

test('layer sizes and activations are the demo\'s: 20-40-64 (tanh, sigmoid) and 64-32-16-1 (tanh, tanh, sigmoid)', () => {
  const describe = (model: tf.Sequential) =>
    model.layers.map((layer) => {
      const config = layer.getConfig();
      return `${config.units}:${config.activation}`;
    });
  const generator = buildGenerator(createRng(1));
  const discriminator = buildDiscriminator(createRng(1));
  assert.equal(describe(generator), ['40:tanh', '64:sigmoid']);
  assert.equal(describe(discriminator), ['32:tanh', '16:tanh', '1:sigmoid']);
  generator.dispose();
  discriminator.dispose();
});

test('kernels are Glorot uniform: within +-sqrt(6/(in+out)), variance limit^2/3; biases are zero', () => {
  const rng = createRng(7);
  const models = [buildGenerator(rng), buildDiscriminator(rng)];
  for (const model of models) {
    for (const layer of model.layers) {
      const [kernel, bias] = layer.getWeights();
      const [fanIn, fanOut] = kernel.shape;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = Array.from(kernel.dataSync());
      assert.ok(values.every((v) => Math.abs(v) <= limit), `${layer.name} kernel within +-${limit}`);
      if (values.length >= 500) {
        const variance = values.reduce((sum, v) => sum + v * v, 0) / values.length;
        // Sample variance of n uniform values has a relative standard error of about sqrt(0.8 / n) < 4.5% here.
        assert.ok(Math.abs(variance / (limit * limit / 3) - 1) < 0.2, `${layer.name} variance ${variance}`);
        assert.ok(Math.max(...values.map(Math.abs)) > 0.95 * limit, `${layer.name} fills its range`);
      }
      assert.ok(Array.from(bias.dataSync()).every((v) => v === 0), `${layer.name} bias is zero`);
    }
    model.dispose();
  }
});

test('the same seed gives the same weights, another seed different ones', () => {
  const weights = (seed: number) => buildGenerator(createRng(seed)).getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(weights(3), weights(3));
  assert.not.equal(weights(3), weights(4));
});

test('a config changes the sizes', () => {
  const config = { ...DEFAULT_GAN_CONFIG, latentSize: 8, generatorHidden: 12, discriminatorHidden: [10] };
  const generator = buildGenerator(createRng(1), config);
  const discriminator = buildDiscriminator(createRng(1), config);
  assert.equal(generator.inputs[0].shape, [null, 8]);
  assert.equal(discriminator.layers.map((layer) => layer.getConfig().units), [10, 1]);
  generator.dispose();
  discriminator.dispose();
});

test.run();
