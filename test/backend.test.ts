import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestedBackend } from '../kernel-helpers/src/runtime/backend';

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

/** Runs a tensor op in a fresh Node process (the backend is chosen once per process). */
function runWithBackend(backend: string): string {
  const script = `require('./kernel-helpers/dist/runtime/backend').initBackend()
    .then(() => { const tf = require('@tensorflow/tfjs'); tf.ones([2, 2]).add(1).dataSync(); console.log('active', tf.getBackend()); })
    .catch((e) => { console.log('error', e.message); });`;
  return execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, GAN_BACKEND: backend },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('the cpu backend says so in one line, without the tfjs-node banner', () => {
  const lines = runWithBackend('cpu').trim().split('\n');
  assert.equal(lines, ['tfjs backend: cpu (plain JavaScript) (set by GAN_BACKEND)', 'active cpu']);
});

test('the wasm backend loads in Node with SIMD', () => {
  assert.match(runWithBackend('wasm'), /^tfjs backend: wasm \(WebAssembly, SIMD, single thread\) \(set by GAN_BACKEND\)\nactive wasm\n$/);
});

test.run();
