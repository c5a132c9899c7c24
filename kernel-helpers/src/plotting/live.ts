/**
 * Live charts during training: `liveFigure()` keeps one output per chart and replaces it in
 * place (Jupyter's display_id / update_display_data, as tslab's `newDisplay()` does), at most
 * once every `minIntervalMs`, so a training loop may call `update()` every step without
 * flooding the front end. `close()` draws the last state, so an executed notebook keeps the
 * final charts. Outside a kernel only `close()` prints, one summary line per chart.
 */
import { randomBytes } from 'node:crypto';
import type { Figure } from './figures';
import { insideKernel, sendFigure } from './display';

export interface LiveFigure {
  update(figures: Figure | Figure[]): void;
  close(): void;
}

export function liveFigure(opts: { minIntervalMs?: number } = {}, now: () => number = Date.now): LiveFigure {
  const minIntervalMs = opts.minIntervalMs ?? 500;
  const displayIds: string[] = [];
  let lastDrawnAt = -Infinity;
  let pending: Figure[] | undefined;

  function draw(figures: Figure[]): void {
    figures.forEach((figure, i) => {
      const isNew = i >= displayIds.length;
      if (isNew) displayIds.push(randomBytes(8).toString('hex'));
      sendFigure(figure, displayIds[i], !isNew);
    });
    lastDrawnAt = now();
    pending = undefined;
  }

  return {
    update(figures) {
      pending = Array.isArray(figures) ? figures : [figures];
      if (insideKernel() && now() - lastDrawnAt >= minIntervalMs) draw(pending);
    },
    close() {
      if (pending) draw(pending);
    },
  };
}
