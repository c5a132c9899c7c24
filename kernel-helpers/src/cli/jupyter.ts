/** `npm run jupyter -- ARGS`: runs /usr/bin/jupyter with the course's own Jupyter folders (e.g. `kernelspec list`). */
import { spawnSync } from 'node:child_process';
import { JUPYTER, ensureJupyter, installKernelspec, jupyterEnv } from '../jupyter/environment';

ensureJupyter();
installKernelspec();
const result = spawnSync(JUPYTER, process.argv.slice(2), { stdio: 'inherit', env: jupyterEnv() });
process.exitCode = result.status ?? 1;
