"""Benchmark of the month planner (issue 2): a branch with a full year's programme (600
occurrences), logged in; p50/p99 on one connection and requests per second with 32 connections,
each beside /healthz of the same server run.

    .venv/bin/python bench/planner.py [--database-url URL] [--requests 400] [--seconds 10]"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import date, datetime
from pathlib import Path

from common import build_network, latency, login, row, server, throughput


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    today = date.today()
    asyncio.run(build_network(database_url, date(today.year, 1, 5)))
    with server(database_url, workdir) as base:
        cookie = {"Cookie": login(base)}
        month = f"/planner?view=month&day={date(today.year, 3, 15).isoformat()}"
        h50, h99 = latency(base, "/healthz", args.requests)
        p50, p99 = latency(base, month, args.requests, cookie)
        hrps = throughput(base, "/healthz", args.seconds)
        prps = throughput(base, month, args.seconds, cookie)
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; a 600-session year, the March planner; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<22}{'p50 ms':>8}{'p99 ms':>8}{'req/s':>10}")
    print(row("/healthz", h50, h99, hrps, h50, hrps))
    print(row("month planner", p50, p99, prps, h50, hrps))


if __name__ == "__main__":
    main()
