/**
 * Charts and tables of how good a generator's samples are (chapter 6 and the headless report, issue 12): the
 * metrics over the epochs of a run, which digits the judge reads in a set of samples, precision / recall / density
 * / coverage side by side, and an aligned text table of named numbers.
 */
import { Figure, lineChart } from './figures';
import { PrecisionRecallDensityCoverage } from '../metrics/precision-recall';
import { DIGIT_CLASSES } from '../metrics/classifier-judge';
import { HistoryEntry } from '../training/log-line';
import { FID_LIKE } from '../training/recipes';

/**
 * Each metric of the run's judge per logged epoch. Shares (0..1) share the left axis; `distances` (default: the
 * FID-like distance), which have no upper bound, are dashed on a log axis of their own on the right, so that the
 * late small values still show beside the first epochs' large ones.
 */
export function metricCurves(history: readonly HistoryEntry[], opts: { title?: string; distances?: string[] } = {}): Figure {
  const judged = history.filter((entry): entry is HistoryEntry & { metrics: Record<string, number> } => entry.metrics !== undefined);
  if (judged.length === 0) throw new Error('metricCurves: no history entry has metrics; give trainGan a judge (e.g. metricsJudge)');
  const distances = opts.distances ?? [FID_LIKE];
  const names = [...new Set(judged.flatMap((entry) => Object.keys(entry.metrics)))];
  const series = names.map((name) => {
    const logged = judged.filter((entry) => entry.metrics[name] !== undefined);
    return { name, x: logged.map((entry) => entry.epoch), y: logged.map((entry) => entry.metrics[name]) };
  });
  const figure = lineChart(series, { title: opts.title ?? "The judge's metrics", xTitle: 'epoch', yTitle: 'share (0..1)' });
  const onRight = names.map((name) => distances.includes(name));
  figure.data.forEach((trace, i) => {
    if (onRight[i]) Object.assign(trace, { yaxis: 'y2', line: { dash: 'dash' } });
  });
  const layout = figure.layout as { yaxis: object; xaxis: object };
  figure.layout = {
    ...layout,
    yaxis: { ...layout.yaxis, range: [0, 1.02] },
    ...(onRight.some(Boolean) && {
      yaxis2: {
        title: { text: distances.filter((name) => names.includes(name)).join(', ') },
        overlaying: 'y',
        side: 'right',
        type: 'log',
        // Plotly's own log ticks label some minor ticks with long decimals.
        tickvals: [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        showgrid: false,
      },
      // Room for the right axis, and the legend below the plot instead of over it.
      margin: { l: 60, r: 70, t: 50, b: 50 },
      legend: { orientation: 'h', y: -0.2 },
      height: 420,
    }),
  };
  return figure;
}

/** Share of each set's samples (%) the judge classifies as each digit 0..9, as grouped bars. */
export function classShareChart(sets: { name: string; classShares: number[] }[], opts: { title?: string } = {}): Figure {
  const digits = Array.from({ length: DIGIT_CLASSES }, (_, digit) => String(digit));
  sets.forEach((set) => {
    if (set.classShares.length !== DIGIT_CLASSES) throw new Error(`classShareChart: "${set.name}" has ${set.classShares.length} shares, expected ${DIGIT_CLASSES}`);
  });
  return {
    data: sets.map((set) => ({ type: 'bar', name: set.name, x: digits, y: set.classShares.map((share) => share * 100) })),
    layout: {
      margin: { l: 60, r: 20, t: 50, b: 50 },
      plot_bgcolor: '#ffffff',
      title: { text: opts.title ?? 'What the judge reads' },
      xaxis: { title: { text: 'digit' }, type: 'category' },
      yaxis: { title: { text: 'share of the samples (%)' }, gridcolor: '#e5e5e5', range: [0, 100] },
      barmode: 'group',
      height: 360,
    },
  };
}

/**
 * Precision, recall, density and coverage of each set as grouped bars. Density has no upper bound (1 is what
 * samples from the real distribution give); bars above the axis' top are cut there and carry their value.
 */
export function prdcChart(sets: { name: string; prdc: PrecisionRecallDensityCoverage }[], opts: { title?: string; top?: number } = {}): Figure {
  const metrics = ['precision', 'recall', 'density', 'coverage'] as const;
  const top = opts.top ?? 1.5;
  return {
    data: sets.map((set) => {
      const values = metrics.map((metric) => set.prdc[metric]);
      return {
        type: 'bar',
        name: set.name,
        x: [...metrics],
        y: values.map((value) => Math.min(value, top)),
        text: values.map((value) => (value > top ? value.toFixed(1) : '')),
        textposition: 'inside',
        customdata: values,
        hovertemplate: `%{x}: %{customdata:.3f}<extra>${set.name}</extra>`,
      };
    }),
    layout: {
      margin: { l: 60, r: 20, t: 50, b: 50 },
      plot_bgcolor: '#ffffff',
      title: { text: opts.title ?? 'Precision, recall, density, coverage (k = 5)' },
      yaxis: { title: { text: 'value' }, gridcolor: '#e5e5e5', range: [0, top] },
      barmode: 'group',
      height: 360,
    },
  };
}

/**
 * Named rows of numbers as an aligned text table, for console.log: one column per metric (in the order first
 * met), numbers with 3 decimals (whole numbers as they are), '-' where a row lacks a metric.
 */
export function metricTable(rows: { name: string; metrics: Record<string, number> }[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.metrics)))];
  const cells = rows.map((row) => [
    row.name,
    ...columns.map((column) => {
      const value = row.metrics[column];
      return value === undefined ? '-' : Number.isInteger(value) ? String(value) : value.toFixed(3);
    }),
  ]);
  const header = ['', ...columns];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}
