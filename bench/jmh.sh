#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths: bench/jmh.sh [JMH options, e.g. WorkerStepBenchmark -p envs=16]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mvn -B -q -DskipTests package dependency:build-classpath -pl benchmarks -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
export OMP_NUM_THREADS=1
exec java -Xmx256m -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
