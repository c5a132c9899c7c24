/**
 * Redrawing at a bounded rate, for what a training loop updates every epoch or step but a person watches:
 * the notebook's progress line (progress.ts) and the live charts (plotting/live.ts).
 */
export interface Throttle<T> {
  /** Keeps `value` as the latest; draws it now when `canDraw` and `minIntervalMs` have passed since the last draw. */
  offer(value: T, canDraw?: boolean): void;
  /** Draws the latest value if it has not been drawn, so the final state always shows. */
  flush(): void;
}

export function throttle<T>(draw: (value: T) => void, minIntervalMs: number, now: () => number = Date.now): Throttle<T> {
  let lastDrawnAt = -Infinity;
  let pending: { value: T } | undefined;
  const flush = () => {
    if (!pending) return;
    draw(pending.value);
    lastDrawnAt = now();
    pending = undefined;
  };
  return {
    offer(value, canDraw = true) {
      pending = { value };
      if (canDraw && now() - lastDrawnAt >= minIntervalMs) flush();
    },
    flush,
  };
}
