/**
 * BatchMatMul for `wasm` that hands XNNPACK only untransposed operands.
 *
 * The wasm backend multiplies untransposed matrices with XNNPACK (about 30 GFLOP/s here) but
 * falls back to a plain loop, ten times slower, when either operand is transposed, which is what
 * every dense layer's backward pass asks for. Transposing a large operand first costs far less.
 */
import * as tf from '@tensorflow/tfjs';

/** Below this many multiply-adds the plain loop beats an extra transpose kernel. */
const TRANSPOSE_FIRST_ABOVE = 32 * 1024;

export function batchMatMulViaTranspose(untransposed: tf.KernelFunc): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.Tensor; b: tf.Tensor };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const multiplyAdds = a.size * (transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]);
    if ((!transposeA && !transposeB) || multiplyAdds < TRANSPOSE_FIRST_ABOVE) {
      return untransposed({ inputs, backend, attrs });
    }
    const aPlain = transposeA ? swapLastAxes(a) : a;
    const bPlain = transposeB ? swapLastAxes(b) : b;
    const product = untransposed({
      inputs: { a: aPlain, b: bPlain },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    if (transposeA) aPlain.dispose();
    if (transposeB) bPlain.dispose();
    return product;
  };
}

function swapLastAxes(x: tf.Tensor): tf.Tensor {
  const perm = [...Array(x.rank).keys()];
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm);
}
