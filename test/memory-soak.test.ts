/**
 * Long runs keep memory flat (issue 7): on a short run, tf.memory().numTensors is the same after every epoch
 * and back to its start once the models are disposed. (The 1000-epoch run is in `npm run bench`.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../kernel-helpers/src/runtime/backend';
import { formatMemorySoak, memorySoak } from '../kernel-helpers/src/bench/memory-soak';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';

test.before(async () => {
  await initBackend();
});

test('the tensor count is the same after every epoch, and back to the start after the run', async () => {
  const soak = await memorySoak(loadTrainingImages(2), 12, 1);
  assert.equal(soak.samples.map((sample) => sample.epoch), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const counts = soak.samples.map((sample) => sample.tensors);
  assert.ok(counts.every((count) => count === counts[0]), counts.join(' '));
  // The two models' weights (G: 4 tensors, D: 6) and both optimizers' state stay alive during the run.
  assert.ok(counts[0] > soak.tensorsBefore);
  assert.is(soak.tensorsAfter, soak.tensorsBefore);
  assert.match(formatMemorySoak(soak), /\nfrom epoch 1 to 12: tensors \+0, RSS -?\d+\.\d MB, heap -?\d+\.\d MB$/);
});

test.run();
