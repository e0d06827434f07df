# Sourced by the a3c launchers (./a3c and the image's /opt/a3c/bin/a3c); POSIX sh.
# OpenBLAS 0.3.19, the version DL4J 1.0.0-M2.1 pins, does not know processors newer than it and then runs
# its generic (Prescott) kernels: the MinAtar network's learning calls (dense layers on OpenBLAS, the
# convolution on oneDNN) took 1.2-1.5x as long here (docs/results.md). On a
# processor with AVX2 and FMA, unless the user chose a core type, take OpenBLAS's Haswell kernels, which
# need exactly those (the test suite runs with them). Processes started from here inherit it.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  a3c_cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  case "$a3c_cpu_flags" in
    *" avx2 "*) case "$a3c_cpu_flags" in *" fma "*) export OPENBLAS_CORETYPE=Haswell ;; esac ;;
  esac
  unset a3c_cpu_flags
fi
