"""Start-up time of the course kernel against stock tslab: the time until the kernel answers
kernel_info (when Jupyter calls it ready) and until the first cell (`1 + 1`) has replied.

Usage, under the project's Jupyter folders (the course kernelspec installed, e.g. by npm run test:kernel):
  JUPYTER_DATA_DIR=.jupyter/data /usr/bin/python3 test/kernel/startup_time.py [RUNS]
Stock tslab gets a throw-away kernelspec in a temporary folder. Runs alternate between the kernels,
so that the load of a shared machine falls on both alike; the medians are printed.
"""
import json
import os
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def time_to_replies(kernel_name):
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    ready = time.monotonic()
    kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda message: None)
    first_cell = time.monotonic()
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return ready - started, first_cell - started


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as jupyter_path:
        spec_dir = os.path.join(jupyter_path, "kernels", "stock-tslab")
        os.makedirs(spec_dir)
        tslab = os.path.join(PROJECT_ROOT, "node_modules", ".bin", "tslab")
        with open(os.path.join(spec_dir, "kernel.json"), "w") as spec:
            json.dump({"argv": [tslab, "kernel", "--config-path", "{connection_file}"], "display_name": "stock tslab", "language": "typescript"}, spec)
        os.environ["JUPYTER_PATH"] = jupyter_path
        times = {"gan-course": [], "stock-tslab": []}
        for _ in range(runs):
            for name in times:
                times[name].append(time_to_replies(name))
    for name, samples in times.items():
        ready = statistics.median(sample[0] for sample in samples)
        first_cell = statistics.median(sample[1] for sample in samples)
        print(f"{name:12s} kernel_info reply {ready:.2f} s, first cell replied {first_cell:.2f} s (median of {runs})")


if __name__ == "__main__":
    main()
