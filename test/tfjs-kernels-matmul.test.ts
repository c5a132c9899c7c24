/**
 * The wasm BatchMatMul wrapper (tfjs-kernels/matmul-transposed.ts): transposed products, small and
 * large, batched and not, equal the product of explicitly transposed operands on the cpu backend;
 * also with a second wasm backend in the process, taking turns with the first.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendName, useBackend } from '../kernel-helpers/src/runtime/backend';
import { assertClose, restoreBackendAfter } from './tfjs-kernels/support';

/** [a rows, inner, b columns, batch] for the product; large ones take the transpose-first path. */
const SIZES = [[3, 4, 5, 1], [300, 200, 64, 1], [40, 50, 60, 3]];

restoreBackendAfter(test);

async function onBackend(name: string, values: Float32Array[], shapes: number[][], ta: boolean, tb: boolean): Promise<Float32Array> {
  if (name === 'cpu' || name === 'wasm') await useBackend(name);
  else await tf.setBackend(name);
  const [a, b] = values.map((v, k) => tf.tensor(v, shapes[k]));
  const before = tf.memory().numTensors;
  const product = tf.matMul(a, b, ta, tb);
  assert.is(tf.memory().numTensors, before + 1, `${name}: only the product is new`);
  const result = product.dataSync() as Float32Array;
  tf.dispose([a, b, product]);
  return result;
}

for (const [m, k, n, batch] of SIZES) {
  for (const [ta, tb] of [[true, false], [false, true], [true, true]]) {
    test(`wasm matMul ${batch}x${m}x${k}x${n}, transposeA=${ta} transposeB=${tb}, equals cpu`, async () => {
      const lead = batch > 1 ? [batch] : [];
      const shapes = [[...lead, ...(ta ? [k, m] : [m, k])], [...lead, ...(tb ? [n, k] : [k, n])]];
      const values = shapes.map((s) => Float32Array.from({ length: s.reduce((p, q) => p * q) }, () => Math.random() * 2 - 1));
      const want = await onBackend('cpu', values, shapes, ta, tb);
      const got = await onBackend('wasm', values, shapes, ta, tb);
      assertClose(got, want, 'product', { absolute: 1e-4, relative: 1e-4 });
    });
  }
}

test('two wasm backends in one process take turns, each product right (the wrapper keeps the kernel setup of the one it wraps)', async () => {
  const second = 'wasm-second';
  await useBackend('wasm');
  for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...kernel, backendName: second });
  // Another instance of the wasm backend, with its own WebAssembly module, built by the same factory.
  tf.registerBackend(second, tf.findBackendFactory('wasm') as () => tf.KernelBackend);
  try {
    const [m, k, n] = SIZES[1];
    const shapes = [[k, m], [k, n]];
    const values = shapes.map((s) => Float32Array.from({ length: s[0] * s[1] }, () => Math.random() * 2 - 1));
    const want = await onBackend('cpu', values, shapes, true, false);
    for (const name of ['wasm', second, 'wasm', second]) {
      assertClose(await onBackend(name, values, shapes, true, false), want, `product on ${name}`, { absolute: 1e-4, relative: 1e-4 });
    }
  } finally {
    await useBackend('wasm');
    tf.removeBackend(second);
  }
});

test.run();
