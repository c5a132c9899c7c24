/**
 * The Conv2DBackpropFilter / Conv2DBackpropInput kernels the course runs (tfjs-kernels/register.ts)
 * against plain-loop references on `wasm` and `cpu`, for several shapes, strides and paddings; and
 * tf.grads through conv2d and conv2dTranspose, which call them. Tolerance: |got - want| <= 1e-4 * (1 + |want|) (float32 sums).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useBackend } from '../kernel-helpers/src/runtime/backend';
import { PER_PHASE_MIN_CHANNELS } from '../kernel-helpers/src/tfjs-kernels/conv2d-backprop';
import { assertClose, restoreBackendAfter } from './tfjs-kernels/support';

type Pad = 'same' | 'valid' | number;
interface Case { batch: number; height: number; width: number; inC: number; outC: number; fh: number; fw: number; stride: number; pad: Pad }

const CASES: Case[] = [
  { batch: 2, height: 8, width: 8, inC: 3, outC: 4, fh: 5, fw: 5, stride: 2, pad: 'same' },
  { batch: 1, height: 7, width: 6, inC: 2, outC: 3, fh: 3, fw: 2, stride: 2, pad: 'same' },
  { batch: 2, height: 9, width: 7, inC: 3, outC: 2, fh: 3, fw: 3, stride: 2, pad: 'valid' },
  { batch: 1, height: 6, width: 6, inC: 2, outC: 2, fh: 3, fw: 3, stride: 1, pad: 'same' },
  { batch: 2, height: 10, width: 8, inC: 1, outC: 3, fh: 4, fw: 4, stride: 3, pad: 'valid' },
  { batch: 1, height: 7, width: 7, inC: 2, outC: 3, fh: 3, fw: 3, stride: 2, pad: 1 },
  { batch: 2, height: 5, width: 6, inC: 3, outC: 2, fh: 1, fw: 1, stride: 2, pad: 'valid' },
  // Padding wider than the filter: the outermost dy rows and columns meet only padding.
  { batch: 1, height: 5, width: 4, inC: 2, outC: 2, fh: 3, fw: 3, stride: 2, pad: 3 },
  // With this many input channels, the input gradient runs one convolution per phase instead of one for all.
  { batch: 2, height: 8, width: 8, inC: PER_PHASE_MIN_CHANNELS, outC: 4, fh: 5, fw: 5, stride: 2, pad: 'same' },
  { batch: 1, height: 9, width: 7, inC: PER_PHASE_MIN_CHANNELS, outC: 3, fh: 3, fw: 3, stride: 2, pad: 'valid' },
  { batch: 1, height: 10, width: 8, inC: PER_PHASE_MIN_CHANNELS, outC: 2, fh: 4, fw: 4, stride: 3, pad: 'valid' },
  // Odd rows and columns are never read: their phases have no taps.
  { batch: 1, height: 5, width: 6, inC: PER_PHASE_MIN_CHANNELS, outC: 2, fh: 1, fw: 1, stride: 2, pad: 'valid' },
  { batch: 1, height: 5, width: 4, inC: PER_PHASE_MIN_CHANNELS, outC: 2, fh: 3, fw: 3, stride: 2, pad: 3 },
];

/** TensorFlow's output size and leading padding along one axis, from its documented rules. */
function axisGeometry(size: number, filter: number, stride: number, pad: Pad): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.floor((size - filter) / stride) + 1, before: 0 };
  if (pad === 'same') {
    const out = Math.ceil(size / stride);
    return { out, before: Math.floor(Math.max((out - 1) * stride + filter - size, 0) / 2) };
  }
  return { out: Math.floor((size + 2 * pad - filter) / stride) + 1, before: pad };
}

/** Calls visit(n, h, w, c, a, b, o, i, j) for every (input, output, tap) triple that a convolution multiplies. */
function forEachProduct(c: Case, visit: (x: number, y: number, f: number) => void): void {
  const rows = axisGeometry(c.height, c.fh, c.stride, c.pad);
  const cols = axisGeometry(c.width, c.fw, c.stride, c.pad);
  for (let n = 0; n < c.batch; n++)
    for (let a = 0; a < rows.out; a++)
      for (let b = 0; b < cols.out; b++)
        for (let i = 0; i < c.fh; i++)
          for (let j = 0; j < c.fw; j++) {
            const h = a * c.stride + i - rows.before;
            const w = b * c.stride + j - cols.before;
            if (h < 0 || h >= c.height || w < 0 || w >= c.width) continue;
            for (let ci = 0; ci < c.inC; ci++)
              for (let o = 0; o < c.outC; o++) {
                visit(
                  ((n * c.height + h) * c.width + w) * c.inC + ci,
                  ((n * rows.out + a) * cols.out + b) * c.outC + o,
                  ((i * c.fw + j) * c.inC + ci) * c.outC + o,
                );
              }
          }
}

function outShape(c: Case): [number, number, number, number] {
  return [c.batch, axisGeometry(c.height, c.fh, c.stride, c.pad).out, axisGeometry(c.width, c.fw, c.stride, c.pad).out, c.outC];
}

function referenceConv(c: Case, x: Float32Array, f: Float32Array): Float64Array {
  const y = new Float64Array(outShape(c).reduce((p, q) => p * q));
  forEachProduct(c, (xi, yi, fi) => (y[yi] += x[xi] * f[fi]));
  return y;
}
function referenceFilterGradient(c: Case, x: Float32Array, dy: Float32Array): Float64Array {
  const df = new Float64Array(c.fh * c.fw * c.inC * c.outC);
  forEachProduct(c, (xi, yi, fi) => (df[fi] += x[xi] * dy[yi]));
  return df;
}
function referenceInputGradient(c: Case, dy: Float32Array, f: Float32Array): Float64Array {
  const dx = new Float64Array(c.batch * c.height * c.width * c.inC);
  forEachProduct(c, (xi, yi, fi) => (dx[xi] += dy[yi] * f[fi]));
  return dx;
}

const FLOAT32_SUMS = { absolute: 1e-4, relative: 1e-4 };
function assertCloseTo(got: tf.Tensor, want: Float64Array, what: string): void {
  assertClose(got.dataSync(), want, what, FLOAT32_SUMS);
}

function describe(c: Case): string {
  return `${c.batch}x${c.height}x${c.width}x${c.inC} * ${c.fh}x${c.fw}x${c.outC}, stride ${c.stride}, pad ${c.pad}`;
}

function random(shape: number[]): tf.Tensor4D {
  return tf.randomUniform<tf.Rank>(shape, -1, 1, 'float32', 7) as tf.Tensor4D;
}

restoreBackendAfter(test);

for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: Conv2DBackpropFilter matches the plain loop, without leaks`, async () => {
    await useBackend(backend);
    for (const c of CASES) {
      const x = random([c.batch, c.height, c.width, c.inC]);
      const dy = random(outShape(c));
      const before = tf.memory().numTensors;
      const got = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: [c.fh, c.fw, c.inC, c.outC],
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      assert.is(tf.memory().numTensors, before + 1, `${describe(c)}: only the result is new`);
      assertCloseTo(got, referenceFilterGradient(c, x.dataSync() as Float32Array, dy.dataSync() as Float32Array), describe(c));
      tf.dispose([x, dy, got]);
    }
  });

  test(`${backend}: Conv2DBackpropInput matches the plain loop, without leaks`, async () => {
    await useBackend(backend);
    for (const c of CASES) {
      const dy = random(outShape(c));
      const f = random([c.fh, c.fw, c.inC, c.outC]);
      const before = tf.memory().numTensors;
      const got = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, {
        strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: [c.batch, c.height, c.width, c.inC],
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      assert.is(tf.memory().numTensors, before + 1, `${describe(c)}: only the result is new`);
      assertCloseTo(got, referenceInputGradient(c, dy.dataSync() as Float32Array, f.dataSync() as Float32Array), describe(c));
      tf.dispose([dy, f, got]);
    }
  });

  test(`${backend}: gradients of conv2d and conv2dTranspose match the plain loops`, async () => {
    await useBackend(backend);
    for (const c of CASES) {
      const x = random([c.batch, c.height, c.width, c.inC]);
      const f = random([c.fh, c.fw, c.inC, c.outC]);
      const r = random(outShape(c));
            // d/dx and d/df of sum(conv2d(x, f) * r): the input and filter gradients with dy = r.
      const [dx, df] = tf.grads((xs: tf.Tensor, fs: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, c.stride, c.pad), r)))([x, f]);
      const xs = x.dataSync() as Float32Array;
      const fs = f.dataSync() as Float32Array;
      const rs = r.dataSync() as Float32Array;
      assertCloseTo(dx, referenceInputGradient(c, rs, fs), `d conv2d / dx, ${describe(c)}`);
      assertCloseTo(df, referenceFilterGradient(c, xs, rs), `d conv2d / df, ${describe(c)}`);
      // conv2dTranspose(r, f) is the input gradient; its gradients are conv2d(s, f) and the filter gradient.
      const s = random([c.batch, c.height, c.width, c.inC]);
      const [dr, dfT] = tf.grads((rt: tf.Tensor, ft: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2dTranspose(rt as tf.Tensor4D, ft as tf.Tensor4D, [c.batch, c.height, c.width, c.inC], c.stride, c.pad), s)))([r, f]);
      const ss = s.dataSync() as Float32Array;
      assertCloseTo(dr, referenceConv(c, ss, fs), `d conv2dTranspose / dinput, ${describe(c)}`);
      assertCloseTo(dfT, referenceFilterGradient(c, ss, rs), `d conv2dTranspose / df, ${describe(c)}`);
      tf.dispose([x, f, r, s, dx, df, dr, dfT]);
    }
  });
}

test.run();
