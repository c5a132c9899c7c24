/**
 * The static site's pages: each chapter is its executed notebook converted by nbconvert's
 * `basic` template (cells only) inside the course's own page, with links to the previous and
 * next chapters; the index lists the chapters in course order with their titles.
 */
import { escapeHtml, htmlPage } from '../plotting/html-page';
import { cellSource, readNotebookCells } from './executed-notebooks';

export interface Chapter {
  /** The page's file name, e.g. `01-first-gan.html`. */
  page: string;
  title: string;
}

/** A notebook's title: its first markdown heading, without the `#` marks. */
export function chapterTitle(notebook: string): string {
  for (const cell of readNotebookCells(notebook)) {
    if (cell.cell_type !== 'markdown') continue;
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(cellSource(cell));
    if (heading) return heading[1];
  }
  throw new Error(`${notebook}: no markdown heading to use as the chapter title (start the notebook with "# Title")`);
}

export const SITE_STYLESHEET = 'course.css';

/** Styles for the cells nbconvert writes, plus pygments' code colours (passed in). */
export function siteStylesheet(codeColours: string): string {
  return `.prompt { display: none; }
.input_area { background: #f6f6f6; border-left: 3px solid #c9d7e8; padding: 0.2em 0.8em; margin: 1em 0 0.3em; overflow-x: auto; }
.input_area pre, .output_text pre { margin: 0.4em 0; }
.output_text pre { color: #333; white-space: pre-wrap; }
.output_stderr { background: #fff1f1; }
.anchor-link { display: none; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: 0.2em 0.6em; }
ul.chapters { list-style: none; padding: 0; font-size: 1.1em; line-height: 2; }
${codeColours}`;
}

function navigation(chapters: Chapter[], index: number): string {
  const previous = chapters[index - 1];
  const next = chapters[index + 1];
  return `<nav>${previous ? `<a href="${previous.page}">&larr; ${escapeHtml(previous.title)}</a>` : ''}<a href="index.html">Contents</a>${
    next ? `<a href="${next.page}">${escapeHtml(next.title)} &rarr;</a>` : ''
  }</nav>`;
}

const STYLESHEET_LINK = `<link rel="stylesheet" href="${SITE_STYLESHEET}">`;

export function chapterPage(chapters: Chapter[], index: number, cellsHtml: string): string {
  const nav = navigation(chapters, index);
  return htmlPage(chapters[index].title, `${nav}\n${cellsHtml}\n${nav}`, STYLESHEET_LINK);
}

export function indexPage(courseTitle: string, chapters: Chapter[]): string {
  const items = chapters.map((chapter) => `<li><a href="${chapter.page}">${escapeHtml(chapter.title)}</a></li>`);
  return htmlPage(courseTitle, `<h1>${escapeHtml(courseTitle)}</h1>\n<ul class="chapters">\n${items.join('\n')}\n</ul>`, STYLESHEET_LINK);
}
