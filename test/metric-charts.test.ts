/** Chapter 6's charts of a generator's metrics, and its text table (issue 12). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classShareChart, metricCurves, metricTable, prdcChart } from '../kernel-helpers/src/plotting/metric-charts';
import { HistoryEntry } from '../kernel-helpers/src/training/log-line';

const scores = { dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5 };
const history: HistoryEntry[] = [
  { epoch: 1, ...scores, metrics: { coverage: 0.1, 'FID-like': 40 } },
  { epoch: 5, ...scores },
  { epoch: 10, ...scores, metrics: { coverage: 0.5, 'FID-like': 3 } },
];

test('metric curves: one line per metric over the judged epochs; the FID-like distance dashed on a right log axis', () => {
  const figure = metricCurves(history);
  const traces = figure.data as { name: string; x: number[]; y: number[]; yaxis?: string; line?: { dash: string } }[];
  assert.equal(traces.map((trace) => [trace.name, trace.x, trace.y, trace.yaxis]), [
    ['coverage', [1, 10], [0.1, 0.5], undefined],
    ['FID-like', [1, 10], [40, 3], 'y2'],
  ]);
  assert.is(traces[1].line?.dash, 'dash');
  const layout = figure.layout as { yaxis: { range: number[] }; yaxis2: { overlaying: string; side: string; type: string } };
  assert.equal(layout.yaxis.range, [0, 1.02]);
  assert.equal([layout.yaxis2.overlaying, layout.yaxis2.side, layout.yaxis2.type], ['y', 'right', 'log']);
});

test('metric curves without a distance have no right axis; a history without metrics is refused', () => {
  const shares = history.map((entry) => ({ ...entry, ...(entry.metrics && { metrics: { coverage: entry.metrics.coverage } }) }));
  assert.not.ok('yaxis2' in metricCurves(shares).layout);
  assert.throws(() => metricCurves([{ epoch: 1, ...scores }]), /metricCurves: no history entry has metrics; give trainGan a judge/);
});

test('class shares: one bar per digit 0..9 and set, in % of the samples', () => {
  const two = Array.from({ length: 10 }, (_, digit) => (digit === 2 ? 0.75 : digit === 3 ? 0.25 : 0));
  const figure = classShareChart([{ name: 'fakes', classShares: two }]);
  const [trace] = figure.data as { x: string[]; y: number[] }[];
  assert.equal(trace.x, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(trace.y, [0, 0, 75, 25, 0, 0, 0, 0, 0, 0]);
  assert.throws(() => classShareChart([{ name: 'short', classShares: [1] }]), /"short" has 1 shares, expected 10/);
});

test('PRDC bars: the four metrics per set; a density above the top is cut there and labelled with its value', () => {
  const figure = prdcChart([
    { name: 'real', prdc: { precision: 1, recall: 0.9, density: 1.05, coverage: 0.8 } },
    { name: 'collapsed', prdc: { precision: 1, recall: 0, density: 2.44, coverage: 0.02 } },
  ]);
  const traces = figure.data as { x: string[]; y: number[]; text: string[]; customdata: number[] }[];
  assert.equal(traces[0].x, ['precision', 'recall', 'density', 'coverage']);
  assert.equal(traces[0].y, [1, 0.9, 1.05, 0.8]);
  assert.equal(traces[1].y, [1, 0, 1.5, 0.02]);
  assert.equal(traces[1].text, ['', '', '2.4', '']);
  assert.equal(traces[1].customdata, [1, 0, 2.44, 0.02]);
});

test('metric table: aligned columns in first-met order, 3 decimals, whole numbers as they are, "-" for a gap', () => {
  const table = metricTable([
    { name: 'demo, seed 0', metrics: { coverage: 0.158192, modes: 3 } },
    { name: 'noise', metrics: { coverage: 0, 'FID-like': 84.81 } },
  ]);
  assert.is(
    table,
    [
      '              coverage  modes  FID-like',
      'demo, seed 0     0.158      3         -',
      'noise                0      -    84.810',
    ].join('\n'),
  );
});

test.run();
