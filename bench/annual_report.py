"""Benchmark of the annual report and the state form (issue 15) on the demo network with its history:
the report's page and DOCX for one library and for the network, the state form and its XLSX, and the
PDF (Chromium, two at a time): p50/p99 on one connection beside /healthz of the same server run.
Throughput is not measured: these are pages a librarian opens a few times a year, not per visitor.

    .venv/bin/python bench/annual_report.py [--database-url URL] [--requests 20]"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from common import DEMO_PASSWORD, ROOT, latency, login, server




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    env = {**os.environ, "AFISA_DATABASE_URL": database_url, "AFISA_DATA_DIR": str(workdir)}
    subprocess.run([sys.executable, "-m", "app.cli", "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    year = datetime.now().year - 1
    with server(database_url, workdir) as base:
        librarian, coordinator = {"Cookie": login(base, "maija", DEMO_PASSWORD)}, {"Cookie": login(base, "koordinatore", DEMO_PASSWORD)}
        routes = {
            "/healthz": (None, args.requests),
            f"/statistics/annual-report?year={year}": (librarian, args.requests),
            f"/statistics/annual-report/download?format=docx&year={year}": (librarian, args.requests),
            f"/statistics/annual-report/download?format=docx&year={year}&branch=network": (coordinator, args.requests),
            f"/statistics/annual-report/download?format=pdf&year={year}": (librarian, max(3, args.requests // 4)),
            f"/statistics/state-form?year={year}": (librarian, args.requests),
            f"/statistics/state-form/download?year={year}&branch=network": (coordinator, args.requests),
        }
        results = {path: latency(base, path, count, headers) for path, (headers, count) in routes.items()}
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; the demo with its history, year {year}; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<76}{'p50 ms':>9}{'p99 ms':>9}{'× /healthz':>12}")
    h50 = results["/healthz"][0]
    for path, (p50, p99) in results.items():
        print(f"{path:<76}{p50:>9.1f}{p99:>9.1f}{p50 / h50:>12.0f}")


if __name__ == "__main__":
    main()
