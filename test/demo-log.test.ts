/**
 * The demo's log is the course's reference (chapter 3, the README, `npm run train`): the training engine that
 * every chapter now shares (issue 11) must print it unchanged for seed 0, on wasm and on cpu. The lines below were
 * printed by the demo loop before the engine existed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTrainingImages } from '../kernel-helpers/src/data/digits';
import { initBackend, useBackend } from '../kernel-helpers/src/runtime/backend';
import { Progress, silentProgress } from '../kernel-helpers/src/training/progress';
import { trainGan } from '../kernel-helpers/src/training/train-gan';

const DEMO_LOG_SEED_0 = [
  'epoch   1/100  D loss 0.5075  G loss 2.0439  D acc 100.0%  D(x) 0.959  D(G(z)) 0.045',
  'epoch  10/100  D loss 0.1981  G loss 3.3716  D acc  89.8%  D(x) 0.945  D(G(z)) 0.132',
  'epoch  20/100  D loss 0.1286  G loss 3.9803  D acc  91.2%  D(x) 0.964  D(G(z)) 0.111',
  'epoch  30/100  D loss 0.1375  G loss 3.8852  D acc  98.2%  D(x) 0.950  D(G(z)) 0.051',
  'epoch  40/100  D loss 0.4682  G loss 2.4008  D acc  88.0%  D(x) 0.872  D(G(z)) 0.223',
  'epoch  50/100  D loss 0.5465  G loss 2.4384  D acc  93.4%  D(x) 0.840  D(G(z)) 0.176',
  'epoch  60/100  D loss 0.6879  G loss 2.2696  D acc  86.4%  D(x) 0.785  D(G(z)) 0.220',
  'epoch  70/100  D loss 0.5744  G loss 2.1252  D acc  91.6%  D(x) 0.742  D(G(z)) 0.169',
  'epoch  80/100  D loss 0.7337  G loss 2.0971  D acc  61.8%  D(x) 0.911  D(G(z)) 0.425',
  'epoch  90/100  D loss 0.8271  G loss 1.6452  D acc  89.6%  D(x) 0.650  D(G(z)) 0.243',
  'epoch 100/100  D loss 1.1085  G loss 1.6466  D acc  83.2%  D(x) 0.640  D(G(z)) 0.282',
];

for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: the demo run on seed 0 prints the demo's log`, async () => {
    await useBackend(backend);
    const lines: string[] = [];
    const progress: Progress = { ...silentProgress(), log: (line) => lines.push(line) };
    const run = await trainGan(loadTrainingImages(2), { seed: 0, progress });
    const logged = lines.filter((line) => line.startsWith('epoch')).map((line) => line.replace(/  \d+\.\d s$/, ''));
    assert.equal(logged, DEMO_LOG_SEED_0);
    run.generator.dispose();
    run.discriminator.dispose();
  });
}

// uvu runs every test file in one process: hand the next file the course's own backend.
test.after(async () => useBackend(await initBackend()));

test.run();
