/**
 * `npm run bench` (not part of `npm test`): training speed of the course on every tfjs backend that loads
 * here, against PyTorch on one thread when /usr/bin/python3 has torch, all in the same run.
 *
 * Workloads (kernel-helpers/src/bench/workloads.ts): the demo GAN's training iteration and its whole
 * 100-epoch run, and a small convolutional GAN's iteration. Each backend runs in its own Node process
 * (the backend is chosen once per process, by GAN_BACKEND). Prints a markdown table and writes it as JSON
 * to test-output/bench.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, initBackend } from '../runtime/backend';
import { PROJECT_ROOT } from '../jupyter/environment';
import { runPytorchReference } from '../bench/pytorch-reference';
import { formatMemorySoak, memorySoak } from '../bench/memory-soak';
import { BackendTimes, BenchReport, formatReport } from '../bench/report';
import { benchImages, convIterationMs, denseIterationMs, denseRunSeconds } from '../bench/workloads';
import { refuseOptions } from './no-options';

const REPORT_FILE = path.join(PROJECT_ROOT, 'test-output', 'bench.json');
const MEASURE_ONE_BACKEND = '--measure-active-backend';
const DENSE_ITERATIONS = 2000;
const CONV_ITERATIONS = 20;
const CONV_BUDGET_MS = 20_000;
/** Untimed iterations first: V8 needs a few hundred calls to compile the fused dense step fully. */
const DENSE_WARMUP = 300;
const CONV_WARMUP = 2;

/** In a child process: the workloads on the backend GAN_BACKEND names, as one JSON line on stdout. */
async function measureActiveBackend(): Promise<void> {
  let backend: string;
  try {
    backend = await initBackend();
  } catch (error) {
    console.log(JSON.stringify({ backend: process.env.GAN_BACKEND, unavailable: (error as Error).message }));
    return;
  }
  const images = benchImages();
  const times: Omit<BackendTimes, 'description'> = {
    backend,
    denseIterationMs: denseIterationMs(images, DENSE_ITERATIONS, DENSE_WARMUP),
    denseRunSeconds: await denseRunSeconds(images),
    convIterationMs: convIterationMs(CONV_ITERATIONS, CONV_WARMUP, CONV_BUDGET_MS),
    tensorsAfter: tf.memory().numTensors,
    bytesAfter: tf.memory().numBytes,
  };
  console.log(JSON.stringify(times));
  // Issue 7's long run: memory over 1000 epochs, on stderr (stdout's last line is the parent's JSON).
  process.stderr.write(`${formatMemorySoak(await memorySoak(images, 1000, 100))}\n`);
}

function measureInChild(backend: string): BenchReport['backends'][number] {
  process.stderr.write(`bench: ${backend} ...\n`);
  const child = spawnSync(process.execPath, [__filename, MEASURE_ONE_BACKEND], {
    env: { ...process.env, GAN_BACKEND: backend },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = child.stdout.trim().split('\n');
  if (child.status !== 0 || lines.length === 0) {
    return { backend, unavailable: `the measuring process exited with ${child.status ?? child.signal}` };
  }
  const result = JSON.parse(lines[lines.length - 1]);
  if ('unavailable' in result) return result;
  // initBackend's one line, "tfjs backend: wasm (WebAssembly, SIMD, single thread) (set by GAN_BACKEND)".
  const chosen = lines.find((line) => line.startsWith('tfjs backend: ')) ?? backend;
  return { ...result, description: chosen.replace('tfjs backend: ', '').replace(/ \(set by .*\)$/, '') };
}

function main(): void {
  const images = benchImages();
  process.stderr.write('bench: PyTorch reference ...\n');
  const pytorch = runPytorchReference({
    images,
    denseIterations: DENSE_ITERATIONS,
    denseWarmup: DENSE_WARMUP,
    convIterations: CONV_ITERATIONS,
    convWarmup: CONV_WARMUP,
    seed: 0,
  });
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`,
    pytorch,
    backends: BACKEND_NAMES.map(measureInChild),
  };
  console.log(formatReport(report));
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), REPORT_FILE)}`);
}

if (process.argv.includes(MEASURE_ONE_BACKEND)) {
  measureActiveBackend().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  refuseOptions('npm run bench');
  main();
}
