/**
 * Charts without a notebook: `writeHtmlReport()` writes a standalone HTML page (a training run's
 * report, say) with headed sections of text and charts. plotly.js is copied beside the page
 * (one copy per folder, shared by every report in it), so the page opens offline from file://
 * as long as that copy stays beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Figure } from './figures';
import { figureHtml } from './figure-html';
import { escapeHtml, htmlPage } from './html-page';
import { copyPlotlyTo } from './plotly-asset';

export interface ReportSection {
  heading: string;
  text?: string;
  figure?: Figure;
}

function reportHtml(title: string, sections: ReportSection[]): string {
  const body = sections.map((section) =>
    [
      `<h2>${escapeHtml(section.heading)}</h2>`,
      ...(section.text ? [`<p>${escapeHtml(section.text)}</p>`] : []),
      ...(section.figure ? [figureHtml(section.figure)] : []),
    ].join('\n'),
  );
  return htmlPage(title, [`<h1>${escapeHtml(title)}</h1>`, ...body].join('\n'));
}

/** Writes the report to `file` (folders are created) and plotly.js beside it. */
export function writeHtmlReport(file: string, title: string, sections: ReportSection[]): void {
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true });
  copyPlotlyTo(dir);
  writeFileSync(file, reportHtml(title, sections));
}
