from datetime import timedelta

import pytest

from app.auth.store import purge_expired
from models.kernel.clock import utcnow
from models.kernel.tables import LoginFailure, WebSession
from tests.app.conftest import csrf_token, login


async def test_login_with_right_password_lands_on_planner(client, librarian):
    response = await login(client, librarian)

    assert response.status_code == 200
    assert response.url.path == "/planner"
    assert "Maija Jasinska" in response.text


async def test_login_with_wrong_password_says_so_in_latvian(client, librarian):
    response = await login(client, librarian, password="nepareizi-123")

    assert response.status_code == 401
    assert "Nepareizs lietotājvārds vai parole." in response.text


async def test_login_of_unknown_user_answers_like_a_wrong_password(client, db):
    response = await login(client, {"username": "nav-tada"}, password="kaut-kas-123")

    assert response.status_code == 401
    assert "Nepareizs lietotājvārds vai parole." in response.text


async def test_login_after_five_failures_is_refused_even_with_right_password(client, librarian):
    for _ in range(5):
        await login(client, librarian, password="nepareizi-123")

    response = await login(client, librarian)

    assert response.status_code == 429
    assert "Pārāk daudz neveiksmīgu mēģinājumu" in response.text


async def test_twenty_failures_from_the_librarys_address_slow_it_down_but_lock_no_colleague_out(client, librarian, monkeypatch):
    from app.auth import login as login_module

    waits = []

    async def wait(seconds):  # the per-address delay, counted instead of slept
        waits.append(seconds)

    monkeypatch.setattr(login_module, "slow_down", wait)
    for n in range(20):
        await login(client, {"username": f"viesis{n}"}, password="nepareizi-123")

    response = await login(client, librarian)

    assert (response.status_code, response.url.path) == (200, "/planner")
    assert waits == [1.0]


async def test_planner_without_login_redirects_to_login_with_next(client, db):
    response = await client.get("/planner?view=week", follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["location"] == "/login?next=/planner%3Fview%3Dweek"


async def test_htmx_request_without_login_gets_client_redirect(client, db):
    response = await client.get("/planner", headers={"HX-Request": "true"}, follow_redirects=False)

    assert response.headers["hx-redirect"] == "/login?next=/planner"


async def test_login_next_to_another_site_is_ignored(client, librarian):
    token = await csrf_token(client)

    response = await client.post("/login", data={"username": "maija", "password": "lasītava-2026", "next": "//evil.example", "_csrf_token": token}, follow_redirects=False)

    assert response.headers["location"] == "/planner"


async def test_post_without_csrf_token_is_refused(client, librarian):
    await csrf_token(client)

    response = await client.post("/login", data={"username": "maija", "password": "lasītava-2026"})

    assert response.status_code == 403


async def test_logout_ends_the_session(librarian_client):
    token = await csrf_token(librarian_client)

    await librarian_client.post("/logout", data={"_csrf_token": token})
    response = await librarian_client.get("/planner", follow_redirects=False)

    assert response.status_code == 302


async def test_session_cookie_is_httponly_and_the_table_keeps_only_its_hash(client, librarian):
    from models.kernel.tables import WebSession

    response = await login(client, librarian)
    cookie = next(h for h in response.history[0].headers.get_list("set-cookie") if h.startswith("session="))
    session_id = cookie.split(";")[0].split("=", 1)[1]
    stored = await WebSession.select(WebSession.key_hash)

    assert "HttpOnly" in cookie
    assert len(stored) == 1
    assert session_id not in stored[0]["key_hash"]


async def test_language_switch_shows_english(librarian_client):
    token = await csrf_token(librarian_client)

    response = await librarian_client.post("/language", data={"lang": "en", "next": "/planner", "_csrf_token": token})

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Today" in response.text


@pytest.mark.parametrize("path", ["/planner", "/items/new", "/items/1", "/items/1/edit"])
async def test_staff_pages_need_login(client, db, path):
    response = await client.get(path, follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["location"].startswith("/login?next=")


async def test_login_gives_a_new_session_id_not_a_planted_one(client, librarian):
    from models.kernel.tables import WebSession
    from app.auth.store import _hash

    client.cookies.set("session", "a" * 64, domain="testserver.local")

    response = await login(client, librarian)

    new_id = client.cookies.get("session")
    assert response.url.path == "/planner"
    assert new_id != "a" * 64
    assert await WebSession.exists().where(WebSession.key_hash == _hash("a" * 64)) is False
    assert await WebSession.exists().where(WebSession.key_hash == _hash(new_id)) is True


# --- sessions: a row only for who has one, expired rows purged ---------------------------------

async def test_visitors_without_a_session_get_no_session_row_and_no_cookie(client, branch):
    for path in ("/programme/rozupe", "/static/css/afisa.css", "/login", "/healthz", "/feeds/rozupe.ics"):
        response = await client.get(path)
        assert (path, response.status_code, "session" in response.cookies) == (path, 200, False)

    assert await WebSession.count() == 0


async def test_login_keeps_one_session_row_and_logout_deletes_it(client, librarian):
    await login(client, librarian)
    await client.get("/planner")
    after_login = await WebSession.count()

    await client.post("/logout", headers={"x-csrftoken": await csrf_token(client)})

    assert (after_login, await WebSession.count()) == (1, 0)


async def test_purge_deletes_expired_sessions_and_old_login_failures_only(db):
    now = utcnow()
    await WebSession.insert(WebSession(key_hash="a" * 64, data="{}", expires_at=now - timedelta(minutes=1)),
                            WebSession(key_hash="b" * 64, data="{}", expires_at=now + timedelta(hours=1)))
    await LoginFailure.insert(LoginFailure(key="addr:old", at=now - timedelta(minutes=16)), LoginFailure(key="addr:new", at=now - timedelta(minutes=1)))

    await purge_expired(login_window_minutes=15)

    assert [row["key_hash"][0] for row in await WebSession.select(WebSession.key_hash)] == ["b"]
    assert [row["key"] for row in await LoginFailure.select(LoginFailure.key)] == ["addr:new"]


# --- the CSRF token belongs to the session ---------------------------------------------------------

async def test_login_renews_the_csrf_token_and_a_planted_one_changes_nothing(client, librarian, branch):
    planted = await csrf_token(client)  # what someone at the shared computer could have read before the login
    await login(client, librarian)
    renewed = client.cookies["csrftoken"]

    client.cookies.set("csrftoken", planted)
    refused = await client.post("/notifications/read", data={}, headers={"x-csrftoken": planted}, follow_redirects=False)
    client.cookies.set("csrftoken", renewed)
    accepted = await client.post("/notifications/read", data={}, headers={"x-csrftoken": renewed}, follow_redirects=False)

    assert renewed != planted
    assert (refused.status_code, accepted.status_code) == (403, 303)


async def test_another_sessions_token_is_refused(client, librarian, coordinator, branch):
    from litestar.testing import AsyncTestClient

    await login(client, librarian)
    async with AsyncTestClient(app=client.app, base_url="http://testserver.local") as other:
        await login(other, coordinator)
        others_token = other.cookies["csrftoken"]

    client.cookies.set("csrftoken", others_token)
    response = await client.post("/notifications/read", data={}, headers={"x-csrftoken": others_token}, follow_redirects=False)

    assert response.status_code == 403
