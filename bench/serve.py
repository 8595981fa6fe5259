"""Benchmark the endpoint under load: 50 heavy queries sent at once to `peacegraph serve`, the
memory of the server and its query processes sampled every 20 ms (proportional set size, so that
pages shared by the forked children count once), with the default query slots and with as many
slots as requests (what the endpoint did before it had slots: one child process per query).

    python bench/serve.py [--clients 50] [--timeout 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_mib(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def run(store: Path, slots: int | None, clients: int, timeout: float) -> dict:
    port = free_port()
    cmd = [sys.executable, "-m", "graph.cli", "--data", str(ROOT / "data"), "serve", "--port", str(port),
           "--timeout", str(timeout), "--store", str(store)] + (["--slots", str(slots)] if slots else [])
    server = subprocess.Popen(cmd, stderr=open(os.environ.get("BENCH_LOG", os.devnull), "a"))
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(200):
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    idle = pss_mib(tree(server.pid))
    peak, most_procs, done = idle, 1, threading.Event()

    def sample():
        nonlocal peak, most_procs
        while not done.is_set():
            pids = tree(server.pid)
            most_procs = max(most_procs, len(pids))
            peak = max(peak, pss_mib(pids))
            time.sleep(0.02)

    answers: Counter = Counter()
    start = threading.Barrier(clients)

    def ask():
        start.wait()
        r = requests.get(url, params={"query": HEAVY}, timeout=timeout + 60)
        answers["busy (503, Retry-After)" if "Retry-After" in r.headers else
                "stopped at the time limit (503)" if r.status_code == 503 else str(r.status_code)] += 1

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.perf_counter()
    threads = [threading.Thread(target=ask) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    done.set()
    sampler.join()
    server.terminate()
    server.wait(10)
    return {"slots": slots or "default", "idle": idle, "peak": peak, "procs": most_procs, "answers": answers,
            "seconds": took}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--timeout", type=float, default=5.0)
    args = ap.parse_args()
    from graph import build, open_store

    with tempfile.TemporaryDirectory() as d:
        store_dir = Path(d) / "store"
        arts = Path(d) / "articles"
        shutil.copytree(ROOT / "data" / "articles", arts)
        store = open_store(store_dir)
        build([arts], store=store, data_dir=ROOT / "data", exports=None)
        store.close()
        print(f"## The endpoint under {args.clients} heavy queries at once ({date.today()}, {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()})\n")
        print(f"`python bench/serve.py --clients {args.clients} --timeout {args.timeout:g}`; the query: "
              f"`{HEAVY}` on the bundled sample (each runs until the time limit).\n")
        print("| slots | memory idle (MiB) | memory peak (MiB) | processes at most | answers | seconds |")
        print("| --- | ---: | ---: | ---: | --- | ---: |")
        for slots in (None, args.clients):
            r = run(store_dir, slots, args.clients, args.timeout)
            said = ", ".join(f"{n} {what}" for what, n in sorted(r["answers"].items()))
            print(f"| {r['slots']} | {r['idle']:.0f} | {r['peak']:.0f} | {r['procs']} | {said} | {r['seconds']:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
