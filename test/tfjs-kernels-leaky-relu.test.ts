/**
 * The course's LeakyRelu kernel on wasm and its gradient on wasm and cpu (tfjs-kernels/leaky-relu.ts): the same
 * float32 values as the definition, x > 0 ? x : alpha * x, and dy or alpha * dy, computed here in plain loops.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendName, useBackend } from '../kernel-helpers/src/runtime/backend';
import { restoreBackendAfter } from './tfjs-kernels/support';

restoreBackendAfter(test);

const SHAPE = [4, 6, 6, 8];
const size = SHAPE.reduce((a, b) => a * b);
/** Random values with the edges mixed in: zeros of both signs, tiny and huge magnitudes. */
const xValues = Float32Array.from({ length: size }, (_, i) => [0, -0, 1e-30, -1e-30, 3e38, -3e38][i % 50] ?? Math.random() * 4 - 2);
const dyValues = Float32Array.from({ length: size }, () => Math.random() * 2 - 1);

for (const alpha of [0.2, 0.3]) {
  const a = Math.fround(alpha);
  const wantForward = xValues.map((x) => (x > 0 ? x : Math.fround(a * x)));
  const wantGradient = xValues.map((x, i) => (x > 0 ? dyValues[i] : Math.fround(a * dyValues[i])));

  test(`wasm leakyRelu(x, ${alpha}) is x > 0 ? x : alpha * x, bit for bit, with no tensor left behind`, async () => {
    await useBackend('wasm');
    const x = tf.tensor(xValues, SHAPE);
    const before = tf.memory().numTensors;
    const y = tf.leakyRelu(x, alpha);
    assert.is(tf.memory().numTensors, before + 1);
    assert.equal(y.shape, SHAPE);
    assert.equal(Array.from(y.dataSync()), Array.from(wantForward));
    tf.dispose([x, y]);
  });

  for (const backend of ['wasm', 'cpu'] as BackendName[]) {
    test(`${backend}: the gradient of leakyRelu(x, ${alpha}) is dy where x > 0, else alpha * dy, bit for bit`, async () => {
      await useBackend(backend);
      const [x, dy] = [tf.tensor(xValues, SHAPE), tf.tensor(dyValues, SHAPE)];
      const gradient = tf.grad((input: tf.Tensor) => tf.leakyRelu(input, alpha))(x, dy);
      assert.equal(Array.from(gradient.dataSync()), Array.from(wantGradient));
      tf.dispose([x, dy, gradient]);
    });
  }
}

test.run();
