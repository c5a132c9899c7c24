/**
 * What the browser check asserts on a page: every chart of the course drew its data traces
 * (plotly's SVG exists, with one drawn trace per data trace), and the page logged no
 * JavaScript error and failed to load nothing. Also keeps a full-page screenshot.
 */
import type { Page } from 'playwright-core';

export interface ChartState {
  /** plotly's SVG is in the chart's box. */
  drawn: boolean;
  dataTraces: number;
  /** Scatter/bar traces plus heatmap images actually drawn in the plot area. */
  drawnTraces: number;
  /** What the box says instead, e.g. that plotly.js did not load. */
  text: string;
}

/**
 * Notebook 6.4's main.js ("BEGIN HARDCODED WIDGETS HACK") asks for the ipywidgets extension by this path
 * on every page unless another extension has already loaded the widgets. Without ipywidgets (Debian's
 * jupyter-nbextension-jupyter-js-widgets is only a recommendation) that logs a 404 and a refused script:
 * Notebook's own probe, not caused by the course.
 */
export const NOTEBOOK_WIDGET_PROBE = '/nbextensions/widgets/notebook/js/extension.js';

/** True when the address is Notebook's widget probe (whatever its host, port and query). */
export function isNotebookWidgetProbe(address: string): boolean {
  return new URL(address, 'http://127.0.0.1/').pathname === NOTEBOOK_WIDGET_PROBE;
}

/**
 * Starts recording JavaScript errors: uncaught exceptions, console.error messages and failed loads, except
 * those of Notebook's own widget probe. Failed loads are taken from the network events, which name the
 * address (Chromium's "Failed to load resource" console message names the script that asked instead), so
 * the probe is recognised by the resource that failed and every other failed load counts.
 */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !isNotebookWidgetProbe(response.url())) errors.push(`failed load: ${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // An abort is the page going away (navigation, close), not a resource that failed.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED' && !isNotebookWidgetProbe(request.url())) errors.push(`failed load: ${reason} ${request.url()}`);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() !== 'error' || text.startsWith('Failed to load resource')) return;
    const refusedScript = /^Refused to execute script from '([^']+)'/.exec(text)?.[1];
    if (refusedScript === undefined || !isNotebookWidgetProbe(refusedScript)) errors.push(`console.error: ${text}`);
  });
  return errors;
}

/** Waits until `expected` charts are on the page and each has drawn or given up, then reports each. */
export async function chartStates(page: Page, expected: number, timeoutMs: number): Promise<ChartState[]> {
  await page.waitForFunction(
    (count) => {
      const boxes = Array.from(document.querySelectorAll('.gan-chart'));
      return boxes.length >= count && boxes.every((box) => box.querySelector('.main-svg') || box.textContent);
    },
    expected,
    { timeout: timeoutMs },
  );
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.gan-chart')).map((box) => ({
      drawn: box.querySelector('.main-svg') !== null,
      dataTraces: ((box as unknown as { _fullData?: unknown[] })._fullData ?? []).length,
      drawnTraces: box.querySelectorAll('.cartesianlayer .trace, .cartesianlayer .hm image').length,
      text: box.textContent ?? '',
    })),
  );
}
