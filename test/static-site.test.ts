import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isFreshExecutedCopy } from '../kernel-helpers/src/static-site/executed-notebooks';
import { chapterPage, chapterTitle, indexPage } from '../kernel-helpers/src/static-site/pages';

const dir = mkdtempSync(path.join(os.tmpdir(), 'static-site-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function writeNotebook(name: string, cells: object[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  return file;
}

const markdown = (source: string) => ({ cell_type: 'markdown', source, metadata: {} });
const executedCode = (outputs: object[] = []) => ({
  cell_type: 'code',
  source: ['show(x)'],
  metadata: { execution: { 'shell.execute_reply': '2026-01-01T00:00:00Z' } },
  outputs,
});

test('a chapter is titled by its first markdown heading', () => {
  const notebook = writeNotebook('titled.ipynb', [
    { cell_type: 'code', source: '# not a heading: code', metadata: {} },
    markdown('Some words first.'),
    markdown('Intro\n\n## 2. The two networks ##\n\n# Later heading'),
  ]);
  assert.is(chapterTitle(notebook), '2. The two networks');
});

test('a chapter without a heading is refused, naming the notebook', () => {
  const notebook = writeNotebook('untitled.ipynb', [markdown('no heading here')]);
  assert.throws(() => chapterTitle(notebook), /untitled\.ipynb: no markdown heading/);
});

test('an executed copy is fresh only when newer than its notebook, fully run and free of errors', () => {
  const notebook = writeNotebook('chapter.ipynb', [markdown('# T'), { cell_type: 'code', source: 'x', metadata: {}, outputs: [] }]);
  const old = Date.now() / 1000 - 3600;
  utimesSync(notebook, old, old);
  assert.ok(isFreshExecutedCopy(notebook, writeNotebook('ran.ipynb', [markdown('# T'), executedCode()])));
  assert.not.ok(isFreshExecutedCopy(notebook, path.join(dir, 'missing.ipynb')), 'no copy');
  const stopped = writeNotebook('stopped.ipynb', [executedCode(), { cell_type: 'code', source: 'y', metadata: {}, outputs: [] }]);
  assert.not.ok(isFreshExecutedCopy(notebook, stopped), 'a cell did not run');
  const failed = writeNotebook('failed.ipynb', [executedCode([{ output_type: 'error', ename: 'Error', evalue: 'boom', traceback: [] }])]);
  assert.not.ok(isFreshExecutedCopy(notebook, failed), 'a cell failed');
  const stale = writeNotebook('stale.ipynb', [executedCode()]);
  utimesSync(stale, old - 60, old - 60);
  assert.not.ok(isFreshExecutedCopy(notebook, stale), 'the notebook changed after the run');
});

const chapters = [
  { page: '00-setup.html', title: '0. Set-up <check>' },
  { page: '01-data.html', title: '1. The data' },
  { page: '02-models.html', title: '2. Models' },
];

test('the index links every chapter in the given order, titles escaped', () => {
  const html = indexPage('Course', chapters);
  const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.equal(links, [
    ['00-setup.html', '0. Set-up &lt;check&gt;'],
    ['01-data.html', '1. The data'],
    ['02-models.html', '2. Models'],
  ]);
});

test('a chapter page links to the previous chapter, the contents and the next chapter', () => {
  const hrefs = (html: string) => [...new Set([...html.matchAll(/href="([^"]+\.html)"/g)].map((m) => m[1]))];
  assert.equal(hrefs(chapterPage(chapters, 0, '<p>cells</p>')), ['index.html', '01-data.html']);
  assert.equal(hrefs(chapterPage(chapters, 1, '<p>cells</p>')), ['00-setup.html', 'index.html', '02-models.html']);
  assert.equal(hrefs(chapterPage(chapters, 2, '<p>cells</p>')), ['01-data.html', 'index.html']);
  assert.match(chapterPage(chapters, 1, '<p>cells</p>'), /<title>1\. The data<\/title>/);
});

test.run();
