# The a3c image: one image for both roles, `a3c server ...` and `a3c worker --server HOST:PORT`.
# It packages the jars Maven already built (no Maven inside):
#   mvn -B -DskipTests package && docker build -t a3c:0.1.0 .
# BASE_IMAGE: any Java 17 runtime with bash, fontconfig and a font (for the reward-curve plot; the tests
# build on a local Debian JRE image).
ARG BASE_IMAGE=eclipse-temurin:17-jre

# DL4J's native libraries (~400 MB) unpacked once, flat, at build time: containers load them in place
# (read-only root file system included) instead of unpacking them into ~/.javacpp at every start.
FROM ${BASE_IMAGE} AS natives
COPY cli/target/lib/ /opt/a3c/lib/
COPY cli/target/a3c.jar /opt/a3c/a3c.jar
RUN OMP_NUM_THREADS=1 java -Xmx256m -cp '/opt/a3c/a3c.jar:/opt/a3c/lib/*' dev.a3c.cli.A3cCommand natives /opt/a3c/natives

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="a3c" \
      org.opencontainers.image.description="Distributed A3C trainer: parameter server and workers over gRPC" \
      org.opencontainers.image.licenses="Apache-2.0"
# Natives first: they change only with the DL4J version, so rebuilding after a code change reuses the layer.
COPY --from=natives /opt/a3c/natives/ /opt/a3c/natives/
COPY cli/target/lib/ /opt/a3c/lib/
COPY cli/target/a3c.jar /opt/a3c/a3c.jar
COPY deploy/docker/a3c deploy/docker/a3c-healthcheck deploy/docker/openblas-core.sh deploy/docker/vector-api.sh deploy/docker/jvm-options.sh /opt/a3c/bin/
# A numeric non-root user that needs no useradd; group 0 so that any uid (OpenShift) can use /data.
RUN mkdir -p /data && chown 10001:0 /data && chmod 775 /data && chmod 755 /opt/a3c/bin/*
ENV PATH=/opt/a3c/bin:$PATH \
    HOME=/tmp \
    OMP_NUM_THREADS=1 \
    A3C_JAVA_OPTS="-Xmx512m -Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=1200m"
USER 10001:0
# The server's run folder lives here (default --run-dir runs/server): mount a volume at /data.
WORKDIR /data
# gRPC, HTTP (/metrics /status /healthz) of the server; 9400: a worker's metrics port
EXPOSE 50051 8080 9400
ENTRYPOINT ["/opt/a3c/bin/a3c"]
CMD ["--help"]
