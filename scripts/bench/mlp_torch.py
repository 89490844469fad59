"""The 1-D ε-network of `dl4ds bench mlp` in PyTorch on the CPU: input z_t plus a 32-wide sinusoidal embedding of
t, three hidden layers of 128 ReLU units, one output; Adam, batch 1024; each step builds its batch as Algorithm 1
does (x from the data, t ~ U{1..T}, ε ~ N(0, 1), z_t = √α_t x + √(1−α_t) ε). Prints one JSON object:
{"torchStepMs": <mean milliseconds per step after warm-up>, "torchStepCpuMs": <CPU milliseconds of the process per step>,
"threads": <torch threads>, "loss": <last loss>}.

With --fixed-batch one batch is built once and every step trains on it (the step alone: forward, backward, Adam).

Usage: python mlp_torch.py [--steps N] [--warmup W] [--batch B] [--seed S] [--threads K] [--fixed-batch]
"""
import argparse
import json
import math
import time

import torch


def embedding_table(T, dim, max_period=10000.0):
    half = dim // 2
    t = torch.arange(T + 1, dtype=torch.float64)[:, None]
    f = torch.pow(torch.tensor(max_period, dtype=torch.float64), -torch.arange(half, dtype=torch.float64) / half)[None, :]
    return torch.cat([torch.sin(t * f), torch.cos(t * f)], dim=1).float()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    p.add_argument("--fixed-batch", action="store_true", help="train every step on one batch built once")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    T, beta, n = 100, 0.01511, 100000
    alphas = torch.pow(torch.tensor(1 - beta, dtype=torch.float64), torch.arange(T + 1, dtype=torch.float64))
    sqrt_a, sqrt_b = alphas.sqrt().float(), (1 - alphas).sqrt().float()
    # data: the book's mixture
    means = torch.tensor([1.5, -0.216, 0.45, -1.875])
    sds = torch.tensor([0.3, 0.15, 0.525, 0.075])
    k = torch.multinomial(torch.tensor([0.2, 0.3, 0.35, 0.15]), n, replacement=True)
    x = means[k] + sds[k] * torch.randn(n)
    emb = embedding_table(T, 32)
    net = torch.nn.Sequential(
        torch.nn.Linear(33, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 1),
    )
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)

    def batch():
        idx = torch.randint(0, n, (a.batch,))
        t = torch.randint(1, T + 1, (a.batch,))
        eps = torch.randn(a.batch)
        z = sqrt_a[t] * x[idx] + sqrt_b[t] * eps
        return torch.cat([z[:, None], emb[t]], dim=1), eps

    fixed = batch() if a.fixed_batch else None

    def step():
        inp, eps = fixed if fixed is not None else batch()
        loss = torch.mean((net(inp)[:, 0] - eps) ** 2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    cpu = time.process_time()
    for _ in range(a.steps):
        loss = step()
    ms = (time.perf_counter() - start) * 1000 / a.steps
    cpu_ms = (time.process_time() - cpu) * 1000 / a.steps
    print(json.dumps({"torchStepMs": ms, "torchStepCpuMs": cpu_ms, "threads": torch.get_num_threads(), "loss": float(loss.detach())}))


if __name__ == "__main__":
    main()
