/**
 * The fused dense-GAN steps (tfjs-kernels/dense-gan-steps.ts) against the plain tfjs path, on `wasm` and `cpu`:
 * the same losses and weights after alternating D and G steps (float32 rounding apart: 1e-5), the optimizer
 * state shared with optimizer.minimize, the models' own predict() seeing the new weights (the wasm backend
 * caches packed weights per tensor), no new tensors per step, no write through to a clone of a weight,
 * and a refusal (undefined) for models, optimizers or backends the fused path does not handle.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDiscriminator, buildGenerator } from '../kernel-helpers/src/models/dense-gan';
import { createRng } from '../kernel-helpers/src/util/seeding';
import { fusedDiscriminatorStep, fusedGeneratorStep } from '../kernel-helpers/src/tfjs-kernels/dense-gan-steps';
import { useBackend } from '../kernel-helpers/src/runtime/backend';
import { assertClose, restoreBackendAfter } from './tfjs-kernels/support';

/** The plain tfjs steps, written out here as the course's chapter 3 teaches them. */
function plainLoss(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.losses.logLoss(label === 1 ? tf.onesLike(scores) : tf.zerosLike(scores), scores);
}
function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
function plainDiscriminatorStep(g: tf.LayersModel, d: tf.LayersModel, opt: tf.Optimizer, real: tf.Tensor2D, noise: tf.Tensor2D): number {
  return tf.tidy(() => {
    const fakes = g.predict(noise) as tf.Tensor;
    const loss = opt.minimize(() => plainLoss(d.apply(real) as tf.Tensor, 1).add(plainLoss(d.apply(fakes) as tf.Tensor, 0)), true, variablesOf(d));
    return (loss as tf.Scalar).dataSync()[0];
  });
}
function plainGeneratorStep(g: tf.LayersModel, d: tf.LayersModel, opt: tf.Optimizer, noise: tf.Tensor2D): number {
  return tf.tidy(() => {
    const loss = opt.minimize(() => plainLoss(d.apply(g.apply(noise)) as tf.Tensor, 1), true, variablesOf(g));
    return (loss as tf.Scalar).dataSync()[0];
  });
}

interface Gan { g: tf.Sequential; d: tf.Sequential; dOpt: tf.Optimizer; gOpt: tf.Optimizer }
function seededGan(): Gan {
  const rng = createRng(3);
  return { g: buildGenerator(rng), d: buildDiscriminator(rng), dOpt: tf.train.adam(0.005), gOpt: tf.train.adam(0.005) };
}
function disposeGan({ g, d, dOpt, gOpt }: Gan): void {
  g.dispose();
  d.dispose();
  dOpt.dispose();
  gOpt.dispose();
}

const FLOAT32_ROUNDING = { absolute: 1e-5, relative: 0 };
function assertSameWeights(a: tf.LayersModel, b: tf.LayersModel, what: string): void {
  a.getWeights().forEach((w, i) => assertClose(w.dataSync(), b.getWeights()[i].dataSync(), `${what} weight ${i}`, FLOAT32_ROUNDING));
}

restoreBackendAfter(test);

for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: fused steps give the plain path's losses and weights, and share the optimizer's state`, async () => {
    await useBackend(backend);
    const fused = seededGan();
    const plain = seededGan();
    const data = createRng(9);
    const probe = tf.randomNormal([4, 20], 0, 1, 'float32', 5) as tf.Tensor2D;
    // Predicting before training lets the wasm backend pack (and cache) the initial weights.
    tf.dispose(fused.d.predict(fused.g.predict(probe) as tf.Tensor) as tf.Tensor);
    for (let step = 0; step < 6; step++) {
      const real = tf.randomUniform([10, 64], 0, 1, 'float32', data.nextSeed()) as tf.Tensor2D;
      const dNoise = tf.randomNormal([10, 20], 0, 1, 'float32', data.nextSeed()) as tf.Tensor2D;
      const gNoise = tf.randomNormal([10, 20], 0, 1, 'float32', data.nextSeed()) as tf.Tensor2D;
      // The last step runs the plain path on both: the fused steps must have left Adam's state where minimize finds it.
      const dLoss = step < 5 ? fusedDiscriminatorStep(fused.g, fused.d, fused.dOpt, real, dNoise) : plainDiscriminatorStep(fused.g, fused.d, fused.dOpt, real, dNoise);
      const gLoss = step < 5 ? fusedGeneratorStep(fused.g, fused.d, fused.gOpt, gNoise) : plainGeneratorStep(fused.g, fused.d, fused.gOpt, gNoise);
      assertClose([dLoss as number], [plainDiscriminatorStep(plain.g, plain.d, plain.dOpt, real, dNoise)], `D loss, step ${step}`, FLOAT32_ROUNDING);
      assertClose([gLoss as number], [plainGeneratorStep(plain.g, plain.d, plain.gOpt, gNoise)], `G loss, step ${step}`, FLOAT32_ROUNDING);
      tf.dispose([real, dNoise, gNoise]);
    }
    assertSameWeights(fused.d, plain.d, 'D');
    assertSameWeights(fused.g, plain.g, 'G');
    const predictions = [fused, plain].map(({ g, d }) => tf.tidy(() => (d.predict(g.predict(probe) as tf.Tensor) as tf.Tensor).dataSync()));
    assertClose(predictions[0], predictions[1], 'D(G(z)) through predict()', FLOAT32_ROUNDING);
    probe.dispose();
    assert.is(fused.dOpt.iterations, plain.dOpt.iterations, 'iterations counted');
    disposeGan(fused);
    disposeGan(plain);
  });

  test(`${backend}: a fused step creates no tensors and leaves a clone of a weight alone`, async () => {
    await useBackend(backend);
    const gan = seededGan();
    const real = tf.randomUniform([10, 64], 0, 1, 'float32', 1) as tf.Tensor2D;
    const noise = tf.randomNormal([10, 20], 0, 1, 'float32', 2) as tf.Tensor2D;
    fusedDiscriminatorStep(gan.g, gan.d, gan.dOpt, real, noise); // creates Adam's moment variables, as minimize does
    fusedGeneratorStep(gan.g, gan.d, gan.gOpt, noise);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      fusedDiscriminatorStep(gan.g, gan.d, gan.dOpt, real, noise);
      fusedGeneratorStep(gan.g, gan.d, gan.gOpt, noise);
    }
    assert.is(tf.memory().numTensors, before);
    const kernel = gan.d.trainableWeights[0].read();
    const snapshot = tf.clone(kernel);
    const valuesBefore = Array.from(snapshot.dataSync());
    fusedDiscriminatorStep(gan.g, gan.d, gan.dOpt, real, noise);
    assert.equal(Array.from(snapshot.dataSync()), valuesBefore, 'the clone keeps its values');
    assert.not.equal(Array.from(gan.d.trainableWeights[0].read().dataSync()), valuesBefore, 'the weight moved');
    tf.dispose([real, noise, snapshot]);
    disposeGan(gan);
  });

  test(`${backend}: the fused path declines what it does not handle`, async () => {
    await useBackend(backend);
    const gan = seededGan();
    const real = tf.zeros([10, 64]) as tf.Tensor2D;
    const noise = tf.zeros([10, 20]) as tf.Tensor2D;
    const sgd = tf.train.sgd(0.1);
    assert.is(fusedDiscriminatorStep(gan.g, gan.d, sgd, real, noise), undefined, 'not Adam');
    const withDropout = tf.sequential({ layers: [tf.layers.dropout({ rate: 0.5, inputShape: [64] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    assert.is(fusedGeneratorStep(gan.g, withDropout, gan.gOpt, noise), undefined, 'not only dense layers');
    const wrongImages = tf.zeros([10, 63]) as tf.Tensor2D;
    assert.is(fusedDiscriminatorStep(gan.g, gan.d, gan.dOpt, wrongImages, noise), undefined, 'images D does not take');
    wrongImages.dispose();
    gan.d.layers[0].trainable = false;
    assert.is(fusedDiscriminatorStep(gan.g, gan.d, gan.dOpt, real, noise), undefined, 'a frozen layer');
    tf.dispose([real, noise]);
    withDropout.dispose();
    disposeGan(gan);
  });
}

test.run();
