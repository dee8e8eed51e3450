"""Benchmark of the outreach pages (issue 14) on the demo library with its history (seven book
sets, a year and more of placements and rounds, four home readers): p50/p99 on one connection and
requests per second with 32 connections, each beside /healthz of the same server run.

    .venv/bin/python bench/outreach.py [--database-url URL] [--requests 200] [--seconds 5]"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from common import DEMO_PASSWORD, ROOT, latency, login, row, server, throughput




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    env = {**os.environ, "AFISA_DATABASE_URL": database_url, "AFISA_DATA_DIR": str(workdir)}
    subprocess.run([sys.executable, "-m", "app.cli", "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with server(database_url, workdir) as base:
        cookie = {"Cookie": login(base, "maija", DEMO_PASSWORD)}
        import httpx

        with httpx.Client(base_url=base, headers=cookie) as client:
            rounds = client.get("/api/v1/outreach/sets")  # warms the session
            assert rounds.status_code == 200, rounds.status_code
        routes = {"/healthz": None, "/outreach": cookie, "/outreach/sets": cookie, "/outreach/rotation": cookie,
                  "/outreach/readers": cookie, "/outreach/rounds": cookie}
        results = {path: (*latency(base, path, args.requests, headers), throughput(base, path, args.seconds, headers))
                   for path, headers in routes.items()}
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; the demo with its history; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<22}{'p50 ms':>8}{'p99 ms':>8}{'req/s':>10}")
    h50, _, hrps = results["/healthz"]
    for path, (p50, p99, rps) in results.items():
        print(row(path, p50, p99, rps, h50, hrps))


if __name__ == "__main__":
    main()
