/**
 * The course kernel's TypeScript engine: tslab's compiler and executor (type-checking, top-level
 * await, local imports, the `tslab` display API), with what a cell prints, displays, returns and
 * throws kept apart, so that the server can send each as the Jupyter message it is.
 */
import { format } from 'node:util';
import * as ts from '@tslab/typescript-for-tslab';
import { Converter, createConverter } from 'tslab/dist/converter';
import { ConverterSet, createExecutor, Executor } from 'tslab/dist/executor';
import * as tslabJupyter from 'tslab/dist/jupyter';
import { versions as tslabVersions } from 'tslab';
import { expandShorthandProperties } from './shorthand';
import { DisplayContent, ErrorContent, LocateInCells, compileErrorContent, displayContent, isCompleteContent, resultData, thrownErrorContent } from './content';
import { CellSourceMaps } from './source-maps';

/** Where a running cell's side effects go. */
export interface CellSink {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(content: DisplayContent, update: boolean): void;
}

export type CellOutcome =
  | { status: 'ok'; result?: Record<string, string> }
  | ({ status: 'error' } & ErrorContent);

type StreamWrite = typeof process.stdout.write;
type TslabHandler = tslabJupyter.JupyterHandlerImpl;

/** How long an interrupted cell's own SIGINT handlers may take to finish (see `execute`). */
const INTERRUPT_GRACE_MS = 10_000;

export class TypeScriptEngine {
  private readonly sourceMaps = new CellSourceMaps();
  private readonly converters = lazyConverters(() => this.sourceMaps.createConverter());
  private readonly executor: Executor;
  /** tslab's own Jupyter handler, used for what it already answers correctly: kernel info, completion, inspection. */
  private readonly tslabHandler: TslabHandler;
  /** The cell running or run last: where its output goes and what tslab reported about it. */
  private cell: { sink: CellSink; reports: unknown[][]; lastValue?: { value: unknown } } | undefined;

  constructor(rootDir: string) {
    // tslab's executor writes a cell's last value with `log` and a thrown value or each compile error with `error`.
    this.executor = createExecutor(rootDir, this.converters, {
      log: (value: unknown) => this.cell && (this.cell.lastValue = { value }),
      error: (...args: unknown[]) => this.cell?.reports.push(args),
    });
    this.tslabHandler = new tslabJupyter.JupyterHandlerImpl(this.executor, false);
    this.redirect(process.stdout, 'stdout');
    this.redirect(process.stderr, 'stderr');
    // The `tslab` module that cells import sends display data through this hook.
    (tslabJupyter as { lastWriteDisplayData: (content: DisplayContent, update: boolean) => void }).lastWriteDisplayData = (
      content,
      update,
    ) => this.cell?.sink.display(displayContent(content), update);
  }

  /**
   * Runs one cell; `label` names it in tracebacks (In[3]). Output written after the cell has finished
   * (timers, unawaited promises) still goes to that cell, as in IPython, until the next cell starts.
   *
   * On an interrupt tslab stops awaiting the cell at once, but code that takes SIGINT itself (trainGan)
   * goes on to a clean point, says where it stopped and removes its listener. What it prints on the way
   * is the cell's output, which clients stop collecting when the kernel goes idle, so the cell ends only
   * once the listeners it added are gone (or after INTERRUPT_GRACE_MS).
   */
  async execute(code: string, sink: CellSink, label: string): Promise<CellOutcome> {
    const cell: NonNullable<TypeScriptEngine['cell']> = { sink, reports: [] };
    this.cell = cell;
    const sigintListeners = process.listenerCount('SIGINT');
    this.sourceMaps.expect(label, code);
    const ok = await this.executor.execute(expandShorthandProperties(code));
    if (!ok) {
      const error = errorContent(cell.reports, this.sourceMaps.locate);
      if (error.ename === 'KeyboardInterrupt') await sigintListenersBackTo(sigintListeners, INTERRUPT_GRACE_MS);
      return { status: 'error', ...error };
    }
    // A cell that only declares a module succeeds even when the module has compile errors; show them.
    for (const report of cell.reports) sink.stream('stderr', format(...report) + '\n');
    return cell.lastValue ? { status: 'ok', result: resultData(cell.lastValue.value) } : { status: 'ok' };
  }

  /** Makes tslab's compiler now (it takes over a second) rather than in the first cell. */
  warmUp(): void {
    void this.converters.node;
  }

  interrupt(): void {
    this.executor.interrupt();
  }

  kernelInfo() {
    const info = this.tslabHandler.handleKernel();
    return {
      ...info,
      status: 'ok',
      implementation_version: tslabVersions.tslab,
      language_info: { ...info.language_info, version: ts.version },
      banner: `TypeScript ${ts.version} on Node.js ${process.version}, by tslab ${tslabVersions.tslab} (GAN course kernel)`,
    };
  }

  complete(code: string, cursorPos: number): ReturnType<TslabHandler['handleComplete']> {
    return this.tslabHandler.handleComplete({ code, cursor_pos: cursorPos });
  }

  inspect(code: string, cursorPos: number): ReturnType<TslabHandler['handleInspect']> {
    return this.tslabHandler.handleInspect({ code, cursor_pos: cursorPos, detail_level: 0 });
  }

  isComplete(code: string) {
    return isCompleteContent(code);
  }

  close(): void {
    this.executor.close();
  }

  /** Sends what the process writes to `stream` to the running cell (before the first cell: to the kernel's log). */
  private redirect(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): void {
    const original = stream.write.bind(stream) as StreamWrite;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (!this.cell) return original(chunk, ...(rest as [BufferEncoding]));
      this.cell.sink.stream(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    }) as StreamWrite;
  }
}

/** A thrown value is reported alone; compile errors come as tslab's format string and its arguments. */
function errorContent(reports: unknown[][], locate: LocateInCells): ErrorContent {
  if (reports.length === 1 && reports[0].length === 1) return thrownErrorContent(reports[0][0], locate);
  return compileErrorContent(reports.map((report) => format(...report)));
}

async function sigintListenersBackTo(count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (process.listenerCount('SIGINT') > count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Converters made on first use: creating one takes over a second, so the kernel answers Jupyter first.
 * Browser-mode cells are only type-checked, never run, so only Node's converter maps its cells.
 */
function lazyConverters(createNodeConverter: () => Converter): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node() {
      return (node ??= createNodeConverter());
    },
    get browser() {
      return (browser ??= createConverter({ isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}
