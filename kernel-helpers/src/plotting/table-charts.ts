/**
 * Charts of real and synthetic table rows (chapter 10 and the headless tabular report): each column's distribution,
 * real beside synthetic; two numeric columns as a scatter coloured by a category; the correlation matrices and their
 * difference; the column fidelity scores; the minority-augmentation results. Plain plotly figures, built here only.
 * Panels side by side are plotly subplots: axes x, x2, x3 ... each with its own slice of the width (`domain`).
 */
import type { TableRecord, TableSchema, TableValue } from '../data/table-encoding';
import type { Augmentation, AugmentationTrial } from '../experiments/minority-augmentation';
import type { ColumnFidelity, CorrelationComparison } from '../metrics/table-quality';
import type { Figure } from './figures';

const REAL = '#1f77b4';
const SYNTHETIC = '#ff7f0e';
/** One colour per category of the scatter's colour column, in sorted order. */
const CATEGORY_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];
const BINS = 20;

interface Panel {
  /** Axis suffix: '' for the first panel, '2', '3', ... */
  axis: string;
  x: [number, number];
  y: [number, number];
}

/** A grid of `count` panels in `columns` columns, filled row by row from the top, with small gaps. */
function panelGrid(count: number, columns: number): Panel[] {
  const rows = Math.ceil(count / columns);
  const gapX = 0.06;
  const gapY = rows > 1 ? 0.14 : 0;
  const width = (1 - gapX * (columns - 1)) / columns;
  const height = (1 - gapY * (rows - 1)) / rows;
  return Array.from({ length: count }, (_, i) => {
    const column = i % columns;
    const row = Math.floor(i / columns);
    const left = column * (width + gapX);
    const top = 1 - row * (height + gapY);
    return { axis: i === 0 ? '' : String(i + 1), x: [left, left + width], y: [top - height, top] };
  });
}

/** Layout entries for the panels' axes and a title above each. */
function panelLayout(panels: Panel[], titles: string[], axes: (i: number) => { x?: object; y?: object } = () => ({})): Record<string, unknown> {
  const layout: Record<string, unknown> = {
    annotations: panels.map((panel, i) => ({
      text: titles[i],
      xref: 'paper',
      yref: 'paper',
      x: (panel.x[0] + panel.x[1]) / 2,
      y: panel.y[1],
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 12 },
    })),
  };
  panels.forEach((panel, i) => {
    const { x = {}, y = {} } = axes(i);
    layout[`xaxis${panel.axis}`] = { domain: panel.x, anchor: `y${panel.axis}`, gridcolor: '#e5e5e5', ...x };
    layout[`yaxis${panel.axis}`] = { domain: panel.y, anchor: `x${panel.axis}`, gridcolor: '#e5e5e5', ...y };
  });
  return layout;
}

const categoryName = (value: TableValue) => (value === null ? 'unknown' : String(value));

/**
 * Every column of the schema, real against synthetic, as shares of the rows (%): 20 bins over both sets' range
 * for a numeric column, one pair of bars per category for a categorical one (null shown as "unknown").
 */
export function columnDistributions(real: TableRecord[], synthetic: TableRecord[], schema: TableSchema, opts: { title?: string } = {}): Figure {
  const columns = schema.columns;
  const panels = panelGrid(columns.length, 4);
  const data = columns.flatMap(({ name, type }, i): Record<string, unknown>[] => {
    const axes = { xaxis: `x${panels[i].axis}`, yaxis: `y${panels[i].axis}` };
    const sets = [
      { set: 'real', records: real, colour: REAL },
      { set: 'synthetic', records: synthetic, colour: SYNTHETIC },
    ];
    if (type === 'categorical') {
      const categories = [...new Set([...real, ...synthetic].map((record) => categoryName(record[name])))].sort();
      return sets.map(({ set, records, colour }, s) => ({
        type: 'bar',
        name: set,
        legendgroup: set,
        showlegend: i === 0,
        x: categories,
        y: categories.map((category) => (100 * records.filter((record) => categoryName(record[name]) === category).length) / records.length),
        width: 0.4,
        offset: s === 0 ? -0.4 : 0,
        marker: { color: colour },
        hovertemplate: `%{x}: %{y:.1f}%<extra>${set}</extra>`,
        ...axes,
      }));
    }
    const values = sets.map(({ records }) => records.map((record) => record[name] as number));
    const low = Math.min(...values.flat());
    const high = Math.max(...values.flat());
    const width = (high - low) / BINS || 1;
    const centres = Array.from({ length: BINS }, (_, bin) => low + (bin + 0.5) * width);
    return sets.map(({ set, colour }, s) => {
      const counts = new Array<number>(BINS).fill(0);
      values[s].forEach((value) => counts[Math.min(BINS - 1, Math.floor((value - low) / width))]++);
      return {
        type: 'bar',
        name: set,
        legendgroup: set,
        showlegend: i === 0,
        x: centres,
        y: counts.map((count) => (100 * count) / values[s].length),
        width,
        opacity: 0.6,
        marker: { color: colour },
        hovertemplate: `%{x:.4g}: %{y:.1f}%<extra>${set}</extra>`,
        ...axes,
      };
    });
  });
  return {
    data,
    layout: {
      ...panelLayout(panels, columns.map(({ name }) => name), (i) => ({ y: { title: { text: i % 4 === 0 ? 'share of rows (%)' : '' } } })),
      title: { text: opts.title ?? 'Each column, real and synthetic' },
      barmode: 'overlay',
      plot_bgcolor: '#ffffff',
      margin: { l: 60, r: 20, t: 70, b: 40 },
      legend: { orientation: 'h', x: 0.8, y: 0.3 },
      height: 560,
    },
  };
}

/**
 * Column `x` against column `y` of each set of rows, one panel per set on the same axis ranges, points coloured
 * by column `colourBy` (e.g. real and synthetic penguins, coloured by species).
 */
export function tableScatter(sets: { name: string; records: TableRecord[] }[], x: string, y: string, colourBy: string, opts: { title?: string } = {}): Figure {
  const panels = panelGrid(sets.length, sets.length);
  const all = sets.flatMap((set) => set.records);
  const categories = [...new Set(all.map((record) => categoryName(record[colourBy])))].sort();
  const range = (column: string): [number, number] => {
    const values = all.map((record) => record[column] as number);
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const pad = (high - low) * 0.05 || 1;
    return [low - pad, high + pad];
  };
  const data = sets.flatMap((set, i) =>
    categories.map((category, c) => {
      const rows = set.records.filter((record) => categoryName(record[colourBy]) === category);
      return {
        type: 'scatter',
        mode: 'markers',
        name: category,
        legendgroup: category,
        showlegend: i === 0,
        x: rows.map((record) => record[x]),
        y: rows.map((record) => record[y]),
        marker: { color: CATEGORY_COLOURS[c % CATEGORY_COLOURS.length], size: 5, opacity: 0.75 },
        xaxis: `x${panels[i].axis}`,
        yaxis: `y${panels[i].axis}`,
      };
    }),
  );
  return {
    data,
    layout: {
      ...panelLayout(panels, sets.map((set) => `${set.name} (${set.records.length} rows)`), (i) => ({
        x: { title: { text: x }, range: range(x) },
        y: { title: { text: i === 0 ? y : '' }, range: range(y) },
      })),
      ...(opts.title && { title: { text: opts.title } }),
      plot_bgcolor: '#ffffff',
      margin: { l: 60, r: 20, t: opts.title ? 70 : 40, b: 50 },
      height: 400,
    },
  };
}

/** The real and synthetic correlation matrices and |real - synthetic|, side by side, each entry written in its cell. */
export function correlationHeatmaps(comparison: CorrelationComparison): Figure {
  const panels = panelGrid(3, 3);
  const short = comparison.columns.map((column) => column.replace(/ \(.*\)$/, ''));
  const matrices = [
    { title: 'real', z: comparison.real, zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true },
    { title: 'synthetic', z: comparison.synthetic, zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true },
    { title: `|difference| (mean ${comparison.meanDifference.toFixed(3)})`, z: comparison.difference, zmin: 0, zmax: 1, colorscale: 'Reds', reversescale: false },
  ];
  return {
    data: matrices.map(({ z, zmin, zmax, colorscale, reversescale }, i) => ({
      type: 'heatmap',
      x: short,
      y: short,
      z: z.map((row) => row.map((value) => Number(value.toFixed(3)))),
      zmin,
      zmax,
      colorscale,
      reversescale,
      showscale: false,
      texttemplate: '%{z:.2f}',
      hovertemplate: '%{y} / %{x}: %{z:.3f}<extra></extra>',
      xaxis: `x${panels[i].axis}`,
      yaxis: `y${panels[i].axis}`,
    })),
    layout: {
      ...panelLayout(panels, matrices.map((m) => m.title), (i) => ({ x: { tickangle: -30 }, y: { autorange: 'reversed', showticklabels: i === 0 } })),
      title: { text: 'Correlations between the numeric columns' },
      plot_bgcolor: '#ffffff',
      margin: { l: 110, r: 20, t: 80, b: 90 },
      height: 400,
    },
  };
}

/** Each column's fidelity score (1 - KS or 1 - TVD) as a bar, 0..1. */
export function fidelityBars(columns: ColumnFidelity[], opts: { title?: string } = {}): Figure {
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: columns.map((column) => column.score),
        y: columns.map((column) => `${column.column} (${column.measure})`),
        text: columns.map((column) => column.score.toFixed(3)),
        textposition: 'auto',
        marker: { color: REAL },
        hovertemplate: '%{y}: %{x:.3f}<extra></extra>',
      },
    ],
    layout: {
      title: { text: opts.title ?? 'Column fidelity (1 = same distribution)' },
      xaxis: { range: [0, 1], gridcolor: '#e5e5e5', title: { text: 'fidelity' } },
      yaxis: { autorange: 'reversed' },
      plot_bgcolor: '#ffffff',
      margin: { l: 200, r: 20, t: 50, b: 50 },
      height: 320,
    },
  };
}

/** Recall and F1 of the minority on held-out rows: one dot per trial and arm, a bar for the mean. */
export function augmentationChart(trials: AugmentationTrial[], opts: { title?: string } = {}): Figure {
  if (trials.length === 0) throw new Error('augmentationChart: no trials');
  const arms = Object.keys(trials[0].scores) as Augmentation[];
  const panels = panelGrid(2, 2);
  const metrics = ['recall', 'f1'] as const;
  const data = metrics.flatMap((metric, i) => {
    const axes = { xaxis: `x${panels[i].axis}`, yaxis: `y${panels[i].axis}` };
    return [
      {
        type: 'bar',
        name: 'mean',
        legendgroup: 'mean',
        showlegend: i === 0,
        x: [...arms],
        y: arms.map((arm) => trials.reduce((sum, trial) => sum + trial.scores[arm][metric], 0) / trials.length),
        marker: { color: '#c6dbef' },
        ...axes,
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'one split',
        legendgroup: 'split',
        showlegend: i === 0,
        x: trials.flatMap(() => [...arms]),
        y: trials.flatMap((trial) => arms.map((arm) => trial.scores[arm][metric])),
        text: trials.flatMap((trial) => arms.map(() => `seed ${trial.seed}`)),
        marker: { color: REAL, size: 7 },
        hovertemplate: '%{text}: %{y:.3f}<extra></extra>',
        ...axes,
      },
    ];
  });
  return {
    data,
    layout: {
      ...panelLayout(panels, ['recall of the minority', 'F1 of the minority'], () => ({ y: { range: [0, 1.05] } })),
      title: { text: opts.title ?? 'A classifier on held-out real rows, by training rows' },
      plot_bgcolor: '#ffffff',
      margin: { l: 50, r: 20, t: 80, b: 50 },
      height: 380,
    },
  };
}
