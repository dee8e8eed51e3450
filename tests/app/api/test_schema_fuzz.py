"""Schemathesis drives every operation of the OpenAPI document against a real server on loopback,
signed in as a librarian with her CSRF token, on the suite's engine (SQLite or PostgreSQL).

It checks that no answer is a server error and that every answer agrees with the document
(status codes, content types, headers, body schemas), and that what the document calls invalid
is refused. In `make test` the examples are few and derandomized, so a run is repeatable;
`make fuzz` runs many more, at random, on both engines (README, "Tests")."""
from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from models.planning.programme import create_item
from models.planning.validation import validate_item
from tests.app.api.test_api import event_body, series_body
from tests.app.conftest import PASSWORD
from tests.live_server import live_server  # noqa: F401 - the server under test

EXAMPLES = int(os.environ.get("AFISA_FUZZ_EXAMPLES", "8"))
RANDOM = os.environ.get("AFISA_FUZZ_RANDOM") == "1"

# What "agrees with the document" means here. positive_data_acceptance is left out on purpose:
# a body the schema allows can still be a wrong item (an end before its start, a place of another
# library), and the API answers those 422 with the field's message, as the document says.
def invalid_data_refused(ctx, response, case):
    """Schemathesis's negative_data_rejection, but for bodies and paths only: a query integer is read
    leniently, as Litestar reads every query (msgspec's lax mode takes "15.0" for 15), and the
    bad queries a person could send have their own tests (tests/app/planning/test_bad_input.py)."""
    data = case.meta.phase.data if case.meta is not None else None
    if str(getattr(data, "parameter_location", "")).lower().endswith("query"):
        return None
    return checks.negative_data_rejection(ctx, response, case)


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    invalid_data_refused,
    checks.ignored_auth,
]


@pytest.fixture
async def signed_in(live_server, branch, librarian, reading_room):  # noqa: F811
    """The server, a programme to read and change, and a librarian's signed-in session."""
    for body in (event_body(branch["id"], reading_room["id"]), series_body(branch["id"], reading_room["id"])):
        await create_item(await validate_item(body, librarian), librarian["id"])
    session = requests.Session()
    session.get(f"{live_server.url}/login", timeout=10)
    token = session.cookies["csrftoken"]
    answer = session.post(f"{live_server.url}/login", timeout=10, allow_redirects=False,
                          data={"username": librarian["username"], "password": PASSWORD, "_csrf_token": token})
    assert answer.status_code in (302, 303), answer.text
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]  # renewed at login
    return live_server.url, session


def test_api_answers_every_generated_request_as_its_document_says(signed_in):
    url, session = signed_in
    schema = schemathesis.openapi.from_url(f"{url}/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    tried = 0

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, derandomize=not RANDOM, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            def call(case):
                nonlocal tried
                tried += 1
                case.call_and_validate(base_url=url, session=session, checks=CHECKS, timeout=30)

            try:
                call()
            except Unsatisfiable:  # nothing in the operation can be made invalid (no parameters, no body)
                pass
            except Exception as failure:  # each operation's first failure, all of them reported at once
                failures.append(f"{operation.label} ({mode}): {failure}")

    print(f"schemathesis: {len(operations)} operations, {tried} requests")
    assert len(operations) == 52
    assert failures == [], "\n\n".join(failures)
