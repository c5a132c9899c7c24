/**
 * Jupyter's heartbeat: clients send bytes to the heartbeat socket and take the echo as a sign
 * that the kernel lives. The echo runs in a worker thread, so that it also comes while a cell
 * keeps the main thread busy (as IPython's does from its own thread).
 */
import { once } from 'node:events';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Reply } from 'zeromq';

/** Starts echoing heartbeats at `address` (e.g. tcp://127.0.0.1:5678); resolves, once it listens, to its stop function. */
export async function startHeartbeat(address: string): Promise<() => Promise<void>> {
  const worker = new Worker(__filename, { workerData: address });
  await once(worker, 'message');
  return async () => {
    // The worker closes its socket itself: a thread ended with an open ZeroMQ socket aborts the process.
    worker.postMessage('stop');
    await once(worker, 'exit');
  };
}

async function echo(address: string): Promise<void> {
  const socket = new Reply();
  await socket.bind(address);
  parentPort!.once('message', () => {
    socket.close();
    parentPort!.close();
  });
  parentPort!.postMessage('listening');
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch {
    // Closing the socket ends the loop.
  }
}

if (!isMainThread) void echo(workerData as string);
