/**
 * The course's charts as plain plotly figures ({ data, layout }): pure builders with no I/O, so
 * tests check them without a browser and `show()`, `liveFigure()` and `writeHtmlReport()` draw
 * them anywhere. Every chart in the course is built here.
 */

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** Ink is drawn dark on a light background, like a digit written on paper. */
const INK_COLORSCALE = [
  [0, '#ffffff'],
  [1, '#000000'],
];
/**
 * Pixels are stored as whole percentages of full ink (0..100): 101 grey levels look the same as
 * 256 on screen, and short integers keep a notebook with many digit grids small.
 */
const FULL_INK = 100;
const BASE_LAYOUT = { margin: { l: 60, r: 20, t: 50, b: 50 }, plot_bgcolor: '#ffffff' };

function titled(title: string | undefined): Record<string, unknown> {
  return title ? { title: { text: title } } : {};
}

/** The side of a square digit image: 8 for the UCI 8x8 digits, 28 for MNIST. */
function digitSide(pixelCount: number): number {
  if (pixelCount !== 64 && pixelCount !== 784) {
    throw new Error(`a digit image has 64 (8x8) or 784 (28x28) pixels, got ${pixelCount}`);
  }
  return Math.sqrt(pixelCount);
}

/** A pixel as a whole percentage of ink (0 = paper, 100 = `maxValue` or more). */
function inkPercent(value: number, maxValue: number): number {
  return Math.round(Math.min(1, Math.max(0, value / maxValue)) * FULL_INK);
}

/** Layout for images: row 0 at the top, square pixels, no ticks, narrow margins. */
function imageLayout(title: string | undefined): Record<string, unknown> {
  const hidden = { showgrid: false, zeroline: false, showticklabels: false, ticks: '' };
  return {
    ...BASE_LAYOUT,
    ...titled(title),
    margin: { l: 20, r: 20, t: title ? 50 : 20, b: 20 },
    xaxis: { ...hidden, constrain: 'domain' },
    yaxis: { ...hidden, autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' },
  };
}

function greyHeatmap(z: (number | null)[][]): Record<string, unknown> {
  return {
    type: 'heatmap',
    z,
    zmin: 0,
    zmax: FULL_INK,
    colorscale: INK_COLORSCALE,
    showscale: false,
    hoverongaps: false,
    hovertemplate: 'ink %{z}%<extra></extra>',
  };
}

/** One digit as a grey image; `maxValue` is the value drawn as full ink (1 for 0..1 data, 16 for raw UCI digits). */
export function digitImage(pixels: ArrayLike<number>, opts: { title?: string; maxValue?: number } = {}): Figure {
  const side = digitSide(pixels.length);
  const maxValue = opts.maxValue ?? 1;
  const z = Array.from({ length: side }, (_, row) =>
    Array.from({ length: side }, (_, col) => inkPercent(pixels[row * side + col], maxValue)),
  );
  return {
    data: [greyHeatmap(z)],
    layout: { ...imageLayout(opts.title), width: 300, height: opts.title ? 330 : 300 },
  };
}

/**
 * Digits tiled in rows of `columns` (default: a near-square grid) as one heatmap, with blank
 * pixels between tiles (more between rows when each tile has a title above it). One trace keeps
 * the figure small and fast to draw, even for a 64-digit grid.
 */
export function digitGrid(
  images: ArrayLike<number>[],
  opts: { columns?: number; titles?: string[]; title?: string; maxValue?: number } = {},
): Figure {
  if (images.length === 0) throw new Error('digitGrid needs at least one image');
  const side = digitSide(images[0].length);
  images.forEach((image, i) => {
    if (image.length !== images[0].length) {
      throw new Error(`digitGrid: image ${i} has ${image.length} pixels, image 0 has ${images[0].length}`);
    }
  });
  if (opts.titles && opts.titles.length !== images.length) {
    throw new Error(`digitGrid: ${opts.titles.length} titles for ${images.length} images`);
  }
  const columns = opts.columns ?? Math.ceil(Math.sqrt(images.length));
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`digitGrid: columns must be a positive integer, got ${columns}`);
  const rows = Math.ceil(images.length / columns);
  const columnPitch = side + 1;
  // A title needs about a third of a tile's height above the tile.
  const titleSpace = opts.titles ? Math.ceil(side / 3) : 0;
  const rowPitch = side + Math.max(1, titleSpace);
  const top = (i: number) => Math.floor(i / columns) * rowPitch + titleSpace;
  const left = (i: number) => (i % columns) * columnPitch;
  const maxValue = opts.maxValue ?? 1;
  const height = (rows - 1) * rowPitch + titleSpace + side;
  const z: (number | null)[][] = Array.from({ length: height }, () => new Array(columns * columnPitch - 1).fill(null));
  images.forEach((image, i) => {
    for (let row = 0; row < side; row++) {
      for (let col = 0; col < side; col++) z[top(i) + row][left(i) + col] = inkPercent(image[row * side + col], maxValue);
    }
  });
  const annotations = (opts.titles ?? []).map((text, i) => ({
    text,
    x: left(i) + (side - 1) / 2,
    y: top(i) - 0.5,
    yanchor: 'bottom',
    showarrow: false,
    font: { size: 11 },
  }));
  const pixelSize = Math.max(4, Math.min(10, Math.floor(720 / (columns * columnPitch))));
  return {
    data: [greyHeatmap(z)],
    layout: {
      ...imageLayout(opts.title),
      annotations,
      width: columns * columnPitch * pixelSize + 40,
      height: height * pixelSize + (opts.title ? 70 : 40),
    },
  };
}

function lineTrace(name: string, x: number[], y: number[]): Record<string, unknown> {
  return { type: 'scatter', mode: 'lines', name, x, y };
}

function chartLayout(title: string | undefined, xTitle: string | undefined, yTitle: string | undefined): Record<string, unknown> {
  return {
    ...BASE_LAYOUT,
    ...titled(title),
    xaxis: { ...titled(xTitle), gridcolor: '#e5e5e5' },
    yaxis: { ...titled(yTitle), gridcolor: '#e5e5e5' },
    height: 360,
  };
}

/** Discriminator and generator loss per epoch. */
export function lossCurves(history: ReadonlyArray<{ epoch: number; dLoss: number; gLoss: number }>): Figure {
  const epochs = history.map((h) => h.epoch);
  return {
    data: [
      lineTrace('discriminator', epochs, history.map((h) => h.dLoss)),
      lineTrace('generator', epochs, history.map((h) => h.gLoss)),
    ],
    layout: chartLayout('Losses', 'epoch', 'loss'),
  };
}

/** The discriminator's accuracy in %, with the 50% line where it can no longer tell real from fake. */
export function accuracyCurve(history: ReadonlyArray<{ epoch: number; dAccuracy?: number }>): Figure {
  const layout = chartLayout('Discriminator accuracy', 'epoch', 'accuracy (%)');
  const logged = history.filter((h): h is { epoch: number; dAccuracy: number } => h.dAccuracy !== undefined);
  return {
    data: [lineTrace('discriminator', logged.map((h) => h.epoch), logged.map((h) => h.dAccuracy * 100))],
    layout: {
      ...layout,
      yaxis: { ...(layout.yaxis as object), range: [0, 100] },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: 50, y1: 50, line: { dash: 'dash', color: '#888888' } }],
    },
  };
}

/** Any number of named series as lines. */
export function lineChart(
  series: { name: string; x: number[]; y: number[] }[],
  opts: { title?: string; xTitle?: string; yTitle?: string } = {},
): Figure {
  series.forEach((s) => {
    if (s.x.length !== s.y.length) throw new Error(`lineChart: series "${s.name}" has ${s.x.length} x and ${s.y.length} y values`);
  });
  return {
    data: series.map((s) => lineTrace(s.name, s.x, s.y)),
    layout: chartLayout(opts.title, opts.xTitle, opts.yTitle),
  };
}

/** Bins of every histogram: enough to show a shape, few enough that a few hundred values fill each. */
const HISTOGRAM_BINS = 20;

/**
 * Distributions of named samples, overlaid, as each sample's share of values per bin (%), so that samples of
 * different sizes compare (e.g. the discriminator's scores on 177 real and 500 fake digits). All series share 20
 * bins that split `range` (default: the smallest to the largest value) evenly, the last one including its upper
 * end, so a uniform sample gives bars of equal height. (Plotly's own bins start at round numbers, so the end bins
 * reach past the data and come out short, and it drops values equal to an explicit upper end.)
 */
export function histogram(
  series: { name: string; values: number[] }[],
  opts: { title?: string; xTitle?: string; range?: [number, number] } = {},
): Figure {
  series.forEach((s) => {
    if (s.values.length === 0) throw new Error(`histogram: series "${s.name}" has no values`);
    const notFinite = s.values.find((value) => !Number.isFinite(value));
    if (notFinite !== undefined) throw new Error(`histogram: series "${s.name}" has ${notFinite}`);
  });
  const [low, high] = opts.range ?? valueRange(series.flatMap((s) => s.values));
  if (!(high > low)) throw new Error(`histogram: the range must have low < high, got [${low}, ${high}]`);
  const width = (high - low) / HISTOGRAM_BINS;
  const centres = Array.from({ length: HISTOGRAM_BINS }, (_, bin) => low + (bin + 0.5) * width);
  return {
    data: series.map((s) => {
      const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
      s.values.forEach((value) => {
        if (value < low || value > high) throw new Error(`histogram: series "${s.name}" has ${value}, outside the range [${low}, ${high}]`);
        counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((value - low) / width))]++;
      });
      return {
        type: 'bar',
        name: s.name,
        x: centres,
        y: counts.map((count) => (100 * count) / s.values.length),
        width,
        customdata: counts.map((count, bin) => [count, low + bin * width, low + (bin + 1) * width]),
        hovertemplate: `%{customdata[1]:.3g} to %{customdata[2]:.3g}: %{y:.1f}% (%{customdata[0]} of ${s.values.length})<extra>${s.name}</extra>`,
        marker: { line: { width: 0.5, color: '#ffffff' } },
        opacity: series.length > 1 ? 0.6 : 1,
      };
    }),
    layout: { ...chartLayout(opts.title, opts.xTitle, 'share of values (%)'), barmode: 'overlay' },
  };
}

/** The smallest and largest value, widened around a single value so that it still gets a bin. */
function valueRange(values: number[]): [number, number] {
  const low = values.reduce((a, b) => Math.min(a, b));
  const high = values.reduce((a, b) => Math.max(a, b));
  return high > low ? [low, high] : [low - 0.5, high + 0.5];
}
