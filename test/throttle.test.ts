import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throttle } from '../kernel-helpers/src/util/throttle';

test('draws the first value at once, then at most once per interval, and flush() draws only what was not drawn', () => {
  let clock = 0;
  const drawn: number[] = [];
  const redraw = throttle((value: number) => drawn.push(value), 100, () => clock);
  redraw.offer(1);
  clock = 50;
  redraw.offer(2);
  redraw.offer(3);
  assert.equal(drawn, [1]);
  clock = 100;
  redraw.offer(4);
  assert.equal(drawn, [1, 4]);
  redraw.flush();
  assert.equal(drawn, [1, 4]);
  clock = 120;
  redraw.offer(5);
  redraw.flush();
  assert.equal(drawn, [1, 4, 5]);
});

test('a value offered while it cannot be drawn waits for flush()', () => {
  const drawn: string[] = [];
  const redraw = throttle((value: string) => drawn.push(value), 0, () => 0);
  redraw.offer('a', false);
  redraw.offer('b', false);
  assert.equal(drawn, []);
  redraw.flush();
  assert.equal(drawn, ['b']);
});

test.run();
