/**
 * The course kernel's side of the Jupyter messaging protocol over ZeroMQ: requests on the shell
 * and control sockets are answered one at a time, each between a busy and an idle status on
 * IOPub, where the outputs of cells go too.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { readFileSync } from 'node:fs';
import { Publisher, Router } from 'zeromq';
import { CellSink, TypeScriptEngine } from './engine';
import { startHeartbeat } from './heartbeat';
import { Message, childMessage, decode, encode } from './wire';

export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
}

export function readConnectionFile(file: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(file, 'utf8')) as ConnectionInfo;
  if (info.key && info.signature_scheme !== 'hmac-sha256') {
    throw new Error(`${file}: signature_scheme ${info.signature_scheme} is not supported; the kernel signs with hmac-sha256`);
  }
  return info;
}

type Content = Record<string, unknown>;

/** How long front ends must have sent nothing before the kernel makes its compiler (see kernel_info_request). */
const QUIET_BEFORE_WARM_UP_MS = 500;

export class KernelServer {
  private readonly shell = new Router();
  private readonly control = new Router();
  private readonly stdin = new Router();
  private readonly iopub = new Publisher();
  private executionCount = 0;
  private stopHeartbeat: (() => Promise<void>) | undefined;
  private pendingWarmUp: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: ConnectionInfo,
    private readonly engine: TypeScriptEngine,
    /** The kernel's own log (the process's stderr goes to the cells). */
    private readonly log: (text: string) => void,
  ) {}

  async start(): Promise<void> {
    const { transport, ip } = this.connection;
    const address = (port: number) => `${transport}://${ip}:${port}`;
    [this.stopHeartbeat] = await Promise.all([
      startHeartbeat(address(this.connection.hb_port)),
      this.shell.bind(address(this.connection.shell_port)),
      this.control.bind(address(this.connection.control_port)),
      this.stdin.bind(address(this.connection.stdin_port)),
      this.iopub.bind(address(this.connection.iopub_port)),
    ]);
    void this.serve(this.shell);
    void this.serve(this.control);
  }

  /** Answers a socket's requests in the order they came, one at a time. */
  private async serve(socket: Router): Promise<void> {
    for await (const frames of socket) {
      const waiting = await this.handle(socket, frames, false);
      for (const queued of waiting) await this.handle(socket, queued, true);
    }
  }

  /**
   * Answers one request (execute requests with "aborted" when `aborting`); returns the requests
   * that were waiting when a cell failed with stop_on_error, which are to be aborted.
   */
  private async handle(socket: Router, frames: Buffer[], aborting: boolean): Promise<Buffer[][]> {
    let request: Message;
    try {
      request = decode(frames, this.connection.key);
    } catch (error) {
      this.log(`Ignored a message: ${(error as Error).message}\n`);
      return [];
    }
    const type = request.header.msg_type;
    this.pendingWarmUp?.refresh();
    let waiting: Buffer[][] = [];
    this.publish(request, 'status', { execution_state: 'busy' });
    try {
      if (type === 'execute_request') waiting = await this.execute(socket, request, aborting);
      else this.answer(socket, request);
    } catch (error) {
      this.reply(socket, request, { status: 'error', ename: 'KernelError', evalue: String(error), traceback: [String(error)] });
    } finally {
      this.publish(request, 'status', { execution_state: 'idle' });
    }
    if (type === 'shutdown_request') await this.shutDown();
    return waiting;
  }

  private answer(socket: Router, request: Message): void {
    const { content } = request;
    switch (request.header.msg_type) {
      case 'kernel_info_request':
        this.reply(socket, request, this.engine.kernelInfo());
        // Front ends ask this first, when they connect, and some ask more at once (jupyter console its
        // history, which it gives up on after 1 s). Making the compiler blocks the kernel for over a second,
        // so it is made once they have been quiet for a moment, while they get ready; any request postpones it.
        this.pendingWarmUp ??= setTimeout(() => {
          this.pendingWarmUp = undefined;
          this.engine.warmUp();
        }, QUIET_BEFORE_WARM_UP_MS);
        return;
      case 'complete_request':
        return this.reply(socket, request, { ...this.engine.complete(content.code, content.cursor_pos) });
      case 'inspect_request':
        return this.reply(socket, request, { ...this.engine.inspect(content.code, content.cursor_pos) });
      case 'is_complete_request':
        return this.reply(socket, request, this.engine.isComplete(content.code));
      case 'history_request':
        // The kernel keeps no history (front ends keep their own); jupyter console waits for this answer.
        return this.reply(socket, request, { status: 'ok', history: [] });
      case 'comm_info_request':
        // The course kernel has no comms (no widgets).
        return this.reply(socket, request, { status: 'ok', comms: {} });
      case 'shutdown_request':
        return this.reply(socket, request, { status: 'ok', restart: Boolean(content.restart) });
      default:
        this.log(`Unknown message type ${request.header.msg_type}: not answered\n`);
    }
  }

  private async execute(socket: Router, request: Message, aborting: boolean): Promise<Buffer[][]> {
    if (aborting) {
      this.reply(socket, request, { status: 'aborted' });
      return [];
    }
    const { code, silent = false, store_history = !silent, stop_on_error = true } = request.content;
    if (store_history && !silent) this.executionCount++;
    const execution_count = this.executionCount;
    if (!silent) this.publish(request, 'execute_input', { code, execution_count });
    const sink: CellSink = {
      stream: (name, text) => this.publish(request, 'stream', { name, text }),
      display: (content, update) => this.publish(request, update ? 'update_display_data' : 'display_data', { ...content }),
    };
    const outcome = await this.engine.execute(code, sink, `In[${execution_count}]`);
    if (outcome.status === 'ok') {
      if (outcome.result && !silent) this.publish(request, 'execute_result', { execution_count, data: outcome.result, metadata: {} });
      this.reply(socket, request, { status: 'ok', execution_count, user_expressions: {}, payload: [] });
      return [];
    }
    const { status, ...error } = outcome;
    // Requests that came while the cell ran were sent before anyone knew it would fail (a notebook's
    // "Run All" sends every cell at once): when asked to stop on error, they are aborted, as IPython
    // does. They are taken before the reply goes out, so that no request sent after it is caught.
    const waiting: Buffer[][] = [];
    if (stop_on_error) while (socket.readable) waiting.push(await socket.receive());
    if (!silent) this.publish(request, 'error', error);
    this.reply(socket, request, { status, execution_count, ...error });
    return waiting;
  }

  private reply(socket: Router, request: Message, content: Content): void {
    const type = request.header.msg_type.replace(/_request$/, '_reply');
    this.send(socket, encode(childMessage(request, type, content), this.connection.key));
  }

  private publish(parent: Message, type: string, content: Content): void {
    // On IOPub the routing prefix is a topic that subscribers may filter on.
    const message = { ...childMessage(parent, type, content), identities: [Buffer.from(`kernel.${type}`)] };
    this.send(this.iopub, encode(message, this.connection.key));
  }

  /** Sends at once (not after the running cell), so live output shows while a cell computes. */
  private send(socket: Router | Publisher, frames: (Buffer | string)[]): void {
    socket.send(frames).catch((error: Error) => this.log(`Could not send a message: ${error.message}\n`));
  }

  async shutDown(): Promise<void> {
    this.engine.close();
    await this.stopHeartbeat?.();
    for (const socket of [this.shell, this.control, this.stdin, this.iopub]) socket.close();
    process.exit(0);
  }
}
