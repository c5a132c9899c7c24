/**
 * The `wasm` backend loaded synchronously, on one thread or several.
 *
 * @tensorflow/tfjs-backend-wasm loads its WebAssembly asynchronously, so an op run before `await tf.ready()`
 * either throws or falls to the `cpu` backend and its banner; and under Node it runs on one thread only: its
 * multi-thread flag is false there, its pthread workers are `blob:` URLs that Node's worker_threads refuse,
 * and its C++ side uses half the cores it is told of. This file builds the same backend from the package's
 * own Emscripten factories and binaries, synchronously:
 * - one thread: the SIMD binary, compiled and instantiated on the spot;
 * - several: the threaded SIMD binary, with Emscripten's worker pool started as worker_threads from the
 *   package's worker source, and the workers' "loaded" replies received synchronously (receiveMessageOnPort).
 * It reaches into the package's files and Emscripten's module object, so it runs only on the version it was
 * written for (`wasmLoaderProblem`); elsewhere the course keeps the package's own asynchronous loader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { KernelBackend } from '@tensorflow/tfjs';
import type * as WasmPackage from '@tensorflow/tfjs-backend-wasm';

/** The tfjs-backend-wasm release whose files and Emscripten output this loader knows (package.json pins it). */
export const PINNED_WASM_VERSION = '4.22.0';
/** Emscripten's pthread pool in that build: the most threads it can run without making workers later. */
export const WASM_POOL_SIZE = 8;
const POOL_LOAD_TIMEOUT_MS = 20_000;

interface EmscriptenModule {
  calledRun?: boolean;
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs?: unknown;
}
interface FactoryConfig {
  mainScriptUrlOrBlob?: string;
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): WebAssembly.Exports;
}
type ModuleFactory = (config: FactoryConfig) => Promise<unknown>;

const wasmPackage = require('@tensorflow/tfjs-backend-wasm') as typeof WasmPackage;
const WASM_OUT = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const SINGLE = { script: 'tfjs-backend-wasm.js', binary: 'tfjs-backend-wasm-simd.wasm' };
const THREADED = { script: 'tfjs-backend-wasm-threaded-simd.js', binary: 'tfjs-backend-wasm-threaded-simd.wasm' };
const WORKER_SOURCE_MODULE = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** Why this loader cannot run here, or undefined when the installed package is the one it was written for. */
export function wasmLoaderProblem(): string | undefined {
  if (wasmPackage.version_wasm !== PINNED_WASM_VERSION) {
    return `@tensorflow/tfjs-backend-wasm is ${wasmPackage.version_wasm}, the course's loader knows ${PINNED_WASM_VERSION}`;
  }
  const missing = [SINGLE.script, SINGLE.binary, THREADED.script, THREADED.binary, WORKER_SOURCE_MODULE].filter(
    (file) => !fs.existsSync(path.join(WASM_OUT, file)),
  );
  if (missing.length > 0) return `@tensorflow/tfjs-backend-wasm has no wasm-out/${missing.join(', ')}`;
  if (typeof wasmPackage.BackendWasm !== 'function' || typeof workerSource() !== 'string') {
    return '@tensorflow/tfjs-backend-wasm does not export what the course\'s loader expects';
  }
  return undefined;
}

/** A new wasm backend on `threads` threads (1 .. WASM_POOL_SIZE); throws, saying why, when it cannot be built. */
export function loadWasmBackend(threads: number): KernelBackend {
  const module = threads > 1 ? threadedModule(threads) : singleThreadModule();
  // What the package's init() adds to the module before handing it to BackendWasm.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasmPackage.setThreadsCount(threads);
  const backend = new wasmPackage.BackendWasm(module as unknown as ConstructorParameters<typeof wasmPackage.BackendWasm>[0]);
  if (wasmPackage.getThreadsCount() !== threads) {
    throw new Error(`the wasm backend started ${wasmPackage.getThreadsCount()} threads, not ${threads}`);
  }
  return backend;
}

/** Threads of the last backend built here or by the package. */
export function wasmThreads(): number {
  return wasmPackage.getThreadsCount();
}

function factory(script: string): ModuleFactory {
  return require(path.join(WASM_OUT, script)) as ModuleFactory;
}

/** Emscripten's instantiateWasm hook, compiling and instantiating `binary` before it returns. */
function instantiateNow(binary: string, adjustImports: (imports: WebAssembly.Imports) => void = () => undefined): FactoryConfig['instantiateWasm'] {
  return (imports, receive) => {
    adjustImports(imports);
    const compiled = new WebAssembly.Module(fs.readFileSync(path.join(WASM_OUT, binary)));
    const instance = new WebAssembly.Instance(compiled, imports);
    receive(instance, compiled);
    return instance.exports;
  };
}

/** Runs the factory; the module is `config` itself, ready once Emscripten has called its `run`. */
function startModule(script: string, config: FactoryConfig): EmscriptenModule {
  // Failures also show as a module that never ran; the promise's rejection must not go unhandled.
  factory(script)(config).catch(() => undefined);
  return config as unknown as EmscriptenModule;
}

function singleThreadModule(): EmscriptenModule {
  const module = startModule(SINGLE.script, { instantiateWasm: instantiateNow(SINGLE.binary) });
  if (!module.calledRun) throw new Error(`${SINGLE.binary} did not start`);
  return module;
}

function threadedModule(threads: number): EmscriptenModule {
  const pool: PoolWorker[] = [];
  const config: FactoryConfig = {
    mainScriptUrlOrBlob: path.join(WASM_OUT, THREADED.script),
    instantiateWasm: instantiateNow(THREADED.binary, (imports) => {
      // The C++ side starts half as many threads as it is told there are cores.
      (imports.env as Record<string, unknown>).emscripten_num_logical_cores = () => 2 * threads;
    }),
  };
  const module = withGlobalWorker(class extends PoolWorker {
    constructor() {
      super();
      pool.push(this);
    }
  }, () => startModule(THREADED.script, config));
  // Emscripten runs the module once every pool worker has said "loaded": take those replies here and now.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + POOL_LOAD_TIMEOUT_MS;
  while (!module.calledRun) {
    if (Date.now() > deadline) {
      pool.forEach((worker) => void worker.terminate());
      throw new Error(`the wasm thread pool did not load within ${POOL_LOAD_TIMEOUT_MS / 1000} s`);
    }
    pool.forEach((worker) => worker.deliverReplies());
    Atomics.wait(pause, 0, 0, 1);
  }
  return module;
}

let cachedWorkerSource: string | undefined;

/**
 * Emscripten's pthread worker, from the package, with its messages to the main thread sent over a port the
 * main thread can read synchronously. The package keeps it in a template string whose "\n" escapes became newlines.
 */
function workerSource(): string {
  cachedWorkerSource ??=
    (require(path.join(WASM_OUT, WORKER_SOURCE_MODULE)) as { wasmWorkerContents: string }).wasmWorkerContents.replace(/\n/g, '\\n') +
    ';(function(){var threads=require("worker_threads");var replies=threads.workerData.replies;' +
    'threads.parentPort.postMessage=function(message){replies.postMessage(message)}})();';
  return cachedWorkerSource;
}

/** One of Emscripten's pool workers, run from source (`eval`) instead of the `blob:` URL Node refuses. */
class PoolWorker extends Worker {
  private readonly replies: MessagePort;

  constructor() {
    const channel = new MessageChannel();
    super(workerSource(), { eval: true, workerData: { replies: channel.port2 }, transferList: [channel.port2] });
    this.replies = channel.port1;
    this.replies.on('message', (message) => this.emit('message', message));
    this.replies.unref();
  }

  /** Hands Emscripten the replies that have arrived, without waiting for the event loop. */
  deliverReplies(): void {
    for (let reply = receiveMessageOnPort(this.replies); reply; reply = receiveMessageOnPort(this.replies)) {
      this.emit('message', reply.message);
    }
  }

  /** Emscripten refs a worker while its thread runs; the pool's threads never end, and must not keep Node running. */
  override ref(): void {}
}

/** Runs `start` with `Worker` as Emscripten finds it under Node (a global it sets itself) replaced by `workerClass`. */
function withGlobalWorker<T>(workerClass: typeof PoolWorker, start: () => T): T {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => workerClass, set: () => undefined });
  try {
    return start();
  } finally {
    if (previous) Object.defineProperty(globalThis, 'Worker', previous);
    else delete (globalThis as { Worker?: unknown }).Worker;
  }
}
