"""Printing the annual report's PDF: how many Chromiums run at once, what they are given, and
what they leave behind. A stand-in Chromium (a shell script) writes the PDF where it is asked to."""
import asyncio
import os
import tempfile

import pytest

from app.kernel import printing as report_pdf
from app.kernel.printing import PdfUnavailable, html_to_pdf

# prints "%PDF" where --print-to-pdf= says, after a while, and keeps the environment it was given
SLOW_PRINTER = """#!/bin/sh
for argument in "$@"; do
  case "$argument" in --print-to-pdf=*) out="${argument#--print-to-pdf=}";; esac
done
env > "$(dirname "$out")/environment"
cp "$(dirname "$out")/environment" "%s"
sleep %s
printf '%%%%PDF-1.4 stand-in' > "$out"
"""


def _printer(tmp_path, seconds: float) -> str:
    script = tmp_path / "chromium"
    script.write_text(SLOW_PRINTER % (tmp_path / "seen-environment", seconds))
    script.chmod(0o755)
    return str(script)


async def test_report_pdf_prints_with_the_stand_in_chromium(tmp_path):
    chromium = _printer(tmp_path, 0)

    pdf = await html_to_pdf("<p>Pārskats</p>", chromium)

    assert pdf == b"%PDF-1.4 stand-in"


async def test_report_pdf_beyond_two_at_once_waits_and_then_is_refused(tmp_path):
    chromium = _printer(tmp_path, 1.5)

    results = await asyncio.gather(*(html_to_pdf("<p>Pārskats</p>", chromium, wait=0.3) for _ in range(3)), return_exceptions=True)

    refused = [r for r in results if isinstance(r, PdfUnavailable)]
    assert (len(refused), sum(r == b"%PDF-1.4 stand-in" for r in results)) == (1, 2)
    assert f"{report_pdf.PRINTING_AT_ONCE} documents were being printed" in str(refused[0])


async def test_report_pdf_chromium_gets_no_secrets_of_the_server(tmp_path, monkeypatch):
    monkeypatch.setenv("AFISA_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("AFISA_DATABASE_URL", "postgresql://afisa:parole@db/afisa")
    chromium = _printer(tmp_path, 0)

    await html_to_pdf("<p>Pārskats</p>", chromium)

    names = {line.split("=", 1)[0] for line in (tmp_path / "seen-environment").read_text().splitlines() if "=" in line}
    assert not names & {"AFISA_SECRET_KEY", "AFISA_DATABASE_URL"}
    assert {"PATH", "HOME", "TMPDIR"} <= names


async def test_report_pdf_leaves_no_folder_behind_when_chromium_hangs(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    chromium = _printer(tmp_path, 30)

    with pytest.raises(PdfUnavailable):
        await html_to_pdf("<p>Pārskats</p>", chromium, seconds=0.5)

    assert os.listdir(scratch) == []
