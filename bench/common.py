"""What the benchmarks share: a programme generator, a server in its own process, a login, and
the two measurements (latency on one connection, throughput with 32) against /healthz."""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-1"


async def build_network(database_url: str, year_start: date, *, branches: int = 1, series_per_branch: int = 8, singles_per_branch: int = 280) -> None:
    """Per branch: weekly published series of 40 sessions and single events (8 + 280 = 600 sessions)."""
    os.environ["AFISA_DATABASE_URL"] = database_url
    from app.auth.passwords import hash_password
    from models.kernel.db import engine_from_url, use_engine
    from models.kernel.migrate import migrate, reset_schema
    from models.planning.programme import create_item
    from models.kernel.network_tables import Branch, Staff
    from models.kernel.tables import Place
    from models.planning.validation import validate_item

    use_engine(engine_from_url(database_url))
    await reset_schema()
    await migrate()
    for b in range(branches):
        slug = "rozupe" if b == 0 else f"filiale-{b}"
        branch = (await Branch.insert(Branch(name=f"Bibliotēka {b}", short_name=f"Bibliotēka {b}", slug=slug)).returning(Branch.id))[0]["id"]
        rooms = [(await Place.insert(Place(branch=branch, name=n, kind="room")).returning(Place.id))[0]["id"] for n in ("Lasītava", "Bērnu zona", "Izstāžu zāle")]
        username = "bench" if b == 0 else f"bench{b}"
        staff = (await Staff.insert(Staff(username=username, display_name="Bench", password_hash=hash_password(PASSWORD), role="librarian", branch=branch)).returning(*Staff.all_columns()))[0]
        for i in range(series_per_branch):
            first = year_start + timedelta(days=i % 5 + 7 * (i // 5))
            raw = {"kind": "lesson", "title": f"Bibliotekārā stunda {i + 1}", "lesson_class": f"{i % 9 + 1}. klase", "branch_id": branch,
                   "place_id": rooms[i % 3], "start_date": first.isoformat(), "start_time": f"{9 + i % 8}:00", "end_date": first.isoformat(),
                   "end_time": f"{9 + i % 8}:45", "repeat": "weekly", "count": 40, "status": "published", "is_public": True, "audiences": ["children"]}
            await create_item(await validate_item(raw, staff), staff["id"])
        day = year_start
        for n in range(singles_per_branch):
            raw = {"kind": "event", "title": f"Pasākums {n}", "branch_id": branch, "place_id": rooms[n % 3], "description": "Stāstu pēcpusdiena. " * 5,
                   "start_date": day.isoformat(), "start_time": "17:00", "end_date": day.isoformat(), "end_time": "18:30",
                   "status": "published", "is_public": True, "audiences": ["adults", "seniors"]}
            await create_item(await validate_item(raw, staff), staff["id"])
            day += timedelta(days=1 if n % 4 else 2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(database_url: str, workdir: Path):
    import httpx

    port = free_port()
    env = {**os.environ, "AFISA_DATABASE_URL": database_url, "AFISA_DATA_DIR": str(workdir), "AFISA_BASE_URL": f"http://127.0.0.1:{port}"}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait()


DEMO_PASSWORD = "afisa-demo-2026"


def login(base: str, username: str = "bench", password: str = PASSWORD) -> str:
    """The session's cookies, signed in through the login form as a person would."""
    import httpx

    with httpx.Client(base_url=base) as client:
        client.get("/login")
        client.post("/login", data={"username": username, "password": password, "_csrf_token": client.cookies["csrftoken"]})
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def latency(base: str, path: str, n: int, headers: dict | None = None, expect: int = 200) -> tuple[float, float]:
    import httpx

    times = []
    with httpx.Client(base_url=base, headers=headers or {}) as client:
        for _ in range(20):
            client.get(path)
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == expect, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.99) - 1)]


def throughput(base: str, path: str, seconds: int, headers: dict | None = None) -> float:
    """Requests per second with 32 connections (wrk when installed: the Python client would be the bottleneck)."""
    headers = headers or {}
    if shutil.which("wrk"):
        args = ["wrk", "-t2", "-c32", f"-d{seconds}s"]
        for name, value in headers.items():
            args += ["-H", f"{name}: {value}"]
        out = subprocess.run(args + [base + path], capture_output=True, text=True).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    import httpx

    async def run() -> float:
        done = 0
        stop = time.perf_counter() + seconds
        async with httpx.AsyncClient(base_url=base, headers=headers, limits=httpx.Limits(max_connections=32)) as client:
            async def worker():
                nonlocal done
                while time.perf_counter() < stop:
                    await client.get(path)
                    done += 1
            await asyncio.gather(*[worker() for _ in range(32)])
        return done / seconds

    return asyncio.run(run())


def row(name: str, p50: float, p99: float, rps: float, base_p50: float, base_rps: float) -> str:
    return f"{name:<22}{p50:>8.2f}{p99:>8.2f}{rps:>10.0f}   p50 ×{p50 / base_p50:<5.1f} throughput {rps / base_rps:>4.0%} of /healthz"
