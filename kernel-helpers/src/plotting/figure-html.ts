/**
 * A figure as an HTML fragment that draws itself: a <div> and a small script that calls
 * `Plotly.newPlot`. It works in the classic Notebook (require.js present: the plotly bundle does
 * not use AMD, it sets `window.Plotly`), in nbconvert's HTML and in any plain page.
 *
 * plotly.js is not inlined; the script loads it once per page (a shared promise on `window`):
 * - inside Jupyter Notebook (the page's <body> has `data-base-url`) from
 *   `<base url>nbextensions/gan-course/plotly-<version>.js` (see plotly-asset.ts);
 * - anywhere else from `plotly-<version>.js` beside the page (the site and the HTML reports
 *   put a copy there), so exported pages open offline from file://.
 * When the load fails the chart's box says which URL it tried.
 */
import { randomBytes } from 'node:crypto';
import type { Figure } from './figures';
import { NBEXTENSION_FOLDER, PLOTLY_FILE } from './plotly-asset';

/** JSON that is safe inside a <script> element (no `</script>`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const LOADER = `function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    var base = document.body.getAttribute('data-base-url');
    var src = base === null ? '${PLOTLY_FILE}' : base + 'nbextensions/${NBEXTENSION_FOLDER}/${PLOTLY_FILE}';
    window.ganCoursePlotly = window.ganCoursePlotly || new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('plotly.js did not load from ' + script.src)); };
      document.head.appendChild(script);
    });
    return window.ganCoursePlotly;
  }`;

export function figureHtml(figure: Figure): string {
  const id = `gan-chart-${randomBytes(6).toString('hex')}`;
  const height = typeof figure.layout.height === 'number' ? `${figure.layout.height}px` : '360px';
  return `<div id="${id}" class="gan-chart" style="min-height:${height}"></div>
<script>
(function () {
  var figure = ${scriptJson(figure)};
  var box = document.getElementById('${id}');
  ${LOADER}
  loadPlotly().then(function () {
    window.Plotly.newPlot(box, figure.data, figure.layout, { displaylogo: false });
  }, function (error) { box.textContent = error.message; });
})();
</script>`;
}

/** A one-line text stand-in for a chart, for front ends and logs that show only text. */
export function figureSummary(figure: Figure): string {
  const title = (figure.layout.title as { text?: string } | undefined)?.text;
  const traces = figure.data.map((trace) => trace.name ?? trace.type).join(', ');
  return `[chart${title ? `: ${title}` : ''} (${traces})]`;
}
