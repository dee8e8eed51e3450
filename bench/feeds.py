"""Benchmark of publishing (issue 3): in one server run, /healthz, a branch feed answered 200,
the same feed answered 304 and the public month page, each p50/p99 on one connection and
requests per second with 32 connections; then the cold build time of a branch feed of 600
occurrences and of a network feed of 10,000 (query + bytes, in process).

    .venv/bin/python bench/feeds.py [--database-url URL] [--requests 400] [--seconds 10]"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from common import build_network, latency, row, server, throughput


async def cold_builds(database_url: str, repeats: int = 5) -> dict[str, float]:
    from calendars.feed import FeedInfo, build_calendar
    from models.kernel.db import engine_from_url, use_engine
    from models.publishing.publication import Scope, items_in_scope
    from models.kernel.network_tables import Branch
    from models.kernel.tables import Occurrence

    use_engine(engine_from_url(database_url))
    branch = await Branch.select(Branch.id).where(Branch.slug == "rozupe").first()
    info = FeedInfo(name="Bench", base_url="http://bench", organizer_email="programma@bench")
    results = {}
    for name, scope in (("branch", Scope(branch_ids=(branch["id"],))), ("network", Scope())):
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            items = await items_in_scope(scope)
            body = build_calendar(items, info)
            times.append((time.perf_counter() - t0) * 1000)
        sessions = sum(len(i["occurrences"]) for i in items)
        results[name] = (statistics.median(times), sessions, len(body))
    results["total_occurrences"] = await Occurrence.count()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-feeds-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    today = date.today()
    # 17 branches of 600 sessions: one branch feed of 600, a network feed of over 10,000
    asyncio.run(build_network(database_url, date(today.year, 1, 5), branches=17))
    with server(database_url, workdir) as base:
        import httpx

        etag = httpx.get(base + "/feeds/rozupe.ics").headers["etag"]
        page = f"/programme/rozupe?month={today.year}-03"
        h = latency(base, "/healthz", args.requests)
        f200 = latency(base, "/feeds/rozupe.ics", args.requests)
        f304 = latency(base, "/feeds/rozupe.ics", args.requests, {"If-None-Match": etag}, expect=304)
        pub = latency(base, page, args.requests)
        hrps = throughput(base, "/healthz", args.seconds)
        rps200 = throughput(base, "/feeds/rozupe.ics", args.seconds)
        rps304 = throughput(base, "/feeds/rozupe.ics", args.seconds, {"If-None-Match": etag})
        rpspub = throughput(base, page, args.seconds)
    builds = asyncio.run(cold_builds(database_url))
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; {builds['total_occurrences']} sessions in 17 branches; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<22}{'p50 ms':>8}{'p99 ms':>8}{'req/s':>10}")
    print(row("/healthz", *h, hrps, h[0], hrps))
    print(row("branch feed 200", *f200, rps200, h[0], hrps))
    print(row("branch feed 304", *f304, rps304, h[0], hrps))
    print(row("public month page", *pub, rpspub, h[0], hrps))
    for name in ("branch", "network"):
        ms, sessions, size = builds[name]
        print(f"cold build, {name} feed: {ms:.0f} ms for {sessions} sessions ({size / 1024:.0f} KiB), ×{ms / h[0]:.0f} a /healthz")


if __name__ == "__main__":
    main()
