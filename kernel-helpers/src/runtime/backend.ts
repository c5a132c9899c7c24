/**
 * Backend choice for the whole course, in one place.
 *
 * Order: `tensorflow` (native, from @tensorflow/tfjs-node, only where that package installs),
 * then `wasm` (@tensorflow/tfjs-backend-wasm, SIMD, on the idle cores' threads: wasmThreadsToUse),
 * then `cpu`. The environment variable GAN_BACKEND names one of them and overrides the order.
 *
 * The choice is made when kernel-helpers is imported: the chosen backend becomes tfjs's first choice,
 * built synchronously on first use, so a tf op run before initBackend() (or without it) already runs on it,
 * and tfjs never falls back to `cpu` with its multi-line "install our node backend" banner. Whichever
 * backend starts first says so once, in one line.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { registerCourseKernels } from '../tfjs-kernels/register';
import { loadWasmBackend, WASM_POOL_SIZE, wasmLoaderProblem, wasmThreads } from './wasm-loader';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const BACKEND_ENV_VAR = 'GAN_BACKEND';
/** Threads for `wasm`, overriding the course's choice: how the bench compares one thread with several. */
export const WASM_THREADS_ENV_VAR = 'GAN_WASM_THREADS';
/** Above tfjs's own priorities (cpu 1, wasm 2, tensorflow 3), so that its first op runs on the course's choice. */
const COURSE_CHOICE_PRIORITY = 10;

/** Why each backend could not be set up at import, for initBackend's error. */
const unavailable = new Map<BackendName, string>();
let announced = false;
let ready: Promise<BackendName> | undefined;

/**
 * Activates the course's backend and returns its name; later calls return the first call's answer.
 * Throws when GAN_BACKEND names an unknown or unavailable backend.
 */
export function initBackend(): Promise<BackendName> {
  ready ??= chooseBackend();
  return ready;
}

/** Reads GAN_BACKEND: undefined when unset or empty, an error naming the choices when unknown. */
export function requestedBackend(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const value = env[BACKEND_ENV_VAR]?.trim();
  if (!value) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(
      `${BACKEND_ENV_VAR}=${value} is not a tfjs backend the course knows; use one of: ${BACKEND_NAMES.join(', ')}.`,
    );
  }
  return value as BackendName;
}

/**
 * Threads for `wasm`: GAN_WASM_THREADS when set; else the cores that the 1-minute load average leaves idle,
 * rounded, from 1 to the Emscripten pool's 8. Threads pay only on idle cores: each XNNPACK op waits for every
 * pool thread, so when another process holds a core, a thread that is not scheduled stalls every op. Measured
 * on 2 cores at load 7-10: two threads ran the conv GAN iteration no faster than one, and a small matmul
 * (64x128 by 128x64, bias, ReLU) took 2.0-2.9 ms instead of 0.17-0.32 ms.
 */
export function wasmThreadsToUse(
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
  load = os.loadavg()[0],
): number {
  const value = env[WASM_THREADS_ENV_VAR]?.trim();
  if (!value) return Math.max(1, Math.min(WASM_POOL_SIZE, cores, Math.round(cores - load)));
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > WASM_POOL_SIZE) {
    throw new Error(`${WASM_THREADS_ENV_VAR}=${value} is not a thread count; use an integer from 1 to ${WASM_POOL_SIZE}.`);
  }
  return threads;
}

async function chooseBackend(): Promise<BackendName> {
  const requested = requestedBackend();
  const candidates: BackendName[] = requested ? [requested] : [...BACKEND_NAMES];
  // A bad GAN_WASM_THREADS is an error here, not a quiet fall to the next backend.
  if (candidates.includes('wasm')) wasmThreadsToUse();
  const failures: string[] = [];
  for (const name of candidates) {
    const problem = await tryActivate(name);
    if (problem === undefined) return name;
    failures.push(`${name}: ${problem}`);
  }
  throw new Error(`No usable tfjs backend${requested ? ` for ${BACKEND_ENV_VAR}=${requested}` : ''}. ${failures.join('; ')}`);
}

/**
 * Switches to `name`, with the course's kernels and without the cpu banner: how tests and benchmarks compare
 * backends within one process. Throws, saying why, when the backend cannot be used here.
 */
export async function useBackend(name: BackendName): Promise<void> {
  const problem = await tryActivate(name);
  if (problem !== undefined) throw new Error(`tfjs backend ${name} cannot be used: ${problem}`);
}

/** Returns undefined when `name` is now the active backend, with the course's kernels, else why it is not. */
async function tryActivate(name: BackendName): Promise<string | undefined> {
  const problem = unavailable.get(name);
  if (problem) return problem;
  try {
    if (!(await tf.setBackend(name))) return unavailable.get(name) ?? 'it failed to initialise';
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/**
 * At import: loads each backend's package, puts the course's factories in place (wasm built synchronously,
 * cpu without its banner, each announcing itself), registers the course's kernels, and gives the course's
 * choice the highest priority. Nothing is built yet: that happens on first use.
 */
function prepareBackends(): void {
  let requested: BackendName | undefined;
  try {
    requested = requestedBackend();
  } catch {
    // initBackend() reports the unknown name; until then tfjs's own order applies.
  }
  for (const name of BACKEND_NAMES) {
    const problem = registerBackendPackage(name);
    if (problem) unavailable.set(name, problem);
  }
  const choice = requested ?? BACKEND_NAMES.find((name) => !unavailable.has(name));
  for (const name of BACKEND_NAMES) {
    if (!unavailable.has(name)) installCourseFactory(name, requested, name === choice);
  }
}

type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;

/** Replaces `name`'s factory with the course's: same backend, course kernels, one announcement line. */
function installCourseFactory(name: BackendName, requested: BackendName | undefined, isChoice: boolean): void {
  const stock = tf.findBackendFactory(name) as BackendFactory;
  const priority = isChoice ? COURSE_CHOICE_PRIORITY : tf.engine().registryFactory[name].priority;
  const build = name === 'wasm' ? wasmFactory(stock) : stock;
  registerCourseKernels(name);
  tf.removeBackend(name);
  tf.registerBackend(name, () => {
    let backend: tf.KernelBackend | Promise<tf.KernelBackend>;
    try {
      backend = build();
    } catch (error) {
      // A factory that returns nothing lets tfjs try the next backend quietly; initBackend() says why.
      unavailable.set(name, (error as Error).message);
      return null as unknown as tf.KernelBackend;
    }
    if (name === 'cpu') (backend as unknown as { firstUse: boolean }).firstUse = false;
    if (backend instanceof Promise) return backend.then((started) => (announce(name, requested), started));
    announce(name, requested);
    return backend;
  }, priority);
}

/**
 * The course's wasm factory: the synchronous loader on the threads that pay, then on one thread if threads
 * fail; the package's own asynchronous loader when this tfjs-backend-wasm is not the pinned one.
 */
function wasmFactory(stock: BackendFactory): BackendFactory {
  const problem = wasmLoaderProblem();
  if (problem) return stock;
  return () => {
    const threads = wasmThreadsToUse();
    if (threads === 1) return loadWasmBackend(1);
    try {
      return loadWasmBackend(threads);
    } catch {
      return loadWasmBackend(1);
    }
  };
}

function announce(name: BackendName, requested: BackendName | undefined): void {
  if (announced) return;
  announced = true;
  console.log(`tfjs backend: ${describeBackend(name)}${requested === name ? ` (set by ${BACKEND_ENV_VAR})` : ''}`);
}

/** Loads the package that registers `name`; returns why it could not, if it could not. */
function registerBackendPackage(name: BackendName): string | undefined {
  try {
    if (name === 'tensorflow') {
      // danfojs-node's dependency on tfjs-node is aliased to plain tfjs, so the package name
      // can exist without the native backend: only a registered `tensorflow` factory counts.
      require('@tensorflow/tfjs-node');
      return tf.findBackendFactory('tensorflow') ? undefined : '@tensorflow/tfjs-node is not installed';
    }
    if (name === 'wasm') require('@tensorflow/tfjs-backend-wasm');
    return undefined;
  } catch (error) {
    return `${name === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-backend-wasm'} did not load (${(error as Error).message.split('\n')[0]})`;
  }
}

function describeBackend(name: BackendName): string {
  if (name === 'wasm') {
    const threads = wasmThreads();
    return `wasm (WebAssembly, SIMD, ${threads > 1 ? `${threads} threads` : 'single thread'})`;
  }
  if (name === 'tensorflow') return 'tensorflow (native libtensorflow from @tensorflow/tfjs-node)';
  return 'cpu (plain JavaScript)';
}

prepareBackends();
