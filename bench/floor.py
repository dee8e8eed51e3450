"""The floor under every request: requests/s of a bare Litestar route and of Afiša's cheapest
answers, one uvicorn worker each, measured in the same run with wrk (32 connections).

    cd bench && ../.venv/bin/python floor.py [--seconds 5]

Aim (issue 11): the cached feed and its 304 at least 70 % of the bare route, /healthz and a static
file at least 80 %, the public month page at least 30 %."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from common import PASSWORD, free_port, login, server, throughput

ROOT = Path(__file__).resolve().parents[1]


def bare_server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                               cwd=Path(__file__).parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/")
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return process, base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-floor-"))
    url = f"sqlite:///{workdir}/floor.sqlite3"
    subprocess.run([sys.executable, "-m", "app.cli", "demo"], cwd=ROOT, env={**os.environ, "AFISA_DATABASE_URL": url,
                   "AFISA_DATA_DIR": str(workdir)}, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "app.cli", "user", "add", "bench", "--name", "Bench", "--role", "coordinator", "--password-stdin"],
                   cwd=ROOT, env={**os.environ, "AFISA_DATABASE_URL": url, "AFISA_DATA_DIR": str(workdir)}, input=PASSWORD + "\n",
                   text=True, check=True, stdout=subprocess.DEVNULL)
    process, bare = bare_server()
    try:
        with server(url, workdir) as base:
            feed = httpx.get(base + "/feeds/rozupe.ics")
            month = time.strftime("%Y-%m")
            cookie = login(base)
            visitor = httpx.get(f"{base}/programme/rozupe").cookies["csrftoken"]  # her token, kept in her cookie
            cases = [
                ("bare Litestar route", bare, "/", {}),
                ("/healthz", base, "/healthz", {}),
                ("static file", base, "/static/css/afisa.css", {}),
                ("cached Rožupe feed", base, "/feeds/rozupe.ics", {}),
                ("its 304", base, "/feeds/rozupe.ics", {"If-None-Match": feed.headers["etag"]}),
                ("public month page", base, f"/programme/rozupe?month={month}", {}),
                ("  a returning visitor", base, f"/programme/rozupe?month={month}", {"Cookie": f"csrftoken={visitor}"}),
                ("planner (logged in)", base, "/planner", {"Cookie": cookie}),
            ]
            results = [(name, throughput(origin, path, args.seconds, headers)) for name, origin, path, headers in cases]
    finally:
        process.terminate()
    reference = results[0][1]
    print(f"{'':<24}{'req/s':>8}   of the bare route")
    for name, rps in results:
        print(f"{name:<24}{rps:>8.0f}   {rps / reference:>5.0%}")


if __name__ == "__main__":
    main()
