"""The web layer: `create_app(settings)` builds the Litestar application."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.template.config import TemplateConfig
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

import models.consequences  # noqa: F401 - who hears of item changes, before anything changes one
from app import api
from app.kernel import leader
from app.attendance import routes as attendance_routes
from app.auth import routes as auth_routes
from app.auth.sessions import RotatingSessionConfig
from app.auth.store import DatabaseSessionStore, run_purge
from app.kernel.errors import EXCEPTION_HANDLERS
from app.kernel.guard import RefuseMalformedRequests, SecurityHeaders
from app.kernel.static import StaticFiles
from app.kernel.health import HealthCheck
from app.mail import routes as mail_routes
from app.network import OPENING_HOURS_TEMPLATE_GLOBALS, routes as network_routes
from app.outreach import routes as outreach_routes
from app.outreach.background import run_outreach
from app.overlays import routes as overlays_routes
from app.partners import NOTIFICATION_TEMPLATE_GLOBALS, routes as partners_routes
from app.planning import HISTORY_TEMPLATE_GLOBALS, routes as planning_routes
from app.publishing import PublicFeedLane, PublicPageLane, routes as publishing_routes
from app.registration import routes as registration_routes
from app.registration.background import run_registration
from app.registration.sms import run_sms_sender
from app.registration.sms import configure_gateway as configure_sms_gateway
from app.statistics import routes as statistics_routes
from app.attendance.reminders import run_attendance_reminders
from app.statistics.core_sender import run_core_sender
from app.mail.sender import run_mailer
from app.overlays.refresh import run_refresher
from app.partners.reminders import run_reminders
from app.kernel.settings import Settings
from app.kernel.templating import configure_jinja
from app.kernel.web import load_staff, provide_staff
from models.kernel.db import PooledSQLiteEngine, engine_from_url, use_engine
from models.kernel.signing import configure as configure_signed_links

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("afisa")
# httpx logs every request's full URL at INFO: an external calendar's private address is a secret
logging.getLogger("httpx").setLevel(logging.WARNING)


async def run_background_tasks(settings: Settings, engine: Engine) -> None:
    """The background tasks, in the one process that leads (app/kernel/leader.py); the others wait to
    take over. Each task logs its errors and never ends the app."""
    while not await leader.acquire(engine):
        await asyncio.sleep(float(settings.extra.get("leader_retry_seconds", 30)))
    tasks = [
        asyncio.create_task(run_refresher(settings), name="overlay-refresher"),  # external calendars
        asyncio.create_task(run_mailer(settings), name="mailer"),  # the outbox
        asyncio.create_task(run_reminders(settings), name="partner-reminders"),
        asyncio.create_task(run_attendance_reminders(settings), name="attendance-reminders"),
        asyncio.create_task(run_core_sender(settings), name="core-sender"),  # held-session records to the statistics core
        asyncio.create_task(run_purge(settings), name="session-purge"),  # expired sessions and old login failures
        asyncio.create_task(run_outreach(settings), name="outreach"),  # rotation notices, home readers' retention
        asyncio.create_task(run_registration(settings), name="registration"),  # registrations' reminders and retention
        asyncio.create_task(run_sms_sender(settings), name="sms-sender"),  # texts to the SMS gateway, when one is set
    ]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError, Exception):
                await task
        await leader.release(engine)

# what reads neither a session nor a form: calendar feeds, the embed and the health
# check skip the session store and the CSRF machinery (a random token and a cookie each time)
SESSIONLESS = [r"^/feeds/.*\.ics$", r"^/embed/", r"^/healthz$"]

# one Router for each area of the web layer (README, "Map")
AREA_ROUTERS = [
    auth_routes.router, planning_routes.router, publishing_routes.router, partners_routes.router,
    attendance_routes.router, statistics_routes.router, overlays_routes.router, outreach_routes.router, registration_routes.router, mail_routes.router, network_routes.router, api.router,
]
# the template globals an area writes its own words with (the kernel's are app/kernel/templating.py's)
AREA_TEMPLATE_GLOBALS = {**HISTORY_TEMPLATE_GLOBALS, **NOTIFICATION_TEMPLATE_GLOBALS, **OPENING_HOURS_TEMPLATE_GLOBALS}


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> Litestar:
    """`engine`: the tests hand in theirs, so that the app and their fixtures share one database
    engine; otherwise the app builds its own from settings.database_url."""
    settings = settings or Settings.from_env()
    engine = engine or engine_from_url(settings.database_url)

    def configure_domain() -> None:
        use_engine(engine)
        configure_signed_links(settings.secret_key, settings.base_url)  # partners' answer links, registrations' personal links
        configure_sms_gateway(settings)  # no SMS is queued without AFISA_SMS_URL

    configure_domain()

    @asynccontextmanager
    async def lifespan(app: Litestar):
        # again at each start: the tests build an app once and start it for every test, and
        # another app with other settings may have started in between
        configure_domain()
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=1, max_size=10)
        background = asyncio.create_task(run_background_tasks(settings, engine), name="background-tasks")
        try:
            yield
        finally:
            background.cancel()
            with suppress(asyncio.CancelledError):
                await background
            if isinstance(engine, PostgresEngine):
                await engine.close_connection_pool()
            elif isinstance(engine, PooledSQLiteEngine):
                await engine.close_connections()

    session_seconds = settings.session_hours * 3600
    app = Litestar(
        route_handlers=AREA_ROUTERS,
        template_config=TemplateConfig(directory=ROOT / "templates", engine=JinjaTemplateEngine, engine_callback=lambda jinja: configure_jinja(jinja, settings.debug, AREA_TEMPLATE_GLOBALS)),
        plugins=[HTMXPlugin()],
        middleware=[RotatingSessionConfig(max_age=session_seconds, secure=settings.secure_cookies, samesite="lax", renew_on_access=True,
                                          exclude=SESSIONLESS).middleware],
        csrf_config=CSRFConfig(secret=settings.secret_key, cookie_secure=settings.secure_cookies, cookie_samesite="lax", exclude=SESSIONLESS),
        stores={"sessions": DatabaseSessionStore(default_max_age=session_seconds)},
        before_request=load_staff,
        dependencies={"staff": Provide(provide_staff)},
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(title="Afiša API", version="1", path="/schema", render_plugins=[SwaggerRenderPlugin()]),
        lifespan=[lifespan],
        state=State({"settings": settings, "engine": engine}),
        debug=settings.debug,
    )
    # outside everything the app answers (the router's 404s, exception pages, static files): the
    # security headers, and malformed requests refused before any of it reads them; then what is
    # answered without the app's machinery (static files, the health check, current public feeds,
    # a visitor's public pages)
    lanes = PublicPageLane(PublicFeedLane(app.asgi_handler, app), app)
    lanes = HealthCheck(StaticFiles(lanes, ROOT / "static", reload=settings.debug), app)
    app.asgi_handler = SecurityHeaders(RefuseMalformedRequests(lanes), hsts=settings.base_url.startswith("https://"))
    return app
