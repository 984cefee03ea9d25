"""Open PolicyGraph pages in real headless Chromium (Debian's ``chromium``) through Playwright, recording every
request, so tests, benchmarks and screenshots see exactly what an analyst's browser does.

Playwright is a development dependency, imported only when a browser is opened; it drives the system
Chromium through ``executable_path`` and never downloads a browser of its own.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ontology.errors import PolicyGraphError

CHROMIUM_ARGS: tuple[str, ...] = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
ORIGIN = "http://localhost:8000"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class BrowserUnavailable(PolicyGraphError):
    """Headless Chromium or its driver is missing."""


def chromium_path() -> str | None:
    """The system Chromium binary ($CHROMIUM, else ``chromium`` on PATH), or None."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and os.access(found, os.X_OK) else None


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (localhost, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Session:
    """A page plus the URLs it requested; ``serve`` answers paths under :data:`ORIGIN`."""
    page: Any
    requests: list[str] = field(default_factory=list)
    routes: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (content type, body)
    handler: Callable[[str, str, str | None], tuple[str, str] | None] | None = None
    passthrough: bool = False  # let other local requests reach a real server on this machine

    def serve(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = (content_type, body)
        return ORIGIN + path

    def outside(self) -> list[str]:
        """Requests that left localhost."""
        return [u for u in self.requests if not is_local(u)]


@contextmanager
def browser_session(width: int = 1400, height: int = 860, scale: float = 1) -> Iterator[Session]:
    """A fresh headless Chromium page; every request is recorded and nothing reaches the network:
    paths registered with :meth:`Session.serve` (or answered by ``Session.handler``) are served from memory,
    anything else is aborted. ``scale`` is the device pixel ratio (2 for sharp screenshots)."""
    path = chromium_path()
    if path is None:
        raise BrowserUnavailable("Chromium not found: apt-get install -y chromium (or set $CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise BrowserUnavailable("the Playwright driver is missing: pip install playwright") from e
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            session = Session(page)
            page.on("request", lambda request: session.requests.append(request.url))
            page.route("**/*", lambda route: _answer(session, route))
            yield session
        finally:
            browser.close()


def _answer(session: Session, route: Any) -> None:
    request = route.request
    parts = urlsplit(request.url)
    if not is_local(request.url) or parts.scheme not in ("http", "https"):
        route.abort()
        return
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    hit = session.routes.get(path) or session.routes.get(parts.path)
    if hit is None and session.handler is not None:
        hit = session.handler(request.method, path, request.post_data)
    if hit is None and session.passthrough:
        route.continue_()
    elif hit is None:
        route.fulfill(status=404, content_type="text/plain", body="not found")
    else:
        route.fulfill(status=200, content_type=hit[0], body=hit[1])


def wait_ready(page: Any, timeout_ms: int = 30_000) -> float:
    """Wait until a view page says it is interactive; return its own ready time in milliseconds."""
    page.wait_for_function("window.pgReady === true", timeout=timeout_ms)
    return float(page.evaluate("window.pgReadyMs"))


def drawn_nodes(page: Any) -> int:
    """How many nodes the page's vis-network holds (after filtering)."""
    return int(page.evaluate("window.pgView.network.body.data.nodes.length"))
