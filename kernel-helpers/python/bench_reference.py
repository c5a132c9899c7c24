"""PyTorch reference for `npm run bench`: the same workloads, timed the same way.

Reads a JSON request on stdin: {"images": [[64 floats 0..1], ...], "denseIterations": n, "denseWarmup": n,
"convIterations": n, "convWarmup": n, "dcganDigits": [[784 floats -1..1], ...], "seed": s, "threads": t} and prints
one JSON line: {"torch": version, "denseIterationMs", "denseRunSeconds", "convIterationMs", "dcganRunSeconds"}, in
CPU time of this process, as the bench measures Node on one thread. With "convOnly": true it times only the conv GAN, on "threads" threads, and prints
{"torch", "convIterationMs", "convIterationWallMs"} (wall-clock time, what several threads save).
The bench (kernel-helpers/src/bench/) runs it on /usr/bin/python3, where Debian's python3-torch lives, with
OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to the same thread count.

Demo GAN: G 20 -> 40 tanh -> 64 sigmoid, D 64 -> 32 tanh -> 16 tanh -> 1 sigmoid, BCE, Adam lr 0.005, batch 10;
one iteration = a D step on a real batch and fakes, then a G step on fresh noise (the course's trainGan).
Conv GAN (28x28, batch 64): G dense 100 -> 7x7x64, ReLU, convT 5x5/2 -> 14x14x32, ReLU, convT 5x5/2 -> 28x28x1, tanh;
D conv 5x5/2 -> 32, leaky ReLU 0.2, conv 5x5/2 -> 64, leaky ReLU 0.2, dense 1, sigmoid; Adam lr 2e-4, beta1 0.5.
DCGAN (chapter 7's training, kernel-helpers/src/models/dcgan.ts and headless/dcgan.ts): G dense 100 -> 7x7x32 without
bias, batch norm, ReLU, convT 5x5/2 -> 14x14x16 without bias, batch norm, ReLU, convT 5x5/2 -> 28x28x1, tanh; D conv
5x5/2 -> 16, leaky ReLU 0.2, dropout 0.3, conv 5x5/2 -> 32, leaky ReLU 0.2, dropout 0.3, dense 1, sigmoid; weights
N(0, 0.02); 4 epochs of 50 shuffled batches of 64 on 3,200 digits, Adam lr 2e-4, beta1 0.5; after each epoch the
log line's measurements (D on 500 fakes and 500 real digits, G on 16 fixed noise vectors) and a finite-weights check.
"""
import json
import sys
import time

import torch
from torch import nn


def dense_gan():
    generator = nn.Sequential(nn.Linear(20, 40), nn.Tanh(), nn.Linear(40, 64), nn.Sigmoid())
    discriminator = nn.Sequential(
        nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 16), nn.Tanh(), nn.Linear(16, 1), nn.Sigmoid()
    )
    return generator, discriminator, 20


def conv_gan():
    generator = nn.Sequential(
        nn.Linear(100, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
        nn.ConvTranspose2d(64, 32, 5, stride=2, padding=2, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(32, 1, 5, stride=2, padding=2, output_padding=1), nn.Tanh(),
    )
    discriminator = nn.Sequential(
        nn.Conv2d(1, 32, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
        nn.Conv2d(32, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1), nn.Sigmoid(),
    )
    return generator, discriminator, 100


def dcgan():
    # tfjs's batch norm: moving statistics kept with momentum 0.9 (PyTorch's 0.1), epsilon 1e-3.
    generator = nn.Sequential(
        nn.Linear(100, 7 * 7 * 32, bias=False), nn.Unflatten(1, (32, 7, 7)), nn.BatchNorm2d(32, 1e-3, 0.1), nn.ReLU(),
        nn.ConvTranspose2d(32, 16, 5, stride=2, padding=2, output_padding=1, bias=False),
        nn.BatchNorm2d(16, 1e-3, 0.1), nn.ReLU(),
        nn.ConvTranspose2d(16, 1, 5, stride=2, padding=2, output_padding=1), nn.Tanh(),
    )
    discriminator = nn.Sequential(
        nn.Conv2d(1, 16, 5, stride=2, padding=2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Conv2d(16, 32, 5, stride=2, padding=2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 1), nn.Sigmoid(),
    )
    for name, weight in [*generator.named_parameters(), *discriminator.named_parameters()]:
        with torch.no_grad():
            if name.endswith("bias"):
                weight.zero_()
            else:
                # Batch norm's scale N(1, 0.02), every other weight N(0, 0.02).
                nn.init.normal_(weight, 1.0 if weight.dim() == 1 else 0.0, 0.02)
    return generator, discriminator, 100


class GanTrainer:
    """One iteration: D on real (label 1) and fake (label 0), then G on fresh noise (label 1)."""

    def __init__(self, models, lr, betas):
        self.generator, self.discriminator, self.latent = models
        self.d_opt = torch.optim.Adam(self.discriminator.parameters(), lr=lr, betas=betas)
        self.g_opt = torch.optim.Adam(self.generator.parameters(), lr=lr, betas=betas)
        self.bce = nn.BCELoss()

    def iteration(self, real):
        batch = real.shape[0]
        ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
        with torch.no_grad():
            fakes = self.generator(torch.randn(batch, self.latent))
        self.d_opt.zero_grad()
        d_loss = self.bce(self.discriminator(real), ones) + self.bce(self.discriminator(fakes), zeros)
        d_loss.backward()
        self.d_opt.step()
        self.g_opt.zero_grad()
        g_loss = self.bce(self.discriminator(self.generator(torch.randn(batch, self.latent))), ones)
        g_loss.backward()
        self.g_opt.step()
        return d_loss.item(), g_loss.item()


def fake_accuracy(trainer, count):
    with torch.no_grad():
        scores = trainer.discriminator(trainer.generator(torch.randn(count, trainer.latent)))
        return (scores < 0.5).float().mean().item()


def dense_run(images, epochs=100, batch=10, log_every=10):
    """The course's trainGan: shuffled batches, last partial one dropped, batched accuracy on 500 fakes every 10 epochs."""
    trainer = GanTrainer(dense_gan(), 0.005, (0.9, 0.999))
    start = time.process_time()
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(images))
        for first in range(0, len(images) - batch + 1, batch):
            trainer.iteration(images[order[first:first + batch]])
        if epoch == 1 or epoch % log_every == 0:
            fake_accuracy(trainer, 500)
            with torch.no_grad():
                trainer.discriminator(images).mean().item()
    return time.process_time() - start


def dcgan_run(digits, epochs=4, batch=64, measured=500, snapshots=16):
    """Chapter 7's trainGan run without its judge: a D then a G step per batch, the log line's measurements per epoch."""
    start = time.process_time()
    trainer = GanTrainer(dcgan(), 2e-4, (0.5, 0.999))
    fixed_noise = torch.randn(snapshots, trainer.latent)
    reals = digits[torch.arange(measured) * len(digits) // measured]
    for _ in range(epochs):
        order = torch.randperm(len(digits))
        for first in range(0, len(digits) - batch + 1, batch):
            trainer.iteration(digits[order[first:first + batch]])
        with torch.no_grad():
            models = [trainer.generator, trainer.discriminator]
            if not all(torch.isfinite(weight).all() for model in models for weight in model.parameters()):
                raise RuntimeError("the DCGAN diverged")
            for model in models:
                model.eval()
            fake_accuracy(trainer, measured)
            trainer.discriminator(reals).mean().item()
            trainer.generator(fixed_noise).tolist()
            for model in models:
                model.train()
    return time.process_time() - start


def iteration_ms(trainer, real_batches, warmup, iterations):
    """Milliseconds per iteration after the warm-up: (CPU time, wall-clock time)."""
    for i in range(warmup):
        trainer.iteration(real_batches[i % len(real_batches)])
    start, wall_start = time.process_time(), time.perf_counter()
    for i in range(iterations):
        trainer.iteration(real_batches[i % len(real_batches)])
    return ((time.process_time() - start) * 1000 / iterations, (time.perf_counter() - wall_start) * 1000 / iterations)


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(request.get("threads", 1))
    torch.manual_seed(request["seed"])
    conv_batches = [torch.rand(64, 1, 28, 28) * 2 - 1 for _ in range(4)]
    conv_ms, conv_wall_ms = iteration_ms(GanTrainer(conv_gan(), 2e-4, (0.5, 0.999)), conv_batches,
                                         request["convWarmup"], request["convIterations"])
    if request.get("convOnly"):
        print(json.dumps({"torch": torch.__version__, "convIterationMs": conv_ms, "convIterationWallMs": conv_wall_ms}))
        return
    images = torch.tensor(request["images"], dtype=torch.float32)
    dense_batches = [images[i:i + 10] for i in range(0, len(images) - 9, 10)]
    dense_ms, _ = iteration_ms(GanTrainer(dense_gan(), 0.005, (0.9, 0.999)), dense_batches,
                               request["denseWarmup"], request["denseIterations"])
    run_seconds = dense_run(images)
    dcgan_seconds = dcgan_run(torch.tensor(request["dcganDigits"], dtype=torch.float32).reshape(-1, 1, 28, 28))
    print(json.dumps({"torch": torch.__version__, "denseIterationMs": dense_ms, "denseRunSeconds": run_seconds,
                      "convIterationMs": conv_ms, "dcganRunSeconds": dcgan_seconds}))


if __name__ == "__main__":
    main()
