/**
 * A conditional GAN label by label (chapter 8 and its headless report): its images as a grid with one row per label
 * and one column per noise vector, and its per-label judgement as bars.
 */
import type { PerLabelJudgement } from '../metrics/per-label';
import { digitGrid, Figure } from './figures';

/**
 * `images` ordered label by label (row 0: label 0 for each column, row 1: label 1, ...), as labelGridImages makes
 * them; `classes` rows, each named on the left. Along a row the noise changes and the label stays; down a column
 * the reverse. Six screen pixels per image pixel keep a 10x10 grid under 600 px square.
 */
export function labelGrid(images: number[][], classes: number, opts: { title?: string } = {}): Figure {
  const columns = images.length / classes;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`labelGrid: ${images.length} images do not fill ${classes} rows`);
  const figure = digitGrid(images, { columns, title: opts.title ?? 'Rows: the label asked for. Columns: the same noise z' });
  const layout = figure.layout as { yaxis: object; xaxis: object; margin: { t: number } };
  // digitGrid puts each image in a tile of its side plus one blank pixel, rows as columns.
  const pitch = Math.sqrt(images[0].length) + 1;
  const centre = (i: number) => i * pitch + (pitch - 2) / 2;
  figure.layout = {
    ...layout,
    yaxis: { ...layout.yaxis, showticklabels: true, tickvals: Array.from({ length: classes }, (_, i) => centre(i)), ticktext: Array.from({ length: classes }, (_, i) => String(i)), title: { text: 'label' } },
    xaxis: { ...layout.xaxis, showticklabels: true, tickvals: Array.from({ length: columns }, (_, i) => centre(i)), ticktext: Array.from({ length: columns }, (_, i) => `z${i + 1}`) },
    margin: { l: 60, r: 20, t: layout.margin.t, b: 40 },
    width: columns * pitch * 6 + 80,
    height: classes * pitch * 6 + layout.margin.t + 40,
  };
  return figure;
}

/** Per label: the share of fakes classified as asked, and the coverage of its real images (pixels and features). */
export function perLabelChart(judgement: PerLabelJudgement, opts: { title?: string } = {}): Figure {
  const x = judgement.labels.map((entry) => String(entry.label));
  const bars = (name: string, y: number[]) => ({ type: 'bar', name, x, y, hovertemplate: `label %{x}: %{y:.3f}<extra>${name}</extra>` });
  return {
    data: [
      bars('classified as asked', judgement.labels.map((entry) => entry.classifiedShare)),
      bars('coverage (pixels)', judgement.labels.map((entry) => entry.coverage)),
      bars('coverage (features)', judgement.labels.map((entry) => entry.featureCoverage)),
    ],
    layout: {
      title: { text: opts.title ?? 'Each label judged' },
      barmode: 'group',
      xaxis: { title: { text: 'label asked for' }, type: 'category' },
      yaxis: { title: { text: 'share (0..1)' }, range: [0, 1.02], gridcolor: '#e5e5e5' },
      plot_bgcolor: '#ffffff',
      margin: { l: 60, r: 20, t: 50, b: 50 },
      legend: { orientation: 'h', y: -0.2 },
      height: 380,
    },
  };
}
