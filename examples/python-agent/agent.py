#!/usr/bin/env python3
"""A Parallax agent in Python, built with grpcio from the project's own proto.

It implements the four RPCs of ``parallax.confidence.ConfidenceAgent`` (Analyze,
GetCapabilities, HealthCheck, StreamAnalyze). The gRPC stubs are generated at startup with
``grpc_tools.protoc`` into a temporary directory (removed at exit), so nothing generated is
committed and the stubs always match ``runtime-lib/proto/confidence.proto``.

The agent extracts keywords and text statistics from ``data.text`` and echoes the data it
received under ``received`` (so a caller can check that a nested ``google.protobuf.Struct``
arrived intact).

Usage: python3 agent.py [--host 127.0.0.1] [--port 0] [--id ID] [--name NAME]
                        [--proto-dir DIR]
On start it prints one line, ``READY <id>:<name>:<host>:<port>:<capabilities>`` (a
``PARALLAX_LOCAL_AGENTS`` entry), then serves until SIGINT/SIGTERM.
"""

import argparse
import atexit
import importlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections import Counter
from concurrent import futures

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTO_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "runtime-lib", "proto"))

CAPABILITIES = ["keywords", "text-analysis"]
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have he her his i in is it its of on or our
    she so that the their them they this to was we were what when which who will with you your
    not no do does did done can could would should been being than then there these those
    into about over after before very just also more most some such only own same too""".split()
)


def generate_stubs(proto_dir):
    """Compiles confidence.proto with grpc_tools into a temp dir and imports the modules."""
    try:
        import grpc  # noqa: F401
        from grpc_tools import protoc
    except ImportError as exc:  # pragma: no cover - reported to the user
        sys.exit(f"grpcio and grpcio-tools are required ({exc}); "
                 "pip install grpcio grpcio-tools protobuf")
    try:
        from importlib.resources import files
        well_known = str(files("grpc_tools") / "_proto")
    except Exception:  # older Pythons
        import pkg_resources
        well_known = pkg_resources.resource_filename("grpc_tools", "_proto")
    out = tempfile.mkdtemp(prefix="parallax-py-agent-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    status = protoc.main([
        "grpc_tools.protoc",
        f"-I{proto_dir}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        os.path.join(proto_dir, "confidence.proto"),
    ])
    if status != 0:
        sys.exit(f"protoc failed on {proto_dir}/confidence.proto (status {status})")
    sys.path.insert(0, out)
    return importlib.import_module("confidence_pb2"), importlib.import_module("confidence_pb2_grpc")


def plain(value):
    """Struct numbers are doubles: give integral ones back as ints, recursively."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def analyze_text(text):
    """Keywords and statistics of a text; confidence grows with the evidence (text length)."""
    words = re.findall(r"[a-z][a-z'-]*", text.lower())
    content = [w for w in words if w not in STOPWORDS and len(w) > 2]
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    top = Counter(content).most_common(5)
    stats = {
        "words": len(words),
        "sentences": len(sentences),
        "keywords": [{"word": w, "count": c} for w, c in top],
        "lexical_diversity": round(len(set(words)) / len(words), 3) if words else 0.0,
    }
    confidence = min(0.9, 0.35 + 0.55 * min(1.0, len(words) / 60.0)) if words else 0.2
    return stats, confidence


def make_servicer(pb2, pb2_grpc, agent_id, name):
    from google.protobuf import json_format

    class KeywordAgent(pb2_grpc.ConfidenceAgentServicer):
        def _result(self, request):
            data = plain(json_format.MessageToDict(request.data)) if request.HasField("data") else None
            text = ""
            if isinstance(data, dict):
                text = data.get("text") or data.get("content") or ""
            elif isinstance(data, str):
                text = data
            stats, confidence = analyze_text(text if isinstance(text, str) else "")
            value = {"task": request.task_description, "received": data, **stats}
            if stats["keywords"]:
                top = ", ".join(k["word"] for k in stats["keywords"][:3])
                reasoning = f"{stats['words']} words; top keywords: {top}"
            else:
                reasoning = "no text in data.text: nothing to extract"
            result = pb2.ConfidenceResult(
                value_json=json.dumps(value),
                confidence=confidence,
                agent_id=agent_id,
                reasoning=reasoning,
                uncertainties=[] if stats["words"] >= 20 else ["short text: keywords are weak evidence"],
                metadata={"language": "python", "task_id": request.task_id},
            )
            result.timestamp.GetCurrentTime()
            return result

        def Analyze(self, request, context):
            return self._result(request)

        def StreamAnalyze(self, request, context):
            yield self._result(request)

        def GetCapabilities(self, request, context):
            return pb2.Capabilities(
                agent_id=agent_id,
                name=name,
                capabilities=CAPABILITIES,
                expertise_level=0.6,
                capability_scores={"keywords": 0.7, "text-analysis": 0.5},
            )

        def HealthCheck(self, request, context):
            health = pb2.Health(status=pb2.Health.HEALTHY, message="ok")
            health.last_check.GetCurrentTime()
            return health

    return KeywordAgent()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--id", default=f"py-keywords-{os.getpid()}")
    parser.add_argument("--name", default="Python keyword extractor")
    parser.add_argument("--proto-dir", default=os.environ.get("PARALLAX_PROTO_DIR", DEFAULT_PROTO_DIR))
    args = parser.parse_args()

    pb2, pb2_grpc = generate_stubs(args.proto_dir)
    import grpc

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb2_grpc.add_ConfidenceAgentServicer_to_server(
        make_servicer(pb2, pb2_grpc, args.id, args.name), server)
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        sys.exit(f"could not bind {args.host}:{args.port}")
    server.start()
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"READY {args.id}:{args.name}:{host}:{port}:{','.join(CAPABILITIES)}", flush=True)

    stopped = threading.Event()

    def stop(signum, frame):
        stopped.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    stopped.wait()
    server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
