/**
 * What a learner sees of each executed chapter in the classic Notebook page, at the default 1280 px wide window
 * (issue 10): no cell's output is cut into Notebook's small scroll box, which it does to any output taller than
 * 100 lines (auto_scroll_threshold x 1.3 x the 14 px font, 1800 px), and no printed line wraps, which there
 * breaks anywhere, even inside a word or a number (the output area holds 114 characters of its 14 px monospace
 * font). Notebooks execute only when test-output/notebooks/ has no fresh copy.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT, ensureJupyter, installKernelspec, jupyterEnv } from '../../kernel-helpers/src/jupyter/environment';
import { courseNotebooks } from '../../kernel-helpers/src/jupyter/notebooks';
import { installPlotlyForNotebookServer } from '../../kernel-helpers/src/plotting/plotly-asset';
import { executedCopies } from '../../kernel-helpers/src/static-site/executed-notebooks';
import { ensureChromium, launchChromium } from './chromium';
import { startNotebookServer, type NotebookServer } from './notebook-server';

// Inside the project, so the served notebooks resolve `kernel-helpers`; apart from the site check's folder.
const SERVED_DIR = path.join(PROJECT_ROOT, 'test-output', 'browser', 'layout-notebooks');
const TIMEOUT_MS = 60_000;

const names = courseNotebooks().map((notebook) => path.basename(notebook));
let browser: Browser;
let server: NotebookServer;

async function prepare(): Promise<void> {
  ensureJupyter();
  ensureChromium();
  installKernelspec();
  installPlotlyForNotebookServer(jupyterEnv());
  const executed = executedCopies(courseNotebooks());
  rmSync(SERVED_DIR, { recursive: true, force: true });
  mkdirSync(SERVED_DIR, { recursive: true });
  const served = executed.map((file) => {
    const copy = path.join(SERVED_DIR, path.basename(file));
    copyFileSync(file, copy);
    return copy;
  });
  server = await startNotebookServer(SERVED_DIR, served);
  browser = await launchChromium();
}
let preparing: Promise<void> | undefined;
const ready = () => (preparing ??= prepare());

test.after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Layout {
  /** "code cell N" of each output Notebook put in a scroll box. */
  scrolled: string[];
  /** "code cell N: LINE" of each printed line that takes more than one line on the page. */
  wrapped: string[];
}

names.forEach((name) => {
  test(`Notebook page ${name}: no output in a scroll box, no printed line wrapped`, async () => {
    await ready();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(server.notebookUrl(name));
      // Every output on the page, and every chart drawn (charts take their height then; a box that says why it
      // did not draw counts as done).
      await page.waitForFunction(
        () =>
          (window as any).Jupyter?.notebook?._fully_loaded === true &&
          Array.from(document.querySelectorAll('.gan-chart')).every((box) => box.querySelector('.main-svg') || box.textContent),
        null,
        { timeout: TIMEOUT_MS },
      );
      const layout: Layout = await page.evaluate(() => {
        const result = { scrolled: [] as string[], wrapped: [] as string[] };
        document.querySelectorAll('.code_cell').forEach((cell, index) => {
          const where = `code cell ${index + 1}`;
          if (cell.querySelector('.output_scroll')) result.scrolled.push(where);
          cell.querySelectorAll('.output_text pre').forEach((pre) => {
            // Each printed line as a Range over the pre's text nodes; a wrapped line has boxes at two heights.
            const nodes: { node: Text; start: number }[] = [];
            const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
            let length = 0;
            for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
              nodes.push({ node, start: length });
              length += node.length;
            }
            let lineStart = 0;
            for (const line of (pre.textContent ?? '').split('\n')) {
              if (line.length > 0) {
                // (No named helper functions in here: tsx would wrap them in a __name() the page does not have.)
                const range = document.createRange();
                for (const [edge, offset] of [['start', lineStart], ['end', lineStart + line.length]] as const) {
                  const { node, start } = nodes.filter((entry) => entry.start <= offset).pop()!;
                  if (edge === 'start') range.setStart(node, Math.min(offset - start, node.length));
                  else range.setEnd(node, Math.min(offset - start, node.length));
                }
                const tops = new Set(Array.from(range.getClientRects()).filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
                if (tops.size > 1) result.wrapped.push(`${where}: ${line}`);
              }
              lineStart += line.length + 1;
            }
          });
        });
        return result;
      });
      assert.equal(layout.scrolled, [], 'outputs in a scroll box');
      assert.equal(layout.wrapped, [], 'printed lines that wrap');
    } finally {
      await page.close();
    }
  });
});

test.run();
