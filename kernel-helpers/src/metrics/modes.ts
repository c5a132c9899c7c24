/**
 * Mode coverage of 2-D samples against a known mixture of Gaussians (chapter 9), as VEEGAN (Srivastava et al.
 * 2017) and PacGAN (Lin et al. 2018) measure it on the ring and the grid:
 * - a sample is *high-quality* when it lies within 3 standard deviations of its nearest centre;
 * - a mode is *covered* when at least 1% of all samples are high-quality samples of that mode.
 * A generator that makes one kind of sample (mode collapse) covers 1 mode with many high-quality samples; one
 * that smears its points over the plane covers none well.
 */
import type { GaussianMixture } from '../data/toy-2d';

/** A sample within this many standard deviations of a centre is a high-quality sample of that mode. */
export const HIGH_QUALITY_STDS = 3;
/** A mode is covered when at least this share of all samples are its high-quality samples. */
export const COVERED_MODE_SHARE = 0.01;

export interface ModeJudgement {
  /** Modes with at least COVERED_MODE_SHARE of the samples within HIGH_QUALITY_STDS std of their centre. */
  modesCovered: number;
  /** Share of the samples within HIGH_QUALITY_STDS std of some centre. */
  highQualityShare: number;
  /** modeShares[i]: share of the samples within HIGH_QUALITY_STDS std of centre i (they sum to highQualityShare). */
  modeShares: number[];
}

export function judgeModes(points: number[][], mixture: GaussianMixture): ModeJudgement {
  if (!Array.isArray(points) || points.length === 0) throw new Error('judgeModes: no points; it needs at least one');
  points.forEach((point, i) => {
    if (!Array.isArray(point) || point.length !== 2 || !point.every(Number.isFinite)) {
      throw new Error(`judgeModes: points[${i}] is ${JSON.stringify(point)}, expected [x, y] with finite numbers`);
    }
  });
  const counts = new Array<number>(mixture.centres.length).fill(0);
  const radius = HIGH_QUALITY_STDS * mixture.std;
  for (const [x, y] of points) {
    let nearest = 0;
    let nearestDistance = Infinity;
    mixture.centres.forEach(([cx, cy], i) => {
      const distance = Math.hypot(x - cx, y - cy);
      if (distance < nearestDistance) [nearest, nearestDistance] = [i, distance];
    });
    if (nearestDistance <= radius) counts[nearest]++;
  }
  const modeShares = counts.map((count) => count / points.length);
  return {
    modesCovered: modeShares.filter((share) => share >= COVERED_MODE_SHARE).length,
    highQualityShare: counts.reduce((sum, count) => sum + count, 0) / points.length,
    modeShares,
  };
}
