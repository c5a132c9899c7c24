/**
 * One seed for a whole run (chapter 3): a small seeded PRNG (mulberry32) from which every other seed is drawn,
 * so weights, noise and shuffling are the same each time the same seed runs on the same backend.
 */
import * as tf from '@tensorflow/tfjs';

/** A seeded source of random numbers; each call advances it. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A fresh integer seed for a tfjs initializer or random op. */
  nextSeed(): number;
  /** The 32-bit state: createRng(rng.state()) continues this sequence, which is how a checkpoint resumes it. */
  state(): number;
}

/** mulberry32: a 32-bit state, good enough statistics for shuffling and seeding, and a few lines long. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => nextUint32() / 2 ** 32,
    nextSeed: nextUint32,
    state: () => state,
  };
}

/** Fisher-Yates shuffle of 0..n-1 driven by `rng`. */
export function shuffledIndices(n: number, rng: Rng): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices;
}

/** `count` latent vectors z ~ N(0, 1), the generator's input, seeded from `rng`. */
export function latentNoise(count: number, latentSize: number, rng: Rng): tf.Tensor2D {
  return tf.randomNormal([count, latentSize], 0, 1, 'float32', rng.nextSeed());
}
