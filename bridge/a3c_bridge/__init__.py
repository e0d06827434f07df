"""Gymnasium environments served to a3c workers over gRPC (the contract: proto/src/main/proto/env_bridge.proto)."""
