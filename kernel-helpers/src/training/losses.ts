/**
 * The losses a GAN of the course trains with, one name each (issue 11):
 *
 * - `bce`: the demo's. D: BCE(D(x), 1) + BCE(D(G(z)), 0). G: BCE(D(G(z)), 1), the non-saturating generator
 *   loss of Goodfellow et al. 2014, which still gives G a gradient while D rejects its fakes with confidence.
 * - `minimax`: the same D loss; G minimises log(1 - D(G(z))), the game's own objective, whose gradient
 *   vanishes when D wins (shown in the mode-collapse chapter).
 * - `wasserstein`: a critic with an unbounded score. Critic: mean D(G(z)) - mean D(x); G: -mean D(G(z));
 *   the critic's weights are clipped after every step to keep it Lipschitz (Arjovsky et al. 2017).
 * - `wasserstein-gp`: the same losses, with a gradient penalty instead of clipping: λ mean((|∇D(x̂)| - 1)²) on
 *   points x̂ between real and fake rows (Gulrajani et al. 2017).
 * - `hinge`: critic mean relu(1 - D(x)) + mean relu(1 + D(G(z))); G: -mean D(G(z)) (Miyato et al. 2018).
 *
 * `bce` and `minimax` need a D that ends in a sigmoid (its score is a probability); the others a linear score.
 */
import * as tf from '@tensorflow/tfjs';

export const GAN_LOSSES = ['bce', 'minimax', 'wasserstein', 'wasserstein-gp', 'hinge'] as const;
export type GanLoss = (typeof GAN_LOSSES)[number];

/** True when D's score is a probability (a sigmoid output); false for a critic's unbounded score. */
export function scoresAreProbabilities(loss: GanLoss): boolean {
  return loss === 'bce' || loss === 'minimax';
}

/** True for the losses whose critic estimates the Wasserstein distance. */
export function isWasserstein(loss: GanLoss): boolean {
  return loss === 'wasserstein' || loss === 'wasserstein-gp';
}

/** Binary cross-entropy of D's scores against one label for the whole batch, averaged over the batch. */
export function binaryCrossEntropy(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  const labels = label === 1 ? tf.onesLike(scores) : tf.zerosLike(scores);
  return tf.losses.logLoss(labels, scores);
}

/** D's (the critic's) loss for its scores of a real batch and a fake batch, without any gradient penalty. */
export function discriminatorLoss(loss: GanLoss, realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'bce':
      case 'minimax':
        return binaryCrossEntropy(realScores, 1).add(binaryCrossEntropy(fakeScores, 0));
      case 'wasserstein':
      case 'wasserstein-gp':
        return fakeScores.mean().sub(realScores.mean());
      case 'hinge':
        return tf.relu(tf.sub(1, realScores)).mean().add(tf.relu(tf.add(1, fakeScores)).mean());
    }
  }) as tf.Scalar;
}

/** G's loss for D's scores of its fakes. */
export function generatorLoss(loss: GanLoss, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'bce':
        return binaryCrossEntropy(fakeScores, 1);
      case 'minimax':
        return binaryCrossEntropy(fakeScores, 0).neg();
      case 'wasserstein':
      case 'wasserstein-gp':
      case 'hinge':
        return fakeScores.mean().neg();
    }
  }) as tf.Scalar;
}

/**
 * The norm of the critic's gradient with respect to its input at x̂ = mix·real + (1 - mix)·fake, one per row.
 * `score` maps a batch to the critic's scores; `mix` holds one number 0..1 per row.
 */
export function criticGradientNorms(score: (x: tf.Tensor) => tf.Tensor, real: tf.Tensor, fake: tf.Tensor, mix: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const rows = real.shape[0];
    const weights = mix.reshape([rows, ...real.shape.slice(1).map(() => 1)]);
    const between = real.mul(weights).add(fake.mul(tf.sub(1, weights)));
    const gradient = tf.grad((x: tf.Tensor) => score(x).sum())(between);
    // The small constant keeps the square root differentiable where a gradient is exactly zero.
    return gradient.reshape([rows, -1]).square().sum(1).add(1e-12).sqrt() as tf.Tensor1D;
  });
}

/** mean((|∇D(x̂)| - 1)²): zero when the critic's gradient has norm 1 between the real and fake rows. */
export function gradientPenalty(score: (x: tf.Tensor) => tf.Tensor, real: tf.Tensor, fake: tf.Tensor, mix: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => criticGradientNorms(score, real, fake, mix).sub(1).square().mean() as tf.Scalar);
}
