"""Hostile content in a change stays inert in its previews: loaded in headless Chromium, nothing runs."""

from __future__ import annotations

import functools
import http.server
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser

from pipeline.git import GitRepo
from pipeline.preview.render import render_previews
from pipeline.site.serve import QuietServer
from pipeline.trusted import TrustedMain
from tests.editor.browser import artifacts, new_page
from tests.helpers import Repo, jpeg, publikasi, serving

MARK = "document.body.dataset.pwned"
NAME = "x\" onerror=\"document.body.dataset.pwned='media'.jpg"
TITLE = f"<script>{MARK}='title'</script> Wisuda & \"Lulusan\""
CAPTION = f'<img src=x onerror="{MARK}=1">'
CHANNEL_VALUES = {
    "caption": CAPTION,
    "name": NAME,
    "fb": f"</div><script>{MARK}=2</script>",
    "link": f"javascript:{MARK}=3",
    "yt": f"<svg onload={MARK}=4>",
    "summary": f"<b onclick={MARK}=5>x</b>",
    "title": TITLE,
}
Q = {key: json.dumps(value) for key, value in CHANNEL_VALUES.items()}
HOSTILE_CHANNELS = (
    "  website: {}\n"
    f"  instagram:\n    caption: {Q['caption']}\n    media: [{Q['name']}]\n"
    f"  facebook:\n    caption: {Q['fb']}\n    link: {Q['link']}\n"
    f"  youtube:\n    title: {Q['yt']}\n    description: '<iframe srcdoc=x></iframe>'\n    video: v.mp4\n"
)
BODY = (
    f"<script>{MARK}='body'</script>\n\n[klik](javascript:{MARK}='href')\n\n"
    f"<img src=x onerror=\"{MARK}='img'\">\n\n<iframe src=\"javascript:{MARK}='frame'\"></iframe>\n"
)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = QuietServer(("127.0.0.1", 0), handler)
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}"


def previews(repo: Repo, branch: str, out: Path) -> None:
    git = GitRepo(repo.root)
    render_previews(git, f"refs/heads/{branch}", out, TrustedMain(git).sop())


STATE = """() => ({pwned: document.body.dataset.pwned || null, frames: document.querySelectorAll('iframe').length,
    inline: [...document.scripts].filter(s => !s.src && s.type !== 'application/json').map(s => s.text.trim()),
    h1: (document.querySelector('h1') || {}).textContent || null,
    caption: (document.querySelector('[data-part=ig-caption]') || {}).textContent || null})"""


def test_hostile_draft_renders_as_text_and_runs_nothing_in_chromium(
    repo: Repo, tmp_path: Path, browser: Browser
) -> None:
    repo.branch("publikasi/jahat")
    folder = "content/publikasi/2025/jahat"
    repo.write(
        f"{folder}/index.md",
        publikasi(title=Q["title"], channels=HOSTILE_CHANNELS, body=BODY, extra=f"summary: {Q['summary']}\n"),
    )
    repo.write(f"{folder}/{NAME}", jpeg())
    repo.write(f"{folder}/v.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
    repo.commit("hostile draft")
    out = tmp_path / "preview"
    previews(repo, "publikasi/jahat", out)
    shots = artifacts("preview-hostile")

    results = {}
    dialogs: list[str] = []
    with served(out) as base:
        page = new_page(browser, viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for name, path in (("page", "2025/jahat/site/2025/jahat/index.html"), ("posts", "2025/jahat/posts.html")):
                page.goto(f"{base}/{path}")
                page.wait_for_load_state("load")
                # no link can run a script: the sanitiser leaves none (a click on one would run it later than
                # the state below is read, so their absence is what is asserted, not a click's outcome)
                results[f"{name}-script-links"] = page.locator("a[href^='javascript' i], [href*='script:' i]").count()
                page.screenshot(path=shots / f"{name}.png", full_page=True)
                results[name] = page.evaluate(STATE)
        finally:
            page.context.close()

    assert (results.pop("page-script-links"), results.pop("posts-script-links")) == (0, 0)
    assert results["page"]["pwned"] is None and results["page"]["frames"] == 0
    assert results["page"]["h1"] == TITLE
    assert all(MARK not in text for text in results["page"]["inline"])
    assert results["posts"] == {"pwned": None, "frames": 0, "inline": [], "h1": None, "caption": CAPTION}
    assert dialogs == []


def test_the_previews_show_their_photos_in_chromium(repo: Repo, tmp_path: Path, browser: Browser) -> None:
    from tests.preview.test_preview import FOUR_CHANNELS, change

    branch = change(repo, FOUR_CHANNELS)
    out = tmp_path / "preview"
    previews(repo, branch, out)
    shots = artifacts("preview")
    loaded = {}
    with served(out) as base:
        page = new_page(browser, viewport={"width": 1280, "height": 900})
        try:
            for name in ("index.html", "2025/wisuda/site/2025/wisuda/index.html", "2025/wisuda/posts.html"):
                page.goto(f"{base}/{name}")
                page.wait_for_load_state("load")
                page.screenshot(path=shots / name.replace("/", "-").replace(".html", ".png"), full_page=True)
                loaded[name] = page.evaluate(
                    "() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])"
                )
        finally:
            page.context.close()

    page_images = loaded.pop("2025/wisuda/site/2025/wisuda/index.html")
    # The page as the website shows it: the resized copies the site builds (srcset picks one), each loaded.
    assert [src for src, _width in page_images] == ["_ukuran/lebar-960.jpg", "_ukuran/tegak-480.jpg"]
    assert all(width > 0 for _src, width in page_images)
    assert loaded == {
        "index.html": [],
        "2025/wisuda/posts.html": [
            ["media/tegak.jpg", 1080],
            ["media/tegak.jpg", 1080],
            ["media/lebar.jpg", 1600],
            ["media/lebar.jpg", 1600],
            ["media/tegak.jpg", 1080],
            ["media/lebar.jpg", 1600],
        ],
    }
