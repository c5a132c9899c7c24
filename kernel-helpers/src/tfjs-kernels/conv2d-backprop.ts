/**
 * The two gradients of a 2-D convolution, built from operations that are fast on the `wasm` and
 * `cpu` backends (matrix products and stride-1 convolutions), for NHWC tensors and dilation 1.
 *
 * - `conv2dFilterGradient` (kernel Conv2DBackpropFilter, which stock `wasm` lacks): gathers the
 *   input patches that met each filter tap (im2col, one strided slice per tap) and multiplies them
 *   by the output gradient in one matrix product.
 * - `conv2dInputGradient` (kernel Conv2DBackpropInput, also the forward pass of conv2dTranspose):
 *   splits the strided transposed convolution into stride x stride ordinary stride-1 convolutions,
 *   one per output phase, and interleaves their results (the "sub-pixel" form). No zeros are
 *   inserted, so it does exactly the arithmetic of the forward convolution.
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

/** How one output phase (a row or column residue modulo the stride) draws on dy and the filter. */
interface Phase {
  /** Filter taps that reach this phase, last first: output i = stride * a + phase receives dy[a + dyStart + k] * filter[taps[k]]. */
  taps: number[];
  outputs: number;
  dyStart: number;
}

/** The phases along one axis of a convolution with input `size`. */
function phases(size: number, filterSize: number, stride: number, padBefore: number): Phase[] {
  return Array.from({ length: stride }, (_, phase) => {
    const residue = (phase + padBefore) % stride;
    const taps: number[] = [];
    for (let tap = residue; tap < filterSize; tap += stride) taps.unshift(tap);
    const outputs = Math.max(0, Math.ceil((size - phase) / stride));
    return { taps, outputs, dyStart: Math.floor((phase + padBefore) / stride) - taps.length + 1 };
  });
}

/** The zero padding that puts a phase's dy window, [dyStart, dyStart + outputs + taps - 1), inside dy. */
function windowPadding({ taps, outputs, dyStart }: Phase, dySize: number): [number, number] {
  return [-dyStart, dyStart + outputs + taps.length - 1 - dySize];
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
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const rows = phases(inHeight, filterHeight, strideHeight, padInfo.top);
  const cols = phases(inWidth, filterWidth, strideWidth, padInfo.left);
  // Phase 0 has the most outputs; the others, one fewer at most, are padded to its size.
  const blockRows = rows[0].outputs;
  const blockCols = cols[0].outputs;
  return tf.tidy(() => {
    const outInFilter = tf.transpose(filter, [0, 1, 3, 2]);
    const blocks: tf.Tensor4D[] = [];
    for (const row of rows) {
      for (const col of cols) {
        const block = phaseBlock(dy, outInFilter, row, col, outHeight, outWidth, inChannels);
        blocks.push(tf.pad(block, [[0, 0], [0, blockRows - row.outputs], [0, blockCols - col.outputs], [0, 0]]));
      }
    }
    if (blocks.length === 1) return blocks[0];
    // Channel block (p * strideWidth + q) holds output phase (p, q): interleave into [N, H, W, C].
    const phasesApart = tf.reshape(tf.concat(blocks, 3), [batchSize, blockRows, blockCols, strideHeight, strideWidth, inChannels]);
    const interleaved = tf.reshape<tf.Rank.R4>(tf.transpose(phasesApart, [0, 1, 3, 2, 4, 5]), [
      batchSize,
      blockRows * strideHeight,
      blockCols * strideWidth,
      inChannels,
    ]);
    return tf.slice(interleaved, [0, 0, 0, 0], inputShape);
  });
}

/** One output phase of the input gradient: a stride-1 convolution of dy with that phase's taps. */
function phaseBlock(
  dy: tf.Tensor4D,
  outInFilter: tf.Tensor4D,
  row: Phase,
  col: Phase,
  dyHeight: number,
  dyWidth: number,
  inChannels: number,
): tf.Tensor4D {
  if (row.taps.length === 0 || col.taps.length === 0 || row.outputs === 0 || col.outputs === 0) {
    return tf.zeros([dy.shape[0], row.outputs, col.outputs, inChannels]);
  }
  const phaseFilter = tf.gather(tf.gather(outInFilter, row.taps, 0), col.taps, 1);
  const [top, bottom] = windowPadding(row, dyHeight);
  const [left, right] = windowPadding(col, dyWidth);
  if (Math.min(top, bottom, left, right) >= 0) {
    return tf.conv2d(dy, phaseFilter, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  }
  // The window starts or ends inside dy (a forward pass with unread input): pad what is missing, crop the rest.
  const window = tf.slice(
    tf.pad(dy, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]),
    [0, Math.max(0, -top), Math.max(0, -left), 0],
    [-1, row.outputs + row.taps.length - 1, col.outputs + col.taps.length - 1, -1],
  );
  return tf.conv2d(window, phaseFilter, 1, 'valid');
}
