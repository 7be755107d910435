"""Times training steps of a PyTorch twin (twins.py) the way `sdt bench train` times the C# model: warm-up steps
first, then N timed steps of every turn (zero grad, backward, step), statistics summed on the device and read once
at the end (the C# Trainer reads them every log_every steps), and the same output line:

  bench train MODEL device=D batch=B: N steps in S s = X steps/s, Y samples/s

Data are random tensors of the real shapes (throughput does not depend on pixel values); they live where the C#
task keeps them: on the device for the MNIST tasks and SIT (TensorBatchSource moved by the Trainer), on the CPU
and copied every step for triplegan and dann-mnist (their batch sources stay on the host).
Usage: python3 train_twins.py --model vae --device cuda --batch-size 64 --steps 200 --warmup 20
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twins import MODELS  # noqa: E402


def shuffled_batches(tensors, batch, device, drop_last=True):
    """Endless batches cut from `tensors` (all on one device), reshuffled every epoch like TensorBatchSource."""
    n = next(iter(tensors.values())).shape[0]
    count = n // batch if drop_last else (n + batch - 1) // batch
    while True:
        order = torch.randperm(n).to(device)
        for b in range(count):
            index = order[b * batch:(b + 1) * batch]
            yield {k: v.index_select(0, index) for k, v in tensors.items()}


def images(n):
    return torch.rand(n, 1, 28, 28) * 2 - 1


def mnist_batches(args, device):
    data = {"x": images(args.train_size).to(device), "y": torch.randint(0, 10, (args.train_size,)).to(device)}
    return shuffled_batches(data, args.batch_size, device)


def triplegan_batches(args, device):
    """SemiSupervisedBatchSource: B unlabelled images + 32 of the 100 labelled ones, cut on the CPU."""
    x, labelled_x, labelled_y = images(args.train_size), images(100), torch.randint(0, 10, (100,))
    count = (args.train_size + args.batch_size - 1) // args.batch_size
    while True:
        order = torch.randperm(args.train_size)
        for b in range(count):
            draw = torch.randint(0, 100, (32,))
            batch = {"x": x.index_select(0, order[b * args.batch_size:(b + 1) * args.batch_size]),
                     "xl": labelled_x.index_select(0, draw), "yl": labelled_y.index_select(0, draw)}
            yield {k: v.to(device) for k, v in batch.items()}


def dann_batches(args, device):
    """DomainBatchSource: B/2 source rows (grey digits as RGB) then B/2 target rows, cut on the CPU."""
    half = args.batch_size // 2
    source = images(args.train_size).expand(-1, 3, -1, -1).contiguous()
    target = torch.rand(args.train_size, 3, 28, 28)
    labels = torch.randint(0, 10, (args.train_size,))
    count = args.train_size // half
    while True:
        source_order, target_order = torch.randperm(args.train_size), torch.randperm(args.train_size)
        for b in range(count):
            s, t = source_order[b * half:(b + 1) * half], target_order[b * half:(b + 1) * half]
            batch = {"x": torch.cat([source.index_select(0, s), target.index_select(0, t)]),
                     "label": torch.cat([labels.index_select(0, s), torch.full((half,), -100, dtype=torch.int64)]),
                     "domain": torch.cat([torch.zeros(half, dtype=torch.int64), torch.ones(half, dtype=torch.int64)])}
            yield {k: v.to(device) for k, v in batch.items()}


def sit_batches(args, device):
    n, frames = args.train_size, args.frames
    data = {"feats": torch.randn(n, frames, 80),
            "lengths": torch.randint(max(15, frames * 6 // 10), frames + 1, (n,)),
            "speaker": torch.randint(0, 2, (n,)), "content": torch.randint(0, 10, (n,))}
    return shuffled_batches({k: v.to(device) for k, v in data.items()}, args.batch_size, device)


BATCHES = {"triplegan": triplegan_batches, "dann-mnist": dann_batches, "sit": sit_batches}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--device", default="cpu")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--train-size", type=int, default=8000, help="training examples (8,000 like prepare-mnist)")
    p.add_argument("--frames", type=int, default=100, help="SIT: padded frames per utterance")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    model = MODELS[args.model](device)
    model.train()
    batches = BATCHES.get(args.model, mnist_batches)(args, device)
    total = args.warmup + args.steps
    sums = {}

    def step(s):
        batch = next(batches)
        progress = s / total
        for name, optimizer, loss_fn in model.turns:
            loss, stats = loss_fn(batch, progress)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            stats.setdefault("loss_" + name, loss.detach())
            for k, v in stats.items():
                v = v.detach().double().mean()
                sums[k] = sums[k] + v if k in sums else v

    def read_stats():
        values = torch.stack(list(sums.values())).cpu().tolist()
        sums.clear()
        return values

    for s in range(args.warmup):
        step(s)
    if sums:
        read_stats()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for s in range(args.warmup, total):
        step(s)
    values = read_stats()
    seconds = time.perf_counter() - start
    if not all(v == v and abs(v) != float("inf") for v in values):
        print(f"# warning: a non-finite statistic in {args.model}", file=sys.stderr)
    print(f"bench train {args.model} device={device} batch={args.batch_size}: {args.steps} steps in {seconds:.2f} s = "
          f"{args.steps / seconds:.2f} steps/s, {args.steps * args.batch_size / seconds:.0f} samples/s")


if __name__ == "__main__":
    main()
