/**
 * FusedBatchNorm's gradient as tfjs-core 4.22 defines it (gradients/FusedBatchNorm_grad.js), except that the
 * input's gradient multiplies by 1 / sqrt(variance + epsilon) with broadcasting, where tfjs tiles that vector to
 * the input's shape first: the same products, without the Tile kernel, which `wasm` runs slowly (in the DCGAN
 * chapter's training iteration on one thread, Tile of D's and G's batch-norm vectors took about 7% of the
 * kernel time). tfjs keeps one gradient per kernel name, for every backend.
 */
import * as tf from '@tensorflow/tfjs';

export const batchNormGradient: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const gradient = dy as tf.Tensor;
    const scaleValue = scale == null ? tf.scalar(1) : scale;
    const reductionAxes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScaleValue = tf.mul(gradient, scaleValue);
    const oneOverSqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), tf.scalar(-0.5));
    /** Sums over the axes the statistics were broadcast along (a rank-1 mean: all but the channels). */
    const perChannel = (values: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(values, reductionAxes) : values, mean.shape);
    return {
      x: () => tf.reshape(tf.mul(tf.mul(gradient, oneOverSqrtVariance), scaleValue), x.shape),
      mean: () => perChannel(tf.mul(tf.mul(oneOverSqrtVariance, tf.scalar(-1)), dyTimesScaleValue)),
      variance: () => perChannel(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScaleValue)),
      scale: () => perChannel(tf.mul(gradient, tf.mul(xMinusMean, oneOverSqrtVariance))),
      offset: () => perChannel(gradient),
    };
  },
};
