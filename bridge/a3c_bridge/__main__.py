"""python -m a3c_bridge [--host H] [--port P] [--port-file F] [--parent-pid PID]

Serves Gymnasium environments over gRPC until stopped (SIGTERM, SIGINT) or, with --parent-pid, until
that process is gone (a worker that dies takes its bridge with it). With --port 0 the system picks a
free port; --port-file receives it once the server is listening.
"""
import argparse
import os
import signal
import sys
import threading
import time
from concurrent import futures
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="a3c-bridge", description="Gymnasium environments for a3c workers over gRPC")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50061)
    parser.add_argument("--port-file", type=Path)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args(argv)

    import grpc
    from .server import EnvBridgeService, pb_grpc

    service = EnvBridgeService()
    # a few threads: each session's calls come one at a time from its JVM; several JVMs (or a worker and its
    # evaluations) may share a bridge started on its own
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                         options=[("grpc.max_receive_message_length", 64 << 20),
                                  ("grpc.max_send_message_length", 64 << 20)])
    pb_grpc.add_EnvBridgeServicer_to_server(service, server)
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        print(f"a3c-bridge: cannot listen on {args.host}:{args.port}", file=sys.stderr)
        return 2
    server.start()
    if args.port_file:
        staging = args.port_file.with_name(args.port_file.name + ".tmp")
        staging.write_text(f"{port}\n")
        os.replace(staging, args.port_file)
    print(f"a3c-bridge: serving on {args.host}:{port}", file=sys.stderr, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        if args.parent_pid and os.getppid() != args.parent_pid:
            print(f"a3c-bridge: parent {args.parent_pid} is gone, stopping", file=sys.stderr, flush=True)
            break
    server.stop(grace=1.0).wait()
    service.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
