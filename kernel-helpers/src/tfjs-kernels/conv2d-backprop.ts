/**
 * The two gradients of a 2-D convolution, each as one stride-1 conv2d, the operation the `wasm`
 * backend runs fastest (XNNPACK), for NHWC tensors and dilation 1.
 *
 * - `conv2dFilterGradient` (kernel Conv2DBackpropFilter, which stock `wasm` lacks and stock `cpu` runs
 *   as a slow loop): a convolution of x, channels taken as the batch, with dy as a filter dilated by
 *   the stride.
 * - `conv2dInputGradient` (kernel Conv2DBackpropInput, also the forward pass of conv2dTranspose): the
 *   "sub-pixel" form. Output pixels in the same phase (row mod stride, column mod stride) are a
 *   stride-1 convolution of dy with some of the filter's taps; one convolution whose output channels
 *   hold every phase computes them all, and a reshape and transpose interleave the phases. No zeros
 *   are put into dy; the combined filter has zeros where a phase has fewer taps (36 taps for 25 with
 *   a 5x5 filter and stride 2).
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

/** Zero rows (or columns) to add to dy before and after, so every output's window lies inside; negative = crop. */
function windowPadding(plan: AxisPlan, dySize: number): [number, number] {
  return [-plan.windowStart, plan.perPhase + plan.windowStart + plan.window - 1 - dySize];
}

/** dL/dx for y = conv2d(x, filter) with x of shape `inputShape`; also conv2dTranspose(dy, filter). */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  geometry: Conv2dGeometry,
): tf.Tensor4D {
  const info = convInfo(inputShape, filter.shape, geometry);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const rows = axisPlan(inHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const cols = axisPlan(inWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  const [top, bottom] = windowPadding(rows, outHeight);
  const [left, right] = windowPadding(cols, outWidth);
  return tf.tidy(() => {
    let window = dy;
    if (Math.min(top, bottom, left, right) < 0) {
      // The forward pass left x's last rows or columns unread: crop the dy rows no output reaches.
      window = tf.slice(dy, [0, Math.max(0, -top), Math.max(0, -left), 0], [
        -1,
        outHeight - Math.max(0, -top) - Math.max(0, -bottom),
        outWidth - Math.max(0, -left) - Math.max(0, -right),
        -1,
      ]);
    }
    const phased = tf.conv2d(window, allPhasesFilter(filter, rows, cols), 1, [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ]);
    // [N, A, B, (p, q, c)] -> [N, A, p, B, q, c] -> [N, stride * A, stride * B, c], then drop the rounding-up.
    const sixAxes = tf.reshape(phased, [batchSize, rows.perPhase, cols.perPhase, rows.stride, cols.stride, inChannels]);
    const interleaved = tf.reshape<tf.Rank.R4>(tf.transpose(sixAxes, [0, 1, 3, 2, 4, 5]), [
      batchSize,
      rows.perPhase * rows.stride,
      cols.perPhase * cols.stride,
      inChannels,
    ]);
    return interleaved.shape[1] === inHeight && interleaved.shape[2] === inWidth
      ? interleaved
      : tf.slice(interleaved, 0, inputShape);
  });
}
