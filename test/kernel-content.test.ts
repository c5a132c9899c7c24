import * as vm from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LocateInCells, displayContent, isCompleteContent, resultData, thrownErrorContent } from '../kernel-helpers/src/kernel/content';

test('a cell value is shown as the Node REPL shows it', () => {
  assert.equal(resultData('gans'), { 'text/plain': "'gans'" });
  assert.equal(resultData({ lr: 0.0002, layers: [64, 32] }), { 'text/plain': '{ lr: 0.0002, layers: [ 64, 32 ] }' });
  assert.equal(resultData(new Float32Array([0.5, 1])), { 'text/plain': 'Float32Array(2) [ 0.5, 1 ]' });
});

test('is_complete: finished code is complete', () => {
  for (const code of ['1 + 1', 'const x = 1;', 'function f() {\n  return 1;\n}', 'for (const i of [1, 2]) {}']) {
    assert.equal(isCompleteContent(code), { status: 'complete' }, code);
  }
});

test('is_complete: generic arrow functions and type assertions are complete (they parse as TypeScript, not as TSX)', () => {
  assert.equal(isCompleteContent('const identity = <T>(x: T) => x;'), { status: 'complete' });
  assert.equal(isCompleteContent('const n = <number>(1 as unknown);'), { status: 'complete' });
});

test('is_complete: unfinished code is incomplete, with the indent of the next line', () => {
  assert.equal(isCompleteContent('function f() {'), { status: 'incomplete', indent: '  ' });
  assert.equal(isCompleteContent('const xs = [1, 2,').status, 'incomplete');
});

test('is_complete: code that cannot parse is invalid', () => {
  for (const code of ['const = 1;', '1 +* 2', '}', 'let 3d = 1;']) {
    assert.equal(isCompleteContent(code), { status: 'invalid' }, code);
  }
});

test('is_complete: two blank lines end an unfinished cell, which is then invalid', () => {
  assert.equal(isCompleteContent('function f() {\n\n\n'), { status: 'invalid' });
});

test('a thrown Error keeps its name, message and the cell frames, at their cell lines, without Node frames', () => {
  let thrown: unknown;
  try {
    vm.runInThisContext('(function train() { throw new RangeError("lr must be positive"); })()\n//# sourceURL=cell-1');
  } catch (error) {
    thrown = error;
  }
  // A stand-in for the kernel's source maps: train's frame is on line 2 of In[4]; the call of it is tslab's.
  const locate: LocateInCells = (file, line, column) => {
    if (file !== 'cell-1') return undefined;
    return column === 27 ? { cell: 'In[4]', line: 2, column: 9, text: '  throw new RangeError("lr must be positive");' } : 'tslab';
  };
  const content = thrownErrorContent(thrown, locate);
  assert.is(content.ename, 'RangeError');
  assert.is(content.evalue, 'lr must be positive');
  // Below the cell come the frames of whoever ran it (here the test runner, in the kernel none).
  assert.equal(content.traceback.slice(0, 3), [
    'RangeError: lr must be positive',
    '    at train (cell In[4], line 2, column 9)',
    '        throw new RangeError("lr must be positive");',
  ]);
  assert.not.ok(content.traceback.some((line) => line.includes('cell-1') || line.includes('node:')));
});

test('a thrown value that is not an Error is shown as the REPL shows it', () => {
  assert.equal(thrownErrorContent('stop'), { ename: 'Uncaught', evalue: "'stop'", traceback: ["Uncaught 'stop'"] });
});

test('an interrupted script is reported as a KeyboardInterrupt', () => {
  let thrown: unknown;
  try {
    // Node stops a script run with breakOnSigint when SIGINT arrives; the signal is raised from inside it.
    vm.runInThisContext('process.kill(process.pid, "SIGINT"); while (true) {}', { breakOnSigint: true });
  } catch (error) {
    thrown = error;
  }
  assert.is(thrownErrorContent(thrown).ename, 'KeyboardInterrupt');
});

test('JSON media types carry JSON values; other types keep their strings', () => {
  const figure = { data: [{ y: [1, 3, 2] }], layout: {} };
  const shown = displayContent({
    data: { 'application/vnd.plotly.v1+json': JSON.stringify(figure), 'application/json': '[1]', 'text/html': '<b>GAN</b>' },
    metadata: {},
  });
  assert.equal(shown.data, { 'application/vnd.plotly.v1+json': figure, 'application/json': [1], 'text/html': '<b>GAN</b>' });
});

test('display data that is already a JSON value is sent as it is', () => {
  const figure = { data: [], layout: {} };
  assert.is(displayContent({ data: { 'application/vnd.plotly.v1+json': figure }, metadata: {} }).data['application/vnd.plotly.v1+json'], figure);
});

test('invalid JSON for a JSON media type is refused with the type', () => {
  assert.throws(() => displayContent({ data: { 'application/vnd.plotly.v1+json': '{data:' }, metadata: {} }), /application\/vnd\.plotly\.v1\+json is not valid JSON/);
});

test.run();
