/**
 * A conditional GAN judged label by label (chapter 8), with the metrics chapter's helpers: for each digit asked for,
 * the share of its fakes the judge classifies as that digit (does G obey the label?) and the coverage of that
 * digit's real images (does G write the digit in all its real styles, or only a few?). Coverage (Naeem et al. 2020,
 * precision-recall.ts) is the share of real images whose k = 5 nearest-neighbour ball holds at least one fake, taken
 * among the reals and fakes of the one label, in pixel space and in the judge's feature space.
 *
 * Blind spots: the judge's own errors (about 1.4% of held-out digits) bound how exactly the shares can be read, and
 * coverage depends on how many fakes and reals there are per label, so compare runs only at equal counts.
 */
import * as tf from '@tensorflow/tfjs';
import { normalisePixels } from '../data/digits';
import { generateForLabels, labelsInOrder } from '../models/conditional-gan';
import { toUciPixels } from '../models/generation';
import { DigitJudge, judgeClasses, judgeFeatures } from './classifier-judge';
import { checkPointSets } from './distances';
import { checkNeighbours, DEFAULT_NEIGHBOURS, precisionRecallDensityCoverage } from './precision-recall';

export interface LabelJudgement {
  label: number;
  /** Fakes asked for this label, and real images of it. */
  fakes: number;
  reals: number;
  /** Share of the fakes the judge classifies as `label`. */
  classifiedShare: number;
  /** Share of the label's real images with a fake of the label in their k-NN ball, on the pixels. */
  coverage: number;
  /** The same on the judge's features. */
  featureCoverage: number;
}

export interface PerLabelJudgement {
  labels: LabelJudgement[];
  /** Means over the labels (each label counts once, whatever its number of fakes). */
  meanClassifiedShare: number;
  meanCoverage: number;
  meanFeatureCoverage: number;
  /** The label G obeys least, and its share. */
  worstLabel: number;
  worstClassifiedShare: number;
}

/**
 * Judges `fakes` (pixels 0..1), each asked for the label beside it in `fakeLabels`, against the `reals` of the same
 * labels. Every label among the fakes needs more than k = 5 fakes and more than 5 reals.
 */
export function judgePerLabel(
  judge: DigitJudge,
  reals: number[][],
  realLabels: number[],
  fakes: number[][],
  fakeLabels: number[],
): PerLabelJudgement {
  checkPointSets('judgePerLabel', { reals, fakes });
  checkLabelCount('reals', reals, realLabels);
  checkLabelCount('fakes', fakes, fakeLabels);
  const asked = [...new Set(fakeLabels)].sort((a, b) => a - b);
  const labels = asked.map((label): LabelJudgement => {
    const labelFakes = fakes.filter((_, i) => fakeLabels[i] === label);
    const labelReals = reals.filter((_, i) => realLabels[i] === label);
    checkNeighbours(`judgePerLabel, label ${label}`, DEFAULT_NEIGHBOURS, { reals: labelReals.length, fakes: labelFakes.length });
    return {
      label,
      fakes: labelFakes.length,
      reals: labelReals.length,
      classifiedShare: judgeClasses(judge, labelFakes, { target: label }).targetShare!,
      coverage: precisionRecallDensityCoverage(labelReals, labelFakes).coverage,
      featureCoverage: precisionRecallDensityCoverage(judgeFeatures(judge, labelReals), judgeFeatures(judge, labelFakes)).coverage,
    };
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const worst = labels.reduce((a, b) => (b.classifiedShare < a.classifiedShare ? b : a));
  return {
    labels,
    meanClassifiedShare: mean(labels.map((l) => l.classifiedShare)),
    meanCoverage: mean(labels.map((l) => l.coverage)),
    meanFeatureCoverage: mean(labels.map((l) => l.featureCoverage)),
    worstLabel: worst.label,
    worstClassifiedShare: worst.classifiedShare,
  };
}

/**
 * A `judge` for trainGan: `perLabel` fakes of each label (noise seeded by `seed`: the same noise at every call),
 * rounded to the UCI digits' 17 grey levels as samples.csv holds them, judged against `reals` by judgePerLabel.
 */
export function conditionalJudge(
  judge: DigitJudge,
  reals: number[][],
  realLabels: number[],
  { seed, perLabel, classes = 10 }: { seed: number; perLabel: number; classes?: number },
): (generator: tf.LayersModel) => Record<string, number> {
  const fakeLabels = labelsInOrder(classes, perLabel);
  return (generator) => {
    const fakes = normalisePixels(toUciPixels(generateForLabels(generator, fakeLabels, seed)));
    return perLabelSummary(judgePerLabel(judge, reals, realLabels, fakes, fakeLabels));
  };
}

/** The three numbers a training log shows: `as asked 0.953  worst 0.812 (8)  coverage 0.624`. */
export function perLabelSummary(judgement: PerLabelJudgement): Record<string, number> {
  return {
    'as asked': judgement.meanClassifiedShare,
    worst: judgement.worstClassifiedShare,
    'worst label': judgement.worstLabel,
    coverage: judgement.meanCoverage,
  };
}

function checkLabelCount(name: string, points: number[][], labels: number[]): void {
  if (!Array.isArray(labels) || labels.length !== points.length) {
    throw new Error(`judgePerLabel: ${points.length} ${name} but ${labels?.length} labels; each needs one`);
  }
  const bad = labels.findIndex((label) => !Number.isInteger(label) || label < 0);
  if (bad >= 0) throw new Error(`judgePerLabel: the label of ${name}[${bad}] is ${labels[bad]}, expected an integer >= 0`);
}
