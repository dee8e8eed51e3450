"""Lists the Latvian interface strings of templates and app/ (the keys app/translations/en_*.py must translate).
tests/app/test_i18n.py uses it to fail when a string has no English."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TEMPLATE_PATTERNS = (
    re.compile(r'_\(\s*"([^"]+)"\s*\)'),
    re.compile(r"_\(\s*'([^']+)'\s*\)"),
    re.compile(r'\("[a-z_]+", "([^"]+)"\)'),  # (value, label) pairs passed through _()
)
_PYTHON_PATTERNS = (re.compile(r't\(request, "([^"]+)"\)'), re.compile(r'translate\("([^"]+)"'))


def interface_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for pattern in _TEMPLATE_PATTERNS:
            found |= set(pattern.findall(text))
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text()
        for pattern in _PYTHON_PATTERNS:
            found |= set(pattern.findall(text))
    return found


if __name__ == "__main__":
    for text in sorted(interface_strings()):
        print(repr(text))
