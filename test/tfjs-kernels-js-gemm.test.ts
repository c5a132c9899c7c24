/** addProduct (tfjs-kernels/js-gemm.ts) against the textbook triple loop, for shapes that hit every edge of its blocks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addProduct } from '../kernel-helpers/src/tfjs-kernels/js-gemm';

function random(n: number): Float64Array {
  return Float64Array.from({ length: n }, () => Math.random() * 2 - 1);
}

for (const [m, n, k] of [[1, 1, 1], [2, 4, 3], [3, 5, 7], [10, 1, 16], [7, 9, 2], [20, 32, 64]]) {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      test(`C += A B for ${m}x${k} by ${k}x${n}, A${transposeA ? '^T' : ''} B${transposeB ? '^T' : ''} storage`, () => {
        const a = random(m * k);
        const b = random(k * n);
        const c = random(m * n);
        const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
        const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
        const want = Float64Array.from(c);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            for (let p = 0; p < k; p++) want[i * n + j] += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
          }
        }
        addProduct(m, n, k, a, aRow, aCol, b, bRow, bCol, c);
        c.forEach((value, index) => {
          if (Math.abs(value - want[index]) > 1e-12) assert.unreachable(`C[${index}] = ${value}, want ${want[index]}`);
        });
      });
    }
  }
}

test.run();
