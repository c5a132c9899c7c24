"""Executes notebooks top to bottom on the course kernel with nbclient, as Jupyter itself would.

Usage: execute_notebooks.py --kernel NAME --out DIR NOTEBOOK...

Each notebook runs in a fresh kernel from its own folder. The executed copy is written to DIR
(also when a cell fails, so the failure can be inspected). A failing cell stops that notebook
and is reported with the notebook, the cell number, its source and its error text: the
error's name and message when the kernel sends them, else what the cell wrote to stderr.
Exits 1 when any notebook failed.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

CELL_TIMEOUT_SECONDS = 1800


def error_text(cell, exception):
    """What went wrong in a cell, from its error output, its stderr, or the exception."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error" and (output.get("ename") or output.get("evalue")):
            parts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}".strip(": "))
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            parts.append(output.get("text", "").rstrip())
    return "\n".join(p for p in parts if p) or str(exception).strip() or type(exception).__name__


def execute(path, kernel, out_dir):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    failure = None
    started = time.monotonic()
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exception:
                code_cells_before = sum(1 for c in notebook.cells[:index] if c.cell_type == "code")
                failure = (
                    f"FAILED {path}, cell {index + 1} (code cell {code_cells_before + 1}):\n"
                    + "".join(f"    | {line}\n" for line in cell.source.splitlines())
                    + "  error:\n"
                    + "".join(f"    {line}\n" for line in error_text(cell, exception).splitlines())
                )
                break
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(notebook, os.path.join(out_dir, os.path.basename(path)))
    return failure, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    failures = []
    for path in args.notebooks:
        failure, seconds = execute(path, args.kernel, args.out)
        if failure:
            failures.append(failure)
            print(f"not ok {path} ({seconds:.1f} s)\n{failure}", flush=True)
        else:
            print(f"ok {path} ({seconds:.1f} s)", flush=True)
    print(f"notebooks: {len(args.notebooks) - len(failures)} passed, {len(failures)} failed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
