/**
 * The plane pictures of chapter 9 built from hand-made views: which trace holds what, the arrows of G's moves, the
 * slider's steps (each restyles the same traces with that look's numbers) and the panels' axes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlaneView } from '../kernel-helpers/src/models/toy-2d';
import { modeCurves, planeChart, planePanels, planeTraining } from '../kernel-helpers/src/plotting/plane-charts';

type Trace = Record<string, any>;

function view(epoch: number, shift: number, kind: PlaneView['kind'] = 'probability'): PlaneView {
  return {
    epoch,
    xs: [-1, 0, 1],
    ys: [-1, 0, 1],
    scores: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, shift]],
    kind,
    fakes: [[shift, 0], [0, shift], [shift, shift]],
    tracked: [[shift, 1], [1, shift]],
  };
}
const reals = [[1, 0], [0, 1]];

test('planeChart: the score heatmap over the grid, then fakes, reals over them and one arrow per tracked point', () => {
  const figure = planeChart(view(20, 0.5), reals, { previous: view(10, 0.25) });
  const [heatmap, fake, real, moves] = figure.data as Trace[];
  assert.equal([heatmap.type, heatmap.x, heatmap.y, heatmap.z], ['heatmap', [-1, 0, 1], [-1, 0, 1], view(20, 0.5).scores]);
  assert.equal([heatmap.zmin, heatmap.zmax], [0, 1], 'a probability is drawn on 0..1');
  assert.equal([real.x, real.y], [[1, 0], [0, 1]]);
  assert.equal([fake.x, fake.y], [[0.5, 0, 0.5], [0, 0.5, 0.5]]);
  // From the previous look's tracked points to this one's, a gap (null) between arrows.
  assert.equal(moves.x, [0.25, 0.5, null, 1, 1, null]);
  assert.equal(moves.y, [1, 1, null, 0.25, 0.5, null]);
  assert.equal(moves.marker.size, [0, 10, 0, 0, 10, 0], 'a head at the end of each arrow only');
  assert.equal(figure.layout.title, { text: 'Epoch 20' });
  assert.is((figure.layout.yaxis as Trace).scaleanchor, 'x', 'the plane is drawn to scale');
});

test("planeChart: a critic's unbounded score gets its own colour range; without a previous look the arrows are dots", () => {
  const figure = planeChart(view(1, 2, 'score'), reals);
  const [heatmap, , , moves] = figure.data as Trace[];
  assert.is(heatmap.zmin, undefined);
  assert.is(heatmap.colorbar.title.text, 'critic score');
  assert.equal(moves.x, [2, 2, null, 1, 1, null]);
});

test('planeTraining: starts at the last look; each slider step restyles heatmap, fakes and arrows with its look', () => {
  const views = [view(1, 0), view(10, 0.25), view(20, 0.5)];
  const history = [1, 10, 20].map((epoch) => ({ epoch, dLoss: epoch / 10, gLoss: -epoch / 10 }));
  const figure = planeTraining(views, reals, history, { title: 'BCE' });
  const data = figure.data as Trace[];
  assert.equal(data.map((trace) => trace.type), ['heatmap', 'scatter', 'scatter', 'scatter', 'scatter', 'scatter']);
  assert.equal(data[4].y, [0.1, 1, 2], 'D loss per logged epoch');
  assert.equal([data[4].xaxis, data[5].yaxis], ['x2', 'y2']);
  assert.equal(data[3].x, [0.25, 0.5, null, 1, 1, null], 'the last look with its arrows');
  const slider = (figure.layout.sliders as Trace[])[0];
  assert.is(slider.active, 2);
  assert.equal(slider.steps.map((step: Trace) => step.label), ['1', '10', '20']);
  const [restyle, relayout, traces] = slider.steps[1].args;
  assert.equal(traces, [0, 1, 3]);
  assert.equal(restyle.z, [view(10, 0.25).scores, null, null]);
  assert.equal(restyle.x[1], [0.25, 0, 0.25]);
  assert.equal(restyle.x[2], [0, 0.25, null, 1, 1, null], 'arrows from the first look to the second');
  assert.equal(relayout, { 'title.text': 'BCE: epoch 10', 'shapes[0].x0': 10, 'shapes[0].x1': 10 });
  const line = (figure.layout.shapes as Trace[])[0];
  assert.equal([line.xref, line.x0, line.x1], ['x2', 20, 20], "the loss chart's line marks the shown epoch");
  assert.is(JSON.parse(JSON.stringify(figure)).layout.sliders[0].steps[0].args[0].z[1], null, 'survives JSON as sent');
});

test('planePanels: one set of axes per panel, left to right, each with heatmap, reals and fakes', () => {
  const figure = planePanels([{ title: 'seed 0', view: view(5, 0) }, { title: 'seed 1', view: view(5, 1) }], reals);
  const data = figure.data as Trace[];
  assert.equal(data.map((trace) => `${trace.type}@${trace.xaxis}`), ['heatmap@x', 'scatter@x', 'scatter@x', 'heatmap@x2', 'scatter@x2', 'scatter@x2']);
  assert.equal([data[4].name, data[4].x], ['fake, G(z)', [1, 0, 1]]);
  const [first, second] = [figure.layout.xaxis as Trace, figure.layout.xaxis2 as Trace];
  assert.ok(first.domain[1] < second.domain[0], 'side by side');
  assert.is((figure.layout.yaxis2 as Trace).scaleanchor, 'x2');
  assert.equal((figure.layout.annotations as Trace[]).map((note) => note.text), ['seed 0', 'seed 1']);
});

test('every builder refuses no views, or views that track different numbers of points', () => {
  assert.throws(() => planeTraining([], reals, []), /no views/);
  const fewer = { ...view(2, 0), tracked: [[0, 0]] };
  assert.throws(() => planeChart(fewer, reals, { previous: view(1, 0) }), /track as many points, got 2, 1/);
  assert.throws(() => planePanels([], reals), /no views/);
});

test('modeCurves: the logged modes as a share of the mixture\'s, and the high-quality share, at the judged epochs only', () => {
  const history = [
    { epoch: 1, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5, metrics: { modes: 2, 'high-quality': 0.1 } },
    { epoch: 2, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5 },
    { epoch: 3, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5, metrics: { modes: 8, 'high-quality': 0.55 } },
  ];
  const [modes, quality] = modeCurves(history, 8).data as Trace[];
  assert.equal([modes.x, modes.y], [[1, 3], [0.25, 1]]);
  assert.equal([quality.x, quality.y], [[1, 3], [0.1, 0.55]]);
  assert.is(modes.name, 'modes covered (of 8)');
  assert.throws(() => modeCurves(history, 0), /modes must be .* an integer > 0, got 0/);
});

test.run();
