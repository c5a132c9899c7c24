/** The bench's table (kernel-helpers/src/bench/report.ts): ratios against PyTorch when it ran, the reason when it did not. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BenchReport, formatReport } from '../kernel-helpers/src/bench/report';

const wasm = {
  backend: 'wasm',
  description: 'wasm (WebAssembly, SIMD, single thread)',
  denseIterationMs: 0.5,
  denseRunSeconds: 3,
  convIterationMs: 150,
  tensorsAfter: 0,
  bytesAfter: 0,
};
const base = { date: '2026-11-23T12:00:00.000Z', machine: 'AMD EPYC, 2 cores, Node v20' };

test('each time has its ratio to PyTorch beside it', () => {
  const report: BenchReport = {
    ...base,
    pytorch: { torch: '1.13.0', denseIterationMs: 1, denseRunSeconds: 2, convIterationMs: 100 },
    backends: [wasm, { backend: 'tensorflow', unavailable: '@tensorflow/tfjs-node is not installed' }],
  };
  const lines = formatReport(report).split('\n');
  assert.ok(lines.includes('| PyTorch 1.13.0, 1 thread | 1.000 | 1.00x | 2.00 | 1.00x | 100.0 | 1.00x |  |'), lines.join('\n'));
  assert.ok(lines.includes('| wasm (WebAssembly, SIMD, single thread) | 0.500 | 0.50x | 3.00 | 1.50x | 150.0 | 1.50x | 0 |'), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('| tensorflow: unavailable (@tensorflow/tfjs-node is not installed) |')));
});

test('without torch the table has no ratio columns and says why', () => {
  const text = formatReport({ ...base, pytorch: { skipped: '/usr/bin/python3 cannot import torch' }, backends: [wasm] });
  assert.ok(text.includes('| backend | demo GAN iteration (ms) | demo GAN 100 epochs (s) | conv GAN iteration (ms) | tensors after |'), text);
  assert.ok(text.includes('| wasm (WebAssembly, SIMD, single thread) | 0.500 | 3.00 | 150.0 | 0 |'), text);
  assert.ok(text.endsWith('PyTorch reference skipped: /usr/bin/python3 cannot import torch'), text);
});

test.run();
