"""Every route with a number in its path, given a number no database column holds, answers with a
message (400 or 404), never 500; the same for the feed and public paths that take text."""
import re

import pytest

from tests.app.conftest import post_form

HUGE = "99999999999999999999"


def numbered_paths(app) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if "{" not in route.path or ":int}" not in route.path:
            continue
        path = re.sub(r"\{[a-z_]+:int\}", HUGE, route.path)
        path = re.sub(r"\{[a-z_]+:str\}", "rozupe", path)
        for method in sorted(route.methods - {"OPTIONS", "HEAD"}):
            found.append((method, path))
    return sorted(set(found))


async def test_huge_ids_never_answer_500(librarian_client, branch):
    paths = numbered_paths(librarian_client.app)

    answers = {}
    for method, path in paths:
        response = await (librarian_client.get(path) if method == "GET" else post_form(librarian_client, path, {}))
        answers[f"{method} {path}"] = response.status_code

    assert len(paths) > 20
    assert {name: code for name, code in answers.items() if code >= 500} == {}


@pytest.mark.parametrize("path", [
    f"/feeds/rozupe/place/{HUGE}.ics", "/feeds/rozupe/place/-1.ics", "/feeds/nav-tadas.ics", "/feeds/rozupe/kind/nav.ics",
    f"/feeds/private/{'a' * 3000}.ics", "/programme/rozupe?month=99999-99", "/programme/rozupe/poster?month=0000-00",
    "/programme/nav-tadas", "/embed/nav-tadas", f"/programme/rozupe/{HUGE}", "/answer/nav-tada-saite",
])
async def test_bad_public_paths_never_answer_500(client, branch, path):
    response = await client.get(path)

    assert response.status_code < 500


@pytest.mark.parametrize("path", ["/planner?partner=²", "/planner?branch=²", "/feeds/rozupe/place/²3.ics",
                                  "/api/v1/places?branch=-99999999999999999999", "/api/v1/partners?branch=-1"])
async def test_unicode_digits_and_negative_ids_never_answer_500(librarian_client, branch, path):
    response = await librarian_client.get(path)

    assert response.status_code < 500


async def test_a_title_with_a_line_break_is_refused(librarian_client, branch):
    from tests.app.planning.test_items import event_form

    response = await post_form(librarian_client, "/items/", event_form(branch["id"], title="Dzeja\r\nBcc: evil@example.com"))

    assert response.status_code == 422
    assert "neredzamas vadības rakstzīmes" in response.text
