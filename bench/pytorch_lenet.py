"""PyTorch on the CPU training the bench's workload A (LeNet-5 on MNIST), as a note beside the bench table: the
native reference a user would pick instead of a browser. Not a contender. The same layers, SGD with momentum 0.9 at
lr 0.01, batch 64, the first 1024 training images (normalised once, kept as a float tensor), every step's loss read
back with .item() as a live chart would; interleaved rounds on one thread and on every thread.

    apt-get install -y python3-torch        # Debian's PyTorch (CPU)
    npm run data                            # the prepared MNIST in data/mnist/
    /usr/bin/python3 bench/pytorch_lenet.py [--steps 200] [--rounds 3]
"""

import argparse
import os
import time

import numpy as np
import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def read_idx(path: str) -> np.ndarray:
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet() -> nn.Sequential:
    # bench/workloads.ts, workload A (the final softmax is folded into the cross-entropy loss).
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200, help="timed steps per round and thread count")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    images = read_idx(os.path.join(ROOT, "data/mnist/train-images-idx3-ubyte"))[:1024].astype(np.float32) / 255
    labels = read_idx(os.path.join(ROOT, "data/mnist/train-labels-idx1-ubyte"))[:1024].astype(np.int64)
    x_all = torch.from_numpy((images - images.mean()) / images.std()).unsqueeze(1)
    y_all = torch.from_numpy(labels)
    batch = 64
    counts = sorted({1, os.cpu_count() or 1})
    best = {t: 0.0 for t in counts}
    models = {t: lenet() for t in counts}
    optims = {t: torch.optim.SGD(models[t].parameters(), lr=0.01, momentum=0.9) for t in counts}
    loss_fn = nn.CrossEntropyLoss()
    step = 0
    for round_ in range(args.rounds + 1):  # round 0 warms up
        for threads in counts:
            torch.set_num_threads(threads)
            model, opt = models[threads], optims[threads]
            t0 = time.perf_counter()
            for _ in range(args.steps if round_ else 10):
                at = (step % (1024 // batch)) * batch
                step += 1
                opt.zero_grad()
                loss = loss_fn(model(x_all[at : at + batch]), y_all[at : at + batch])
                loss.backward()
                opt.step()
                loss.item()
            if round_:
                best[threads] = max(best[threads], args.steps * batch / (time.perf_counter() - t0))
    for threads in counts:
        print(f"pytorch {torch.__version__} cpu, {threads} thread{'s' if threads > 1 else ''}: {best[threads]:.0f} examples/s (workload A, batch {batch}, best of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
