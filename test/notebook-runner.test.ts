import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const RUNNER = path.resolve(__dirname, '..', 'kernel-helpers', 'dist', 'cli', 'test-notebooks.js');

function runNotebooks(...files: string[]) {
  return spawnSync(process.execPath, [RUNNER, ...files], { encoding: 'utf8' });
}

function writeNotebook(dir: string, name: string, cells: string[]): string {
  const file = path.join(dir, name);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'gan-course', display_name: 'TypeScript (GAN course)', language: 'typescript' } },
    cells: cells.map((source, i) => ({ id: `cell-${i}`, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  };
  writeFileSync(file, JSON.stringify(notebook));
  return file;
}

test('a failing cell fails the run and names the notebook, the cell, its source and the error', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notebook-runner-'));
  const file = writeNotebook(dir, 'broken.ipynb', [
    'const epochs = 3;',
    'throw new RangeError(`loss became NaN after ${epochs} epochs`);',
    'console.log("cell 3 ran");',
  ]);
  const result = runNotebooks(file);
  assert.is(result.status, 1);
  assert.match(result.stdout, `FAILED ${file}, cell 2 (code cell 2):`);
  assert.match(result.stdout, '| throw new RangeError(`loss became NaN after ${epochs} epochs`);');
  assert.match(result.stdout, 'RangeError: loss became NaN after 3 epochs');
  assert.not.match(result.stdout, 'cell 3 ran');
  assert.match(result.stdout, /^notebooks: 0 passed, 1 failed$/m);
});

test('a notebook that runs through passes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notebook-runner-'));
  const file = writeNotebook(dir, 'fine.ipynb', ['const x = 2;', 'console.log(x * 21);']);
  const result = runNotebooks(file);
  assert.is(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^notebooks: 1 passed, 0 failed$/m);
});

test('a path that is not a notebook is refused in one line before Jupyter starts', () => {
  const missing = runNotebooks('notebooks/99-missing.ipynb');
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /^test:notebooks: \S+99-missing\.ipynb is missing; name notebooks to run/);
  const notANotebook = runNotebooks('README.md');
  assert.is(notANotebook.status, 2);
  assert.match(notANotebook.stderr, /README\.md is not a \.ipynb notebook/);
});

test.run();
