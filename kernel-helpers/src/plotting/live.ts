/**
 * Live charts during training: `liveFigure()` keeps one output per chart and replaces it in
 * place (Jupyter's display_id / update_display_data, as tslab's `newDisplay()` does), at most
 * once every `minIntervalMs`, so a training loop may call `update()` every step without
 * flooding the front end. `close()` draws the last state, so an executed notebook keeps the
 * final charts. Outside a kernel only `close()` prints, one summary line per chart.
 */
import { randomBytes } from 'node:crypto';
import type { Figure } from './figures';
import { throttle } from '../util/throttle';
import { insideKernel, sendFigure } from './display';

export interface LiveFigure {
  update(figures: Figure | Figure[]): void;
  close(): void;
}

export function liveFigure(opts: { minIntervalMs?: number } = {}, now: () => number = Date.now): LiveFigure {
  const displayIds: string[] = [];
  const redraw = throttle(
    (figures: Figure[]) =>
      figures.forEach((figure, i) => {
        const isNew = i >= displayIds.length;
        if (isNew) displayIds.push(randomBytes(8).toString('hex'));
        sendFigure(figure, displayIds[i], !isNew);
      }),
    opts.minIntervalMs ?? 500,
    now,
  );
  return {
    // Outside a kernel nothing can be updated in place: only close() prints.
    update: (figures) => redraw.offer(Array.isArray(figures) ? figures : [figures], insideKernel()),
    close: () => redraw.flush(),
  };
}
