/**
 * Direct access to a float32 tensor's storage on the `cpu` and `wasm` backends, for the course's fused
 * training steps: reading weights without a copy, and updating an optimizer's private state in place
 * instead of with a dozen kernels and a fresh tensor per update.
 *
 * Model weights are never written in place: the wasm backend caches XNNPACK operators with the weights
 * packed inside, keyed by the weight tensor, so a layer would go on using the old values; and on `cpu`,
 * dataSync() hands out the storage itself, which code may keep as a snapshot. Optimizer state is written
 * in place only when it is the sole owner of its storage (tfjs shares storage between clones).
 */
import * as tf from '@tensorflow/tfjs';

interface CpuStorage {
  data: Map<object, { values?: Float32Array; refCount: number }>;
}
interface WasmStorage {
  dataIdMap: Map<object, { refCount: number }>;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** The backends whose storage the fused steps can reach. */
export function hasReachableStorage(): boolean {
  const name = tf.getBackend();
  return name === 'cpu' || name === 'wasm';
}

/** A live view of `tensor`'s values on the active backend, and how many tensors share them; undefined if elsewhere. */
function storage(tensor: tf.Tensor): { values: Float32Array; owners: number } | undefined {
  if (tensor.dtype !== 'float32' || tensor.isDisposed) return undefined;
  const backend = tf.backend() as unknown;
  if (tf.getBackend() === 'cpu') {
    const entry = (backend as CpuStorage).data.get(tensor.dataId);
    return entry?.values ? { values: entry.values, owners: entry.refCount } : undefined;
  }
  if (tf.getBackend() === 'wasm') {
    const entry = (backend as WasmStorage).dataIdMap.get(tensor.dataId);
    return entry ? { values: (backend as WasmStorage).typedArrayFromHeap(tensor), owners: entry.refCount } : undefined;
  }
  return undefined;
}

/** The values of `tensor`: a view when reachable (do not keep it past the next tfjs call), else a copy. */
export function readValues(tensor: tf.Tensor): Float32Array {
  return storage(tensor)?.values ?? (tensor.dataSync() as Float32Array);
}

/** Runs `update` on the values of optimizer-state `variables`, in place when they own their storage. */
export function updateStateInPlace(variables: tf.Variable[], update: (values: Float32Array[]) => void): void {
  const copied: boolean[] = [];
  const values = variables.map((variable, i) => {
    const own = storage(variable);
    copied[i] = !own || own.owners > 1;
    return copied[i] ? Float32Array.from(variable.dataSync() as Float32Array) : (own as { values: Float32Array }).values;
  });
  update(values);
  variables.forEach((variable, i) => {
    if (copied[i]) assignValues(variable, values[i]);
  });
}

/** Makes `values` the new value of `variable`, as a new tensor. */
export function assignValues(variable: tf.Variable, values: Float32Array): void {
  tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
}
