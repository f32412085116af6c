"""Memory of every process of a server setup holding many pairs: `coach serve` and `chroma run`
(and PostgreSQL, when given), after every pair has been searched over HTTP.

    python benchmarks/server_memory.py [--pairs 200] [--notes 20] [--postgres | --database-url URL]

Starts a Chroma server on loopback, imports ``--pairs`` pairs of ``--notes`` notes into it
(50 pair files at a time through the bulk path, ``import_paths(ledgers=False)``, the ledgers
then marked built unbuilt: no search reads them, and building 2,000 would be most of the
time; the hashing embedder: what the processes hold does not depend on what vectors mean,
and the real model would take hours at this size), makes an account and
API token for each pair's employee, starts `coach serve` against the same Chroma server and
database, then searches every pair once as its employee, then every pair again. Prints each
process's resident memory (now and peak, from /proc) after the import, after the first
round, and after the second, with the load average. ``--postgres`` starts a PostgreSQL
cluster of its own (``initdb`` and ``pg_ctl`` as the ``postgres`` user, on loopback) and
counts its processes too, by proportional set size (their shared buffers once, not once per
backend).

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
from sqlalchemy import text

from assistant.coach import Coach
from assistant.settings import Settings

PASSWORD = "benchmark password"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory(pid: int, proportional: bool = False) -> tuple[float, float]:
    """(resident now, peak resident) in MB, of the process and its children; with
    ``proportional``, now is the proportional set size (shared pages split between sharers)."""
    now = peak = 0.0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text() if proportional else ""
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in (status + rollup).splitlines() if ":" in line)
        now += int(fields.get("Pss" if proportional else "VmRSS", "0 kB").split()[0]) / 1024
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
        if name == "postgres":
            now, _ = _memory(pid, proportional=True)
            parts.append(f"{name} {now:.0f} MB (proportional, every backend)")
            continue
        now, peak = _memory(pid)
        parts.append(f"{name} {now:.0f} MB (peak {peak:.0f})")
    print(f"{stage:<28} " + "; ".join(parts) + f"; load average {os.getloadavg()[0]:.1f}")


def _start_postgres(tmp: Path) -> tuple[str, int]:
    """A PostgreSQL cluster of its own under ``tmp`` on a free loopback port: (URL, pid)."""
    data, port = tmp / "pg", _free_port()
    tmp.chmod(0o755)
    data.mkdir()
    shutil.chown(data, "postgres")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([*as_pg, "initdb", "-D", str(data), "-A", "trust", "-U", "postgres"], check=True, **quiet)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={data}"
    subprocess.run(
        [*as_pg, "pg_ctl", "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start"], check=True, **quiet
    )
    subprocess.run(
        [*as_pg, "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "coach"], check=True, **quiet
    )
    pid = int((data / "postmaster.pid").read_text().split()[0])
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/coach", pid


def _stop_postgres(tmp: Path) -> None:
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_pg, "pg_ctl", "-D", str(tmp / "pg"), "-m", "fast", "stop"], stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--notes", type=int, default=20)
    ap.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in the home)")
    ap.add_argument("--postgres", action="store_true", help="start a PostgreSQL cluster of its own and use it")
    ap.add_argument(
        "--chroma-cache", type=int, default=64, help="indexes chroma run keeps (deploy/chroma.yaml); 0: its default"
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="coach-memory-"))
    postgres = None
    if args.postgres:
        args.database_url, postgres = _start_postgres(tmp)
    chroma_port, port = _free_port(), _free_port()
    chroma_cmd = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    where = ["--path", str(tmp / "chroma"), "--host", "127.0.0.1", "--port", str(chroma_port)]
    if args.chroma_cache:  # deploy/chroma.yaml, with this many loaded indexes (a file replaces the flags)
        yaml = (ROOT / "deploy" / "chroma.yaml").read_text()
        for old, new in [
            ('"/var/lib/chroma"', f'"{tmp / "chroma"}"'),
            ("port: 8000", f"port: {chroma_port}"),
            ("capacity: 64", f"capacity: {args.chroma_cache}"),
        ]:
            yaml = yaml.replace(old, new)
        (tmp / "chroma.yaml").write_text(yaml)
        where = [str(tmp / "chroma.yaml")]
    chroma = subprocess.Popen(
        [chroma_cmd, "run", *where],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes = {"chroma run": chroma.pid, **({"postgres": postgres} if postgres else {})}
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
                coach.import_paths(files, ledgers=False)
                print(f"  {p + 1} pairs imported ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
            with coach.records.engine.begin() as conn:
                conn.execute(text("UPDATE pairs SET ledger_revision = revision"))
            hashed = coach.accounts.passwords.hash(PASSWORD)  # once: argon2 is slow by design
            coach.accounts.passwords.hash = lambda _password: hashed  # type: ignore[method-assign]
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
        if postgres:
            _stop_postgres(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
