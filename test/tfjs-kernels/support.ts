/** What the tfjs-kernels tests share: putting the backend back, and comparing numbers within a tolerance. */
import * as tf from '@tensorflow/tfjs';
import { Test } from 'uvu';
import * as assert from 'uvu/assert';

/** The tests switch between `wasm` and `cpu`; other test files share the process, so the backend is put back after. */
export function restoreBackendAfter(suite: Test): void {
  let previous: string | null = null;
  suite.before(() => {
    previous = tf.engine().backendName;
  });
  suite.after(async () => {
    if (previous) await tf.setBackend(previous);
  });
}

/** Fails at the first element where |got - want| > absolute + relative * |want|, naming it. */
export function assertClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  what: string,
  { absolute, relative }: { absolute: number; relative: number },
): void {
  assert.is(got.length, want.length, `${what}: size`);
  for (let k = 0; k < want.length; k++) {
    if (!(Math.abs(got[k] - want[k]) <= absolute + relative * Math.abs(want[k]))) {
      assert.unreachable(`${what}: element ${k} is ${got[k]}, want ${want[k]}`);
    }
  }
}
