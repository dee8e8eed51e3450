"""Printing a page to PDF, shared by the areas: a print page's own HTML (its stylesheet inlined, so
that nothing is fetched from the server: the annual report's templates/statistics/annual_report_print.html,
the registration sign-in sheet's templates/registration/sheet_print.html) printed by headless
Chromium, the browser the tests drive too. Chromium is the setting AFISA_CHROMIUM (app/kernel/settings.py).

A missing, busy or failing Chromium is not the user's problem to read: PdfUnavailable says why, for
the log and the IT person, and the page tells the user to print it from the browser."""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import weakref
from pathlib import Path

# what the IT person is told to set when no PDF could be made
CHROMIUM_SETTING = "AFISA_CHROMIUM=/usr/bin/chromium"
SECONDS = 60  # a network's annual report is a few hundred pages of tables; Chromium prints one in seconds
# one Chromium takes ~280 MB and a core for a second or two: two at a time per process, the others
# wait their turn for a while (people click again when nothing seems to happen) and are then told
PRINTING_AT_ONCE = 2
WAIT_SECONDS = 30
ARGUMENTS = ("--headless", "--disable-gpu", "--disable-background-networking", "--no-pdf-header-footer")
_printers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class PdfUnavailable(Exception):
    """Chromium is not set up, is busy or did not print: the reason, for the log."""


def _printer() -> asyncio.Semaphore:
    # one per event loop: a semaphore belongs to the loop that first waits on it
    loop = asyncio.get_running_loop()
    if loop not in _printers:
        _printers[loop] = asyncio.Semaphore(PRINTING_AT_ONCE)
    return _printers[loop]


def _kill(process) -> None:
    # the whole group: Chromium's renderer and GPU processes outlive a killed parent
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _environment(folder: str) -> dict[str, str]:
    # not the server's: it holds the secret key, the database's and the mail server's passwords
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "TMPDIR": folder, "LANG": "C.UTF-8"}


def _arguments() -> tuple[str, ...]:
    # Chromium refuses to run as root with its sandbox (a container's usual user)
    return (*ARGUMENTS, "--no-sandbox") if os.geteuid() == 0 else ARGUMENTS


async def html_to_pdf(html: str, chromium: str, seconds: float = SECONDS, wait: float = WAIT_SECONDS) -> bytes:
    if not chromium:
        raise PdfUnavailable("no Chromium found: set AFISA_CHROMIUM to the path of chromium (or chromium-browser, google-chrome)")
    printer = _printer()
    try:
        await asyncio.wait_for(printer.acquire(), wait)
    except asyncio.TimeoutError:
        raise PdfUnavailable(f"{PRINTING_AT_ONCE} documents were being printed for {wait:g} s; this one was not started") from None
    try:
        return await _print(html, chromium, seconds)
    finally:
        printer.release()


async def _print(html: str, chromium: str, seconds: float) -> bytes:
    folder = await asyncio.to_thread(tempfile.mkdtemp, prefix="afisa-print-")
    process = None
    try:
        page, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        await asyncio.to_thread(page.write_text, html, encoding="utf-8")
        try:
            process = await asyncio.create_subprocess_exec(
                chromium, *_arguments(), f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri(),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                start_new_session=True, env=_environment(folder))
        except OSError as error:
            raise PdfUnavailable(f"AFISA_CHROMIUM={chromium!r} cannot be run ({error}); set it to the path of chromium") from None
        try:
            _, errors = await asyncio.wait_for(process.communicate(), seconds)
        except asyncio.TimeoutError:
            raise PdfUnavailable(f"AFISA_CHROMIUM={chromium!r} did not print the document within {seconds:g} s") from None
        if process.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            tail = (errors or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfUnavailable(f"AFISA_CHROMIUM={chromium!r} failed (exit {process.returncode}): {' | '.join(tail)}")
        return await asyncio.to_thread(pdf.read_bytes)
    finally:
        if process is not None:  # what it left running, a hung one, or one whose user went away
            _kill(process)
            await asyncio.shield(process.wait())
        # Chromium's profile is a few hundred files: deleted beside the event loop
        await asyncio.shield(asyncio.to_thread(shutil.rmtree, folder, ignore_errors=True))
