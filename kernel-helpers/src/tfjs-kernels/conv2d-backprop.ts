/**
 * The two gradients of a 2-D convolution as stride-1 conv2d calls, the operation the `wasm`
 * backend runs fastest (XNNPACK), for NHWC tensors and dilation 1.
 *
 * - `conv2dFilterGradient` (kernel Conv2DBackpropFilter, which stock `wasm` lacks and stock `cpu` runs
 *   as a slow loop): a convolution of x, channels taken as the batch, with dy as a filter dilated by
 *   the stride.
 * - `conv2dInputGradient` (kernel Conv2DBackpropInput, also the forward pass of conv2dTranspose): the
 *   "sub-pixel" form. Output pixels in the same phase (row mod stride, column mod stride) are a
 *   stride-1 convolution of dy with some of the filter's taps, and a reshape and transpose interleave
 *   the phases. No zeros are put into dy. With several input channels, each phase is its own convolution
 *   with only its taps (3x3, 3x2, 2x3 and 2x2 of a 5x5 filter at stride 2: 25 taps in all); with few, one
 *   convolution whose output channels hold every phase computes them all, its filter padded with zeros
 *   where a phase has fewer taps (36 taps for 25), because XNNPACK is slow with very few output channels.
 */
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';

export type Conv2dGeometry = Pick<
  tf.Conv2DBackpropFilterAttrs,
  'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'
>;

/** The forward convolution's shapes and padding, with the course's supported cases checked. */
function convInfo(
  xShape: number[],
  filterShape: number[],
  { strides, pad, dataFormat, dimRoundingMode }: Conv2dGeometry,
): backend_util.Conv2DInfo {
  if (dataFormat !== 'NHWC') {
    throw new Error(`conv2d-backprop.ts: dataFormat ${dataFormat} is not supported; the course's kernels take NHWC.`);
  }
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}

/** dL/dfilter for y = conv2d(x, filter): shape `filterShape` = [fh, fw, inChannels, outChannels]. */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  geometry: Conv2dGeometry,
): tf.Tensor4D {
  const info = convInfo(x.shape, filterShape, geometry);
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return tf.tidy(() => {
    // dfilter[i, j, c, o] = sum over n, a, b of xPadded[n, s*a + i, s*b + j, c] * dy[n, a, b, o]: a stride-1
    // convolution of x (channels as the batch, batch as the channels) with dy as a filter dilated by the stride.
    const channelsAsBatch = tf.transpose(x, [3, 1, 2, 0]);
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const bottom = filterHeight + strideHeight * (outHeight - 1) - inHeight - padInfo.top;
    const right = filterWidth + strideWidth * (outWidth - 1) - inWidth - padInfo.left;
    let gradient = tf.conv2d(
      channelsAsBatch,
      dyAsFilter,
      1,
      [[0, 0], [padInfo.top, Math.max(0, bottom)], [padInfo.left, Math.max(0, right)], [0, 0]],
      'NHWC',
      [strideHeight, strideWidth],
    );
    // When the forward pass left input rows or columns unread, the convolution above reaches past the filter.
    if (bottom < 0 || right < 0) gradient = tf.slice(gradient, 0, [-1, filterHeight, filterWidth, -1]);
    return tf.transpose(gradient, [1, 2, 0, 3]);
  });
}

/**
 * How the input gradient's outputs along one axis draw on dy. Output i = stride * a + phase receives
 * dy[a + windowStart + k] * filter[tapAt[phase][k]] for k in 0..window-1 (tap -1: nothing), because the
 * forward pass multiplied x[stride * a' + tap - padBefore] by filter[tap] into y[a'].
 */
interface AxisPlan {
  stride: number;
  windowStart: number;
  window: number;
  tapAt: number[][];
  /** Outputs per phase, rounded up: phase 0 has this many, later phases at most one fewer. */
  perPhase: number;
}

function axisPlan(size: number, filterSize: number, stride: number, padBefore: number): AxisPlan {
  const meetings: { phase: number; tap: number; offset: number }[] = [];
  for (let phase = 0; phase < stride; phase++) {
    for (let tap = 0; tap < filterSize; tap++) {
      const shift = phase + padBefore - tap;
      if (shift % stride === 0) meetings.push({ phase, tap, offset: shift / stride });
    }
  }
  const windowStart = Math.min(...meetings.map((m) => m.offset));
  const window = Math.max(...meetings.map((m) => m.offset)) - windowStart + 1;
  const tapAt = Array.from({ length: stride }, () => new Array<number>(window).fill(-1));
  for (const { phase, tap, offset } of meetings) tapAt[phase][offset - windowStart] = tap;
  return { stride, windowStart, window, tapAt, perPhase: Math.ceil(size / stride) };
}

/** The taps one phase uses along an axis, in window order, and the offset of its first dy row from the output's. */
function phaseTaps(plan: AxisPlan, phase: number): { taps: number[]; start: number } {
  const first = plan.tapAt[phase].findIndex((tap) => tap >= 0);
  return { taps: plan.tapAt[phase].filter((tap) => tap >= 0), start: plan.windowStart + first };
}

/**
 * The stride-1 filter of one phase, [rowTaps, colTaps, outChannels, inChannels]: the forward filter's taps
 * that reach the phase, with in- and out-channels swapped. Built in plain JS from `weights` (the forward
 * filter's values): it is small, and the rearrangement would take several kernels.
 */
function phaseFilter(weights: Float32Array, filterShape: number[], rowTaps: number[], colTaps: number[]): tf.Tensor4D {
  const [, filterWidth, inChannels, outChannels] = filterShape;
  const values = new Float32Array(rowTaps.length * colTaps.length * outChannels * inChannels);
  rowTaps.forEach((rowTap, kr) =>
    colTaps.forEach((colTap, kc) => {
      for (let o = 0; o < outChannels; o++) {
        const to = ((kr * colTaps.length + kc) * outChannels + o) * inChannels;
        for (let i = 0; i < inChannels; i++) {
          values[to + i] = weights[((rowTap * filterWidth + colTap) * inChannels + i) * outChannels + o];
        }
      }
    }),
  );
  return tf.tensor4d(values, [rowTaps.length, colTaps.length, outChannels, inChannels]);
}

/**
 * The filter of the one stride-1 convolution that computes every phase at once:
 * [rows.window, cols.window, outChannels, phases * inChannels], channel block p * colStride + q for phase (p, q).
 * Built in plain JS: it is small, and the rearrangement would take a dozen kernels.
 */
function allPhasesFilter(filter: tf.Tensor4D, rows: AxisPlan, cols: AxisPlan): tf.Tensor4D {
  const [, filterWidth, inChannels, outChannels] = filter.shape;
  const weights = filter.dataSync();
  const phaseCount = rows.stride * cols.stride;
  const combined = new Float32Array(rows.window * cols.window * outChannels * phaseCount * inChannels);
  rows.tapAt.forEach((rowTaps, p) =>
    cols.tapAt.forEach((colTaps, q) =>
      rowTaps.forEach((rowTap, kr) =>
        colTaps.forEach((colTap, kc) => {
          if (rowTap < 0 || colTap < 0) return;
          for (let o = 0; o < outChannels; o++) {
            const to = (((kr * cols.window + kc) * outChannels + o) * phaseCount + p * cols.stride + q) * inChannels;
            for (let i = 0; i < inChannels; i++) {
              combined[to + i] = weights[((rowTap * filterWidth + colTap) * inChannels + i) * outChannels + o];
            }
          }
        }),
      ),
    ),
  );
  return tf.tensor4d(combined, [rows.window, cols.window, outChannels, phaseCount * inChannels]);
}

/**
 * Stride-1 conv2d(dy, filter) after adding [top, bottom] zero rows and [left, right] zero columns to dy;
 * a negative count crops that many dy rows or columns instead (ones that no output reads).
 */
function paddedConv(dy: tf.Tensor4D, filter: tf.Tensor4D, [top, bottom]: number[], [left, right]: number[]): tf.Tensor4D {
  let window = dy;
  if (Math.min(top, bottom, left, right) < 0) {
    window = tf.slice(dy, [0, Math.max(0, -top), Math.max(0, -left), 0], [
      -1,
      dy.shape[1] - Math.max(0, -top) - Math.max(0, -bottom),
      dy.shape[2] - Math.max(0, -left) - Math.max(0, -right),
      -1,
    ]);
  }
  return tf.conv2d(window, filter, 1, [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ]);
}

/** Zero rows (or columns) to add to dy before and after so that a window of `taps` rows from `start` fits every output. */
function windowPadding(plan: AxisPlan, start: number, taps: number, dySize: number): [number, number] {
  return [-start, plan.perPhase + start + taps - 1 - dySize];
}

/** All phases at once, [N, rows.perPhase * rows.stride, cols.perPhase * cols.stride, inChannels]: one convolution. */
function allPhasesInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, rows: AxisPlan, cols: AxisPlan): tf.Tensor4D {
  const batchSize = dy.shape[0];
  const inChannels = filter.shape[2];
  const phased = paddedConv(
    dy,
    allPhasesFilter(filter, rows, cols),
    windowPadding(rows, rows.windowStart, rows.window, dy.shape[1]),
    windowPadding(cols, cols.windowStart, cols.window, dy.shape[2]),
  );
  // [N, A, B, (p, q, c)] -> [N, A, p, B, q, c] -> [N, stride * A, stride * B, c].
  const sixAxes = tf.reshape(phased, [batchSize, rows.perPhase, cols.perPhase, rows.stride, cols.stride, inChannels]);
  return tf.reshape<tf.Rank.R4>(tf.transpose(sixAxes, [0, 1, 3, 2, 4, 5]), [
    batchSize,
    rows.perPhase * rows.stride,
    cols.perPhase * cols.stride,
    inChannels,
  ]);
}

/** One phase's outputs [N, rows.perPhase, cols.perPhase, inChannels]: a stride-1 convolution of dy with its taps. */
function phaseOutputs(dy: tf.Tensor4D, filter: tf.Tensor4D, weights: Float32Array, rows: AxisPlan, cols: AxisPlan, p: number, q: number): tf.Tensor4D {
  const rowPhase = phaseTaps(rows, p);
  const colPhase = phaseTaps(cols, q);
  if (rowPhase.taps.length === 0 || colPhase.taps.length === 0) {
    // No tap of the filter reaches these outputs: the forward pass never read those inputs.
    return tf.zeros([dy.shape[0], rows.perPhase, cols.perPhase, filter.shape[2]]);
  }
  return paddedConv(
    dy,
    phaseFilter(weights, filter.shape, rowPhase.taps, colPhase.taps),
    windowPadding(rows, rowPhase.start, rowPhase.taps.length, dy.shape[1]),
    windowPadding(cols, colPhase.start, colPhase.taps.length, dy.shape[2]),
  );
}

/** Equally sized tensors, each read as [rows, rest], interleaved row by row: [rows, parts.length, rest]. */
function interleave(parts: tf.Tensor[], rows: number): tf.Tensor3D {
  return tf.transpose(tf.reshape(tf.concat(parts, 0), [parts.length, rows, -1]), [1, 0, 2]);
}

/** Phase by phase, [N, rows.perPhase * rows.stride, cols.perPhase * cols.stride, inChannels]: one convolution each. */
function perPhaseInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, rows: AxisPlan, cols: AxisPlan): tf.Tensor4D {
  const batchSize = dy.shape[0];
  const weights = filter.dataSync() as Float32Array;
  // Output row stride * a + p, column stride * b + q is phase (p, q)'s [a, b]: interleave each row phase's
  // column phases, then the row phases. Each step copies whole tensors or transposes in 3-D, which the wasm
  // backend does fast; one 6-D transpose of all phases took longer than the four convolutions.
  const rowPhases = Array.from({ length: rows.stride }, (_, p) => {
    const colPhases = Array.from({ length: cols.stride }, (_, q) => phaseOutputs(dy, filter, weights, rows, cols, p, q));
    return interleave(colPhases, batchSize * rows.perPhase * cols.perPhase);
  });
  return tf.reshape(interleave(rowPhases, batchSize * rows.perPhase), [
    batchSize,
    rows.perPhase * rows.stride,
    cols.perPhase * cols.stride,
    filter.shape[2],
  ]);
}

/**
 * Below this many input channels, one convolution over all phases is faster than one per phase: a phase's
 * convolution would have that few output channels, which XNNPACK computes at a fraction of its speed
 * (measured on wasm for dy 64x14x14x32 and a 5x5 filter, stride 2: per phase is 2-3x slower for 1 channel,
 * 1.4x slower for 4, 10-20% faster for 8; for the conv GAN's 64-channel dy and 32 channels, 15-30% faster).
 */
export const PER_PHASE_MIN_CHANNELS = 8;

/** dL/dx for y = conv2d(x, filter) with x of shape `inputShape`; also conv2dTranspose(dy, filter). */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  geometry: Conv2dGeometry,
): tf.Tensor4D {
  const info = convInfo(inputShape, filter.shape, geometry);
  const rows = axisPlan(info.inHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const cols = axisPlan(info.inWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  return tf.tidy(() => {
    const interleaved = info.inChannels >= PER_PHASE_MIN_CHANNELS
      ? perPhaseInputGradient(dy, filter, rows, cols)
      : allPhasesInputGradient(dy, filter, rows, cols);
    // Drop the rounding-up: the last phases may have one output fewer than the first.
    return interleaved.shape[1] === info.inHeight && interleaved.shape[2] === info.inWidth
      ? interleaved
      : tf.slice(interleaved, 0, inputShape);
  });
}
