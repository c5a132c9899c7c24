import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { figureBundle, PLOTLY_MIME, show } from '../kernel-helpers/src/plotting/display';
import { figureHtml } from '../kernel-helpers/src/plotting/figure-html';
import { digitGrid, digitImage, lineChart, lossCurves, type Figure } from '../kernel-helpers/src/plotting/figures';
import { liveFigure } from '../kernel-helpers/src/plotting/live';
import { PLOTLY_FILE } from '../kernel-helpers/src/plotting/plotly-asset';
import { writeHtmlReport } from '../kernel-helpers/src/plotting/report';

// The module object itself (not an import copy), where the kernel installs its display writer.
const tslabKernel: { lastWriteDisplayData: unknown } = require('tslab/dist/jupyter');

const tinyChart = lineChart([{ name: 'a', x: [0, 1], y: [1, 0] }], { title: 'tiny </script> chart' });

/** Runs a chart's inline script against a stub page; returns what it asked of Plotly and the DOM. */
function runChartScript(html: string, page: { plotlyLoaded: boolean; baseUrl: string | null }) {
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
  const plotted: { box: unknown; data: unknown; layout: unknown }[] = [];
  const appended: { src: string }[] = [];
  const box = { textContent: '' };
  const window: Record<string, unknown> = {};
  if (page.plotlyLoaded) window.Plotly = { newPlot: (b: unknown, data: unknown, layout: unknown) => plotted.push({ box: b, data, layout }) };
  const document = {
    getElementById: () => box,
    body: { getAttribute: (name: string) => (name === 'data-base-url' ? page.baseUrl : null) },
    createElement: () => ({ src: '' }),
    head: { appendChild: (element: { src: string }) => appended.push(element) },
  };
  vm.runInNewContext(script, { window, document, Promise });
  return { plotted, appended, box };
}

test('a chart fragment escapes "</script>" in its data, so the page keeps one closing tag', () => {
  const html = figureHtml(tinyChart);
  assert.is(html.split('</script>').length - 1, 1);
});

test('a chart fragment draws the figure with Plotly when plotly.js is on the page', () => {
  const { plotted, appended } = runChartScript(figureHtml(tinyChart), { plotlyLoaded: true, baseUrl: null });
  return Promise.resolve().then(() => {
    assert.is(appended.length, 0);
    assert.is(plotted.length, 1);
    // The script ran in another realm; compare through JSON.
    assert.equal(JSON.parse(JSON.stringify(plotted[0].data)), tinyChart.data);
    assert.equal(JSON.parse(JSON.stringify(plotted[0].layout)), tinyChart.layout);
  });
});

test('a chart fragment loads plotly.js from the notebook server, or from beside a plain page', () => {
  const inNotebook = runChartScript(figureHtml(tinyChart), { plotlyLoaded: false, baseUrl: '/base/' });
  assert.equal(inNotebook.appended.map((s) => s.src), [`/base/nbextensions/gan-course/${PLOTLY_FILE}`]);
  const onPage = runChartScript(figureHtml(tinyChart), { plotlyLoaded: false, baseUrl: null });
  assert.equal(onPage.appended.map((s) => s.src), [PLOTLY_FILE]);
});

test('the MIME bundle carries the figure as plotly JSON, as HTML that draws it, and as text', () => {
  const bundle = figureBundle(tinyChart);
  assert.equal(bundle[PLOTLY_MIME], tinyChart);
  assert.match(bundle['text/html'] as string, /Plotly\.newPlot/);
  assert.is(bundle['text/plain'], '[chart: tiny </script> chart (a)]');
});

/** Records what the code under test sends to the notebook, as the kernel's display writer would. */
function withFakeKernel(run: () => void): { data: Record<string, unknown>; transient: Record<string, unknown>; update: boolean }[] {
  const sent: { data: Record<string, unknown>; transient: Record<string, unknown>; update: boolean }[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jupyter-data-'));
  const previousDataDir = process.env.JUPYTER_DATA_DIR;
  process.env.JUPYTER_DATA_DIR = dataDir;
  tslabKernel.lastWriteDisplayData = (message: { data: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) =>
    sent.push({ ...message, update });
  try {
    run();
  } finally {
    tslabKernel.lastWriteDisplayData = null;
    if (previousDataDir === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = previousDataDir;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return sent;
}

test('show() outside a kernel prints the one-line summary instead of failing', () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    show(tinyChart);
  } finally {
    console.log = log;
  }
  assert.equal(printed, ['[chart: tiny </script> chart (a)]']);
});

test('show() in a kernel sends one message with all three types and puts plotly.js where Jupyter serves it', () => {
  let served = false;
  const sent = withFakeKernel(() => {
    show(tinyChart);
    served = existsSync(path.join(process.env.JUPYTER_DATA_DIR!, 'nbextensions', 'gan-course', PLOTLY_FILE));
  });
  assert.is(sent.length, 1);
  assert.equal(Object.keys(sent[0].data).sort(), [PLOTLY_MIME, 'text/html', 'text/plain']);
  assert.is(sent[0].update, false);
  assert.ok(served, 'plotly.js was copied into nbextensions/gan-course');
});

test('liveFigure draws at most once per interval, one display per chart, and close() draws the last state', () => {
  let clock = 0;
  const losses = (epochs: number) => lossCurves(Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, dLoss: 1, gLoss: 1 })));
  const sent = withFakeKernel(() => {
    const live = liveFigure({ minIntervalMs: 500 }, () => clock);
    live.update([losses(1), digitImage(new Array(64).fill(0))]); // t=0: drawn (first)
    clock = 200;
    live.update([losses(2), digitImage(new Array(64).fill(0))]); // too soon: kept
    clock = 600;
    live.update([losses(3), digitImage(new Array(64).fill(0))]); // drawn
    clock = 700;
    live.update([losses(4), digitImage(new Array(64).fill(0))]); // too soon: kept
    live.close(); // draws epoch 4
  });
  const epochsDrawn = sent
    .filter((m) => (m.data[PLOTLY_MIME] as Figure).data[0].type === 'scatter')
    .map((m) => ((m.data[PLOTLY_MIME] as Figure).data[0].x as number[]).length);
  assert.equal(epochsDrawn, [1, 3, 4]);
  const lossId = sent[0].transient.display_id;
  const imageId = sent[1].transient.display_id;
  assert.ok(lossId && imageId && lossId !== imageId, 'each chart has its own display id');
  assert.equal(sent.map((m) => m.transient.display_id), [lossId, imageId, lossId, imageId, lossId, imageId]);
  assert.equal(sent.map((m) => m.update), [false, false, true, true, true, true]);
});

test('ten typical charts make less than 1 MB of notebook output', () => {
  const mnistDigit = (seed: number) => Array.from({ length: 784 }, (_, i) => ((i * 7919 + seed) % 13) / 12);
  const history = Array.from({ length: 200 }, (_, i) => ({ epoch: i + 1, dLoss: 1 / (i + 1), gLoss: Math.log(i + 2) }));
  const charts = [
    ...Array.from({ length: 4 }, (_, k) => digitGrid(Array.from({ length: 16 }, (_, i) => mnistDigit(i + k)))),
    ...Array.from({ length: 3 }, (_, k) => digitImage(mnistDigit(k))),
    ...Array.from({ length: 3 }, () => lossCurves(history)),
  ];
  const bytes = charts.reduce((sum, chart) => sum + JSON.stringify({ output_type: 'display_data', data: figureBundle(chart) }).length, 0);
  assert.ok(bytes < 1_000_000, `ten charts take ${bytes} bytes`);
});

test('writeHtmlReport writes a page with every section and plotly.js beside it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'report-'));
  try {
    const file = path.join(dir, 'run', 'report.html');
    writeHtmlReport(file, 'Run <1>', [
      { heading: 'Losses', text: 'D & G', figure: tinyChart },
      { heading: 'Notes' },
    ]);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<title>Run &lt;1&gt;<\/title>/);
    assert.match(html, /<h2>Losses<\/h2>\n<p>D &amp; G<\/p>\n<div id="gan-chart-/);
    assert.match(html, /<h2>Notes<\/h2>/);
    assert.ok(existsSync(path.join(dir, 'run', PLOTLY_FILE)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
