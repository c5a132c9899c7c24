/**
 * `npm start`: opens the course. Installs Jupyter if needed (Debian's packages), registers the
 * course kernel inside the project, trusts the shipped notebooks so their charts render, and
 * starts Jupyter Notebook on 127.0.0.1 at notebooks/, printing the address to open.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  JUPYTER,
  NOTEBOOKS_DIR,
  ensureJupyter,
  installKernelspec,
  jupyterEnv,
  notebookServerArgs,
  trustNotebooks,
} from '../jupyter/environment';
import { courseNotebooks } from '../jupyter/notebooks';
import { installPlotlyForNotebookServer } from '../plotting/plotly-asset';
import { refuseOptions } from './no-options';

const port = Number(process.env.COURSE_PORT ?? 8888);

refuseOptions('npm start');
ensureJupyter();
console.log(`Course kernel registered in ${installKernelspec()}`);
trustNotebooks(courseNotebooks());
// Saved chart outputs load plotly.js from the server, so it must be there before any kernel runs.
installPlotlyForNotebookServer(jupyterEnv());

const token = randomBytes(24).toString('hex');
const args = notebookServerArgs({ port, notebookDir: NOTEBOOKS_DIR, token });
const server = spawn(JUPYTER, args, { env: jupyterEnv(), stdio: ['inherit', 'inherit', 'pipe'] });
let announced = false;
server.stderr.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  // Jupyter moves to the next free port when this one is taken, so the address is read from its log.
  const address = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(chunk.toString())?.[0];
  if (address && !announced) {
    announced = true;
    console.log(`\nThe GAN course is open at:\n\n    ${address.replace(/\?token=.*/, '')}tree?token=${token}\n\nStop it with Ctrl-C.\n`);
  }
});
process.on('SIGINT', () => server.kill('SIGINT'));
server.on('exit', (code) => process.exit(code ?? 0));
