# Sourced by the a3c launchers (./a3c and the image's /opt/a3c/bin/a3c); POSIX sh.
# The plain-Java network (acting and learning of feed-forward networks) runs SIMD kernels through the JDK's
# Vector API, an incubator module in Java 17 that a JVM sees only when started with
# --add-modules jdk.incubator.vector (it then prints one warning line, "Using incubator modules"). A JDK
# without the module (some jlinked runtimes) runs the same network with scalar loops instead.
# Sets A3C_VECTOR_OPTS for the java command line.
A3C_VECTOR_OPTS=""
a3c_java="$(command -v java || true)"
if [ -n "$a3c_java" ]; then
  a3c_release="$(dirname "$(dirname "$(readlink -f "$a3c_java")")")/release"
  if grep -q 'jdk\.incubator\.vector' "$a3c_release" 2>/dev/null; then
    A3C_VECTOR_OPTS="--add-modules jdk.incubator.vector"
  fi
  unset a3c_release
fi
unset a3c_java
