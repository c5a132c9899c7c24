"""Interrupting a training cell in the course kernel (issue 7), as a learner does with the stop button:
the kernel's interrupt (SIGINT) ends the cell with KeyboardInterrupt, the training loop behind it stops after
its epoch, says so before the cell's idle status (issue 10), frees what it allocated (the tensor count is back
to its level before training) and leaves the models usable, and trainGan continues the same state afterwards.

Run through `npm run test:kernel` (after `npm run build`: the kernel and the cells run kernel-helpers/dist).
"""
import json
import os
import time
import unittest

from jupyter_client.manager import start_new_kernel

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 120

IMPORTS = """
import * as tf from "@tensorflow/tfjs";
import { initBackend, loadTrainingImages, newTrainingState, trainGan, DEFAULT_TRAINING_SETTINGS } from "kernel-helpers";
await initBackend();
"""

# Its own cell: in tslab, declarations in a cell that awaits do not reach the next cells.
SETUP = """
const images = loadTrainingImages(2);
const state = newTrainingState({ ...DEFAULT_TRAINING_SETTINGS, epochs: 100000, accuracySamples: 50 });
const tensorsBefore = tf.memory().numTensors;
"""

# Long enough that only the interrupt can end it; "running" tells the test that the loop is under way.
# `state: state`, not `{ state }`: tslab does not resolve a shorthand property naming an earlier cell's variable.
TRAIN = 'await trainGan(images, { state: state, onEpochEnd: (epoch) => { if (epoch === 2) console.log("running"); } });'

# After an await: while a cell's synchronous part runs, Node's vm (breakOnSigint) detaches the SIGINT listeners.
CHECK = """
await new Promise((resolve) => setImmediate(resolve));
const scores = tf.tidy(() => Array.from((state.discriminator.predict(state.generator.predict(tf.zeros([2, 20]))) as tf.Tensor).dataSync()));
console.log(JSON.stringify({ tensors: tf.memory().numTensors, tensorsBefore: tensorsBefore, epoch: state.epoch,
  sigintListeners: process.listenerCount("SIGINT"), scores }));
"""


class TrainingInterruptInTheKernel(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="gan-course", cwd=PROJECT_ROOT, startup_timeout=TIMEOUT)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run_cell(self, code):
        """Executes `code`; returns its reply and the text it printed."""
        printed = []
        reply = self.kc.execute_interactive(
            code, timeout=TIMEOUT, output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        return reply, "".join(printed)

    def check(self):
        reply, printed = self.run_cell(CHECK)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
        return json.loads(printed)

    def test_an_interrupted_training_cell_stops_the_loop_frees_its_tensors_and_keeps_the_models(self):
        for cell in (IMPORTS, SETUP):
            reply, printed = self.run_cell(cell)
            self.assertEqual(reply["content"]["status"], "ok", printed)

        msg_id = self.kc.execute(TRAIN)
        self.wait_for_text(msg_id, "running")
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        # The loop says where it stopped, as the cell's output: before the kernel goes idle, which is when
        # clients (nbclient, papermill, Notebook) stop collecting the cell's output.
        printed = "".join(m["content"]["text"] for m in self.iopub_until_idle(msg_id) if m["msg_type"] == "stream")
        self.assertRegex(printed, r"training interrupted after epoch \d+ of 100000; the models keep the weights of that epoch")

        first = self.check()
        time.sleep(1)
        second = self.check()
        self.assertGreaterEqual(first["epoch"], 2)
        self.assertEqual(second["epoch"], first["epoch"], "the loop went on training after the interrupt")
        self.assertEqual(first["tensors"], first["tensorsBefore"], "tensors leaked by the interrupted run")
        self.assertEqual(first["sigintListeners"], 1, "only the kernel's own SIGINT listener should remain")
        self.assertTrue(all(0 < score < 1 for score in first["scores"]), first["scores"])

        reply, printed = self.run_cell(
            "await trainGan(images, { state: state, epochs: state.epoch + 2, logEvery: 1 });\n"
            "console.log(`now at epoch ${state.epoch}`);")
        self.assertEqual(reply["content"]["status"], "ok", printed)
        self.assertIn(f"continuing after epoch {first['epoch']} of {first['epoch'] + 2}", printed)
        self.assertIn(f"now at epoch {first['epoch'] + 2}", printed)

    def iopub_until_idle(self, msg_id):
        """Reads iopub until cell `msg_id` goes idle; returns the cell's messages before that."""
        messages = []
        while True:
            message = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return messages
            messages.append(message)

    def wait_for_text(self, msg_id, text):
        """Reads iopub until a stream message of cell `msg_id` contains `text`; returns that message's text."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            message = self.kc.get_iopub_msg(timeout=TIMEOUT)
            content = message["content"]
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "error" and content["ename"] != "KeyboardInterrupt":
                self.fail(f"the cell failed: {content['ename']}: {content['evalue']}")
            if message["msg_type"] == "stream" and text in content["text"]:
                return content["text"]
        self.fail(f"no output containing {text!r}")


if __name__ == "__main__":
    unittest.main()
