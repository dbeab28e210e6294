"""Hostile publications: nothing an author writes may run in a reader's browser."""

from __future__ import annotations

import datetime
import json
import pathlib
import re

import pytest

from pipeline.site.sanitize import excerpt, sanitize_html
from tests.site.support import Node, build, content, parse, publication

HOSTILE_BODY = """\
Paragraf biasa dengan **tebal** dan [tautan](https://poltekkesjkt2.ac.id/).

<script>alert("body")</script>

<img src="x.jpg" onerror="alert('img')">

[klik](javascript:alert(1)) dan <a href=" JaVaScRiPt:alert(2)">dua</a>
dan [data](data:text/html,<script>alert(3)</script>)

<iframe src="https://evil.example/"></iframe>
<object data="evil.swf"></object><embed src="evil.swf">
<style>body { display: none }</style>
<form action="https://evil.example/"><input name="nip"><button>Kirim</button></form>
<svg onload="alert(4)"><script>alert(5)</script></svg>
<div onclick="alert(6)" style="position:fixed;top:0" id="__drawer" class="md-dialog catatan">kotak</div>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">

| Kolom | Nilai |
|:------|------:|
| satu  | 1     |

## &lt;img src=x onerror=alert(7)&gt; Subjudul

---
title: <script>alert(8)</script>
---
"""
HOSTILE_TITLE = '<script>alert("judul")</script> Wisuda "2025" & <b>Lulusan</b>'
HOSTILE_SUMMARY = '<img src=x onerror=alert("ringkasan")> Ringkasan'


THEME_FORMS = {"md-search__form", "md-header__option", "humas-404__cari"}  # search boxes and colour palette switch


def executable_parts(page: Node) -> list[str]:
    """Everything in `page` that could run script or load a foreign page, as readable strings."""
    found = []
    for node in page.iter():
        if node.tag in {"iframe", "object", "embed", "base", "frame", "frameset"} or (
            node.tag == "form" and node.attrs.get("class") not in THEME_FORMS
        ):
            found.append(f"<{node.tag}>")
        if node.tag == "meta" and node.attrs.get("http-equiv"):
            found.append("<meta http-equiv>")
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"<{node.tag} {name}>")
            if (
                name in {"href", "src", "action", "formaction", "data", "xlink:href"}
                and value
                and ("".join(value.split()).lower().startswith(("javascript:", "data:text", "vbscript:")))
            ):
                found.append(f"<{node.tag} {name}={value}>")
    return found


def scripts(page: Node) -> list[str]:
    """The page's scripts: the file name of external ones, the text of inline ones, with the relative
    paths that differ from page to page ("../..", "/", ".") taken out."""
    found = []
    for node in page.find_all("script"):
        src = node.attrs.get("src")
        text = re.sub(r"\.\.(/\.\.)*/?", "", node.text()).replace('"/', '"').replace('"./', '"').replace('"."', '""')
        found.append(src.rsplit("/", 1)[-1] if src else text)
    return found


@pytest.fixture(params=["mkdocs", "zensical"])
def hostile_site(tmp_path: pathlib.Path, request: pytest.FixtureRequest) -> pathlib.Path:
    content_dir = tmp_path / "content"
    pubs = [
        publication(content_dir, "2025/biasa", title="Berita Biasa", day=datetime.date(2025, 1, 1)),
        publication(
            content_dir,
            "2025/serangan",
            title=HOSTILE_TITLE,
            summary=HOSTILE_SUMMARY,
            day=datetime.date(2025, 1, 2),
            body=HOSTILE_BODY,
            tags=("<script>alert(9)</script>",),
        ),
    ]
    build(tmp_path, pubs, engine=request.param)
    return tmp_path / "site"


def test_no_executable_script_reaches_any_page(hostile_site: pathlib.Path) -> None:
    benign = parse(hostile_site / "2025/biasa/index.html")
    for path in sorted(hostile_site.rglob("*.html")):
        page = parse(path)
        assert executable_parts(page) == [], path.relative_to(hostile_site)
        # The only scripts are the theme's own, the same on every page as on a harmless one.
        assert scripts(page) == scripts(benign), path.relative_to(hostile_site)
        assert all("alert" not in s for s in scripts(page))
        for node in page.iter():
            assert not (node.tag == "style" and "body { display: none }" in node.text())
            assert not (node.tag == "link" and "evil.example" in str(node.attrs.get("href")))
            assert node.attrs.get("id") != "__drawer" or node.tag == "input"


def test_hostile_texts_are_shown_as_text(hostile_site: pathlib.Path) -> None:
    page = parse(hostile_site / "2025/serangan/index.html")
    article = content(page)
    assert article.texts("h1") == [HOSTILE_TITLE]
    assert page.find("title").text() == f"{HOSTILE_TITLE} - Poltekkes Kemenkes Jakarta II"
    assert page.find("div", "md-header__topic").text() in {"Poltekkes Kemenkes Jakarta II", HOSTILE_TITLE}
    assert [n.text() for n in page.find_all("div", "md-header__topic")][-1] == HOSTILE_TITLE
    assert article.find("p", "humas-publikasi__ringkasan").text() == HOSTILE_SUMMARY
    assert article.find("p", "humas-publikasi__label").text() == "Label: <script>alert(9)</script>"
    description = [m.attrs["content"] for m in page.find_all("meta") if m.attrs.get("name") == "description"]
    assert description == [HOSTILE_SUMMARY]

    body = article.find("div", "humas-publikasi__isi")
    assert body.find("strong").text() == "tebal"
    assert [(a.text(), a.attrs.get("href")) for a in body.find_all("a")] == [
        ("tautan", "https://poltekkesjkt2.ac.id/"),
        ("klik", None),
        ("dua", None),
        ("data", None),
    ]
    assert [img.attrs for img in body.find_all("img")] == [{"src": "x.jpg"}]
    assert body.find("div", "catatan").attrs == {"class": "catatan"}
    assert body.find("div", "catatan").text() == "kotak"
    assert [td.attrs.get("style") for td in body.find_all("td")] == ["text-align:left", "text-align:right"]
    # The body's own front matter is just text (a rule and a heading); its script is gone.
    assert body.texts("h2") == ["<img src=x onerror=alert(7)> Subjudul", "title:"]
    assert body.find_all("input") == body.find_all("button") == body.find_all("svg") == []

    news = content(parse(hostile_site / "berita/index.html"))
    assert news.texts("h2", "humas-item__judul") == [HOSTILE_TITLE, "Berita Biasa"]
    assert news.find("p", "humas-item__ringkasan").text() == HOSTILE_SUMMARY


def test_the_search_index_carries_no_markup_from_authors(hostile_site: pathlib.Path) -> None:
    fragments = [json.loads(p.read_text(encoding="utf-8")) for p in (hostile_site / "cari/d").iterdir()]
    [found] = [f for f in fragments if f["u"] == "2025/serangan/"]
    # Titles and summaries are plain text (the search shows them with textContent); the body's markup is gone.
    assert found["t"] == HOSTILE_TITLE and found["x"].startswith(HOSTILE_SUMMARY + " ")
    body = found["x"].removeprefix(HOSTILE_SUMMARY + " ")
    page = content(parse(hostile_site / "2025/serangan/index.html"))
    assert body == page.find("div", "humas-publikasi__isi").text()  # what a reader sees of the body, as text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p onclick="x()">a</p>', "<p>a</p>"),
        ("<script>alert(1)</script>b", "b"),
        ('<img src="a.jpg" onerror="alert(1)" alt="A">', '<img src="a.jpg" alt="A">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="foto.jpg" title="t">x</a>', '<a href="foto.jpg" title="t" rel="noopener noreferrer">x</a>'),
        ('<iframe src="https://x/"></iframe>c', "c"),
        ('<td style="text-align: center; background: url(x)">1</td>', "1"),
        (
            '<table><tr><td style="text-align: center; background: url(x)">1</td></tr></table>',
            '<table><tbody><tr><td style="text-align:center">1</td></tr></tbody></table>',
        ),
        ('<h2 id="__search" class="md-overlay judul">t</h2>', '<h2 class="judul">t</h2>'),
        (
            '<a id="__codelineno-0-1" href="#__codelineno-0-1"></a>',
            '<a id="__codelineno-0-1" href="#__codelineno-0-1" rel="noopener noreferrer"></a>',
        ),
        ('<video src="v.mp4" controls autoplay onplay="x()"></video>', '<video src="v.mp4" controls=""></video>'),
    ],
)
def test_sanitize_html(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def test_excerpt_is_plain_text_cut_at_a_word() -> None:
    assert excerpt("<p>Rapat &amp; <b>koordinasi</b></p><script>x()</script>") == "Rapat & koordinasi"
    assert excerpt("<p>" + "kata " * 100 + "</p>", limit=22) == "kata kata kata kata…"
