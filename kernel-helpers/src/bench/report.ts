/** The bench's results: one row per backend (and PyTorch), ratios against PyTorch, as a table and as JSON. */
import type { ReferenceTimes } from './pytorch-reference';

export type Workload = 'denseIterationMs' | 'denseRunSeconds' | 'convIterationMs';
export type WorkloadTimes = Record<Workload, number>;

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
}

const COLUMNS: [string, Workload, number][] = [
  ['demo GAN iteration (ms)', 'denseIterationMs', 3],
  ['demo GAN 100 epochs (s)', 'denseRunSeconds', 2],
  ['conv GAN iteration (ms)', 'convIterationMs', 1],
];

/** A markdown table: each time, and beside it the ratio to PyTorch (lower is faster; 1.00x is PyTorch's speed). */
export function formatReport(report: BenchReport): string {
  const reference = 'skipped' in report.pytorch ? undefined : report.pytorch;
  const cells = (times: WorkloadTimes) =>
    COLUMNS.flatMap(([, key, digits]) => {
      const time = times[key].toFixed(digits);
      return reference ? [time, `${(times[key] / reference[key]).toFixed(2)}x`] : [time];
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
