//! Agents over gRPC (in progress).
