/**
 * The content of the course kernel's replies and outputs, built from what tslab reports: a cell's
 * value as an execute_result, a thrown value or compile errors as an error, is_complete's verdict,
 * and display data. Pure functions, so the unit tests can check them without a kernel.
 */
import * as path from 'node:path';
import { inspect } from 'node:util';
import * as ts from '@tslab/typescript-for-tslab';
import { isCompleteCode } from 'tslab/dist/converter';

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

export type IsCompleteContent = { status: 'complete' | 'invalid' } | { status: 'incomplete'; indent: string };

/** The execute_result data of a cell's value: the text Node's REPL would show for it. */
export function resultData(value: unknown): Record<string, string> {
  return { 'text/plain': inspect(value) };
}

// tslab's interrupt of an awaiting cell, and Node's of a running script (vm's breakOnSigint).
const INTERRUPT_MESSAGE = 'Interrupted asynchronously';
const INTERRUPT_CODE = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';

// Frames of Node itself, of tslab and of this kernel say nothing about the learner's code.
const NODE_FRAME = /\(node:|^\s*at (node:|new Promise \(<anonymous>\))/;
const KERNEL_FOLDERS = [path.dirname(require.resolve('tslab/package.json')), __dirname].map((folder) => folder + path.sep);
// A frame's position: file:line:column, both counted from 1 as V8 counts them.
const FRAME_POSITION = /([^\s()]+):(\d+):(\d+)/;

/** A position in a cell as the learner wrote it; `cell` names the cell (In[3]), `text` is its line. */
export interface CellLocation {
  cell: string;
  line: number;
  column: number;
  text: string;
}

/**
 * Where a stack frame's position (lines and columns from 1) lies in the cells: a cell's line, 'tslab'
 * for code that tslab added around a cell (its call of the cell), undefined for a file that is no cell.
 */
export type LocateInCells = (file: string, line: number, column: number) => CellLocation | 'tslab' | undefined;

/**
 * The error content for a value a cell threw (or a promise it awaited rejected with). A frame in a
 * cell names the cell's line and column and shows that line, as IPython shows the failing line.
 */
export function thrownErrorContent(thrown: unknown, locate: LocateInCells = () => undefined): ErrorContent {
  if (!(thrown instanceof Error)) {
    const evalue = inspect(thrown);
    return { ename: 'Uncaught', evalue, traceback: [`Uncaught ${evalue}`] };
  }
  if (thrown.message === INTERRUPT_MESSAGE || (thrown as NodeJS.ErrnoException).code === INTERRUPT_CODE) {
    return { ename: 'KeyboardInterrupt', evalue: 'the cell was interrupted', traceback: ['KeyboardInterrupt: the cell was interrupted'] };
  }
  const frames = (thrown.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !isMachineryFrame(line))
    .flatMap((line) => frameLines(line, locate));
  return { ename: thrown.name, evalue: thrown.message, traceback: [`${thrown.name}: ${thrown.message}`, ...frames] };
}

function frameLines(frame: string, locate: LocateInCells): string[] {
  const position = FRAME_POSITION.exec(frame);
  const location = position ? locate(position[1], Number(position[2]), Number(position[3])) : undefined;
  if (location === undefined) return [frame];
  if (location === 'tslab') return [];
  const { cell, line, column, text } = location;
  return [frame.replace(FRAME_POSITION, `cell ${cell}, line ${line}, column ${column}`), `        ${text.trim()}`];
}

function isMachineryFrame(line: string): boolean {
  return NODE_FRAME.test(line) || KERNEL_FOLDERS.some((folder) => line.includes(folder));
}

/** The error content for a cell that did not compile; `diagnostics` are tslab's lines ("1:7 - Type ..."). */
export function compileErrorContent(diagnostics: string[]): ErrorContent {
  return { ename: 'CompileError', evalue: diagnostics.join('\n'), traceback: ['CompileError:', ...diagnostics] };
}

/**
 * is_complete's verdict: code that parses is complete; otherwise tslab tells unfinished code
 * (incomplete, with the next line's indent) from code that can never parse (invalid). A cell
 * ending in two blank lines counts as finished, as in tslab.
 */
export function isCompleteContent(code: string): IsCompleteContent {
  // Parsed as a .ts file, as cells are compiled: tslab's own check parses as .tsx, where
  // `<T>(x: T) => x` and `<number>x` do not parse, so it would call them incomplete.
  const parsed = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const parseErrors = (parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  if (parseErrors.length === 0) return { status: 'complete' };
  const verdict = isCompleteCode(code);
  return verdict.completed ? { status: 'invalid' } : { status: 'incomplete', indent: verdict.indent ?? '' };
}

/**
 * Display data as the protocol wants it: tslab's display API takes strings, but a JSON media type
 * (plotly's application/vnd.plotly.v1+json among them) carries a JSON value, not a string of it.
 */
export function displayContent(display: DisplayContent): DisplayContent {
  const data = Object.fromEntries(
    Object.entries(display.data).map(([mime, value]) => [mime, isJsonMime(mime) && typeof value === 'string' ? parseJson(mime, value) : value]),
  );
  return { ...display, data };
}

function parseJson(mime: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`display data of type ${mime} is not valid JSON: ${(error as Error).message}`);
  }
}

function isJsonMime(mime: string): boolean {
  return /^application\/(.+\+)?json$/.test(mime);
}
