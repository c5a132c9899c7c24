/**
 * `npm run test:browser`: opens every page of the static site (from file://, offline) and the
 * Jupyter Notebook server's page of every executed notebook in headless Chromium, and checks
 * that each chart drew its data and that no page logged a JavaScript error. Screenshots go to
 * test-output/browser/. Notebooks execute only when test-output/notebooks/ has no fresh copy.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT, ensureJupyter, installKernelspec, jupyterEnv } from '../../kernel-helpers/src/jupyter/environment';
import { courseNotebooks } from '../../kernel-helpers/src/jupyter/notebooks';
import { PLOTLY_MIME } from '../../kernel-helpers/src/plotting/display';
import { installPlotlyForNotebookServer } from '../../kernel-helpers/src/plotting/plotly-asset';
import { buildSite } from '../../kernel-helpers/src/static-site/build-site';
import { executedCopies, readNotebookCells } from '../../kernel-helpers/src/static-site/executed-notebooks';
import { chartStates, recordErrors } from './charts';
import { ensureChromium, launchChromium } from './chromium';
import { startNotebookServer, type NotebookServer } from './notebook-server';

const OUT_DIR = path.join(PROJECT_ROOT, 'test-output', 'browser');
const SITE_DIR = path.join(OUT_DIR, 'site');
const SCREENSHOTS_DIR = path.join(OUT_DIR, 'screenshots');
const CHART_TIMEOUT_MS = 60_000;

const notebooks = courseNotebooks();
const names = notebooks.map((notebook) => path.basename(notebook, '.ipynb'));
let browser: Browser;
let server: NotebookServer;
let serverDir: string;
let executed: string[];

/** How many charts the notebook's outputs hold: the plotly figures `show()` and `liveFigure()` sent. */
function chartsIn(executedNotebook: string): number {
  return readNotebookCells(executedNotebook)
    .flatMap((cell) => (cell as { outputs?: { data?: Record<string, unknown> }[] }).outputs ?? [])
    .filter((output) => output.data?.[PLOTLY_MIME] !== undefined).length;
}

async function checkPage(url: string, expectedCharts: number, screenshot: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = recordErrors(page);
  try {
    await page.goto(url);
    const charts = await chartStates(page, expectedCharts, CHART_TIMEOUT_MS);
    // The classic Notebook scrolls inside #site; let the page grow so the screenshot shows every cell.
    await page.addStyleTag({ content: '#site { height: auto !important; overflow: visible !important; }' });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, screenshot), fullPage: true });
    assert.is(charts.length, expectedCharts, 'charts on the page');
    charts.forEach((chart, i) => {
      assert.ok(chart.drawn, `chart ${i + 1} did not draw: ${chart.text}`);
      assert.ok(chart.dataTraces > 0, `chart ${i + 1} has no data traces`);
      assert.is(chart.drawnTraces, chart.dataTraces, `chart ${i + 1}: drawn traces`);
    });
    assert.equal(errors, [], 'JavaScript errors on the page');
  } finally {
    await page.close();
  }
}

/**
 * Builds the site and starts the browser and the notebook server, once, for the first test that
 * needs them. (A failing uvu `before` hook is not reported as a failure, so set-up errors must
 * surface in the tests.)
 */
async function prepare(): Promise<void> {
  ensureJupyter();
  ensureChromium();
  installKernelspec();
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  executed = executedCopies(notebooks);
  buildSite(notebooks, SITE_DIR);
  installPlotlyForNotebookServer(jupyterEnv());
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gan-notebooks-'));
  const served = executed.map((copy) => path.join(serverDir, path.basename(copy)));
  executed.forEach((copy, i) => copyFileSync(copy, served[i]));
  server = await startNotebookServer(serverDir, served);
  browser = await launchChromium();
}
let preparing: Promise<void> | undefined;
const ready = () => (preparing ??= prepare());

test.after(async () => {
  await browser?.close();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

test('the site index lists every chapter in course order', async () => {
  await ready();
  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(pathToFileURL(path.join(SITE_DIR, 'index.html')).href);
  const links = await page.$$eval('ul.chapters a', (anchors) => anchors.map((a) => a.getAttribute('href')));
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'site-index.png'), fullPage: true });
  await page.close();
  assert.equal(links, names.map((name) => `${name}.html`));
  assert.equal(errors, []);
});

names.forEach((name, i) => {
  test(`site page ${name}.html: every chart drew, no JavaScript error`, async () => {
    await ready();
    await checkPage(pathToFileURL(path.join(SITE_DIR, `${name}.html`)).href, chartsIn(executed[i]), `site-${name}.png`);
  });

  test(`Notebook server page ${name}.ipynb: every chart drew, no JavaScript error`, async () => {
    await ready();
    await checkPage(server.notebookUrl(`${name}.ipynb`), chartsIn(executed[i]), `notebook-${name}.png`);
  });
});

test.run();
