#!/usr/bin/env python3
"""A plain PyTorch A3C, written the pytorch-a3c way, to compare end-to-end speed with a3c's.

Hogwild processes share one model and one RMSProp state (torch.multiprocessing); each process steps
ENVS environments in lock-step for t_max = 5 steps, computes n-step returns, the actor-critic loss and
its gradient on a local copy, and applies it to the shared model. The network is a3c's MinAtar network
(conv 16 3x3/1, dense 128, relu; 10x10xC inputs). There is no MinAtar in Python here, so the
environments are stand-ins of the same shapes: sparse random binary frames, random rewards, episodes of
100 steps; they cost next to nothing, which only makes this side faster than a real one would be.

    pytorch_a3c.py PROCESSES ENVS SECONDS [CHANNELS ACTIONS]

Prints one line: processes, environments per process, env steps, seconds, env steps/s.
"""
import sys
import time

import torch
import torch.multiprocessing as mp

from network_torch import MinAtarNet   # the same network the call benchmark times

T_MAX = 5
GAMMA = 0.99
EPISODE = 100


def worker(rank, shared, square, steps, stop_at, envs, channels, actions, lr=1e-3, alpha=0.99, eps=1e-5):
    torch.set_num_threads(1)
    torch.manual_seed(rank)
    local = MinAtarNet(channels, actions)
    obs = (torch.rand(envs, channels, 10, 10) < 0.1).float()
    age = torch.randint(0, EPISODE, (envs,))
    params = list(shared.parameters())
    while time.time() < stop_at:
        local.load_state_dict(shared.state_dict())
        log_probs, values, entropies, rewards, masks = [], [], [], [], []
        for _ in range(T_MAX):
            logits, value = local(obs)
            value = value.squeeze(1)
            dist = torch.distributions.Categorical(logits=logits)
            action = dist.sample()
            log_probs.append(dist.log_prob(action))
            entropies.append(dist.entropy())
            values.append(value)
            # the stand-in environments: a new frame, a reward, an episode end every EPISODE steps
            obs = (torch.rand(envs, channels, 10, 10) < 0.1).float()
            rewards.append((torch.rand(envs) < 0.05).float())
            age += 1
            done = age >= EPISODE
            age[done] = 0
            masks.append((~done).float())
        with torch.no_grad():
            ret = local(obs)[1].squeeze(1)
        policy_loss = value_loss = entropy = 0
        for t in reversed(range(T_MAX)):
            ret = rewards[t] + GAMMA * ret * masks[t]
            advantage = ret - values[t]
            value_loss = value_loss + 0.5 * advantage.pow(2).mean()
            policy_loss = policy_loss - (log_probs[t] * advantage.detach()).mean()
            entropy = entropy + entropies[t].mean()
        local.zero_grad()
        (policy_loss + 0.5 * value_loss - 0.01 * entropy).backward()
        torch.nn.utils.clip_grad_norm_(local.parameters(), 40)
        with torch.no_grad():
            # shared RMSProp, applied without a lock (Hogwild), as pytorch-a3c's shared optimizers
            for p, s, lp in zip(params, square, local.parameters()):
                s.mul_(alpha).addcmul_(lp.grad, lp.grad, value=1 - alpha)
                p.addcdiv_(lp.grad, s.sqrt().add_(eps), value=-lr)
        with steps.get_lock():
            steps.value += envs * T_MAX


def main():
    processes, envs, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    channels = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    actions = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    torch.set_num_threads(1)
    shared = MinAtarNet(channels, actions)
    shared.share_memory()
    square = [torch.zeros_like(p).share_memory_() for p in shared.parameters()]
    steps = mp.Value("q", 0)
    start = time.time()
    stop_at = start + seconds
    workers = [mp.Process(target=worker, args=(r, shared, square, steps, stop_at, envs, channels, actions))
               for r in range(processes)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.time() - start
    print(f"pytorch-a3c {processes} processes x {envs} envs: {steps.value} env steps in {elapsed:.1f} s: "
          f"{steps.value / elapsed:.0f} steps/s", flush=True)


if __name__ == "__main__":
    main()
