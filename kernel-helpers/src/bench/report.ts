/**
 * The bench's results: one row per backend (and PyTorch) on one thread, ratios against PyTorch, and the conv
 * GAN against PyTorch at equal thread counts, paired round by round; as tables and as JSON.
 */
import type { ReferenceTimes } from './pytorch-reference';

export type Workload = 'denseIterationMs' | 'denseRunSeconds' | 'convIterationMs' | 'dcganRunSeconds';
/** A workload's time, or null where the bench does not run it (the DCGAN chapter on `cpu`: see bench.ts). */
export type WorkloadTimes = Record<Workload, number | null>;

export interface BackendTimes extends WorkloadTimes {
  backend: string;
  /** e.g. "wasm (WebAssembly, SIMD, single thread)" */
  description: string;
  /** tf.memory() after all workloads ran and their models were disposed. */
  tensorsAfter: number;
  bytesAfter: number;
}

export interface BenchReport {
  date: string;
  machine: string;
  pytorch: ReferenceTimes | { skipped: string };
  backends: (BackendTimes | { backend: string; unavailable: string })[];
  convThreads: ConvThreadsRow[] | { skipped: string };
}

/** The conv GAN's iteration on `threads` threads, wall-clock ms, one entry per round: PyTorch's, then wasm's. */
export interface ConvThreadsRow {
  threads: number;
  pytorchMs: number[];
  wasmMs: number[];
}

const COLUMNS: [string, Workload, number][] = [
  ['demo GAN iteration (ms)', 'denseIterationMs', 3],
  ['demo GAN 100 epochs (s)', 'denseRunSeconds', 2],
  ['conv GAN iteration (ms)', 'convIterationMs', 1],
  ['DCGAN chapter, 200 steps (s)', 'dcganRunSeconds', 1],
];

/**
 * A markdown table: each time, and beside it the ratio to PyTorch (lower is faster; 1.00x is PyTorch's speed);
 * "not run" where a backend skips a workload.
 */
export function formatReport(report: BenchReport): string {
  const reference = 'skipped' in report.pytorch ? undefined : report.pytorch;
  const cells = (times: WorkloadTimes) =>
    COLUMNS.flatMap(([, key, digits]) => {
      const time = times[key];
      if (time === null) return reference ? ['not run', ''] : ['not run'];
      return reference ? [time.toFixed(digits), `${(time / reference[key]).toFixed(2)}x`] : [time.toFixed(digits)];
    });
  const header = ['backend', ...COLUMNS.flatMap(([title]) => (reference ? [title, 'vs PyTorch'] : [title])), 'tensors after'];
  const rows = report.backends.map((entry) =>
    'unavailable' in entry
      ? [`${entry.backend}: unavailable (${entry.unavailable})`, ...header.slice(1).map(() => '')]
      : [entry.description, ...cells(entry), String(entry.tensorsAfter)],
  );
  if (reference) rows.unshift([`PyTorch ${reference.torch}, 1 thread`, ...cells(reference), '']);
  const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const skipped = 'skipped' in report.pytorch ? `\nPyTorch reference skipped: ${report.pytorch.skipped}` : '';
  return `${report.machine}, ${report.date}\n\n${table}${skipped}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The conv GAN against PyTorch at equal thread counts: medians of the rounds' times and of their ratios (each
 * round's wasm time over the PyTorch time measured just before it), with the range; then what more threads
 * bought each side.
 */
export function formatConvThreads(rows: ConvThreadsRow[] | { skipped: string }): string {
  if (!Array.isArray(rows)) return `Conv GAN at equal thread counts skipped: ${rows.skipped}`;
  const lines = [
    `Conv GAN iteration at equal thread counts (wall-clock ms, medians of ${rows[0].wasmMs.length} rounds; each round runs PyTorch, then tfjs wasm):`,
    '',
    '| threads | PyTorch | tfjs wasm | wasm / PyTorch | range |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const { threads, pytorchMs, wasmMs } of rows) {
    const ratios = wasmMs.map((ms, round) => ms / pytorchMs[round]);
    lines.push(
      `| ${threads} | ${median(pytorchMs).toFixed(1)} | ${median(wasmMs).toFixed(1)} | ${median(ratios).toFixed(2)}x | ` +
        `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x |`,
    );
  }
  const [one, ...more] = rows;
  for (const row of more) {
    lines.push(
      '',
      `${row.threads} threads against 1: PyTorch ${(median(one.pytorchMs) / median(row.pytorchMs)).toFixed(2)}x as fast, ` +
        `tfjs wasm ${(median(one.wasmMs) / median(row.wasmMs)).toFixed(2)}x`,
    );
  }
  return lines.join('\n');
}
