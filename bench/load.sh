#!/usr/bin/env bash
# Push load test: bench/load.sh [WORKERS (32)] [SECONDS (20)] [ENV (CartPole-v1)]
# A real parameter server on loopback and N simulated workers in one JVM, each pushing back to back;
# prints pushes/s, the server's update count (must equal the pushes the workers saw applied) and the
# push latency percentiles (p50, p90, p99, max) seen by the clients.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mvn -B -q -DskipTests package dependency:build-classpath -pl benchmarks -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
export OMP_NUM_THREADS=1
exec java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=2g \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.a3c.bench.PushLoad "$@"
