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

test('histogram: several series overlay, translucent so both stay visible', () => {
  const figure = histogram([
    { name: 'real', values: [0.9, 0.8] },
    { name: 'fake', values: [0.1] },
  ]);
  assert.equal(figure.data.map((t) => [t.type, t.name, t.x, t.opacity]), [
    ['histogram', 'real', [0.9, 0.8], 0.6],
    ['histogram', 'fake', [0.1], 0.6],
  ]);
  assert.is(figure.layout.barmode, 'overlay');
  assert.is(histogram([{ name: 'one', values: [1] }]).data[0].opacity, 1);
});

test.run();
