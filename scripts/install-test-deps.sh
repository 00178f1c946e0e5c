#!/usr/bin/env bash
# Installs the system pieces the test suite uses that a fresh machine may lack.
# Each step is skipped when the piece is already present, so this is cheap to re-run.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if ! have etcd; then
  echo "== installing etcd-server (for the etcd registry tests)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server >/dev/null
fi

if ! python3 -c 'import grpc, grpc_tools' >/dev/null 2>&1; then
  echo "== installing grpcio and grpcio-tools (for the Python agent test)"
  python3 -m pip install --quiet --disable-pip-version-check grpcio grpcio-tools protobuf
fi
