/**
 * The bench's tables (kernel-helpers/src/bench/report.ts): ratios against PyTorch when it ran, the reason when
 * it did not; and the conv GAN at equal thread counts, with each round's ratio.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BenchReport, formatConvThreads, formatReport } from '../kernel-helpers/src/bench/report';

const wasm = {
  backend: 'wasm',
  description: 'wasm (WebAssembly, SIMD, single thread)',
  denseIterationMs: 0.5,
  denseRunSeconds: 3,
  convIterationMs: 150,
  dcganRunSeconds: 45,
  tensorsAfter: 0,
  bytesAfter: 0,
};
const base = { date: '2026-11-23T12:00:00.000Z', machine: 'AMD EPYC, 2 cores, Node v20', convThreads: { skipped: 'no torch' } };

test('each time has its ratio to PyTorch beside it', () => {
  const report: BenchReport = {
    ...base,
    pytorch: { torch: '1.13.0', denseIterationMs: 1, denseRunSeconds: 2, convIterationMs: 100, dcganRunSeconds: 15 },
    backends: [wasm, { backend: 'tensorflow', unavailable: '@tensorflow/tfjs-node is not installed' }],
  };
  const lines = formatReport(report).split('\n');
  assert.ok(lines.includes('| PyTorch 1.13.0, 1 thread | 1.000 | 1.00x | 2.00 | 1.00x | 100.0 | 1.00x | 15.0 | 1.00x |  |'), lines.join('\n'));
  assert.ok(lines.includes('| wasm (WebAssembly, SIMD, single thread) | 0.500 | 0.50x | 3.00 | 1.50x | 150.0 | 1.50x | 45.0 | 3.00x | 0 |'), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('| tensorflow: unavailable (@tensorflow/tfjs-node is not installed) |')));
});

test('a workload a backend does not run says so, with no ratio', () => {
  const cpu = { ...wasm, backend: 'cpu', description: 'cpu (plain JavaScript)', dcganRunSeconds: null };
  const pytorch = { torch: '1.13.0', denseIterationMs: 1, denseRunSeconds: 2, convIterationMs: 100, dcganRunSeconds: 15 };
  const withReference = formatReport({ ...base, pytorch, backends: [cpu] });
  assert.ok(withReference.includes('| cpu (plain JavaScript) | 0.500 | 0.50x | 3.00 | 1.50x | 150.0 | 1.50x | not run |  | 0 |'), withReference);
  const alone = formatReport({ ...base, pytorch: { skipped: 'no torch' }, backends: [cpu] });
  assert.ok(alone.includes('| cpu (plain JavaScript) | 0.500 | 3.00 | 150.0 | not run | 0 |'), alone);
});

test('without torch the table has no ratio columns and says why', () => {
  const text = formatReport({ ...base, pytorch: { skipped: '/usr/bin/python3 cannot import torch' }, backends: [wasm] });
  assert.ok(
    text.includes('| backend | demo GAN iteration (ms) | demo GAN 100 epochs (s) | conv GAN iteration (ms) | DCGAN chapter, 200 steps (s) | tensors after |'),
    text,
  );
  assert.ok(text.includes('| wasm (WebAssembly, SIMD, single thread) | 0.500 | 3.00 | 150.0 | 45.0 | 0 |'), text);
  assert.ok(text.endsWith('PyTorch reference skipped: /usr/bin/python3 cannot import torch'), text);
});

test('the conv GAN at equal threads: medians of the times, median and range of the per-round ratios, the thread gains', () => {
  const text = formatConvThreads([
    { threads: 1, pytorchMs: [100, 80, 120], wasmMs: [200, 240, 210] },
    { threads: 2, pytorchMs: [50, 60, 40], wasmMs: [150, 120, 90] },
  ]);
  const lines = text.split('\n');
  assert.ok(lines[0].startsWith('Conv GAN iteration at equal thread counts (wall-clock ms, medians of 3 rounds;'), text);
  // Ratios per round: 2.00, 3.00, 1.75 on one thread; 3.00, 2.00, 2.25 on two.
  assert.ok(lines.includes('| 1 | 100.0 | 210.0 | 2.00x | 1.75-3.00x |'), text);
  assert.ok(lines.includes('| 2 | 50.0 | 120.0 | 2.25x | 2.00-3.00x |'), text);
  assert.ok(lines.includes('2 threads against 1: PyTorch 2.00x as fast, tfjs wasm 1.75x'), text);
  assert.is(formatConvThreads({ skipped: 'no torch' }), 'Conv GAN at equal thread counts skipped: no torch');
});

test.run();
