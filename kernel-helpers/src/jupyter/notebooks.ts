/** Runs the course notebooks headless on the course kernel (used by the tests and the static site). */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { KERNEL_NAME, NOTEBOOKS_DIR, PROJECT_ROOT, PYTHON, jupyterEnv } from './environment';

export const EXECUTED_NOTEBOOKS_DIR = path.join(PROJECT_ROOT, 'test-output', 'notebooks');
const EXECUTOR = path.join(PROJECT_ROOT, 'kernel-helpers', 'python', 'execute_notebooks.py');

/** The course's notebooks in chapter order (their names start with the chapter number). */
export function courseNotebooks(): string[] {
  return readdirSync(NOTEBOOKS_DIR)
    .filter((name) => name.endsWith('.ipynb'))
    .sort()
    .map((name) => path.join(NOTEBOOKS_DIR, name));
}

/** Executes the notebooks top to bottom, writing executed copies to `outDir`; true when all passed. */
export function executeNotebooks(notebooks: string[], outDir = EXECUTED_NOTEBOOKS_DIR): boolean {
  const result = spawnSync(PYTHON, [EXECUTOR, '--kernel', KERNEL_NAME, '--out', outDir, ...notebooks], {
    stdio: 'inherit',
    env: jupyterEnv(),
  });
  return result.status === 0;
}
