/**
 * A conditional GAN for table rows (chapter 10), in the manner of CTGAN (Xu et al. 2019): G writes every column
 * of a row but the condition, which both networks are told (e.g. Species, so a learner can ask for Chinstrap rows).
 *
 * Generator     [z, one-hot label] -> join -> dense, ReLU (x2) -> dense to the encoded row's width -> one activation
 *               per segment of the encoding (data/table-encoding.ts): a tanh for each scaled number, a softmax over
 *               each categorical column's categories and over each numeric column's modes.
 * Discriminator [encoded row, one-hot label] -> join -> dense, leaky ReLU (x2) -> dense 1: a sigmoid (a probability,
 *               for the BCE loss) or linear (a critic's score, for the Wasserstein and hinge losses).
 * The softmax heads give categories as probabilities that sum to 1, the shape of the real rows' one-hot groups,
 * which G's last dense layer alone could not promise; decoding takes each group's largest entry.
 */
import * as tf from '@tensorflow/tfjs';
import type { Segment, TableEncoder, TableRecord } from '../data/table-encoding';
import { latentNoise, Rng } from '../util/seeding';

export interface TabularGanConfig {
  /** Length of the noise vector z. */
  latentSize: number;
  /** Widths of G's hidden layers. */
  generatorHidden: number[];
  /** Widths of D's hidden layers. */
  discriminatorHidden: number[];
}

export const DEFAULT_TABULAR_GAN_CONFIG: TabularGanConfig = {
  latentSize: 16,
  generatorHidden: [64, 64],
  discriminatorHidden: [64, 64],
};

/** What the models need to know of the encoding: its segments, its width and the condition's classes. */
export type TableLayout = Pick<TableEncoder, 'segments' | 'width' | 'classes'>;

/** G and D for rows encoded as `layout`, weights drawn from `rng`; D ends in `score` (sigmoid for the BCE loss). */
export function buildTabularGan(
  rng: Rng,
  layout: TableLayout,
  score: 'sigmoid' | 'linear',
  config: TabularGanConfig = DEFAULT_TABULAR_GAN_CONFIG,
): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  const init = () => tf.initializers.glorotUniform({ seed: rng.nextSeed() });
  const classes = layout.classes.length;
  const z = tf.input({ shape: [config.latentSize], name: 'z' });
  const zLabel = tf.input({ shape: [classes], name: 'label' });
  let hidden = tf.layers.concatenate().apply([z, zLabel]) as tf.SymbolicTensor;
  for (const units of config.generatorHidden) {
    hidden = tf.layers.dense({ units, activation: 'relu', kernelInitializer: init() }).apply(hidden) as tf.SymbolicTensor;
  }
  const logits = tf.layers.dense({ units: layout.width, kernelInitializer: init() }).apply(hidden);
  const row = new SegmentActivations({ segments: layout.segments }).apply(logits) as tf.SymbolicTensor;
  const generator = tf.model({ name: 'generator', inputs: [z, zLabel], outputs: row });

  const x = tf.input({ shape: [layout.width], name: 'row' });
  const xLabel = tf.input({ shape: [classes], name: 'label' });
  let features = tf.layers.concatenate().apply([x, xLabel]) as tf.SymbolicTensor;
  for (const units of config.discriminatorHidden) {
    features = tf.layers.dense({ units, kernelInitializer: init() }).apply(features) as tf.SymbolicTensor;
    features = tf.layers.leakyReLU({ alpha: 0.2 }).apply(features) as tf.SymbolicTensor;
  }
  const verdict = tf.layers.dense({ units: 1, activation: score, kernelInitializer: init() }).apply(features) as tf.SymbolicTensor;
  const discriminator = tf.model({ name: 'discriminator', inputs: [x, xLabel], outputs: verdict });
  return { generator, discriminator };
}

/**
 * tanh or softmax on each segment of a row. One layer after one dense layer rather than a dense head per segment:
 * the same function, with a third fewer tfjs operations per training step (measured: 13-14 ms against 18-20 ms per
 * D and G step on wasm), which is most of a step's time for networks this small.
 */
export class SegmentActivations extends tf.layers.Layer {
  static readonly className = 'SegmentActivations';
  private readonly segments: Segment[];

  constructor(args: { segments: Segment[]; name?: string }) {
    super(args);
    this.segments = args.segments.map(({ column, activation, start, width }) => ({ column, activation, start, width }));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() =>
      tf.concat(
        this.segments.map(({ activation, start, width }) => {
          const part = x.slice([0, start], [-1, width]);
          return activation === 'softmax' ? tf.softmax(part) : tf.tanh(part);
        }),
        1,
      ),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), segments: this.segments as unknown as tf.serialization.ConfigDictArray };
  }
}
tf.serialization.registerClass(SegmentActivations);

/** Rows G makes for `labels` (one per row, 0..classes-1), from noise drawn from `rng`, decoded to table rows. */
export function generateTable(generator: tf.LayersModel, encoder: TableEncoder, labels: number[], rng: Rng): TableRecord[] {
  const noise = latentNoise(labels.length, generator.inputs[0].shape[1] as number, rng);
  const rows = tf.tidy(() => {
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), encoder.classes.length).toFloat();
    return (generator.predict([noise, oneHot]) as tf.Tensor2D).arraySync();
  });
  noise.dispose();
  return encoder.decode(rows, labels);
}

/**
 * `count` labels in the proportions of `labels` (largest remainders round the shares to whole rows), class by
 * class: 342 rows from the 342 penguins give exactly 151 Adelie, 68 Chinstrap and 123 Gentoo.
 */
export function proportionalLabels(labels: number[], classes: number, count: number): number[] {
  const shares = Array.from({ length: classes }, (_, c) => (labels.filter((label) => label === c).length * count) / labels.length);
  const counts = shares.map(Math.floor);
  const byRemainder = shares.map((share, c) => ({ c, remainder: share - counts[c] })).sort((a, b) => b.remainder - a.remainder || a.c - b.c);
  const missing = count - counts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; i < missing; i++) counts[byRemainder[i].c]++;
  return counts.flatMap((n, c) => new Array<number>(n).fill(c));
}
