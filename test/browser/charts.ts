/**
 * What the browser check asserts on a page: every chart of the course drew its data traces
 * (plotly's SVG exists, with one drawn trace per data trace), and the page logged no
 * JavaScript error. Also keeps a full-page screenshot.
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

/** Starts recording JavaScript errors: uncaught exceptions and console.error messages. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
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
