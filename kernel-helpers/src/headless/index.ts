/** The GANs `npm run train -- --model NAME` can train: one entry per chapter's model, the demo first (the default). */
import { cganRun } from './cgan';
import { dcganRun } from './dcgan';
import { digitsRun } from './digits';
import { HeadlessRun } from './headless-run';
import { ringRun } from './ring';
import { tabularRun } from './tabular';

export const HEADLESS_RUNS: readonly HeadlessRun[] = [digitsRun, dcganRun, cganRun, tabularRun, ringRun];
