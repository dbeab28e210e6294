"""Headless Chromium (Debian package ``chromium``) driven by Playwright for Python, the one ceiling of
its waits, and where screenshots go.

Playwright's own browser download is not used: the system's Chromium is launched by path. Screenshots
are test artifacts under build/test-artifacts/ (not committed).

Every step of a browser test waits for what the page does: an element, a response, a state. None waits
for a time. Playwright still needs a ceiling for each of those waits, the point at which a page that
never does what is awaited is reported broken: :data:`CEILING_MS`, the same for every browser test
(actions, navigations, locators and ``expect``). It is generous because it costs nothing when the page
works (each wait ends as soon as the page has done it) and because a 2-core machine shared with the rest
of the suite (``pytest -n auto``: other Chromiums, site builds, git) slows every step several times over.
A failing editor test leaves what its page asked and got, a screenshot and the editor's stderr in its
folder of build/test-artifacts/ (:func:`watched_page`).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, Request, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
CEILING_MS = 180_000
"""How long a wait may last before Playwright reports the page broken (see the module's text)."""


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "these tests need Chromium: apt-get install -y chromium"
    return found


def launch(playwright: Playwright) -> Browser:
    """The system's Chromium; ``expect`` assertions end at :data:`CEILING_MS` too (Playwright's default is 5 s)."""
    expect.set_options(timeout=CEILING_MS)
    return playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])


def new_page(browser: Browser, **options: Any) -> Page:
    """A page in a context of its own (closed with it) whose waits end at :data:`CEILING_MS`."""
    page = browser.new_page(**options)
    page.context.set_default_timeout(CEILING_MS)
    return page


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def artifacts(name: str) -> Path:
    folder = ARTIFACTS / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def _api_action(request: Request) -> str:
    """``POST /api/v1 {"action": …}``: the action and the start of its parameters; else the address."""
    try:
        body = json.loads(request.post_data or "null")
        return f"{body['action']} {json.dumps(body.get('params'), ensure_ascii=False)[:120]}"
    except (ValueError, TypeError, KeyError):
        return request.url[:160]


@contextmanager
def recorded(page: Page, folder: Path) -> Iterator[None]:
    """What the page asked and got, with the seconds since the start (requests, answers, aborted requests,
    navigations, console messages); written to ``folder``/page-log.txt with a screenshot
    (failure.png) when the block fails, so that a failure on a loaded machine says where the page was."""
    start = time.monotonic()
    lines: list[str] = []

    def note(text: str) -> None:
        lines.append(f"{time.monotonic() - start:8.2f}  {text}")

    page.on("request", lambda request: note(f"> {request.method} {_api_action(request)}"))
    page.on("response", lambda response: note(f"< {response.status} {_api_action(response.request)}"))
    page.on("requestfailed", lambda request: note(f"x {request.failure} {_api_action(request)}"))
    page.on("framenavigated", lambda frame: note(f"= {frame.url[:160]}"))
    page.on("console", lambda message: note(f"console {message.type}: {message.text[:300]}"))
    try:
        yield
    except BaseException:
        (folder / "page-log.txt").write_text("\n".join(lines) + "\n")
        if not page.is_closed():
            with suppress(PlaywrightError):  # the page's own failure is the one to report
                page.screenshot(path=folder / "failure.png", full_page=True)
        raise


@contextmanager
def watched_page(browser: Browser, folder: Path, **options: Any) -> Iterator[Page]:
    """:func:`new_page` whose requests are :func:`recorded` into ``folder`` when the block fails."""
    page = new_page(browser, **options)
    with recorded(page, folder):
        yield page
