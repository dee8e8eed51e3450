"""Benchmark of the statistics page (issue 5): a network of 10 branches with 10 years of held
programme (about 60,000 sessions with attendance), the year's statistics of one branch and of the
whole network (a coordinator), p50/p99 on one connection beside /healthz of the same server run.

    .venv/bin/python bench/stats_year.py --database-url postgresql://postgres@127.0.0.1:5432/afisa_bench

The programme is inserted in bulk (not through create_item): the point is the size of the data
the statistics read, not how it was planned."""
from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from common import PASSWORD, latency, login, server

KINDS = ["event"] * 6 + ["lesson"] * 2 + ["book_start", "delivery"]
AUDIENCES = ["preschool", "children", "teens", "adults", "seniors", "families"]


async def _bulk(table, rows: list, chunk: int = 2000) -> list[int]:
    ids: list[int] = []
    for i in range(0, len(rows), chunk):
        ids += [r["id"] for r in await table.insert(*rows[i:i + chunk]).returning(table.id)]
    return ids


async def build(database_url: str, *, branches: int, years: int, sessions_per_year: int) -> dict:
    import os

    os.environ["AFISA_DATABASE_URL"] = database_url
    from app.auth.passwords import hash_password
    from models.kernel.db import engine_from_url, use_engine
    from models.kernel.migrate import migrate, reset_schema
    from models.kernel.network_tables import Branch, Staff
    from models.kernel.tables import Attendance, Item, ItemAudience, ItemPartner, Occurrence, Partner, Place

    use_engine(engine_from_url(database_url))
    await reset_schema()
    await migrate()
    rng = random.Random(5)
    first_year = date.today().year - years + 1
    password = hash_password(PASSWORD)
    await Staff.insert(Staff(username="bench", display_name="Koordinatore", password_hash=password, role="coordinator")).returning(Staff.id)
    partners = [Partner(name=f"Partneris {n}", type=["school", "culture_house", "seniors", "preschool"][n % 4]) for n in range(20)]
    partner_ids = await _bulk(Partner, partners)
    total_sessions = 0
    first_branch = None
    for b in range(branches):
        branch = (await Branch.insert(Branch(name=f"Bibliotēka {b}", short_name=f"Bibliotēka {b}", slug=f"filiale-{b}")).returning(Branch.id))[0]["id"]
        first_branch = first_branch or branch
        places = await _bulk(Place, [Place(branch=branch, name=n, kind=k) for n, k in
                                     (("Lasītava", "room"), ("Bērnu zona", "room"), ("Kultūras nams", "venue"), ("Izsniegšanas punkts", "service_point"))])
        await Staff.insert(Staff(username=f"bench{b}", display_name="Bibliotekāre", password_hash=password, role="librarian", branch=branch))
        for year in range(first_year, first_year + years):
            days = sorted(rng.sample(range(365), min(sessions_per_year // 2, 365)))
            items, occurrences_per_item = [], []
            for day_index in days:
                day = date(year, 1, 1) + timedelta(days=day_index)
                for hour in (11, 17):
                    kind = rng.choice(KINDS)
                    start = datetime(day.year, day.month, day.day, hour)
                    place = places[3] if kind == "delivery" else rng.choice(places[:3])
                    items.append(Item(uid=uuid.uuid4().hex, branch=branch, kind=kind, title=f"{kind} {day:%d.%m.%Y}", place=place,
                                      starts_at=start, ends_at=start + timedelta(hours=1, minutes=30), status="held",
                                      literacy_area="language_reading" if kind == "lesson" else "",
                                      delivery_kind=("home" if hour == 17 else "service_point") if kind == "delivery" else ""))
                    occurrences_per_item.append(start)
            for n in range(8):  # exhibitions: counted once, in the year they open
                start = datetime(year, 1 + n, 2, 10)
                items.append(Item(uid=uuid.uuid4().hex, branch=branch, kind="exhibition", title=f"Izstāde {n}", place=places[0], all_day=True,
                                  starts_at=start, ends_at=start + timedelta(days=60), status="published"))
                occurrences_per_item.append(start)
            item_ids = await _bulk(Item, items)
            occurrences = [Occurrence(item=i, recurrence_id=s, starts_at=s, ends_at=s + timedelta(hours=1, minutes=30)) for i, s in zip(item_ids, occurrences_per_item)]
            occurrence_ids = await _bulk(Occurrence, occurrences)
            attendance, audiences, links = [], [], []
            for item, item_id, occurrence_id in zip(items, item_ids, occurrence_ids):
                if item.kind == "exhibition":
                    continue
                children = rng.randint(0, 25)
                adults = rng.randint(0, 20)
                attendance.append(Attendance(occurrence=occurrence_id, item=item_id, total=children + adults, children=children, adults=adults,
                                             online=rng.choice([0, 0, 0, 12]), kits=children if item.kind == "book_start" else 0,
                                             items_out=rng.randint(5, 40) if item.kind == "delivery" else 0,
                                             readers_served=rng.randint(1, 6) if item.kind == "delivery" else 0))
                audiences.append(ItemAudience(item=item_id, audience=rng.choice(AUDIENCES)))
                if rng.random() < 0.3:
                    links.append(ItemPartner(item=item_id, partner=rng.choice(partner_ids), role="participant", confirmation="confirmed"))
            await _bulk(Attendance, attendance)
            await _bulk(ItemAudience, audiences)
            if links:
                await _bulk(ItemPartner, links)
            total_sessions += len(attendance)
    from models.statistics import facts as statistics_facts

    await statistics_facts.refresh()  # bulk rows bypass the told changes that keep them (models/consequences.py)
    if database_url.startswith("postgres"):
        # a live database is analysed by autovacuum; straight after a bulk load the planner would
        # still think the tables empty and choose nested loops over 12,000 rows
        await Item.raw("ANALYZE")
    return {"branch": first_branch, "year": first_year + years - 2, "sessions": total_sessions}




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--branches", type=int, default=10)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--sessions-per-year", type=int, default=600)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="afisa-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    built = asyncio.run(build(database_url, branches=args.branches, years=args.years, sessions_per_year=args.sessions_per_year))
    year = built["year"]
    with server(database_url, workdir) as base:
        coordinator = {"Cookie": login(base)}
        librarian = {"Cookie": login(base, "bench0")}
        h50, h99 = latency(base, "/healthz", args.requests)
        b50, b99 = latency(base, f"/statistics?period=year&year={year}", args.requests, librarian)
        n50, n99 = latency(base, f"/statistics?period=year&year={year}", args.requests, coordinator)
        a50, a99 = latency(base, f"/api/v1/statistics?period=year&year={year}", args.requests, coordinator)
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    print(f"engine: {engine}; {args.branches} branches × {args.years} years, {built['sessions']} held sessions; year {year}; {datetime.now():%d.%m.%Y. %H:%M}")
    print(f"{'route':<34}{'p50 ms':>8}{'p99 ms':>8}")
    for name, p50, p99 in (("/healthz", h50, h99), ("year page, one branch", b50, b99), ("year page, network", n50, n99), ("year API, network", a50, a99)):
        print(f"{name:<34}{p50:>8.2f}{p99:>8.2f}   p50 ×{p50 / h50:.1f}  p99 ×{p99 / h99:.1f} of /healthz")


if __name__ == "__main__":
    main()
