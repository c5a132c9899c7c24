/**
 * Chapter 8's charts (plotting/label-grid.ts), as plain figures: the label grid puts image (label, column) at row
 * `label`, column `column`, each row named by its label; the per-label chart has one bar per label and measure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { labelGrid, perLabelChart } from '../kernel-helpers/src/plotting/label-grid';

test('labelGrid: image i of label l is the tile in row l, column i; rows named 0..classes-1 on the left', () => {
  const [classes, columns] = [3, 4];
  // Image (label, column) is inked evenly at (10 * label + column)%, so each tile says where it belongs.
  const images = Array.from({ length: classes * columns }, (_, i) => new Array(64).fill((10 * Math.floor(i / columns) + (i % columns)) / 100));
  const figure = labelGrid(images, classes);
  const z = (figure.data[0] as { z: (number | null)[][] }).z;
  for (let label = 0; label < classes; label++) {
    for (let column = 0; column < columns; column++) {
      // Tiles of 8 pixels, one blank pixel between them.
      const tile = z.slice(label * 9, label * 9 + 8).map((row) => row.slice(column * 9, column * 9 + 8));
      assert.ok(tile.flat().every((ink) => ink === 10 * label + column), `label ${label}, column ${column}`);
    }
  }
  const layout = figure.layout as { yaxis: { ticktext: string[]; tickvals: number[] }; xaxis: { ticktext: string[] } };
  assert.equal(layout.yaxis.ticktext, ['0', '1', '2']);
  assert.equal(layout.yaxis.tickvals, [3.5, 12.5, 21.5], 'each name at the middle of its row of tiles');
  assert.equal(layout.xaxis.ticktext, ['z1', 'z2', 'z3', 'z4']);
  assert.throws(() => labelGrid(images.slice(1), classes), /11 images do not fill 3 rows/);
});

test('perLabelChart: three bars per label, the shares as judged', () => {
  const entry = (label: number, share: number) => ({ label, fakes: 6, reals: 6, classifiedShare: share, coverage: share / 2, featureCoverage: share / 4 });
  const figure = perLabelChart({
    labels: [entry(0, 1), entry(1, 0.5)],
    meanClassifiedShare: 0.75,
    meanCoverage: 0.375,
    meanFeatureCoverage: 0.1875,
    worstLabel: 1,
    worstClassifiedShare: 0.5,
  });
  assert.equal(figure.data.map((trace) => [trace.name, trace.x, trace.y]), [
    ['classified as asked', ['0', '1'], [1, 0.5]],
    ['coverage (pixels)', ['0', '1'], [0.5, 0.25]],
    ['coverage (features)', ['0', '1'], [0.25, 0.125]],
  ]);
});

test.run();
