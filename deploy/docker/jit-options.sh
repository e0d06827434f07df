# Sourced by the a3c launchers (./a3c and the image's /opt/a3c/bin/a3c); POSIX sh.
# Options of the JVM's just-in-time compiler for every a3c JVM; the JVMs that `a3c train` starts get them through
# the exported A3C_JIT_OPTS. C2 inlines a call whose target is already compiled only while that code is at most
# InlineSmallCode bytes (2,500 by default on x86); with 1,000, Netty's and gRPC's deep call chains compile into
# smaller methods, in less time. On two cores a short run spends its first 10-15 s mostly compiling (the server and
# each worker compile 1,200-1,400 methods with C2); this makes that phase shorter and leaves the steady state as it
# was (docs/results.md, "JIT"). A value the user set is kept; set it empty for the JVM's defaults.
A3C_JIT_OPTS="${A3C_JIT_OPTS--XX:InlineSmallCode=1000}"
export A3C_JIT_OPTS
