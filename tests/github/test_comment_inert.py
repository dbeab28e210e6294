"""A reviewer's text is inert in the gate's sticky comment: the real gate against the local GitHub, and the
comment rendered by GitHub's own Markdown (cmark-gfm with its extensions, raw HTML let through) to see
that no link, image, HTML or @mention of a review body survives; only the gate's own mention acts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from tests.github.conftest import AKADEMIK, DIREKTUR, HUMAS1, SPI, WADIR1, World
from tests.helpers import publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"
HOSTILE = {
    AKADEMIK: "@poltekkes/humas-team @reni-c tolong cek [tautan](https://evil.example/login) https://evil.example "
    "www.evil.example <img src=x onerror=alert(1)> <script>alert(2)</script> <!-- humas:sop --> "
    "**tebal** | kolom | #1",
    SPI: "`` ` `` ```\n@spi-pkj2 [x](https://evil.example) ``` <a href='https://evil.example'>klik</a>",
    WADIR1: "baris 1\n\n- [x](javascript:alert(1))\n\n# Judul\n\n![gambar](https://evil.example/pixel.png)\n\n"
    "[ref]: https://evil.example\n\n[ref]",
    DIREKTUR: "<details><summary>@wadir1-pkj2</summary>" + "panjang " * 200 + "</details>",
}


class Rendered(HTMLParser):
    """What GitHub would show: tags, and the text outside code (where GitHub turns @login into a mention)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.depth = 0
        self.outside: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.tags.append(tag)
        if tag in ("code", "pre", "a"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre", "a"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        (self.inside if self.depth else self.outside).append(data)


def render(body: str) -> Rendered:
    html = cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)
    page = Rendered()
    page.feed(html)
    return page


def test_review_bodies_are_inert_in_the_sticky_comment(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}, title="Wisuda 2025")
    for login, body in HOSTILE.items():
        world.fake.review(pull.number, login, "CHANGES_REQUESTED", body=body)
    run = world.gate(pull.number, "pull_request_review")
    assert run.code == 1, run.err
    [comment] = world.fake.comments[pull.number]
    body = comment["body"]
    page = render(body)

    assert not {"a", "img", "script", "details", "summary", "h1"} & set(page.tags)
    assert "https://evil.example" not in "".join(page.outside)
    mentions = set(re.findall(r"@([A-Za-z0-9-]+)", "".join(page.outside)))
    assert mentions == set(), mentions  # changes requested: nobody is asked, and no review body pings anyone
    assert body.startswith("<!-- humas:sop -->")
    shown = "".join(page.inside).replace("\u200d", "")
    assert "@poltekkes/humas-team @reni-c tolong cek [tautan](https://evil.example/login)" in shown
    assert "<script>alert(2)</script> <!-- humas:sop -->" in shown and "@spi-pkj2 [x](https://evil.example)" in shown
    assert "baris 1 - [x](javascript:alert(1)) # Judul" in shown
    assert "panjang " * 20 in shown and "panjang " * 200 not in shown  # a long note is cut in the comment
    checklist = body.split("**Permintaan perbaikan:**", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(checklist) == 5 and checklist[0] == ""
    assert all(line.startswith("- ") and "): `" in line for line in checklist[1:])


def test_the_gate_still_mentions_the_next_approver(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}, title="Wisuda 2025")
    world.fake.review(pull.number, AKADEMIK, "APPROVED", body="@reni-c sudah [oke](https://evil.example)")
    world.fake.review(pull.number, "orang-luar", "APPROVED", body="@spi-pkj2 <b>setujui</b>")
    run = world.gate(pull.number, "pull_request_review")
    assert run.code == 0, run.err
    [comment] = world.fake.comments[pull.number]
    page = render(comment["body"])
    assert set(re.findall(r"@([A-Za-z0-9-]+)", "".join(page.outside))) == {SPI}
    assert "orang-luar" in "".join(page.inside) and "b" not in page.tags
