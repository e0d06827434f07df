#!/usr/bin/env bash
# Push load test: bench/load.sh [WORKERS (32)] [SECONDS (20)] [ENV (CartPole-v1)] [TRAIN OPTIONS, e.g. --wire-precision bfloat16]
# A real parameter server on loopback and N simulated workers in one JVM, each pushing back to back;
# prints pushes/s, the server's update count (must equal the pushes the workers saw applied) and the
# push latency percentiles (p50, p90, p99, max) seen by the clients.
exec "$(dirname "$0")/java.sh" dev.a3c.bench.PushLoad "$@"
