"""Benchmark of the exhibitions' pass before every round of the core sender (every 15 s): on the
network of bench/stats_year.py (10 branches, 10 years, about 60,000 held sessions and 800
exhibitions), with every held session's record already in the outbox, how long one pass of
models/core_exhibitions.reconcile() takes when it has the 800 openings to queue, and when it has
nothing to do (the state it is in nearly always), beside /healthz of a server on the same database.

    .venv/bin/python bench/core_exhibitions.py --database-url postgresql://postgres@127.0.0.1:5432/afisa_bench
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from common import latency, server
from stats_year import build

# what models/core_records.queue_record() leaves for each held session, written in one statement
_FILL_OUTBOX = """INSERT INTO core_delivery (key, record_id, version, occurrence, branch, payload, status, attempts, last_error)
SELECT 'bench:' || o.id || ':v1', 'bench:' || o.id, 1, o.id, i.branch,
       {payload}, 'sent', 1, ''
FROM attendance a JOIN occurrence o ON o.id = a.occurrence JOIN item i ON i.id = o.item"""


async def fill_and_time(database_url: str, passes: int) -> dict:
    from models.statistics import core_exhibitions
    from models.kernel.db import engine_from_url, use_engine
    from models.kernel.tables import CoreDelivery

    use_engine(engine_from_url(database_url))
    payload = """json_build_object('kind', i.kind, 'state', 'held')""" if database_url.startswith("postgres") else \
        """json_object('kind', i.kind, 'state', 'held')"""
    await CoreDelivery.raw(_FILL_OUTBOX.format(payload=payload))
    if database_url.startswith("postgres"):
        await CoreDelivery.raw("ANALYZE")
    now = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    first = await core_exhibitions.reconcile(now)
    first_ms = (time.perf_counter() - t0) * 1000
    idle = []
    for _ in range(passes):
        t0 = time.perf_counter()
        assert await core_exhibitions.reconcile(now) == 0
        idle.append((time.perf_counter() - t0) * 1000)
    return {"queued": first, "first_ms": first_ms, "idle_p50": statistics.median(idle), "idle_max": max(idle),
            "outbox": await CoreDelivery.count()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    built = asyncio.run(build(database_url, branches=10, years=10, sessions_per_year=600))
    timed = asyncio.run(fill_and_time(database_url, args.passes))
    with server(database_url, workdir) as base:
        h50, _ = latency(base, "/healthz", 200)
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; {built['sessions']} held sessions, {timed['outbox']} outbox rows; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"first pass (queues {timed['queued']} openings): {timed['first_ms']:.0f} ms")
    print(f"pass with nothing to do: p50 {timed['idle_p50']:.1f} ms, max {timed['idle_max']:.1f} ms "
          f"(×{timed['idle_p50'] / h50:.1f} of /healthz p50 {h50:.2f} ms), once per 15 s")


if __name__ == "__main__":
    main()
