/**
 * Two-dimensional toy data for the mode-collapse chapter (chapter 9): mixtures of equally likely, round Gaussians
 * whose modes can be counted by eye and by a metric (metrics/modes.ts).
 *
 * - The ring: 8 Gaussians of std 0.02 evenly spaced on a circle of radius 2, the standard mode-collapse test
 *   (Metz et al. 2017, "Unrolled GANs"; Srivastava et al. 2017, "VEEGAN"; Lin et al. 2018, "PacGAN").
 * - The grid: 25 Gaussians of std 0.05 at -4, -2, 0, 2, 4 on each axis (VEEGAN, PacGAN), a harder test.
 * Samples are drawn from the course's seeded PRNG, so a seed fixes them.
 */
import { Rng } from '../util/seeding';

export interface GaussianMixture {
  /** The modes' centres, [x, y]. */
  centres: [number, number][];
  /** The standard deviation of every mode, the same along x and y. */
  std: number;
}

/** `modes` Gaussians of std `std`, evenly spaced on a circle of `radius` around the origin, the first on the x axis. */
export function ringOfGaussians(modes = 8, radius = 2, std = 0.02): GaussianMixture {
  checkMixture('ringOfGaussians', { modes, radius, std });
  const centres = Array.from({ length: modes }, (_, i): [number, number] => {
    const angle = (2 * Math.PI * i) / modes;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
  return { centres, std };
}

/** side x side Gaussians of std `std` on a square grid centred on the origin, `spacing` apart. */
export function gridOfGaussians(side = 5, spacing = 2, std = 0.05): GaussianMixture {
  checkMixture('gridOfGaussians', { side, spacing, std });
  const offsets = Array.from({ length: side }, (_, i) => (i - (side - 1) / 2) * spacing);
  return { centres: offsets.flatMap((x) => offsets.map((y): [number, number] => [x, y])), std };
}

/** `count` points of the mixture: each picks a mode uniformly at random and adds N(0, std²) noise to each coordinate. */
export function sampleMixture(mixture: GaussianMixture, count: number, rng: Rng): number[][] {
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`sampleMixture: count must be an integer >= 0, got ${count}`);
  return Array.from({ length: count }, () => {
    const [x, y] = mixture.centres[Math.floor(rng.next() * mixture.centres.length)];
    const [dx, dy] = standardNormalPair(rng);
    return [x + mixture.std * dx, y + mixture.std * dy];
  });
}

/** Refuses a count that is not an integer >= 1 and a size that is not a finite number > 0, naming it. */
function checkMixture(caller: string, options: Record<string, number>): void {
  for (const [name, value] of Object.entries(options)) {
    const count = name === 'modes' || name === 'side';
    if (count ? !(Number.isInteger(value) && value >= 1) : !(Number.isFinite(value) && value > 0)) {
      throw new Error(`${caller}: ${name} must be ${count ? 'an integer >= 1' : 'a number > 0'}, got ${value}`);
    }
  }
}

/** Two independent N(0, 1) numbers (Box-Muller). */
function standardNormalPair(rng: Rng): [number, number] {
  // 1 - next() lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
  const angle = 2 * Math.PI * rng.next();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}
