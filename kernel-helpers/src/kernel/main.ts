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
