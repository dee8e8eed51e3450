"""How long planning next month from this month's programme takes a librarian, before and after
"Kopēt programmu" (issue 13): the same twenty items, driven in Chromium against a running Afiša.

Before: for each item, open it from the planner, type the new date into "Dublēt uz datumu", press
"Dublēt", choose "Publicēts" and press "Saglabāt statusu". After: "›", "Kopēt programmu", "Kopēt
atzīmētos", "Publicēt". The script counts the clicks and the keys, measures how long the pages
took, and estimates a person's time with the keystroke-level model (Card, Moran and Newell: 1.1 s
to point and click, 0.28 s a key, 1.35 s to decide before each item's group of actions).

    afisa demo && afisa serve --port 8111 &
    ../.venv/bin/python plan_month.py --url http://127.0.0.1:8111 --user maija --password afisa-demo-2026

It changes the database it runs against (both ways make next month's drafts): use a demo copy."""
from __future__ import annotations

import argparse
import asyncio
import re
import time
from datetime import date, timedelta

from playwright.async_api import async_playwright

POINT_AND_CLICK, KEY, THINK = 1.1, 0.28, 1.35
ITEMS = 20


class Tally:
    def __init__(self) -> None:
        self.clicks = self.keys = self.decisions = 0
        self.waited = 0.0

    async def click(self, locator, page=None) -> None:
        self.clicks += 1
        started = time.perf_counter()
        await locator.click()
        if page is not None:
            await page.wait_for_load_state("networkidle")
        self.waited += time.perf_counter() - started

    async def type(self, locator, text: str) -> None:
        self.keys += len(text)
        await locator.fill(text)

    def human_seconds(self) -> float:
        return self.clicks * POINT_AND_CLICK + self.keys * KEY + self.decisions * THINK + self.waited


def next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


async def before(page, url: str, item_links: list[tuple[str, date]]) -> Tally:
    tally = Tally()
    for href, day in item_links:
        tally.decisions += 1
        await page.goto(f"{url}/planner")  # back on the planner, where she finds the next item
        await tally.click(page.locator(f'a[href="{href}"]').first, page)
        if "/items/" not in page.url:
            await page.goto(url + href)
        target = next_month(day) + timedelta(days=(day.weekday() - next_month(day).weekday()) % 7 + 7 * ((day.day - 1) // 7))
        await tally.type(page.locator("input[name=start_date]"), target.strftime("%d.%m.%Y."))
        await tally.click(page.get_by_role("button", name="Dublēt"), page)
        await page.select_option("select[name=status]", "published")
        tally.clicks += 1  # choosing in the list
        await tally.click(page.get_by_role("button", name="Saglabāt statusu"), page)
    return tally


async def after(page, url: str) -> Tally:
    tally = Tally()
    await page.goto(f"{url}/planner")
    tally.decisions += 2  # which month, and what to leave out
    await tally.click(page.get_by_role("button", name="Nākamais"), page)
    await tally.click(page.get_by_role("link", name="Kopēt programmu"), page)
    await tally.click(page.get_by_role("button", name="Kopēt atzīmētos kā melnrakstus"), page)
    await tally.click(page.get_by_role("button", name="Publicēt"), page)
    return tally


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8111")
    parser.add_argument("--user", default="maija")
    parser.add_argument("--password", default="afisa-demo-2026")
    args = parser.parse_args()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = await browser.new_page(viewport={"width": 1366, "height": 900})
        await page.goto(f"{args.url}/login")
        await page.fill("#username", args.user)
        await page.fill("#password", args.password)
        await page.locator("article.login button[type=submit]").click()
        await page.wait_for_url(re.compile(r"/planner"))
        links = await page.eval_on_selector_all("li.session[draggable=true] a", "els => els.map(a => [a.getAttribute('href'), a.querySelector('time') ? a.querySelector('time').getAttribute('datetime') : ''])")
        chosen = []
        for href, when in links:
            if when and href not in {h for h, _ in chosen}:
                chosen.append((href, date.fromisoformat(when[:10])))
        chosen = chosen[:ITEMS]
        old = await before(page, args.url, chosen)
        new = await after(page, args.url)
        await browser.close()
    print(f"items: {len(chosen)}")
    for name, tally in (("before (duplicate each)", old), ("after (copy the month)", new)):
        print(f"{name:26} clicks {tally.clicks:4}  keys {tally.keys:4}  pages waited {tally.waited:6.1f} s  "
              f"a person, estimated: {tally.human_seconds() / 60:5.1f} min")


if __name__ == "__main__":
    asyncio.run(main())
