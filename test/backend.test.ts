import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestedBackend, wasmThreadsToUse } from '../kernel-helpers/src/runtime/backend';

test('GAN_BACKEND unset or blank leaves the choice to the course', () => {
  assert.is(requestedBackend({}), undefined);
  assert.is(requestedBackend({ GAN_BACKEND: '  ' }), undefined);
});

test('GAN_BACKEND names a known backend', () => {
  assert.is(requestedBackend({ GAN_BACKEND: 'cpu' }), 'cpu');
  assert.is(requestedBackend({ GAN_BACKEND: 'wasm' }), 'wasm');
});

test('an unknown GAN_BACKEND is refused with the choices', () => {
  assert.throws(() => requestedBackend({ GAN_BACKEND: 'webgl' }), /GAN_BACKEND=webgl .*tensorflow, wasm, cpu/);
});

test('wasm threads: the idle cores (cores minus the load average, rounded), 1 to 8; GAN_WASM_THREADS overrides', () => {
  assert.is(wasmThreadsToUse({}, 2, 0.2), 2);
  assert.is(wasmThreadsToUse({}, 2, 0.6), 1);
  assert.is(wasmThreadsToUse({}, 2, 7.5), 1);
  assert.is(wasmThreadsToUse({}, 1, 0), 1);
  assert.is(wasmThreadsToUse({}, 8, 2.9), 5);
  assert.is(wasmThreadsToUse({}, 64, 0), 8);
  assert.is(wasmThreadsToUse({ GAN_WASM_THREADS: '2' }, 2, 7.5), 2);
  assert.throws(() => wasmThreadsToUse({ GAN_WASM_THREADS: 'two' }), /GAN_WASM_THREADS=two .*1 to 8/);
  assert.throws(() => wasmThreadsToUse({ GAN_WASM_THREADS: '9' }), /GAN_WASM_THREADS=9/);
});

const TF_OP = `const tf = require('@tensorflow/tfjs'); tf.ones([2, 2]).add(1).dataSync(); console.log('active', tf.getBackend());`;

/** Runs `script` in a fresh Node process (the backend is chosen once per process); its stdout and stderr. */
function runScript(script: string, env: NodeJS.ProcessEnv): { stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  return { stdout: child.stdout, stderr: child.stderr };
}

/** A tensor op after initBackend(), in a fresh process. */
function runWithBackend(backend: string, env: NodeJS.ProcessEnv = {}): string {
  const script = `require('./kernel-helpers/dist/runtime/backend').initBackend()
    .then(() => { ${TF_OP} })
    .catch((e) => { console.log('error', e.message); });`;
  return runScript(script, { GAN_BACKEND: backend, ...env }).stdout;
}

test('the cpu backend says so in one line, without the tfjs-node banner', () => {
  const lines = runWithBackend('cpu').trim().split('\n');
  assert.equal(lines, ['tfjs backend: cpu (plain JavaScript) (set by GAN_BACKEND)', 'active cpu']);
});

test('the wasm backend loads in Node with SIMD, on one thread or several', () => {
  assert.match(runWithBackend('wasm', { GAN_WASM_THREADS: '1' }), /^tfjs backend: wasm \(WebAssembly, SIMD, single thread\) \(set by GAN_BACKEND\)\nactive wasm\n$/);
  assert.match(runWithBackend('wasm', { GAN_WASM_THREADS: '2' }), /^tfjs backend: wasm \(WebAssembly, SIMD, 2 threads\) \(set by GAN_BACKEND\)\nactive wasm\n$/);
});

test('importing kernel-helpers is enough: a tf op without initBackend() runs on the course backend, with no tfjs banner', () => {
  const { stdout, stderr } = runScript(`require('./kernel-helpers/dist'); ${TF_OP}`, { GAN_BACKEND: '', GAN_WASM_THREADS: '1' });
  assert.is(stdout, 'tfjs backend: wasm (WebAssembly, SIMD, single thread)\nactive wasm\n');
  assert.is(stderr, '');
});

test('a bad GAN_WASM_THREADS makes initBackend() fail saying so, not fall back to cpu', () => {
  const out = runWithBackend('', { GAN_WASM_THREADS: 'lots' });
  assert.is(out, 'error GAN_WASM_THREADS=lots is not a thread count; use an integer from 1 to 8.\n');
});

test('initBackend() after ops already ran announces nothing more, and again returns the same backend', () => {
  const script = `require('./kernel-helpers/dist'); ${TF_OP}
    const { initBackend } = require('./kernel-helpers/dist/runtime/backend');
    initBackend().then((first) => initBackend().then((second) => console.log(first, second)));`;
  const { stdout, stderr } = runScript(script, { GAN_BACKEND: '', GAN_WASM_THREADS: '2' });
  assert.is(stdout, 'tfjs backend: wasm (WebAssembly, SIMD, 2 threads)\nactive wasm\nwasm wasm\n');
  assert.is(stderr, '');
});

test('one thread and two give the same numbers: a convolution and its gradients', () => {
  const script = `require('./kernel-helpers/dist'); const tf = require('@tensorflow/tfjs');
    const x = tf.randomUniform([8, 14, 14, 32], -1, 1, 'float32', 1);
    const w = tf.randomUniform([5, 5, 32, 64], -1, 1, 'float32', 2);
    const [dx, dw] = tf.grads((a, b) => tf.conv2d(a, b, 2, 'same').square().sum())([x, w]);
    const y = tf.conv2d(x, w, 2, 'same');
    const hash = require('node:crypto').createHash('sha256');
    for (const t of [y, dx, dw]) hash.update(t.dataSync());
    console.log(hash.digest('hex'), tf.sum(y).dataSync()[0]);`;
  const outputs = ['1', '2'].map((threads) => runScript(script, { GAN_BACKEND: 'wasm', GAN_WASM_THREADS: threads }).stdout.split('\n')[1]);
  assert.match(outputs[0], /^[0-9a-f]{64} /);
  assert.is(outputs[1], outputs[0], 'the same bits on one thread and two');
});

test.run();
