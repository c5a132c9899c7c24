/**
 * Progress while a GAN trains (chapter 3), and where its log lines go.
 * In a terminal: one bar line redrawn in place. In a notebook: one text line updated at a bounded rate,
 * so the cell's output is not flooded. Log lines are printed above the bar in both.
 */
import { throttle } from '../util/throttle';

export interface Progress {
  /** Called after each epoch. */
  epochDone(epoch: number, epochs: number): void;
  /** Prints one log line. */
  log(line: string): void;
  /** Called once when training ends. */
  finish(): void;
}

/** Nothing at all: for benchmarks and tests, which read the run's history instead. */
export function silentProgress(): Progress {
  return { epochDone: () => {}, log: () => {}, finish: () => {} };
}

/** No bar: only the log lines, on stdout. */
export function logOnly(): Progress {
  return { epochDone: () => {}, log: (line) => console.log(line), finish: () => {} };
}

/** A bar on stderr redrawn in place, when stderr is a terminal; otherwise the same as logOnly(). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return logOnly();
  let bar = '';
  const clear = () => stream.write('\r\x1b[K');
  return {
    epochDone(epoch, epochs) {
      bar = progressBar(epoch, epochs);
      clear();
      stream.write(bar);
    },
    log(line) {
      clear();
      console.log(line);
      stream.write(bar);
    },
    finish: () => clear(),
  };
}

/** A text line in the notebook (tslab.newDisplay), redrawn at most every `minIntervalMs`, and once at the end. */
export function notebookProgress(minIntervalMs = 1000): Progress {
  // Loaded here, not at the top: tslab brings the TypeScript compiler, which the headless run does not need.
  const display = (require('tslab') as typeof import('tslab')).newDisplay();
  const bar = throttle((text: string) => display.text(text), minIntervalMs);
  return {
    epochDone: (epoch, epochs) => bar.offer(progressBar(epoch, epochs)),
    log: (line) => console.log(line),
    finish: () => bar.flush(),
  };
}

/** `[#########...........]  45/100 epochs` */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = Math.round((width * done) / total);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} epochs`;
}
