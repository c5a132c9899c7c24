/**
 * The charts of a training run (chapters 3-5 and the headless report), composed from the plotting module's builders.
 */
import { digitGrid, Figure, lineChart } from './';
import { HistoryEntry, Snapshot } from '../training/log-line';

/** Mean D(x) and D(G(z)) per logged epoch; both should tend to 0.5. */
export function scoreCurves(history: readonly HistoryEntry[]): Figure {
  const epochs = history.map((entry) => entry.epoch);
  return lineChart(
    [
      { name: 'D(x), real', x: epochs, y: history.map((entry) => entry.dReal) },
      { name: 'D(G(z)), fake', x: epochs, y: history.map((entry) => entry.dFake) },
    ],
    { title: 'Discriminator scores', xTitle: 'epoch', yTitle: 'mean score' },
  );
}

/**
 * A Wasserstein run's critic per logged epoch: its estimate W of the distance (should shrink as G improves) and
 * its gradient norm between real and fake rows (the gradient penalty holds it near 1).
 */
export function criticCurves(history: readonly HistoryEntry[]): Figure {
  const logged = history.filter((entry) => entry.wasserstein !== undefined);
  const epochs = logged.map((entry) => entry.epoch);
  return lineChart(
    [
      { name: 'W estimate, mean D(x) - mean D(G(z))', x: epochs, y: logged.map((entry) => entry.wasserstein!) },
      { name: "|grad D| between real and fake", x: epochs, y: logged.map((entry) => entry.gradientNorm!) },
    ],
    { title: 'The critic', xTitle: 'epoch', yTitle: 'value' },
  );
}

/** The fixed-noise images at each logged epoch: one row per epoch, the first `perEpoch` images. */
export function snapshotGrid(snapshots: readonly Snapshot[], perEpoch = 8): Figure {
  const rows = snapshots.map((snapshot) => snapshot.images.slice(0, perEpoch));
  return digitGrid(rows.flat(), {
    columns: perEpoch,
    titles: rows.flatMap((images, row) => images.map((_, i) => (i === 0 ? `epoch ${snapshots[row].epoch}` : ''))),
    title: 'The same noise, epoch after epoch',
  });
}

/** A row of generated digits above a row of real ones (all pixels 0..1). */
export function fakesBesideReals(fakes: number[][], reals: number[][], count = 8): Figure {
  const [fakeRow, realRow] = [fakes.slice(0, count), reals.slice(0, count)];
  return digitGrid([...fakeRow, ...realRow], {
    columns: count,
    titles: [...fakeRow.map(() => 'fake'), ...realRow.map(() => 'real')],
    title: 'Generated (top) and real (bottom)',
  });
}
