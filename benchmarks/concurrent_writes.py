"""Writes over HTTP from concurrent clients, and reads while they write, against `coach serve`.

    python benchmarks/concurrent_writes.py [--notes 12] [--clients 8] [--existing 30] [--rounds 2]

Sets up a home with ``--clients`` pairs of ``--existing`` notes each (the real MiniLM), an
account and API token for each pair's employee, starts a real `coach serve` process, then,
round after round (paired, so that load hits both alike): one client posting ``--notes``
notes to its pair (POST /api/pairs/{pair}/notes, each answered once the note is stored,
indexed and its pair's ledgers rebuilt), and ``--clients`` clients doing the same at once,
each on its own pair. Meanwhile a reader searches and drafts agendas; its latencies are
printed beside the same reads on an idle server. Prints notes/s for both, their ratio, p50 /
p95 of each write, the server process's CPU time, and the load average.

Targets (issues 14 and 15): 8 clients sustain >= 4x one client's rate; reads never wait
behind a write.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from _corpus import note_texts, pair_file

from assistant.coach import Coach
from assistant.settings import Settings

PYTHON = Path(sys.executable)
PASSWORD = "benchmark password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def setup(home: Path, clients: int, existing: int) -> dict[str, str]:
    texts = note_texts(clients * existing + 10)
    tmp = Path(tempfile.mkdtemp(prefix="coach-writes-"))
    files = []
    for p in range(clients):
        doc = pair_file(f"w{p}", texts[p * existing : (p + 1) * existing], f"m{p}", f"e{p}")
        files.append(tmp / f"w{p}.json")
        files[-1].write_text(json.dumps(doc))
    tokens = {}
    with Coach.from_settings(Settings(home=home)) as coach:
        coach.import_paths(files)
        for p in range(clients):
            coach.accounts.add_user(f"e{p}", PASSWORD)
            tokens[f"w{p}"] = coach.accounts.create_token(f"e{p}", "benchmark")
    return tokens


def write_notes(base: str, pair: str, token: str, texts: list[str], out: list[float]) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as client:
        for text in texts:
            start = time.perf_counter()
            answer = client.post(f"/api/pairs/{pair}/notes", json={"text": text, "visibility": "shared"})
            answer.raise_for_status()
            out.append(time.perf_counter() - start)


def read_loop(base: str, pair: str, token: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as client:
        while not stop.is_set():
            for path, params in (
                (f"/api/pairs/{pair}/search", {"q": "what did we agree about the budget"}),
                (f"/api/pairs/{pair}/agenda", {}),
            ):
                start = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                out.append(time.perf_counter() - start)


def rate(base: str, tokens: dict[str, str], pairs: list[str], texts: list[str], reads: list[float]) -> tuple:
    latencies: list[float] = []
    per_client = [texts[i :: len(pairs)] for i in range(len(pairs))]
    stop = threading.Event()
    reader = threading.Thread(target=read_loop, args=(base, "w0", tokens["w0"], stop, reads))
    writers = [
        threading.Thread(target=write_notes, args=(base, pair, tokens[pair], mine, latencies))
        for pair, mine in zip(pairs, per_client, strict=True)
    ]
    start = time.perf_counter()
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    elapsed = time.perf_counter() - start
    stop.set()
    reader.join()
    return len(texts) / elapsed, latencies


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=12, help="notes each client posts per round")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--existing", type=int, default=30, help="notes each pair holds before")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="coach-writes-home-"))
    tokens = setup(home, args.clients, args.existing)
    port = _free_port()
    server = subprocess.Popen(
        [str(PYTHON.parent / "coach"), "--home", str(home), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        pool = note_texts(4000, seed=11)
        texts = iter(pool)
        idle: list[float] = []
        stop = threading.Event()
        timer = threading.Timer(20, stop.set)
        timer.start()
        read_loop(base, "w0", tokens["w0"], stop, idle)
        load_before, cpu_before = os.getloadavg(), _server_cpu(server.pid)
        one, many, lat_one, lat_many, busy = [], [], [], [], []
        cpu_one = cpu_many = 0.0  # the server's CPU seconds in each condition (the reader's included)
        pairs = [f"w{p}" for p in range(args.clients)]
        for _ in range(args.rounds):
            mark = _server_cpu(server.pid)
            r, lat = rate(base, tokens, ["w1"], [next(texts) for _ in range(args.notes)], busy)
            cpu_one += _server_cpu(server.pid) - mark
            one.append(r)
            lat_one += lat
            mark = _server_cpu(server.pid)
            r, lat = rate(base, tokens, pairs, [next(texts) for _ in range(args.notes * args.clients)], busy)
            cpu_many += _server_cpu(server.pid) - mark
            many.append(r)
            lat_many += lat
        load_after, cpu = os.getloadavg(), _server_cpu(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=60)

    def q(values: list[float]) -> str:
        cut = statistics.quantiles(values, n=100)
        return f"p50 {cut[49] * 1000:.0f} ms, p95 {cut[94] * 1000:.0f} ms"

    print(f"load average {load_before[0]:.1f} -> {load_after[0]:.1f} ({os.cpu_count()} CPUs); server CPU {cpu:.0f} s")
    print(f"pairs of {args.existing} notes; {args.rounds} paired rounds of {args.notes} notes per client")
    print(f"1 client:   {statistics.median(one):5.2f} notes/s (each write {q(lat_one)})")
    print(f"{args.clients} clients:  {statistics.median(many):5.2f} notes/s (each write {q(lat_many)})")
    print(f"ratio: {statistics.median(many) / statistics.median(one):.2f}x (target >= 4x)")
    per_one = cpu_one / (args.rounds * args.notes)
    per_many = cpu_many / (args.rounds * args.notes * args.clients)
    print(
        f"server CPU per note: 1 client {per_one:.2f} s, {args.clients} clients {per_many:.2f} s; the CPUs"
        f" bound the rate at {os.cpu_count()} / {per_many:.2f} = {os.cpu_count() / per_many:.2f} notes/s,"
        f" {os.cpu_count() / per_many / statistics.median(one):.1f}x one client's (an idle machine)"
    )
    print(f"reads (search, agenda) on an idle server: {q(idle)}; while writing: {q(busy)}")


if __name__ == "__main__":
    main()
