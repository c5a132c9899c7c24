/**
 * `npm run test:kernel`: checks the course kernel against the Jupyter protocol. Installs the
 * course kernelspec, then runs test/kernel/test_*.py with /usr/bin/python3: the official
 * conformance suite (jupyter_kernel_test) with the course's code samples, the protocol points it
 * does not cover, and nbconvert on a notebook whose second cell fails.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT, PYTHON, ensureJupyter, installKernelspec, jupyterEnv } from '../jupyter/environment';

ensureJupyter();
installKernelspec();
const suite = path.join(PROJECT_ROOT, 'test', 'kernel');
const result = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '--start-directory', suite, '--pattern', 'test_*.py', '--verbose'], {
  stdio: 'inherit',
  env: jupyterEnv(),
  cwd: PROJECT_ROOT,
});
process.exitCode = result.status ?? 1;
