#!/usr/bin/env python3
"""The network calls of NetworkCalls.java in PyTorch: the same shapes, one thread, the same timing.

Prints one line per call kind: net op batch median_ms p10_ms p90_ms calls. bench/network.sh runs it
interleaved with the Java side.

    network_torch.py ENV [CALLS]

ENV names the network as a3c builds it by default for that environment: MinAtar (10x10xC, conv 16 3x3
stride 1, relu, dense 128, relu) with its action count; or "atari", the A3C paper's Atari network.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)

# channels and actions of the MinAtar games (v0: the full action set of 6; v1: the minimal sets)
CHANNELS = {"Asterix": 4, "Breakout": 4, "Freeway": 7, "Seaquest": 10, "SpaceInvaders": 6}
MINIMAL_ACTIONS = {"Asterix": 5, "Breakout": 3, "Freeway": 3, "Seaquest": 6, "SpaceInvaders": 4}


class MinAtarNet(nn.Module):
    """Conv 16 3x3/1 -> dense 128 -> policy logits and value, relu, as a3c's default MinAtar network."""

    def __init__(self, channels, actions):
        super().__init__()
        self.conv = nn.Conv2d(channels, 16, 3, 1)
        self.hidden = nn.Linear(16 * 8 * 8, 128)
        self.policy = nn.Linear(128, actions)
        self.value = nn.Linear(128, 1)

    def forward(self, x):
        h = F.relu(self.conv(x))
        h = F.relu(self.hidden(h.flatten(1)))
        return self.policy(h), self.value(h)


class AtariNet(nn.Module):
    """The A3C paper's Atari network: 16 8x8/4, 32 4x4/2, dense 256, relu, as a3c's Torso.Conv.atari()."""

    def __init__(self, channels, actions):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 16, 8, 4)
        self.conv2 = nn.Conv2d(16, 32, 4, 2)
        self.hidden = nn.Linear(32 * 9 * 9, 256)
        self.policy = nn.Linear(256, actions)
        self.value = nn.Linear(256, 1)

    def forward(self, x):
        h = F.relu(self.conv2(F.relu(self.conv1(x))))
        h = F.relu(self.hidden(h.flatten(1)))
        return self.policy(h), self.value(h)


def network(env):
    if env == "atari":
        return AtariNet(4, 6), (4, 84, 84)
    game, version = env.split("/")[1].split("-")
    actions = 6 if version == "v0" else MINIMAL_ACTIONS[game]
    return MinAtarNet(CHANNELS[game], actions), (CHANNELS[game], 10, 10)


POOL = 4


def timed(calls, inputs, call):
    """Milliseconds of each call, sorted, after a warm-up of 3 s and at least 5 calls (as NetworkCalls.java); the
    observations are made before timing and taken in turn from a pool (as NetworkCalls.java)."""
    warm = time.perf_counter() + 3
    i = 0
    while i < 5 or time.perf_counter() < warm:
        call(inputs[i % POOL])
        i += 1
    ms = []
    for n in range(calls):
        x = inputs[n % POOL]
        start = time.perf_counter_ns()
        call(x)
        ms.append((time.perf_counter_ns() - start) / 1e6)
    return sorted(ms)


def main():
    env = sys.argv[1] if len(sys.argv) > 1 else "MinAtar/Breakout-v0"
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    net, shape = network(env)
    torch.manual_seed(7)

    def observations(rows):
        return (torch.rand(rows, *shape) < 0.25).float()

    def act(x):
        with torch.no_grad():
            logits, value = net(x)
            torch.softmax(logits, dim=1)

    def learn(x):
        net.zero_grad(set_to_none=False)
        logits, value = net(x)
        # any scalar of both heads: the backward pass covers the same graph as A3C's loss
        loss = (logits * torch.empty_like(logits).uniform_(-0.1, 0.1)).sum() + (value * torch.empty_like(value).uniform_(-1, 1)).sum()
        loss.backward()

    name = env.replace("/", "_")
    for op, batch, n in (("act", 16, calls), ("learn", 80, calls), ("learn", 320, max(20, calls // 4))):
        ms = timed(n, [observations(batch) for _ in range(POOL)], act if op == "act" else learn)
        print(f"{name} {op} {batch} {ms[len(ms) // 2]:.3f} {ms[len(ms) // 10]:.3f} {ms[(len(ms) * 9) // 10]:.3f} {len(ms)}", flush=True)


if __name__ == "__main__":
    main()
