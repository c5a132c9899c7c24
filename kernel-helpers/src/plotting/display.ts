/**
 * Charts in a notebook: `show(figure)` is the one call a chapter makes to draw a chart.
 *
 * Each chart goes out as ONE display_data message carrying a MIME bundle, and the front end
 * picks what it can render:
 * - `application/vnd.plotly.v1+json`: the figure itself, drawn natively by JupyterLab (with the
 *   jupyterlab-plotly extension) and VS Code (its Jupyter renderers);
 * - `text/html`: a <div> plus a script that loads plotly.js once per page and draws it, for the
 *   classic Notebook and nbconvert's HTML (see figure-html.ts for where plotly.js comes from);
 * - `text/plain`: a one-line summary for text-only consumers.
 * tslab's public `display.raw(type, data)` sends one type per message, so the bundle goes through
 * the writer tslab's own display API uses (`lastWriteDisplayData` in tslab/dist/jupyter, set by
 * the kernel while a cell runs). Outside a kernel (scripts, tests) there is no such writer, and
 * `show()` prints the text summary instead of failing.
 */
import * as tslabKernel from 'tslab/dist/jupyter';
import type { Figure } from './figures';
import { figureHtml, figureSummary } from './figure-html';
import { installPlotlyForNotebookServer } from './plotly-asset';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

export function figureBundle(figure: Figure): Record<string, unknown> {
  return { [PLOTLY_MIME]: figure, 'text/html': figureHtml(figure), 'text/plain': figureSummary(figure) };
}

/** True while a notebook cell runs on the kernel (tslab has handed us its display writer). */
export function insideKernel(): boolean {
  return typeof tslabKernel.lastWriteDisplayData === 'function';
}

let plotlyInstalled = false;

/**
 * Sends one chart to the running cell's output. With a `displayId` the output can be replaced
 * later: `update` true replaces the output first sent under that id.
 */
export function sendFigure(figure: Figure, displayId?: string, update = false): void {
  if (!insideKernel()) {
    console.log(figureSummary(figure));
    return;
  }
  if (!plotlyInstalled) {
    installPlotlyForNotebookServer();
    plotlyInstalled = true;
  }
  const message = { data: figureBundle(figure), metadata: {}, transient: displayId ? { display_id: displayId } : {} };
  // tslab types bundle values as strings, but Jupyter allows JSON values such as the plotly figure.
  tslabKernel.lastWriteDisplayData(message as unknown as Parameters<typeof tslabKernel.lastWriteDisplayData>[0], update);
}

/** Draws one chart in the current notebook cell (in a script: prints a one-line summary). */
export function show(figure: Figure): void {
  sendFigure(figure);
}
