"""When the process that started the course kernel dies without shutting it down (kill -9 of a
jupyter_client script, `jupyter run` ending), the kernel exits too, as ipykernel does ("Parent appears
to have exited"): Jupyter passes that process's pid in JPY_PARENT_PID.

Run through `npm run test:kernel`, which sets the project's Jupyter folders.
"""
import os
import signal
import subprocess
import sys
import time
import unittest

# A jupyter_client script: starts the kernel and runs a cell (so that the kernel has made its compiler,
# which blocks it for a few seconds), prints the kernel's pid and connection file, then waits to be killed.
PARENT = """
import time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="gan-course")
km.start_kernel()
client = km.client()
client.start_channels()
client.wait_for_ready(timeout=60)
client.execute_interactive("1 + 1", timeout=60, output_hook=lambda message: None)
print(km.provisioner.pid, km.connection_file, flush=True)
time.sleep(600)
"""
EXIT_WITHIN_S = 5


def kernel_runs(pid, connection_file):
    """True while the kernel runs: `pid` is a live process started with the kernel's connection file (an
    exited process that nobody has reaped has no command line, and a new process may have taken the pid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return connection_file.encode() in cmdline.read()
    except FileNotFoundError:
        return False


class KernelExitsWithItsParent(unittest.TestCase):
    def test_the_kernel_exits_when_the_process_that_started_it_is_killed(self):
        with subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True) as parent:
            kernel_pid, connection_file = parent.stdout.readline().split()
            kernel_pid = int(kernel_pid)
            self.addCleanup(os.remove, connection_file)
            self.assertTrue(kernel_runs(kernel_pid, connection_file))
            parent.kill()
        # Leaving the block has reaped the parent, as a shell reaps what it started.
        killed = time.monotonic()
        while kernel_runs(kernel_pid, connection_file) and time.monotonic() - killed < EXIT_WITHIN_S:
            time.sleep(0.05)
        if kernel_runs(kernel_pid, connection_file):
            os.kill(kernel_pid, signal.SIGKILL)
            self.fail(f"the kernel was still running {EXIT_WITHIN_S} s after its parent was killed")


if __name__ == "__main__":
    unittest.main()
