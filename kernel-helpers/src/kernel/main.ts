/**
 * The GAN course's Jupyter kernel: tslab's TypeScript engine behind a server that speaks the
 * Jupyter messaging protocol in full (error content, execute_result, execution counts, abort
 * only when asked). Jupyter starts it from the course kernelspec as
 *   node kernel-helpers/dist/kernel/main.js CONNECTION_FILE
 * and runs it in the notebook's folder, from which cells import local files.
 */
import { TypeScriptEngine } from './engine';
import { KernelServer, readConnectionFile } from './server';

const [connectionFile] = process.argv.slice(2);
if (!connectionFile) {
  console.error('usage: node main.js CONNECTION_FILE (Jupyter passes {connection_file} from the kernelspec)');
  process.exit(2);
}

const kernelLog = process.stderr.write.bind(process.stderr);
const engine = new TypeScriptEngine(process.cwd());
const server = new KernelServer(readConnectionFile(connectionFile), engine, (text) => kernelLog(text));

// Jupyter interrupts with SIGINT (interrupt_mode "signal"); a running script is stopped by Node itself.
process.on('SIGINT', () => engine.interrupt());
// A cell's timers and unawaited promises may fail after the cell ended: report it, keep the kernel.
process.on('uncaughtException', (error) => console.error('Uncaught exception:', error));
process.on('unhandledRejection', (reason) => console.error('Unhandled promise rejection:', reason));

server.start().catch((error: Error) => {
  kernelLog(`The course kernel could not start: ${error.message}\n`);
  process.exit(1);
});

// Jupyter passes the pid of the process that started the kernel. When that process dies without shutting
// the kernel down (killed, or `jupyter run` ending), nobody can reach the kernel any more: it exits, as
// ipykernel does (checking every second too). Pid 1 never goes away. Unref'd: the watch alone does not
// keep the kernel alive.
const parentPid = Number(process.env.JPY_PARENT_PID);
if (Number.isInteger(parentPid) && parentPid > 1) {
  const parentWatch = setInterval(() => {
    if (isRunning(parentPid)) return;
    clearInterval(parentWatch);
    kernelLog(`Parent process ${parentPid} appears to have exited, shutting down.\n`);
    void server.shutDown();
  }, 1000).unref();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
