#!/usr/bin/env bash
# Installs the system pieces the test suite uses that a fresh machine may lack:
#   * etcd (Debian package etcd-server) for the etcd registry tests (runtime-lib/tests/agents_etcd.rs);
#   * grpcio, grpcio-tools and protobuf for Python 3, for the Python agent test
#     (runtime-lib/tests/agents_python.rs, examples/python-agent/agent.py).
# Each step is skipped when the piece is already present, so this is cheap to re-run.
# Those tests fail (they do not skip) when a piece is missing.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

if ! have etcd; then
  echo "== installing etcd-server (for the etcd registry tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server >/dev/null
  # The tests start their own etcd on free loopback ports; a system etcd is not used.
fi

if ! have python3; then
  echo "== installing python3 and pip (for the Python agent test)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-pip >/dev/null
fi

if ! python3 -c 'import grpc, grpc_tools, google.protobuf' >/dev/null 2>&1; then
  echo "== installing grpcio, grpcio-tools and protobuf (for the Python agent test)"
  pip_install() { python3 -m pip install --quiet --disable-pip-version-check "$@" grpcio grpcio-tools protobuf; }
  # Debian's externally-managed system Python refuses plain installs; fall back to --user,
  # then to --break-system-packages (CI machines only).
  pip_install || pip_install --user || pip_install --user --break-system-packages
fi

# sed reads all of etcd's output: with head, etcd could die of SIGPIPE and fail the pipeline.
etcd --version | sed -n 1p
python3 -c 'import grpc; print("grpcio", grpc.__version__)'
