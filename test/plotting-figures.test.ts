import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  accuracyCurve,
  digitGrid,
  digitImage,
  histogram,
  lineChart,
  lossCurves,
} from '../kernel-helpers/src/plotting/figures';

type Heatmap = { type: string; z: (number | null)[][]; zmin: number; zmax: number; colorscale: [number, string][] };

/** An 8x8 digit that is blank except for one pixel at (row, col) with the given value. */
function onePixel(row: number, col: number, value: number, side = 8): number[] {
  const pixels = new Array(side * side).fill(0);
  pixels[row * side + col] = value;
  return pixels;
}

test('digitImage: an 8x8 raw UCI digit becomes an 8x8 heatmap in percent of full ink', () => {
  const figure = digitImage(onePixel(2, 5, 16), { maxValue: 16, title: 'a pixel' });
  const heatmap = figure.data[0] as Heatmap;
  assert.is(heatmap.type, 'heatmap');
  assert.is(heatmap.z.length, 8);
  heatmap.z.forEach((row) => assert.is(row.length, 8));
  assert.is(heatmap.z[2][5], 100);
  assert.is(heatmap.z.flat().reduce((a, b) => (a as number) + (b as number), 0), 100);
  assert.equal(figure.layout.title, { text: 'a pixel' });
});

test('digitImage: half of maxValue is 50% ink; values beyond 0..maxValue are clamped', () => {
  const pixels = onePixel(0, 0, 0.5);
  pixels[1] = 3;
  pixels[2] = -1;
  const z = (digitImage(pixels).data[0] as Heatmap).z;
  assert.equal(z[0].slice(0, 3), [50, 100, 0]);
});

test('digitImage: dark ink on light paper, origin top-left, square pixels', () => {
  const figure = digitImage(onePixel(0, 0, 1, 28));
  const heatmap = figure.data[0] as Heatmap;
  assert.is(heatmap.z.length, 28);
  assert.equal([heatmap.zmin, heatmap.zmax], [0, 100]);
  assert.equal(heatmap.colorscale[0], [0, '#ffffff']);
  assert.equal(heatmap.colorscale[heatmap.colorscale.length - 1], [1, '#000000']);
  const yaxis = figure.layout.yaxis as Record<string, unknown>;
  assert.is(yaxis.autorange, 'reversed');
  assert.is(yaxis.scaleanchor, 'x');
});

test('digitImage refuses a pixel count that is not 8x8 or 28x28', () => {
  assert.throws(() => digitImage(new Array(100).fill(0)), /64 \(8x8\) or 784 \(28x28\) pixels, got 100/);
});

test('digitGrid: tile i sits at row floor(i/columns), column i%columns, with one blank pixel between tiles', () => {
  const images = [onePixel(0, 0, 1), onePixel(7, 7, 1), onePixel(3, 4, 1)];
  const z = (digitGrid(images, { columns: 2 }).data[0] as Heatmap).z;
  // 2 rows x 2 columns of 8-pixel tiles with 1-pixel gaps: 17 x 17.
  assert.is(z.length, 17);
  z.forEach((row) => assert.is(row.length, 17));
  assert.is(z[0][0], 100); // image 0, top-left tile
  assert.is(z[7][9 + 7], 100); // image 1, top-right tile
  assert.is(z[9 + 3][4], 100); // image 2, bottom-left tile
  const inked = z.flat().filter((v) => v === 100).length;
  assert.is(inked, 3);
  assert.ok(z[8].every((v) => v === null), 'the gap row between tile rows is blank');
  assert.ok(z.every((row) => row[8] === null), 'the gap column between tile columns is blank');
  assert.ok(z.slice(9).every((row) => row.slice(9).every((v) => v === null)), 'the missing fourth tile is blank');
});

test('digitGrid: default columns make a near-square grid', () => {
  const z = (digitGrid(Array.from({ length: 10 }, () => onePixel(0, 0, 1))).data[0] as Heatmap).z;
  assert.is(z[0].length, 4 * 9 - 1); // ceil(sqrt(10)) = 4 columns
  assert.is(z.length, 3 * 9 - 1); // 3 rows
});

test('digitGrid: titles get three blank pixel rows above each 8x8 tile and sit just above it', () => {
  const images = Array.from({ length: 6 }, () => onePixel(0, 0, 1));
  const titles = images.map((_, i) => `#${i}`);
  const figure = digitGrid(images, { titles, columns: 3 });
  const z = (figure.data[0] as Heatmap).z;
  // Per tile row: 3 title rows + 8 pixel rows; 2 tile rows.
  assert.is(z.length, 2 * 11);
  assert.is(z[3][0], 100); // tile 0's first pixel, below its title space
  assert.is(z[11 + 3][9 + 0], 100); // tile 4: row 1, column 1
  assert.ok(z.slice(0, 3).every((row) => row.every((v) => v === null)), 'the title space is blank');
  const annotations = figure.layout.annotations as { text: string; x: number; y: number }[];
  assert.equal(annotations.map((a) => a.text), titles);
  // Tile 4 spans x 9..16 and starts at y = 14: its title is centred over it, just above.
  assert.equal([annotations[4].x, annotations[4].y], [12.5, 13.5]);
});

test('digitGrid names the problem with bad input', () => {
  assert.throws(() => digitGrid([]), /at least one image/);
  assert.throws(() => digitGrid([onePixel(0, 0, 1), new Array(784).fill(0)]), /image 1 has 784 pixels, image 0 has 64/);
  assert.throws(() => digitGrid([onePixel(0, 0, 1)], { titles: ['a', 'b'] }), /2 titles for 1 images/);
  assert.throws(() => digitGrid([onePixel(0, 0, 1)], { columns: 0 }), /columns must be a positive integer, got 0/);
});

test('lossCurves: one line per network against the epoch', () => {
  const history = [
    { epoch: 1, dLoss: 1.2, gLoss: 0.7 },
    { epoch: 2, dLoss: 1.1, gLoss: 0.9 },
  ];
  const figure = lossCurves(history);
  assert.equal(
    figure.data.map((t) => [t.name, t.x, t.y]),
    [
      ['discriminator', [1, 2], [1.2, 1.1]],
      ['generator', [1, 2], [0.7, 0.9]],
    ],
  );
});

test('accuracyCurve: fractions drawn in percent with a dashed line at 50%', () => {
  const figure = accuracyCurve([
    { epoch: 1, dAccuracy: 0.9 },
    { epoch: 2, dAccuracy: 0.625 },
  ]);
  assert.equal(figure.data[0].y, [90, 62.5]);
  const [shape] = figure.layout.shapes as Record<string, unknown>[];
  assert.equal([shape.y0, shape.y1, shape.xref], [50, 50, 'paper']);
  assert.equal((figure.layout.yaxis as Record<string, unknown>).range, [0, 100]);
});

test('lineChart: one line per series with axis titles; mismatched lengths are refused', () => {
  const figure = lineChart([{ name: 'a', x: [0, 1], y: [2, 3] }], { title: 'T', xTitle: 'x', yTitle: 'y' });
  assert.equal(figure.data, [{ type: 'scatter', mode: 'lines', name: 'a', x: [0, 1], y: [2, 3] }]);
  assert.equal((figure.layout.xaxis as Record<string, unknown>).title, { text: 'x' });
  assert.equal((figure.layout.yaxis as Record<string, unknown>).title, { text: 'y' });
  assert.throws(() => lineChart([{ name: 'b', x: [0], y: [1, 2] }]), /series "b" has 1 x and 2 y values/);
});

test('histogram: several series overlay on the same bins, translucent so both stay visible', () => {
  const figure = histogram([
    { name: 'real', values: [0.9, 0.8] },
    { name: 'fake', values: [0.1] },
  ]);
  assert.equal(figure.data.map((t) => [t.type, t.name, t.opacity]), [
    ['bar', 'real', 0.6],
    ['bar', 'fake', 0.6],
  ]);
  assert.equal(figure.data[0].x, figure.data[1].x);
  assert.is(figure.layout.barmode, 'overlay');
  assert.is(histogram([{ name: 'one', values: [1] }]).data[0].opacity, 1);
});

/** The share (%) of each bin, and the bins' lower edges, of a histogram trace. */
const bins = (trace: Record<string, unknown>) => ({
  shares: trace.y as number[],
  lowerEdges: (trace.x as number[]).map((centre) => centre - (trace.width as number) / 2),
});

test('histogram: a uniform sample gives 20 bars of equal height, the end bins included', () => {
  // 2000 evenly spaced values, one in the middle of each 2000th of [-limit, limit]: 100 in each twentieth.
  const limit = Math.sqrt(6 / 60);
  const values = Array.from({ length: 2000 }, (_, i) => -limit + ((2 * limit) * (i + 0.5)) / 2000);
  for (const range of [undefined, [-limit, limit] as [number, number]]) {
    const { shares, lowerEdges } = bins(histogram([{ name: 'w', values }], { range }).data[0]);
    assert.is(shares.length, 20);
    shares.forEach((share, bin) => assert.ok(Math.abs(share - 5) < 1e-9, `bin ${bin}: ${share}%`));
    assert.ok(Math.abs(lowerEdges[0] - (range ? -limit : values[0])) < 1e-12);
  }
});

test('histogram: each series in shares of its own size, counted as an independent count by edges', () => {
  const reals = Array.from({ length: 177 }, (_, i) => (i % 59) / 58);
  const fakes = Array.from({ length: 500 }, (_, i) => (i / 499) ** 3);
  const figure = histogram([{ name: 'real', values: reals }, { name: 'fake', values: fakes }], { range: [0, 1] });
  [reals, fakes].forEach((values, i) => {
    const { shares } = bins(figure.data[i]);
    // Bin k holds k/20 <= v < (k+1)/20, and the last one also v = 1.
    const expected = Array.from({ length: 20 }, (_, k) =>
      (100 * values.filter((v) => (v >= k / 20 && v < (k + 1) / 20) || (k === 19 && v === 1)).length) / values.length,
    );
    shares.forEach((share, k) => assert.ok(Math.abs(share - expected[k]) < 1e-9, `series ${i}, bin ${k}: ${share} vs ${expected[k]}`));
    assert.ok(Math.abs(shares.reduce((a, b) => a + b) - 100) < 1e-9);
  });
  assert.is(figure.layout.yaxis && (figure.layout.yaxis as { title: { text: string } }).title.text, 'share of values (%)');
});

test('histogram: values outside the range, and empty series, are refused', () => {
  assert.throws(() => histogram([{ name: 'scores', values: [0.5, 1.2] }], { range: [0, 1] }), /series "scores" has 1\.2, outside the range \[0, 1\]/);
  assert.throws(() => histogram([{ name: 'scores', values: [NaN] }]), /series "scores" has NaN/);
  assert.throws(() => histogram([{ name: 'none', values: [] }]), /series "none" has no values/);
});

test.run();
