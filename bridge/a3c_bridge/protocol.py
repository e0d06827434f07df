"""The generated protobuf and gRPC modules of env_bridge.proto, generated on first use.

The .proto is the one contract between the Java workers and this package, so it is not copied here:
it is found next to this package in the repository (or at A3C_BRIDGE_PROTO), compiled with
grpc_tools.protoc into a cache directory named after its content, and imported from there.
"""
import hashlib
import importlib
import os
import shutil
import sys
from pathlib import Path

PROTO_NAME = "env_bridge.proto"


def proto_path() -> Path:
    explicit = os.environ.get("A3C_BRIDGE_PROTO")
    candidates = [Path(explicit)] if explicit else []
    here = Path(__file__).resolve().parent
    candidates += [here / PROTO_NAME, here.parent.parent / "proto" / "src" / "main" / "proto" / PROTO_NAME]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{PROTO_NAME} not found (looked at {', '.join(str(c) for c in candidates)}); "
                            "set A3C_BRIDGE_PROTO to its path")


def _generate(proto: Path, out: Path) -> None:
    from grpc_tools import protoc
    import grpc_tools
    out.mkdir(parents=True, exist_ok=True)
    include = Path(grpc_tools.__file__).resolve().parent / "_proto"
    status = protoc.main(["protoc", f"-I{proto.parent}", f"-I{include}", f"--python_out={out}",
                          f"--grpc_python_out={out}", str(proto)])
    if status != 0:
        raise RuntimeError(f"protoc failed on {proto} (status {status})")


def load():
    """Returns (messages module, grpc module) of env_bridge.proto."""
    proto = proto_path()
    digest = hashlib.sha256(proto.read_bytes()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "a3c-bridge" / digest
    if not (cache / "env_bridge_pb2_grpc.py").is_file():
        staging = cache.with_name(f"{digest}.{os.getpid()}")
        _generate(proto, staging)
        try:
            staging.rename(cache)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another process generated it first
    if str(cache) not in sys.path:
        sys.path.insert(0, str(cache))
    return importlib.import_module("env_bridge_pb2"), importlib.import_module("env_bridge_pb2_grpc")
