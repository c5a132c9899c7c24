/**
 * FusedBatchNorm's gradient without Tile (tfjs-kernels/batch-norm-gradient.ts) on wasm and cpu: the gradients
 * of y = (x - mean) * scale / sqrt(variance + epsilon) + offset with respect to all five inputs, against the
 * same formulas in plain float64 loops; and no Tile kernel runs.
 */
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendName, useBackend } from '../kernel-helpers/src/runtime/backend';
import { assertClose, restoreBackendAfter } from './tfjs-kernels/support';

restoreBackendAfter(test);

const [N, H, W, C] = [3, 4, 5, 6];
const EPSILON = 1e-3;
const random = (length: number, low: number, high: number) => Float32Array.from({ length }, () => low + Math.random() * (high - low));
const x = random(N * H * W * C, -2, 2);
const dy = random(N * H * W * C, -1, 1);
const [mean, variance, offset, scale] = [random(C, -1, 1), random(C, 0.1, 2), random(C, -1, 1), random(C, 0.5, 1.5)];

/** The five gradients by hand: channel c of element k is k % C. */
function reference(): Record<'x' | 'mean' | 'variance' | 'scale' | 'offset', Float64Array> {
  const want = { x: new Float64Array(x.length), mean: new Float64Array(C), variance: new Float64Array(C), scale: new Float64Array(C), offset: new Float64Array(C) };
  for (let k = 0; k < x.length; k++) {
    const c = k % C;
    const r = 1 / Math.sqrt(variance[c] + EPSILON);
    want.x[k] = dy[k] * scale[c] * r;
    want.mean[c] -= dy[k] * scale[c] * r;
    want.variance[c] += dy[k] * scale[c] * (x[k] - mean[c]) * -0.5 * r * r * r;
    want.scale[c] += dy[k] * (x[k] - mean[c]) * r;
    want.offset[c] += dy[k];
  }
  return want;
}

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  test(`${backend}: batchNorm's gradients with respect to x, mean, variance, scale and offset, and no Tile kernel`, async () => {
    await useBackend(backend);
    const inputs = [tf.tensor4d(x, [N, H, W, C]), ...[mean, variance, offset, scale].map((v) => tf.tensor1d(v))];
    const gradients = tf.grads((a, m, v, o, s) => tf.batchNorm(a, m, v, o, s, EPSILON));
    let got: tf.Tensor[] = [];
    const profile = await tf.profile(() => {
      got = gradients(inputs, tf.tensor4d(dy, [N, H, W, C]));
    });
    assert.not.ok(profile.kernels.some((kernel) => kernel.name === 'Tile'), profile.kernels.map((kernel) => kernel.name).join(' '));
    const want = reference();
    const names = ['x', 'mean', 'variance', 'offset', 'scale'] as const;
    names.forEach((name, i) => assertClose(got[i].dataSync(), want[name], `d${name}`, { absolute: 1e-5, relative: 1e-4 }));
    tf.dispose([...inputs, ...got]);
  });
}

test.run();
