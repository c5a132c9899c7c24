/**
 * Runs kernel-helpers/python/bench_reference.py: the bench's two workloads in PyTorch, one thread,
 * on /usr/bin/python3 (Debian's python3-torch). Without torch there the reference is skipped, with the reason.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT, PYTHON } from '../jupyter/environment';
import { WorkloadTimes } from './report';

const REFERENCE_SCRIPT = path.join(PROJECT_ROOT, 'kernel-helpers', 'python', 'bench_reference.py');
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

export type ReferenceTimes = WorkloadTimes & { torch: string };

export interface ReferenceRequest {
  images: number[][];
  denseIterations: number;
  denseWarmup: number;
  convIterations: number;
  convWarmup: number;
  seed: number;
}

/** The reference's times, or why there are none. */
export function runPytorchReference(request: ReferenceRequest): ReferenceTimes | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { skipped: `${PYTHON} cannot import torch (apt-get install python3-torch to compare with PyTorch)` };
  }
  const result = spawnSync(PYTHON, [REFERENCE_SCRIPT], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: { ...process.env, ...ONE_THREAD },
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${REFERENCE_SCRIPT} failed (exit ${result.status}): ${result.stderr.trim().split('\n').pop()}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as ReferenceTimes;
}
