/**
 * `npm run test:browser`: opens every page of the static site (from file://, offline) and the
 * Jupyter Notebook server's page of every executed notebook in headless Chromium, and checks
 * that each chart drew its data and that no page logged a JavaScript error. Screenshots go to
 * test-output/browser/. Notebooks execute only when test-output/notebooks/ has no fresh copy.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
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
import { chartStates, NOTEBOOK_WIDGET_PROBE, recordErrors } from './charts';
import { ensureChromium, launchChromium } from './chromium';
import { notebookVersion, startNotebookServer, type NotebookServer } from './notebook-server';

const OUT_DIR = path.join(PROJECT_ROOT, 'test-output', 'browser');
const SITE_DIR = path.join(OUT_DIR, 'site');
const SCREENSHOTS_DIR = path.join(OUT_DIR, 'screenshots');
// Inside the project, so a cell run on the server resolves `kernel-helpers` from node_modules.
const SERVED_DIR = path.join(OUT_DIR, 'notebooks');
const LIVE_CHART_NOTEBOOK = path.join(__dirname, 'fixtures', 'live-chart.ipynb');
const MISSING_ASSET_NOTEBOOK = path.join(__dirname, 'fixtures', 'missing-asset.ipynb');
const CHART_TIMEOUT_MS = 60_000;

const notebooks = courseNotebooks();
const names = notebooks.map((notebook) => path.basename(notebook, '.ipynb'));
let browser: Browser;
let server: NotebookServer;
let executed: string[];

/** How many charts the notebook's outputs hold: the plotly figures `show()` and `liveFigure()` sent. */
function chartsIn(executedNotebook: string): number {
  return readNotebookCells(executedNotebook)
    .flatMap((cell) => cell.outputs ?? [])
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
  rmSync(SERVED_DIR, { recursive: true, force: true });
  mkdirSync(SERVED_DIR, { recursive: true });
  const served = [...executed, LIVE_CHART_NOTEBOOK, MISSING_ASSET_NOTEBOOK].map((file) => {
    const copy = path.join(SERVED_DIR, path.basename(file));
    copyFileSync(file, copy);
    return copy;
  });
  server = await startNotebookServer(SERVED_DIR, served);
  browser = await launchChromium();
  console.log(`browser check on Chromium ${browser.version()} and Jupyter Notebook ${notebookVersion()}`);
}
let preparing: Promise<void> | undefined;
const ready = () => (preparing ??= prepare());

test.after(async () => {
  await browser?.close();
  await server?.stop();
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

test('a live chart run in the Notebook redraws in place a few times, not every step, and ends on the final state', async () => {
  await ready();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = recordErrors(page);
  try {
    await page.goto(server.notebookUrl(path.basename(LIVE_CHART_NOTEBOOK)));
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected(), null, { timeout: CHART_TIMEOUT_MS });
    // Count every chart box the output area receives: each redraw replaces the output with a new box.
    await page.evaluate(() => {
      (window as any).chartBoxesAdded = 0;
      new MutationObserver((mutations) => {
        for (const mutation of mutations) {
          mutation.addedNodes.forEach((node) => {
            if (node instanceof HTMLElement) (window as any).chartBoxesAdded += node.querySelectorAll('.gan-chart').length + (node.matches('.gan-chart') ? 1 : 0);
          });
        }
      }).observe(document.getElementById('notebook')!, { childList: true, subtree: true });
      (window as any).Jupyter.notebook.execute_all_cells();
    });
    await page.waitForFunction(() => (window as any).Jupyter.notebook.get_cell(0).input_prompt_number === 1, null, { timeout: CHART_TIMEOUT_MS });
    const [chart] = await chartStates(page, 1, CHART_TIMEOUT_MS);
    const result = await page.evaluate(() => ({
      boxes: document.querySelectorAll('.gan-chart').length,
      redraws: (window as any).chartBoxesAdded as number,
      finalSteps: ((document.querySelector('.gan-chart') as any)._fullData[0].x as number[]).length,
    }));
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'notebook-live-chart.png') });
    assert.ok(chart.drawn && chart.drawnTraces === 1, 'the live chart drew its trace');
    assert.is(result.boxes, 1, 'one output, updated in place');
    assert.is(result.finalSteps, 30, 'the output shows the final state');
    assert.ok(result.redraws >= 2 && result.redraws < 15, `redraws during 30 steps: ${result.redraws}`);
    assert.equal(errors, [], 'JavaScript errors on the page');
  } finally {
    await page.close();
  }
});

test("the error check counts a resource the course's output fails to load, and not Notebook's widget probe", async () => {
  await ready();
  const page = await browser.newPage();
  const errors = recordErrors(page);
  try {
    const probeRefused = page.waitForEvent('console', {
      predicate: (message) => message.text().startsWith('Refused to execute script') && message.text().includes(NOTEBOOK_WIDGET_PROBE),
      timeout: CHART_TIMEOUT_MS,
    });
    const missingScript = page.waitForResponse((response) => response.url().includes('no-such-chart-script.js'), { timeout: CHART_TIMEOUT_MS });
    await page.goto(server.notebookUrl(path.basename(MISSING_ASSET_NOTEBOOK)));
    await Promise.all([probeRefused, missingScript]);
    assert.equal(errors, [`failed load: 404 ${new URL('/nbextensions/gan-course/no-such-chart-script.js', page.url()).href}`]);
  } finally {
    await page.close();
  }
});

test.run();
