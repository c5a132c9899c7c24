/** Mini-batches for one epoch (chapter 3): shuffled with the run's seeded PRNG, the last partial batch dropped. */
import { Rng, shuffledIndices } from '../util/seeding';

/** Splits `rows` into shuffled batches of exactly `batchSize`; leftovers (fewer than batchSize rows) are dropped. */
export function shuffledBatches<T>(rows: readonly T[], batchSize: number, rng: Rng): T[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (batchSize > rows.length) throw new Error(`batch size ${batchSize} is larger than the ${rows.length} training images`);
  const order = shuffledIndices(rows.length, rng);
  const batches: T[][] = [];
  for (let start = 0; start + batchSize <= rows.length; start += batchSize) {
    batches.push(order.slice(start, start + batchSize).map((i) => rows[i]));
  }
  return batches;
}
