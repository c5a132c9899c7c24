/**
 * Ctrl-C while a GAN trains (issue 7). A SIGINT listener, installed only while trainGan runs, turns the signal
 * into a flag that the training loop checks after each epoch, so that training stops at a clean point:
 * - in the headless run, instead of Node exiting at once, the run saves a checkpoint and exits;
 * - in a notebook, the course kernel answers the interrupt by no longer awaiting the cell, but cannot stop the
 *   code behind it; without the flag the loop would train on unseen and the next cell would race it.
 */
import type { TrainingState } from './state';

export interface InterruptWatch {
  /** True once SIGINT has arrived since the watch began. */
  readonly requested: boolean;
  /** Removes the listener: Ctrl-C has its usual effect again. */
  stop(): void;
}

export function watchInterrupts(): InterruptWatch {
  let requested = false;
  const listener = () => {
    requested = true;
  };
  process.on('SIGINT', listener);
  return {
    get requested() {
      return requested;
    },
    stop: () => process.off('SIGINT', listener),
  };
}

/** trainGan's rejection after Ctrl-C; `state` holds the models as they were after the last finished epoch. */
export class TrainingInterrupted extends Error {
  override name = 'TrainingInterrupted';

  constructor(readonly state: TrainingState) {
    super(`training interrupted after epoch ${state.epoch} of ${state.settings.epochs}; the models keep the weights of that epoch`);
  }
}
