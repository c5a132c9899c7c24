/**
 * `npm run bench` (not part of `npm test`): training speed of the course on every tfjs backend that loads
 * here, against PyTorch when /usr/bin/python3 has torch, all in the same run.
 *
 * Workloads (kernel-helpers/src/bench/workloads.ts): the demo GAN's training iteration and its whole
 * 100-epoch run, a small convolutional GAN's iteration, and chapter 7's whole DCGAN training (not on `cpu`),
 * on one thread (CPU time). Then the conv GAN
 * against PyTorch at equal thread counts, 1 and every core, in paired rounds (wall-clock time). Each
 * measurement runs in its own Node process (the backend and its threads are chosen once per process, by
 * GAN_BACKEND and GAN_WASM_THREADS). Prints markdown tables and writes them as JSON to test-output/bench.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, initBackend } from '../runtime/backend';
import { WASM_POOL_SIZE } from '../runtime/wasm-loader';
import { PROJECT_ROOT } from '../jupyter/environment';
import { pytorchConvWallMs, pytorchProblem, runPytorchReference } from '../bench/pytorch-reference';
import { formatMemorySoak, memorySoak } from '../bench/memory-soak';
import { BackendTimes, BenchReport, ConvThreadsRow, formatConvThreads, formatReport } from '../bench/report';
import { benchImages, convIterationMs, dcganDigits, dcganRunSeconds, denseIterationMs, denseRunSeconds, wallMs } from '../bench/workloads';
import { refuseOptions } from './no-options';

const REPORT_FILE = path.join(PROJECT_ROOT, 'test-output', 'bench.json');
const MEASURE_ONE_BACKEND = '--measure-active-backend';
const MEASURE_CONV_WALL = '--measure-conv-wall';
const DENSE_ITERATIONS = 2000;
const CONV_ITERATIONS = 20;
const CONV_BUDGET_MS = 20_000;
/** Untimed iterations first: V8 needs a few hundred calls to compile the fused dense step fully. */
const DENSE_WARMUP = 300;
const CONV_WARMUP = 2;
/** Rounds of the equal-thread comparison, and conv iterations per process in each. */
const CONV_ROUNDS = 3;
const CONV_ROUND_ITERATIONS = 10;
/**
 * Backends that skip the DCGAN chapter's run: plain-JavaScript `cpu` takes about 50x wasm's time per conv step,
 * so its 200 steps of each network would add many minutes to the bench and say nothing the conv GAN's row does not.
 */
const SKIP_DCGAN_RUN = ['cpu'];

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
    dcganRunSeconds: SKIP_DCGAN_RUN.includes(backend) ? null : await dcganRunSeconds(dcganDigits()),
    tensorsAfter: tf.memory().numTensors,
    bytesAfter: tf.memory().numBytes,
  };
  console.log(JSON.stringify(times));
  // Issue 7's long run: memory over 1000 epochs, on stderr (stdout's last line is the parent's JSON).
  process.stderr.write(`${formatMemorySoak(await memorySoak(images, 1000, 100))}\n`);
}

/** In a child process: wall-clock ms per conv-GAN iteration on wasm with GAN_WASM_THREADS threads, as one JSON line. */
async function measureConvWall(): Promise<void> {
  await initBackend();
  console.log(JSON.stringify({ wallMs: convIterationMs(CONV_ROUND_ITERATIONS, CONV_WARMUP, Infinity, wallMs) }));
}

function measureInChild(backend: string): BenchReport['backends'][number] {
  process.stderr.write(`bench: ${backend} ...\n`);
  const child = spawnSync(process.execPath, [__filename, MEASURE_ONE_BACKEND], {
    // One thread on wasm too: these rows compare CPU times with PyTorch's on one thread.
    env: { ...process.env, GAN_BACKEND: backend, GAN_WASM_THREADS: '1' },
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

/** Wall-clock ms per conv-GAN iteration on wasm with `threads` threads, in a fresh process; throws if it got fewer. */
function wasmConvWallMs(threads: number): number {
  const child = spawnSync(process.execPath, [__filename, MEASURE_CONV_WALL], {
    env: { ...process.env, GAN_BACKEND: 'wasm', GAN_WASM_THREADS: String(threads) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = child.stdout.trim().split('\n');
  const wanted = threads > 1 ? `${threads} threads` : 'single thread';
  if (child.status !== 0 || !lines[0]?.includes(wanted)) {
    throw new Error(`bench: wasm on ${threads} threads did not run (exit ${child.status ?? child.signal}; ${lines[0] ?? 'no output'})`);
  }
  return (JSON.parse(lines[lines.length - 1]) as { wallMs: number }).wallMs;
}

/** The conv GAN on 1 thread and on every core, PyTorch then wasm in each round, so both meet the same load. */
function convAtEqualThreads(): ConvThreadsRow[] | { skipped: string } {
  const problem = pytorchProblem();
  if (problem) return { skipped: problem };
  const threadCounts = [...new Set([1, Math.min(os.availableParallelism(), WASM_POOL_SIZE)])];
  return threadCounts.map((threads) => {
    const row: ConvThreadsRow = { threads, pytorchMs: [], wasmMs: [] };
    for (let round = 1; round <= CONV_ROUNDS; round++) {
      process.stderr.write(`bench: conv GAN on ${threads} thread${threads > 1 ? 's' : ''}, round ${round} of ${CONV_ROUNDS} ...\n`);
      row.pytorchMs.push(pytorchConvWallMs({ convIterations: CONV_ROUND_ITERATIONS, convWarmup: CONV_WARMUP, seed: 0, threads }));
      row.wasmMs.push(wasmConvWallMs(threads));
    }
    return row;
  });
}

function main(): void {
  const images = benchImages();
  process.stderr.write('bench: PyTorch reference ...\n');
  const pytorch = runPytorchReference({
    images,
    dcganDigits: dcganDigits(),
    denseIterations: DENSE_ITERATIONS,
    denseWarmup: DENSE_WARMUP,
    convIterations: CONV_ITERATIONS,
    convWarmup: CONV_WARMUP,
    seed: 0,
  });
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the start`,
    pytorch,
    backends: BACKEND_NAMES.map(measureInChild),
    convThreads: convAtEqualThreads(),
  };
  console.log(`${formatReport(report)}\n\n${formatConvThreads(report.convThreads)}`);
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), REPORT_FILE)}`);
}

if (process.argv.includes(MEASURE_ONE_BACKEND) || process.argv.includes(MEASURE_CONV_WALL)) {
  (process.argv.includes(MEASURE_CONV_WALL) ? measureConvWall() : measureActiveBackend()).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  refuseOptions('npm run bench');
  main();
}
