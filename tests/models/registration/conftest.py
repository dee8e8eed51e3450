"""Every registration test signs its links with one known key and writes them with BASE_URL, as
the app does after `models.kernel.signing.configure` (app/__init__.py): the promotion's, the
reminder's and a change's mail repeat the confirmation's link."""
from __future__ import annotations

import pytest

from models.kernel.signing import configure
from tests.models.registration import BASE_URL, SECRET_KEY


@pytest.fixture(autouse=True)
def _signed_links():
    configure(SECRET_KEY, BASE_URL)
