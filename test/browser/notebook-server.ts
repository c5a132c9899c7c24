/**
 * A Jupyter Notebook server for the browser check: the course's Jupyter environment, a folder of
 * executed notebooks (trusted, so their chart scripts run), a free port on 127.0.0.1 and a token.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { JUPYTER, jupyterEnv, notebookServerArgs, PYTHON, trustNotebooks } from '../../kernel-helpers/src/jupyter/environment';
import { freePort } from '../support/free-port';

export interface NotebookServer {
  /** The address of a notebook in the served folder, with the token. */
  notebookUrl(name: string): string;
  stop(): Promise<void>;
}


function untilExit(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', () => resolve())));
}

export async function startNotebookServer(notebookDir: string, notebooks: string[]): Promise<NotebookServer> {
  trustNotebooks(notebooks);
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = notebookServerArgs({ port, notebookDir, token, portRetries: 0 });
  const server = spawn(JUPYTER, args, { env: jupyterEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(`127.0.0.1:${port}/`)) resolve();
    });
    server.once('exit', (code) => reject(new Error(`jupyter notebook exited with ${code} before serving:\n${log}`)));
  });
  return {
    notebookUrl: (name) => `http://127.0.0.1:${port}/notebooks/${encodeURIComponent(name)}?token=${token}`,
    async stop() {
      server.kill('SIGTERM');
      await untilExit(server);
    },
  };
}

/** The installed Jupyter Notebook's version, for the test log. */
export function notebookVersion(): string {
  return execFileSync(PYTHON, ['-c', 'import notebook; print(notebook.__version__)'], { encoding: 'utf8' }).trim();
}
