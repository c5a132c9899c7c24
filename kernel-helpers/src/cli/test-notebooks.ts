/**
 * `npm run test:notebooks [-- NOTEBOOK...]`: executes every course notebook (or the ones named)
 * on the course kernel with real Jupyter, and fails on the first failing cell of any notebook.
 */
import * as path from 'node:path';
import { ensureJupyter, installKernelspec } from '../jupyter/environment';
import { courseNotebooks, executeNotebooks } from '../jupyter/notebooks';

ensureJupyter();
installKernelspec();
const named = process.argv.slice(2).map((file) => path.resolve(file));
process.exitCode = executeNotebooks(named.length ? named : courseNotebooks()) ? 0 : 1;
