/**
 * What the chapters show a learner, checked on the stored notebooks' sources (issue 10), so it runs without
 * executing anything: no cell shows a value nobody asked for, the text and the charts agree on the snapshot
 * count, and tables read left to right. (How the executed chapters look in the Notebook page, scroll boxes and
 * line widths, is checked in test/browser/notebook-layout.browser.ts.)
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../kernel-helpers/src/jupyter/environment';
import { courseNotebooks } from '../kernel-helpers/src/jupyter/notebooks';
import { cellSource, readNotebookCells } from '../kernel-helpers/src/static-site/executed-notebooks';
import { DEFAULT_TRAINING_SETTINGS } from '../kernel-helpers/src';

const chapters = courseNotebooks().map((file) => ({ name: path.basename(file), cells: readNotebookCells(file) }));
const codeCells = (cells: ReturnType<typeof readNotebookCells>) => cells.filter((cell) => cell.cell_type === 'code').map(cellSource);
const markdown = (cells: ReturnType<typeof readNotebookCells>) =>
  cells.filter((cell) => cell.cell_type === 'markdown').map(cellSource).join('\n');

/**
 * The kernel shows the value of a cell's last expression as `Out[n]`, as Node's REPL does, even after a semicolon.
 * The chapters show a value on purpose by ending a cell with an expression and no semicolon (`settings`), as in
 * IPython; a last statement with a semicolon runs for its effect, and whatever it returns (a model's dispose()
 * result, an accuracy) must not appear unexplained. Type-checks the chapters' code, one program per notebook with
 * the cells in order, and lists each cell whose last statement ends in `;` and has a value.
 */
function cellsShowingValues(): string[] {
  const files = new Map(chapters.map(({ name, cells }) => [path.join(PROJECT_ROOT, 'notebooks', `${name}.ts`), codeCells(cells)]));
  const texts = new Map([...files].map(([file, cells]) => [file, cells.join('\n;\n')]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    baseUrl: PROJECT_ROOT,
    paths: { 'kernel-helpers': ['kernel-helpers/src/index.ts'] },
    esModuleInterop: true,
    skipLibCheck: true,
    strict: true,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => texts.has(file) || ts.sys.fileExists(file);
  host.readFile = (file) => texts.get(file) ?? readFile(file);
  host.getSourceFile = (file, language) =>
    texts.has(file) ? ts.createSourceFile(file, texts.get(file)!, language, true) : getSourceFile(file, language);
  const program = ts.createProgram([...texts.keys()], options, host);
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const [file, cells] of files) {
    const source = program.getSourceFile(file)!;
    let cellStart = 0;
    cells.forEach((cell, index) => {
      const [start, end] = [cellStart, cellStart + cell.length];
      cellStart = end + '\n;\n'.length;
      const last = source.statements.filter((statement) => statement.getStart() >= start && statement.getStart() < end).pop();
      if (!last || !ts.isExpressionStatement(last)) return;
      // The cell's own text: the separator's semicolon may have been parsed into a cell's last expression.
      if (!source.text.slice(last.getStart(), Math.min(last.getEnd(), end)).trimEnd().endsWith(';')) return;
      const type = checker.getTypeAtLocation(last.expression);
      // `any` is a library without types (danfojs' print()): nothing to tell.
      if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any)) return;
      found.push(`${path.basename(file, '.ts')}, code cell ${index + 1}: ${checker.typeToString(type)} from ${last.expression.getText()}`);
    });
  }
  return found;
}

test('no code cell ends in a statement whose value would show unexplained', () => {
  assert.equal(cellsShowingValues(), []);
});

test('the snapshot grids show every fixed noise vector, and the text says as many', () => {
  const count = DEFAULT_TRAINING_SETTINGS.snapshotCount;
  for (const { name, cells } of chapters) {
    for (const call of codeCells(cells).join('\n').match(/snapshotGrid\([^)]*\)/g) ?? []) {
      // Without a second argument snapshotGrid draws only the first 8 images of each snapshot.
      assert.match(call, /snapshotGrid\([^,]+, [^,)]+\)/, `${name}: ${call} draws the default 8 per epoch`);
    }
    for (const [mention, number] of markdown(cells).matchAll(/(\d+) (?:fixed )?noise vectors/g)) {
      assert.is(Number(number), count, `${name}: "${mention}", but snapshotCount is ${count}`);
    }
  }
});

test('markdown tables are left-aligned: the classic Notebook right-aligns cells without a colon', () => {
  for (const { name, cells } of chapters) {
    for (const row of markdown(cells).split('\n').filter((line) => /^\|?\s*:?-{3,}/.test(line))) {
      const columns = row.split('|').map((cell) => cell.trim()).filter(Boolean);
      assert.ok(columns.every((column) => /^:-+$/.test(column)), `${name}: table alignment row "${row}"`);
    }
  }
});

test.run();
