/**
 * Backend choice for the whole course, in one place.
 *
 * Order: `tensorflow` (native, from @tensorflow/tfjs-node, only where that package installs),
 * then `wasm` (@tensorflow/tfjs-backend-wasm, SIMD, single-threaded in Node), then `cpu`.
 * The environment variable GAN_BACKEND names one of them and overrides the order.
 * The choice is printed once, in one line.
 */
import * as tf from '@tensorflow/tfjs';
import { registerCourseKernels } from '../tfjs-kernels/register';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const BACKEND_ENV_VAR = 'GAN_BACKEND';

let ready: Promise<BackendName> | undefined;

/**
 * Loads and activates the course's backend; later calls return the first call's answer.
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

async function chooseBackend(): Promise<BackendName> {
  const requested = requestedBackend();
  const candidates: BackendName[] = requested ? [requested] : [...BACKEND_NAMES];
  const failures: string[] = [];
  for (const name of candidates) {
    const problem = await tryActivate(name);
    if (problem === undefined) {
      console.log(`tfjs backend: ${await describeBackend(name)}${requested ? ` (set by ${BACKEND_ENV_VAR})` : ''}`);
      return name;
    }
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
  const registration = registerBackendPackage(name);
  if (registration) return registration;
  try {
    if (!(await tf.setBackend(name))) return 'it failed to initialise';
  } catch (error) {
    return (error as Error).message;
  }
  if (name === 'cpu') silenceNodeBackendBanner();
  registerCourseKernels(name);
  return undefined;
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

/**
 * The cpu backend prints a multi-line "install our node backend" banner on its first write.
 * The course says which backend it uses in one line already, so that banner is switched off.
 */
function silenceNodeBackendBanner(): void {
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
}

async function describeBackend(name: BackendName): Promise<string> {
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `wasm (WebAssembly${simd ? ', SIMD' : ''}, ${threads ? 'multi-threaded' : 'single thread'})`;
  }
  if (name === 'tensorflow') return 'tensorflow (native libtensorflow from @tensorflow/tfjs-node)';
  return 'cpu (plain JavaScript)';
}
