/**
 * Memory over a long run (issue 7): the demo GAN trained for many epochs (the bench: 1000), sampling
 * tf.memory().numTensors, the process's resident set size and the JavaScript heap every few epochs.
 * A leak of one tensor per step would add 17 tensors an epoch; flat counts mean nothing piles up. The heap
 * grows a little by design: the run keeps its history and the fixed-noise snapshots for the charts.
 */
import * as tf from '@tensorflow/tfjs';
import { silentProgress } from '../training/progress';
import { trainGan } from '../training/train-gan';

export interface MemorySample {
  epoch: number;
  tensors: number;
  rssMb: number;
  heapMb: number;
}

export interface MemorySoak {
  samples: MemorySample[];
  /** numTensors before the run and after its models are disposed: equal when the run leaks nothing. */
  tensorsBefore: number;
  tensorsAfter: number;
  seconds: number;
}

/** Trains the demo GAN (seed 0) for `epochs`, sampling memory after every `every` epochs. */
export async function memorySoak(images: number[][], epochs: number, every: number): Promise<MemorySoak> {
  const tensorsBefore = tf.memory().numTensors;
  const samples: MemorySample[] = [];
  const start = Date.now();
  const run = await trainGan(images, {
    epochs,
    progress: silentProgress(),
    onEpochEnd: (epoch) => {
      if (epoch % every === 0) samples.push(memorySample(epoch));
    },
  });
  run.generator.dispose();
  run.discriminator.dispose();
  return { samples, tensorsBefore, tensorsAfter: tf.memory().numTensors, seconds: (Date.now() - start) / 1000 };
}

function memorySample(epoch: number): MemorySample {
  const { rss, heapUsed } = process.memoryUsage();
  return { epoch, tensors: tf.memory().numTensors, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
}

/** A markdown table of the samples, with the first-to-last change of each column. */
export function formatMemorySoak(soak: MemorySoak): string {
  const { samples } = soak;
  const [first, last] = [samples[0], samples[samples.length - 1]];
  const rows = samples.map((s) => `| ${s.epoch} | ${s.tensors} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} |`);
  return [
    `Memory soak: ${last.epoch} epochs of the demo GAN in ${soak.seconds.toFixed(0)} s; tensors ${soak.tensorsBefore} before, ${soak.tensorsAfter} after disposing the models`,
    '',
    '| epoch | tensors | RSS (MB) | heap (MB) |',
    '|---:|---:|---:|---:|',
    ...rows,
    '',
    `from epoch ${first.epoch} to ${last.epoch}: tensors ${last.tensors - first.tensors >= 0 ? '+' : ''}${last.tensors - first.tensors}, ` +
      `RSS ${(last.rssMb - first.rssMb).toFixed(1)} MB, heap ${(last.heapMb - first.heapMb).toFixed(1)} MB`,
  ].join('\n');
}
