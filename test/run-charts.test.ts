/** A run's charts adapt to what its loss logs (issue 11). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { criticCurves } from '../kernel-helpers/src/plotting/run-charts';
import { accuracyCurve } from '../kernel-helpers/src/plotting/figures';

const wassersteinLog = [
  { epoch: 1, dLoss: -0.5, gLoss: 0.2, dReal: 0.9, dFake: 0.1, wasserstein: 0.8, gradientNorm: 1.4 },
  { epoch: 10, dLoss: -0.2, gLoss: 0.1, dReal: 0.4, dFake: 0.2, wasserstein: 0.2, gradientNorm: 1.1 },
];

test("a Wasserstein run's critic chart draws W and the gradient norm per logged epoch", () => {
  const figure = criticCurves(wassersteinLog);
  const traces = figure.data as { x: number[]; y: number[] }[];
  assert.equal(traces.map((trace) => trace.x), [[1, 10], [1, 10]]);
  assert.equal(traces.map((trace) => trace.y), [[0.8, 0.2], [1.4, 1.1]]);
});

test('the accuracy chart leaves out entries that logged no accuracy', () => {
  const history = [{ epoch: 1, dAccuracy: 0.9 }, { epoch: 5 }, { epoch: 10, dAccuracy: 0.5 }];
  const [trace] = accuracyCurve(history).data as { x: number[]; y: number[] }[];
  assert.equal(trace.x, [1, 10]);
  assert.equal(trace.y, [90, 50]);
});

test.run();
