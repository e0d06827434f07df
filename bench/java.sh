#!/usr/bin/env bash
# Builds the benchmarks module and runs a Java main class from it with the benchmark JVM settings:
#   bench/java.sh MAIN_CLASS [ARGS...]     (used by bench/jmh.sh and bench/load.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mvn -B -q -DskipTests package dependency:build-classpath -pl benchmarks -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
export OMP_NUM_THREADS=1
main="$1"
shift
. deploy/docker/vector-api.sh
. deploy/docker/jvm-options.sh
exec java $A3C_VECTOR_OPTS $A3C_JVM_OPTS -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=2g -Dorg.bytedeco.javacpp.platform.extension=-onednn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" "$main" "$@"
