/**
 * `buildSite()`: the course as a static site — one HTML page per chapter, made from the executed
 * notebooks, and an index in course order. Charts draw offline from file:// because plotly.js
 * sits beside the pages (see plotting/figure-html.ts for how a chart finds it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, PYTHON, jupyterEnv } from '../jupyter/environment';
import { copyPlotlyTo } from '../plotting/plotly-asset';
import { executedCopies } from './executed-notebooks';
import { SITE_STYLESHEET, chapterPage, chapterTitle, indexPage, siteStylesheet, type Chapter } from './pages';

export const SITE_DIR = path.join(PROJECT_ROOT, 'site');
export const COURSE_TITLE = 'Generative Adversarial Networks in TypeScript';

function runPython(args: string[]): string {
  const result = spawnSync(PYTHON, args, { env: jupyterEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${PYTHON} ${args.slice(0, 3).join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** The cells of each executed notebook as HTML (nbconvert's `basic` template: no page around them). */
function cellsHtml(executed: string[]): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-site-'));
  try {
    runPython(['-m', 'nbconvert', '--to', 'html', '--template', 'basic', '--log-level', 'WARN', '--output-dir', dir, ...executed]);
    return executed.map((file) => readFileSync(path.join(dir, `${path.basename(file, '.ipynb')}.html`), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function codeColours(): string {
  return runPython(['-c', "from pygments.formatters import HtmlFormatter; print(HtmlFormatter().get_style_defs('.highlight'))"]);
}

/** Writes the site for `notebooks` (in course order) into `outDir`, replacing what was there. */
export function buildSite(notebooks: string[], outDir = SITE_DIR): Chapter[] {
  if (notebooks.length === 0) throw new Error('buildSite: no notebooks to publish');
  const executed = executedCopies(notebooks);
  const chapters = notebooks.map((notebook) => ({ page: `${path.basename(notebook, '.ipynb')}.html`, title: chapterTitle(notebook) }));
  const cells = cellsHtml(executed);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  chapters.forEach((chapter, i) => writeFileSync(path.join(outDir, chapter.page), chapterPage(chapters, i, cells[i])));
  writeFileSync(path.join(outDir, 'index.html'), indexPage(COURSE_TITLE, chapters));
  writeFileSync(path.join(outDir, SITE_STYLESHEET), siteStylesheet(codeColours()));
  copyPlotlyTo(outDir);
  return chapters;
}
