/**
 * `npm run test:notebooks [-- NOTEBOOK...]`: executes every course notebook (or the ones named)
 * on the course kernel with real Jupyter, and fails on the first failing cell of any notebook.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ensureJupyter, installKernelspec } from '../jupyter/environment';
import { courseNotebooks, executeNotebooks } from '../jupyter/notebooks';

const named = process.argv.slice(2).map((file) => path.resolve(file));
const notANotebook = named.find((file) => !file.endsWith('.ipynb') || !existsSync(file));
if (notANotebook) {
  console.error(`test:notebooks: ${notANotebook} is ${existsSync(notANotebook) ? 'not a .ipynb notebook' : 'missing'}; name notebooks to run, or none for all of notebooks/`);
  process.exit(2);
}
ensureJupyter();
installKernelspec();
process.exitCode = executeNotebooks(named.length ? named : courseNotebooks()) ? 0 : 1;
