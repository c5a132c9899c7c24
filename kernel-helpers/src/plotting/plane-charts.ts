/**
 * A GAN on the plane, in the style of GAN Lab (Kahng et al. 2019), for the mode-collapse chapter (chapter 9): D's
 * score as a heatmap behind the real points (green) and G's points (purple), and arrows showing how G moved a few
 * fixed noise vectors since the previous look. The numbers come from models/toy-2d.ts's planeView.
 *
 * - `planeChart`: one look.
 * - `planeTraining`: every look of a run behind a slider, beside D's and G's losses with a line at the look's epoch.
 *   The slider restyles the traces in place (plotly's `update` method), so the figure is plain data and layout and
 *   draws wherever the course's other charts do (Notebook, Lab, the static site, reports).
 * - `planePanels`: several looks side by side (seeds, losses), one small picture each.
 * - `modeCurves`: the modes covered and the high-quality share (metrics/modes.ts) that a run's judge logged.
 */
import type { PlaneView } from '../models/toy-2d';
import type { HistoryEntry } from '../training/log-line';
import { Figure, lineChart } from './figures';

const REAL_COLOUR = '#1b7837';
const FAKE_COLOUR = '#762a83';
/** Light purple (D says fake) to white to light green (D says real), so the points stay visible on top. */
const SCORE_COLOURSCALE = [
  [0, '#d6c3e0'],
  [0.5, '#ffffff'],
  [1, '#c7e6c0'],
];
/** Real points drawn: the picture only needs the ring's shape, and every point is stored in the notebook. */
const REALS_SHOWN = 400;

interface LossHistory {
  epoch: number;
  dLoss: number;
  gLoss: number;
}

/** The traces of one look, on axes `x`/`y` (e.g. 'x2'/'y2'): score heatmap, fakes, reals, G's moves. */
function viewTraces(view: PlaneView, reals: number[][], previous: PlaneView | undefined, axes = { x: 'x', y: 'y' }, colourbar: false | { x?: number } = {}) {
  const scoreName = view.kind === 'probability' ? 'D(x)' : 'critic score';
  return [
    {
      type: 'heatmap',
      name: scoreName,
      x: view.xs,
      y: view.ys,
      z: view.scores,
      ...(view.kind === 'probability' ? { zmin: 0, zmax: 1 } : {}),
      colorscale: SCORE_COLOURSCALE,
      showscale: colourbar !== false,
      ...(colourbar && { colorbar: { title: { text: scoreName }, len: 0.8, thickness: 12, ...colourbar } }),
      hovertemplate: `(%{x}, %{y}): ${scoreName} %{z:.3f}<extra></extra>`,
      xaxis: axes.x,
      yaxis: axes.y,
    },
    pointsTrace('fake, G(z)', view.fakes, { color: FAKE_COLOUR, size: 4, opacity: 0.7 }, axes),
    // Over the fakes, outlined: each real mode is a tight cluster that G's points would otherwise hide.
    pointsTrace('real', reals.slice(0, REALS_SHOWN), { color: REAL_COLOUR, size: 6, line: { color: '#ffffff', width: 1 } }, axes),
    { ...movesData(view, previous), ...movesStyle(view.tracked.length, axes) },
  ];
}

function pointsTrace(name: string, points: number[][], marker: Record<string, unknown>, axes: { x: string; y: string }) {
  return {
    type: 'scatter',
    mode: 'markers',
    name,
    x: points.map((point) => point[0]),
    y: points.map((point) => point[1]),
    marker,
    hoverinfo: 'skip',
    xaxis: axes.x,
    yaxis: axes.y,
  };
}

/**
 * One arrow per fixed noise vector, from where G put it at the previous look to where it puts it now (a dot at the
 * first look): x and y hold [from, to, null] per arrow, the head drawn as a marker pointing along the segment.
 */
function movesData(view: PlaneView, previous: PlaneView | undefined) {
  const from = previous?.tracked ?? view.tracked;
  const x = view.tracked.flatMap((point, i) => [from[i][0], point[0], null]);
  const y = view.tracked.flatMap((point, i) => [from[i][1], point[1], null]);
  return { x, y };
}

function movesStyle(arrows: number, axes: { x: string; y: string }) {
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name: "G's moves",
    line: { color: '#000000', width: 1.5 },
    // Plotly gives points beyond a short array the default size, so every point gets its own: a head at each end.
    marker: { symbol: 'arrow', angleref: 'previous', size: Array.from({ length: arrows }, () => [0, 10, 0]).flat(), color: '#000000' },
    hoverinfo: 'skip',
    connectgaps: false,
    xaxis: axes.x,
    yaxis: axes.y,
  };
}

function planeAxes(view: PlaneView, anchor: string, domain: [number, number]) {
  const range = [view.xs[0], view.xs[view.xs.length - 1]];
  const axis = { range, zeroline: false, showgrid: false, constrain: 'domain', ticks: 'outside' };
  return {
    x: { ...axis, domain, anchor: anchor.replace('x', 'y') },
    y: { ...axis, scaleanchor: anchor, anchor },
  };
}

function checkViews(caller: string, views: PlaneView[]): void {
  if (views.length === 0) throw new Error(`${caller}: no views; it needs at least one`);
  const counts = views.map((view) => view.tracked.length);
  if (counts.some((count) => count !== counts[0])) throw new Error(`${caller}: every view must track as many points, got ${counts.join(', ')}`);
}

/** One look at the plane: D's score, the real and fake points, and G's moves since `previous` (if given). */
export function planeChart(view: PlaneView, reals: number[][], opts: { previous?: PlaneView; title?: string } = {}): Figure {
  checkViews('planeChart', opts.previous ? [opts.previous, view] : [view]);
  const axes = planeAxes(view, 'x', [0, 1]);
  return {
    data: viewTraces(view, reals, opts.previous),
    layout: {
      title: { text: opts.title ?? `Epoch ${view.epoch}` },
      xaxis: axes.x,
      yaxis: axes.y,
      width: 560,
      height: 500,
      margin: { l: 50, r: 20, t: 50, b: 40 },
      legend: { orientation: 'h', y: -0.08 },
      plot_bgcolor: '#ffffff',
    },
  };
}

/**
 * Every look of a run behind a slider (it starts at the last), beside D's and G's losses per logged epoch with a
 * line at the look's epoch, so what the plane shows and what the losses do are read together.
 */
export function planeTraining(views: PlaneView[], reals: number[][], history: readonly LossHistory[], opts: { title?: string } = {}): Figure {
  checkViews('planeTraining', views);
  const last = views.length - 1;
  const title = (view: PlaneView) => `${opts.title ? `${opts.title}: ` : ''}epoch ${view.epoch}`;
  const axes = planeAxes(views[last], 'x', [0, 0.48]);
  const epochs = history.map((entry) => entry.epoch);
  const lossAxis = { anchor: 'x2', gridcolor: '#e5e5e5' };
  const steps = views.map((view, i) => {
    const { x, y } = movesData(view, views[i - 1]);
    return {
      label: String(view.epoch),
      method: 'update',
      args: [
        {
          // One value per trace below: the heatmap keeps its axes, and a scatter has no z (null leaves it unset).
          x: [view.xs, view.fakes.map((point) => point[0]), x],
          y: [view.ys, view.fakes.map((point) => point[1]), y],
          z: [view.scores, null, null],
        },
        { 'title.text': title(view), 'shapes[0].x0': view.epoch, 'shapes[0].x1': view.epoch },
        [0, 1, 3],
      ],
    };
  });
  return {
    data: [
      // The colour bar just right of the plane, not beyond the loss chart.
      ...viewTraces(views[last], reals, views[last - 1], undefined, { x: 0.49 }),
      lossTrace('D loss', epochs, history.map((entry) => entry.dLoss), '#1f77b4'),
      lossTrace('G loss', epochs, history.map((entry) => entry.gLoss), '#ff7f0e'),
    ],
    layout: {
      title: { text: title(views[last]) },
      xaxis: axes.x,
      yaxis: axes.y,
      xaxis2: { domain: [0.64, 1], anchor: 'y2', title: { text: 'epoch' }, gridcolor: '#e5e5e5' },
      yaxis2: { ...lossAxis, title: { text: 'loss' } },
      shapes: [
        { type: 'line', xref: 'x2', yref: 'y2 domain', x0: views[last].epoch, x1: views[last].epoch, y0: 0, y1: 1, line: { color: '#888888', dash: 'dash' } },
      ],
      sliders: [{ active: last, steps, currentvalue: { prefix: 'epoch ' }, pad: { t: 40 } }],
      width: 960,
      height: 560,
      margin: { l: 50, r: 20, t: 50, b: 40 },
      legend: { orientation: 'h', y: 1.08, x: 0.64 },
      plot_bgcolor: '#ffffff',
    },
  };
}

function lossTrace(name: string, x: number[], y: number[], color: string) {
  return { type: 'scatter', mode: 'lines', name, x, y, line: { color }, xaxis: 'x2', yaxis: 'y2' };
}

/** Several looks side by side, each titled (e.g. one per seed or per loss), without G's moves. */
export function planePanels(panels: { title: string; view: PlaneView }[], reals: number[][], opts: { title?: string } = {}): Figure {
  checkViews('planePanels', panels.map((panel) => panel.view));
  const gap = 0.03;
  const width = (1 - gap * (panels.length - 1)) / panels.length;
  const layout: Record<string, unknown> = {};
  const data = panels.flatMap(({ view }, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const axes = planeAxes(view, `x${suffix}`, [i * (width + gap), i * (width + gap) + width]);
    layout[`xaxis${suffix}`] = axes.x;
    layout[`yaxis${suffix}`] = { ...axes.y, showticklabels: i === 0 };
    return viewTraces(view, reals, undefined, { x: `x${suffix}`, y: `y${suffix}` }, false)
      .slice(0, 3)
      .map((trace) => ({ ...trace, showlegend: i === 0 && trace.type === 'scatter' }));
  });
  const annotations = panels.map(({ title }, i) => ({
    text: title,
    xref: 'paper',
    yref: 'paper',
    x: i * (width + gap) + width / 2,
    y: 1,
    yanchor: 'bottom',
    showarrow: false,
  }));
  return {
    data,
    layout: {
      ...(opts.title && { title: { text: opts.title } }),
      ...layout,
      annotations,
      width: Math.min(1000, 250 * panels.length + 60),
      height: 330,
      margin: { l: 40, r: 20, t: opts.title ? 70 : 40, b: 30 },
      legend: { orientation: 'h', y: -0.1 },
      plot_bgcolor: '#ffffff',
    },
  };
}

/** The share of the modes covered and the share of high-quality samples per logged epoch, from the judge's metrics. */
export function modeCurves(history: readonly HistoryEntry[], modes: number): Figure {
  if (!(Number.isInteger(modes) && modes > 0)) throw new Error(`modeCurves: modes must be the mixture's number of modes, an integer > 0, got ${modes}`);
  const judged = history.filter((entry) => entry.metrics?.modes !== undefined);
  const epochs = judged.map((entry) => entry.epoch);
  return lineChart(
    [
      { name: `modes covered (of ${modes})`, x: epochs, y: judged.map((entry) => entry.metrics!.modes / modes) },
      { name: 'high-quality samples', x: epochs, y: judged.map((entry) => entry.metrics!['high-quality']) },
    ],
    { title: 'Modes covered and high-quality samples', xTitle: 'epoch', yTitle: 'share' },
  );
}
