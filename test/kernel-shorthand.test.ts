import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandShorthandProperties } from '../kernel-helpers/src/kernel/shorthand';

/** Evaluates an expression with `scope` in reach, as the kernel's `exports` lookups are. */
function evaluate(code: string, scope: Record<string, unknown>): unknown {
  return new Function(...Object.keys(scope), `return (${code});`)(...Object.values(scope));
}

test('shorthand properties are spelled out, nested ones too', () => {
  assert.is(expandShorthandProperties('trainGan(images, { epochs, seed })'), 'trainGan(images, { epochs: epochs, seed: seed })');
  assert.is(expandShorthandProperties('f({ a, b: { c } })'), 'f({ a: a, b: { c: c } })');
});

test('the expanded literal builds the same object as the shorthand one', () => {
  const scope = { epochs: 3, seed: 7, lr: 0.005 };
  const code = '{ epochs, nested: { seed, lr }, extra: 1 }';
  assert.equal(evaluate(expandShorthandProperties(code), scope), evaluate(code, scope));
});

test('a destructuring assignment with a default keeps its meaning', () => {
  const code = '(() => { let a, b; ({ a, b = 2 } = { a: 1 }); return [a, b]; })()';
  assert.equal(evaluate(expandShorthandProperties(code), {}), [1, 2]);
});

test('declarations, methods and property accesses are left as they are', () => {
  for (const code of ['const { a, b } = obj;', 'const o = { run() { return 1; } };', 'obj.state + other.state', '`${x}`']) {
    assert.is(expandShorthandProperties(code), code);
  }
});

test('a cell that does not parse is handed on unchanged, for tslab to report', () => {
  assert.is(expandShorthandProperties('f({ a, '), 'f({ a, ');
});

test.run();
