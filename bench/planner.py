"""Benchmark of the month planner (issue 2): a branch with a full year's programme (600
occurrences), logged in. Reports p50/p99 latency on one connection and requests per second
with 32 connections, each beside /healthz of the same server run, as a ratio.

    .venv/bin/python bench/planner.py [--database-url URL] [--requests 400] [--seconds 10]

Run by hand (not in CI). Needs `wrk` (Debian package) for the 32-connection figures; without
it, an httpx client stands in (and is itself the bottleneck, so the ratios mean less)."""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def build(database_url: str, year_start: date) -> None:
    os.environ["AFISA_DATABASE_URL"] = database_url
    from app.auth.passwords import hash_password
    from models.db import engine_from_url, use_engine
    from models.migrate import migrate, reset_schema
    from models.programme import create_item
    from models.tables import Branch, Place, Staff
    from models.validation import validate_item

    use_engine(engine_from_url(database_url))
    await reset_schema()
    await migrate()
    branch = (await Branch.insert(Branch(name="Rožupes bibliotēka", short_name="Rožupe", slug="rozupe")).returning(Branch.id))[0]["id"]
    rooms = [(await Place.insert(Place(branch=branch, name=n, kind="room")).returning(Place.id))[0]["id"] for n in ("Lasītava", "Bērnu zona", "Izstāžu zāle")]
    staff = (await Staff.insert(Staff(username="bench", display_name="Bench", password_hash=hash_password("bench-password-1"), role="librarian", branch=branch)).returning(*Staff.all_columns()))[0]
    # 600 sessions a year: 8 weekly series (~40 weeks each = 320), 280 single events
    made = 0
    for i in range(8):
        first = year_start + timedelta(days=i % 5 + 7 * (i // 5))
        raw = {"kind": "lesson", "title": f"Bibliotekārā stunda {i + 1}", "lesson_class": f"{i + 1}. klase", "branch_id": branch,
               "place_id": rooms[i % 3], "start_date": first.isoformat(), "start_time": f"{9 + i}:00", "end_date": first.isoformat(),
               "end_time": f"{9 + i}:45", "repeat": "weekly", "count": 40, "status": "published", "is_public": True, "audiences": ["children"]}
        await create_item(await validate_item(raw, staff), staff["id"])
        made += 40
    day = year_start
    while made < 600:
        raw = {"kind": "event", "title": f"Pasākums {made}", "branch_id": branch, "place_id": rooms[made % 3],
               "start_date": day.isoformat(), "start_time": "17:00", "end_date": day.isoformat(), "end_time": "18:30",
               "status": "planned", "is_public": True, "audiences": ["adults", "seniors"]}
        await create_item(await validate_item(raw, staff), staff["id"])
        made += 1
        day += timedelta(days=1 if made % 4 else 2)


def login(base: str) -> str:
    import httpx

    with httpx.Client(base_url=base) as client:
        client.get("/login")
        token = client.cookies["csrftoken"]
        client.post("/login", data={"username": "bench", "password": "bench-password-1", "_csrf_token": token})
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def latency(base: str, path: str, cookie: str, n: int) -> tuple[float, float]:
    import httpx

    times = []
    with httpx.Client(base_url=base, headers={"Cookie": cookie}) as client:
        for _ in range(20):
            client.get(path)
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def throughput(base: str, path: str, cookie: str, seconds: int) -> float:
    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            raise SystemExit(f"wrk saw {errors.group(1)} failed responses on {path}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    import httpx

    async def run() -> float:
        done = 0
        stop = time.perf_counter() + seconds
        async with httpx.AsyncClient(base_url=base, headers={"Cookie": cookie}, limits=httpx.Limits(max_connections=32)) as client:
            async def worker():
                nonlocal done
                while time.perf_counter() < stop:
                    await client.get(path)
                    done += 1
            await asyncio.gather(*[worker() for _ in range(32)])
        return done / seconds

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    today = date.today()
    asyncio.run(build(database_url, date(today.year, 1, 5)))
    port = free_port()
    env = {**os.environ, "AFISA_DATABASE_URL": database_url, "AFISA_DATA_DIR": str(workdir)}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        cookie = login(base)
        month = f"/planner?view=month&day={date(today.year, 3, 15).isoformat()}"
        page = httpx.get(base + month, headers={"Cookie": cookie}).text
        sessions = page.count('<li class="session')
        h50, h99 = latency(base, "/healthz", cookie, args.requests)
        p50, p99 = latency(base, month, cookie, args.requests)
        hrps = throughput(base, "/healthz", cookie, args.seconds)
        prps = throughput(base, month, cookie, args.seconds)
    finally:
        server.terminate()
        server.wait()
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; month planner shows {sessions} sessions of a 600-session year; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<18}{'p50 ms':>9}{'p99 ms':>9}{'req/s (32 conn)':>18}")
    print(f"{'/healthz':<18}{h50:>9.2f}{h99:>9.2f}{hrps:>18.0f}")
    print(f"{'month planner':<18}{p50:>9.2f}{p99:>9.2f}{prps:>18.0f}")
    print(f"ratio planner/healthz: p50 ×{p50 / h50:.1f}, p99 ×{p99 / h99:.1f}, throughput {prps / hrps:.0%} of /healthz")


if __name__ == "__main__":
    main()
