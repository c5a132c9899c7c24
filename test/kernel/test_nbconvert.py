"""nbconvert on the course kernel, as a teacher would run it: with --allow-errors a notebook whose
code cell 2 fails still runs cells 3..n and keeps the error's name and message in cell 2; without
it, nbconvert stops and shows the real error. Run through `npm run test:kernel`.
"""
import os
import subprocess
import tempfile
import unittest

import nbformat

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "error-in-cell-2.ipynb")
TIMEOUT = 180


def nbconvert_execute(out_dir, *options):
    # Debian ships nbconvert as a module without the jupyter-nbconvert command.
    command = ["/usr/bin/python3", "-m", "nbconvert", "--to", "notebook", "--execute", *options,
               "--ExecutePreprocessor.kernel_name=gan-course", "--output-dir", out_dir, FIXTURE]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)


class NbconvertOnTheCourseKernel(unittest.TestCase):
    def test_allow_errors_runs_every_cell_and_keeps_the_error(self):
        with tempfile.TemporaryDirectory() as out_dir:
            run = nbconvert_execute(out_dir, "--allow-errors")
            self.assertEqual(run.returncode, 0, run.stderr)
            notebook = nbformat.read(os.path.join(out_dir, os.path.basename(FIXTURE)), as_version=4)
        code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        self.assertEqual([cell.execution_count for cell in code_cells], [1, 2, 3, 4])
        errors = [output for output in code_cells[1].outputs if output.output_type == "error"]
        self.assertEqual([(e.ename, e.evalue) for e in errors], [("RangeError", "cell 2 failed on purpose")])
        self.assertEqual(code_cells[2].outputs[0].data["text/plain"], "'hello again'")
        self.assertEqual(code_cells[3].outputs[0].text, "cell 4 ran\n")

    def test_a_failing_cell_stops_nbconvert_with_its_message(self):
        with tempfile.TemporaryDirectory() as out_dir:
            run = nbconvert_execute(out_dir)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("RangeError: cell 2 failed on purpose", run.stderr)


if __name__ == "__main__":
    unittest.main()
