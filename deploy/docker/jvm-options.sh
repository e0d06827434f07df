# Sourced by the a3c launchers (./a3c and the image's /opt/a3c/bin/a3c); POSIX sh.
# JVM options for throughput, for every a3c JVM; the JVMs that `a3c train` starts get them through the exported
# A3C_JVM_OPTS (docs/results.md, "JVM options", has the measurements):
# - the parallel collector: its write barriers cost less than G1's, and a3c's pauses are short (heaps of 256-512 MB
#   that are mostly transient message buffers);
# - InlineSmallCode=1000: C2 inlines a call whose target is already compiled only while that code is at most this
#   many bytes (2,500 by default on x86), so Netty's and gRPC's deep call chains compile into smaller methods, in
#   less time. On two cores a short run spends its first 10-15 s mostly compiling (the server and each worker
#   compile 1,200-1,400 methods with C2); the steady state is the same.
# A value the user set is kept; set it empty for the JVM's defaults (also to choose another collector in
# A3C_JAVA_OPTS: the JVM refuses two).
A3C_JVM_OPTS="${A3C_JVM_OPTS--XX:+UseParallelGC -XX:InlineSmallCode=1000}"
export A3C_JVM_OPTS
