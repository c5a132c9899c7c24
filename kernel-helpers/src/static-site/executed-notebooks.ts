/**
 * The executed copies of the course notebooks that the static site is made from. `npm test`
 * runs every notebook once (test:notebooks writes test-output/notebooks/); the site and the
 * browser check reuse a copy when it is fresh, and execute only the notebooks that are not.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../jupyter/environment';
import { EXECUTED_NOTEBOOKS_DIR, executeNotebooks } from '../jupyter/notebooks';

const HELPERS_BUILD = path.join(PROJECT_ROOT, 'kernel-helpers', 'dist', 'index.js');

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { execution?: Record<string, string> };
  outputs?: { output_type: string; data?: Record<string, unknown> }[];
}

export function readNotebookCells(file: string): NotebookCell[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { cells: NotebookCell[] }).cells;
}

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * A copy is fresh when it is newer than its notebook and than the helpers' build, every code
 * cell ran (nbclient stamps `shell.execute_reply`; a run that stopped at a failing cell leaves
 * the cells after it unstamped) and no cell holds an error.
 */
export function isFreshExecutedCopy(notebook: string, copy: string): boolean {
  if (!existsSync(copy)) return false;
  const executedAt = statSync(copy).mtimeMs;
  if (executedAt < statSync(notebook).mtimeMs || executedAt < statSync(HELPERS_BUILD).mtimeMs) return false;
  return readNotebookCells(copy)
    .filter((cell) => cell.cell_type === 'code' && cellSource(cell).trim() !== '')
    .every(
      (cell) =>
        cell.metadata?.execution?.['shell.execute_reply'] !== undefined &&
        !(cell.outputs ?? []).some((output) => output.output_type === 'error'),
    );
}

/** Executed copies of `notebooks`, in the same order, running only those without a fresh copy. */
export function executedCopies(notebooks: string[]): string[] {
  const copies = notebooks.map((notebook) => path.join(EXECUTED_NOTEBOOKS_DIR, path.basename(notebook)));
  const stale = notebooks.filter((notebook, i) => !isFreshExecutedCopy(notebook, copies[i]));
  if (stale.length) {
    console.log(`Executing ${stale.length} of ${notebooks.length} notebooks: the rest have fresh executed copies`);
    if (!executeNotebooks(stale)) throw new Error(`a notebook failed to execute; see the report above`);
  }
  return copies;
}
