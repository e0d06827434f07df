#!/usr/bin/env bash
# Network calls side by side: a3c's network (DL4J, as a worker calls it) against the same shapes in PyTorch,
# one thread each, in alternating rounds so that noise on this shared machine hits both alike; prints each
# round and then the medians over rounds with PyTorch's time divided by ours (above 1: we are faster).
#   bench/network.sh [ENV|atari] [ROUNDS] [CALLS]   e.g. bench/network.sh MinAtar/Breakout-v0 5 200, bench/network.sh atari 3 50
# Variants of the Java side (A3C_NETWORK_VARIANTS, space separated, default "java onednn plain"):
#   java    the plain-Java network workers compute feed-forward networks with (PlainNetwork, Vector API kernels);
#           its learning call is the forward pass that keeps the activations (as acting does) and the backward pass
#   onednn  DL4J on the natives a3c ships with oneDNN and DL4J's oneDNN convolution (recurrent networks, the server)
#   plain   DL4J on ND4J's plain natives and DL4J's own convolution (a3c before oneDNN)
# PyTorch comes from pip into bench/.venv (CPU wheel) unless A3C_TORCH_PYTHON names a python with torch.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
env="${1:-MinAtar/Breakout-v0}"
rounds="${2:-5}"
calls="${3:-200}"
variants="${A3C_NETWORK_VARIANTS:-java onednn plain}"
python="${A3C_TORCH_PYTHON:-}"
if [ -z "$python" ]; then
  if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q "torch==2.13.0+cpu" || bench/.venv/bin/pip install -q torch
  fi
  python=bench/.venv/bin/python
fi
mvn -B -q -DskipTests package dependency:build-classpath -pl benchmarks -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
. deploy/docker/vector-api.sh
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
java_run() {
  local flags=()
  local engine=dl4j
  case "$1" in
    java) flags=(-Dorg.bytedeco.javacpp.platform.extension=-onednn); engine=java ;;
    onednn) flags=(-Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.eclipse.deeplearning4j.helpers.disable=false) ;;
    plain) flags=(-Dorg.bytedeco.javacpp.platform.extension= -Dorg.eclipse.deeplearning4j.helpers.disable=true) ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
  java $A3C_VECTOR_OPTS -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g "${flags[@]}" \
    -cp "$cp" dev.a3c.bench.NetworkCalls "$env" "$calls" "$engine" 2>/dev/null
}
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for round in $(seq 1 "$rounds"); do
  for v in $variants; do
    java_run "$v" | sed "s/^/$round a3c-$v /" | tee -a "$out"
  done
  "$python" bench/network_torch.py "$env" "$calls" | sed "s/^/$round pytorch /" | tee -a "$out"
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    rnd, who, net, op, batch, median, *_ = line.split()
    rows.setdefault((net, op, int(batch)), {}).setdefault(who, []).append(float(median))
print()
print("| network | call | batch | " + " | ".join(sorted({w for v in rows.values() for w in v})) + " | PyTorch / a3c |")
for (net, op, batch), by in sorted(rows.items()):
    med = {w: statistics.median(v) for w, v in by.items()}
    ours = [w for w in med if w.startswith("a3c-")]
    ratios = ", ".join(f"{w[4:]} {med['pytorch'] / med[w]:.2f}x" for w in ours if "pytorch" in med)
    cells = " | ".join(f"{med[w]:.2f} ms" for w in sorted(med))
    print(f"| {net} | {op} | {batch} | {cells} | {ratios} |")
PY
