"""The editor starts in Bahasa Indonesia even when its own scripts arrive after Decap's (headless Chromium).

Decap starts itself as soon as its bundle has run; the Indonesian locale and the humas widgets come in the
scripts after it. On a loaded machine the login page was drawn in English ("Login"): Decap had read its
configuration before humas-locale.js arrived. Here that script is held back until Decap's bundle has run.
"""

from __future__ import annotations

from playwright.sync_api import Route

from tests.editor.browser import artifacts, chromium, watched_page
from tests.editor.test_browser import editor
from tests.helpers import Repo


def test_decap_waits_for_the_indonesian_locale_however_late_it_arrives(repo: Repo) -> None:
    shots = artifacts("editor-start")
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    with editor(repo, shots) as url, chromium() as browser, watched_page(browser, shots) as page:
        page.route("**/humas-locale.js", hold)
        with page.expect_request("**/humas-locale.js"):  # asked once the parser is past Decap's bundle
            page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.CMS !== undefined")  # Decap's bundle has run
        assert page.evaluate("() => document.getElementById('nc-root') === null")  # Decap has not started
        assert len(held) == 1  # the locale is held: the answers before this one came after its request
        held[0].continue_()
        page.get_by_role("heading", name="Siapa yang menulis?").wait_for()
        page.get_by_role("button", name="Masuk").wait_for()
        assert page.get_by_role("button", name="Login").count() == 0
