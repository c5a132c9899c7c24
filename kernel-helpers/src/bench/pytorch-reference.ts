/**
 * Runs kernel-helpers/python/bench_reference.py: the bench's workloads in PyTorch on /usr/bin/python3
 * (Debian's python3-torch), on one thread or, for the conv GAN alone, on several. Without torch there the
 * reference is skipped, with the reason.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT, PYTHON } from '../jupyter/environment';
import { Workload } from './report';

const REFERENCE_SCRIPT = path.join(PROJECT_ROOT, 'kernel-helpers', 'python', 'bench_reference.py');

export type ReferenceTimes = Record<Workload, number> & { torch: string };

export interface ReferenceRequest {
  images: number[][];
  /** Chapter 7's training digits, -1..1 (workloads.ts, dcganDigits). */
  dcganDigits: number[][];
  denseIterations: number;
  denseWarmup: number;
  convIterations: number;
  convWarmup: number;
  seed: number;
}

export interface ConvReferenceRequest {
  convIterations: number;
  convWarmup: number;
  seed: number;
  threads: number;
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function pytorchProblem(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? `${PYTHON} cannot import torch (apt-get install python3-torch to compare with PyTorch)`
    : undefined;
}

/** The reference's times for every workload on one thread, or why there are none. */
export function runPytorchReference(request: ReferenceRequest): ReferenceTimes | { skipped: string } {
  const problem = pytorchProblem();
  return problem ? { skipped: problem } : (runReference({ ...request, threads: 1 }, {}) as ReferenceTimes);
}

/**
 * Wall-clock milliseconds per conv-GAN iteration on `threads` threads. With several, the faster of OpenMP's
 * two ways of waiting: its threads spin by default, which pays on idle cores and, when other processes hold
 * them, made an iteration 9-20x slower here; OMP_WAIT_POLICY=passive lets them sleep.
 */
export function pytorchConvWallMs(request: ConvReferenceRequest): number {
  const policies = request.threads > 1 ? ['active', 'passive'] : ['active'];
  return Math.min(
    ...policies.map((policy) => (runReference({ ...request, convOnly: true }, { OMP_WAIT_POLICY: policy }) as { convIterationWallMs: number }).convIterationWallMs),
  );
}

function runReference(request: { threads: number; [field: string]: unknown }, env: NodeJS.ProcessEnv): unknown {
  const threads = String(request.threads);
  const result = spawnSync(PYTHON, [REFERENCE_SCRIPT], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads, ...env },
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${REFERENCE_SCRIPT} failed (exit ${result.status}): ${result.stderr.trim().split('\n').pop()}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() as string);
}
