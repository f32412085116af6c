"""Memory of every process of a server setup holding many pairs: `coach serve` and `chroma run`
(and PostgreSQL, when given), after every pair has been searched over HTTP.

    python benchmarks/server_memory.py [--pairs 200] [--notes 20] [--database-url URL]

Starts a Chroma server on loopback, imports ``--pairs`` pairs of ``--notes`` notes into it
(50 pair files at a time; the hashing embedder: what the processes hold does not depend on
what vectors mean, and the real model would take hours at this size), makes an account and
API token for each pair's employee, starts `coach serve` against the same Chroma server and
database, then searches every pair once as its employee, then every pair again. Prints each
process's resident memory (now and peak, from /proc) after the import, after the first
round, and after the second, with the load average.

Targets (issue 15, item 4): Chroma server <= 2 GB and the Coach process <= 500 MB at 1,000
pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _corpus import note_texts, pair_file

from assistant.coach import Coach
from assistant.settings import Settings

PASSWORD = "benchmark password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) in MB, of the process and its children."""
    now = peak = 0.0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        now += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        peak += int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    return now, peak


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out + [g for c in out for g in _children(c)]


def _wait(url: str, what: str, process: subprocess.Popen, log: Path | None = None) -> None:
    for _ in range(600):
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise SystemExit(f"{what} did not start" + (f":\n{log.read_text()[-2000:]}" if log else ""))


def _report(stage: str, processes: dict[str, int]) -> None:
    parts = []
    for name, pid in processes.items():
        now, peak = _memory(pid)
        parts.append(f"{name} {now:.0f} MB (peak {peak:.0f})")
    print(f"{stage:<28} " + "; ".join(parts) + f"; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--notes", type=int, default=20)
    ap.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in the home)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="coach-memory-"))
    chroma_port, port = _free_port(), _free_port()
    chroma_cmd = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    chroma = subprocess.Popen(
        [chroma_cmd, "run", "--path", str(tmp / "chroma"), "--host", "127.0.0.1", "--port", str(chroma_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes = {"chroma run": chroma.pid}
    server = None
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COACH_")},
        "COACH_CHROMA_URL": f"http://127.0.0.1:{chroma_port}",
        "COACH_EMBEDDINGS": "fake",
        "COACH_ALLOWED_HOSTS": "127.0.0.1",
        **({"COACH_DATABASE_URL": args.database_url} if args.database_url else {}),
    }
    try:
        _wait(f"{env['COACH_CHROMA_URL']}/api/v2/heartbeat", "chroma run", chroma)
        settings = Settings(
            home=tmp / "home", chroma_url=env["COACH_CHROMA_URL"], embeddings="fake", database_url=args.database_url
        )
        texts = note_texts(4000)
        tokens: dict[str, str] = {}
        start = time.perf_counter()
        with Coach.from_settings(settings) as coach:
            for first in range(0, args.pairs, 50):
                files = []
                for p in range(first, min(args.pairs, first + 50)):
                    doc = pair_file(f"p{p}", texts[(p * 7) % 3000 :][: args.notes], f"m{p}", f"e{p}")
                    files.append(tmp / f"p{p}.json")
                    files[-1].write_text(json.dumps(doc))
                coach.import_paths(files)
            for p in range(args.pairs):
                coach.accounts.add_user(f"e{p}", PASSWORD)
                tokens[f"p{p}"] = coach.accounts.create_token(f"e{p}", "benchmark")
        print(f"{args.pairs} pairs x {args.notes} notes imported in {time.perf_counter() - start:.0f} s")
        _report("after the import", processes)
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from assistant.cli import main; main()",
                "--home",
                str(tmp / "home"),
                "serve",
                "--port",
                str(port),
            ],
            env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
            stdout=subprocess.DEVNULL,
            stderr=(tmp / "serve.log").open("w"),
        )
        processes["coach serve"] = server.pid
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/health", "coach serve", server, tmp / "serve.log")
        _report("coach serve started", processes)
        for round_ in ("first", "second"):
            start = time.perf_counter()
            with httpx.Client(base_url=base, timeout=120) as client:
                for pair, token in tokens.items():
                    answer = client.get(
                        f"/api/pairs/{pair}/search",
                        params={"q": "what did we agree about the budget"},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    answer.raise_for_status()
            took = (time.perf_counter() - start) / len(tokens) * 1000
            _report(f"every pair searched ({round_})", processes)
            print(f"{'':<28} {took:.0f} ms per search over HTTP")
    finally:
        for process in (server, chroma):
            if process is not None:
                process.terminate()
                process.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
