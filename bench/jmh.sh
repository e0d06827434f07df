#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths: bench/jmh.sh [JMH options, e.g. WorkerStepBenchmark -p envs=16]
exec "$(dirname "$0")/java.sh" org.openjdk.jmh.Main "$@"
