"""Ralat (corrections) and penarikan (withdrawals) on the website, with both engines.

A publication's ``life`` (pipeline/content/life.py) is set as the archive would set it; the site is built
for real with the builder's own entry point, as ``humas build`` calls it.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import pathlib
import zoneinfo

import feedparser
import pytest

from pipeline.approved import approved_publications
from pipeline.build import site_publications
from pipeline.content.life import Correction, Life, Withdrawal
from pipeline.git import GitRepo
from pipeline.site import SitePublication
from pipeline.site.gone import htaccess, nginx
from pipeline.site.model import SiteError
from tests.helpers import Repo
from tests.site.support import build, image, parse, publication
from tests.site.test_seo import head, structured

SITE_URL = "https://poltekkes.example.ac.id/portal/"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 3, 15, 9, 0, tzinfo=JAKARTA)
HOSTILE_NOTE = 'Nama <script>alert("ralat")</script><b>tebal</b>'
HOSTILE_REASON = "Data salah <img src=x onerror=alert(1)>"
FIRST = Correction(datetime.datetime(2026, 3, 11, 1, 0, tzinfo=datetime.UTC), "Tanggal acara diperbaiki.", "r1")
SECOND = Correction(datetime.datetime(2026, 3, 12, 7, 5, tzinfo=datetime.UTC), HOSTILE_NOTE, "r2")
WITHDRAWN = Withdrawal(datetime.datetime(2026, 3, 14, 2, 30, tzinfo=datetime.UTC), HOSTILE_REASON, "r3")


def publications(content: pathlib.Path) -> list[SitePublication]:
    corrected = publication(
        content,
        "2026/seminar-gizi",
        title="Seminar Gizi Nasional",
        day=datetime.date(2026, 3, 10),
        body="Seminar diadakan pada hari Rabu, teks yang sudah dibetulkan.\n",
        tags=("gizi",),
    )
    withdrawn = publication(
        content,
        "2026/pengumuman-keliru",
        title="Pengumuman Keliru",
        day=datetime.date(2026, 3, 13),
        bidang="umum",
        body="Isi rahasiaku ![foto](foto-ditarik.png)\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n",
        image_name="sampul-ditarik.png",
        tags=("keliru",),
    )
    image(withdrawn.folder / "foto-ditarik.png")
    plain = publication(
        content, "2026/rapat-kerja", title="Rapat Kerja", day=datetime.date(2026, 3, 14), bidang="kemahasiswaan"
    )
    return [
        dataclasses.replace(corrected, life=Life(corrections=(FIRST, SECOND))),
        dataclasses.replace(withdrawn, life=Life(corrections=(FIRST,), withdrawal=WITHDRAWN)),
        plain,
    ]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp(request.param)
    report = build(
        tmp,
        publications(tmp / "content"),
        site_url=SITE_URL,
        engine=request.param,
        image_cache=tmp / "cache",
        now=NOW,
    )
    assert report.publications == 2  # the withdrawn one is not on the site
    return tmp / "site"


def test_a_corrected_page_shows_its_ralat_notes_newest_first_in_a_box(site: pathlib.Path) -> None:
    page = parse(site / "2026/seminar-gizi/index.html")
    box = page.find("aside", "humas-ralat")
    assert box.attrs["role"] == "note"
    assert box.attrs["aria-label"] == "Ralat"
    assert box.texts("p") == [
        'Ralat, 12 Maret 2026 pukul 14.05 WIB: Nama <script>alert("ralat")</script><b>tebal</b>',
        "Ralat, 11 Maret 2026 pukul 08.00 WIB: Tanggal acara diperbaiki.",
    ]
    assert not box.find_all("script") and not box.find_all("b")  # the note is text, never markup
    article = page.find("article", "humas-publikasi")
    assert "teks yang sudah dibetulkan" in article.text()
    shown = [child.tag for child in article.children if not isinstance(child, str)]
    assert shown.index("aside") < shown.index("div")  # near the top, above the body
    assert "Ralat" not in parse(site / "2026/rapat-kerja/index.html").find("article").text()


def test_a_corrected_page_is_modified_for_search_engines_and_the_sitemap(site: pathlib.Path) -> None:
    page = site / "2026/seminar-gizi/index.html"
    article = structured(page)["NewsArticle"]
    assert article["datePublished"] == "2026-03-10T00:00:00+07:00"
    assert article["dateModified"] == "2026-03-12T14:05:00+07:00"
    assert head(page)["article:modified_time"] == ["2026-03-12T14:05:00+07:00"]
    assert structured(site / "2026/rapat-kerja/index.html")["NewsArticle"]["dateModified"] == (
        "2026-03-14T00:00:00+07:00"
    )
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<url><loc>{SITE_URL}2026/seminar-gizi/</loc>\n<lastmod>2026-03-12T14:05:00+07:00</lastmod>" in sitemap
    listing = f"<url><loc>{SITE_URL}bidang/akademik/</loc>\n<lastmod>2026-03-12T14:05:00+07:00</lastmod>"
    assert listing in sitemap  # the listing shows its corrected title and teaser


def test_feeds_carry_the_time_of_the_ralat(site: pathlib.Path) -> None:
    atom = feedparser.parse((site / "atom.xml").read_text(encoding="utf-8"))
    bidang = feedparser.parse((site / "bidang/akademik/atom.xml").read_text(encoding="utf-8"))
    assert bidang.feed.updated == "2026-03-12T14:05:00+07:00"
    entries = {e.link: e for e in atom.entries}
    corrected = entries[f"{SITE_URL}2026/seminar-gizi/"]
    assert corrected.updated == "2026-03-12T14:05:00+07:00"
    assert corrected.published == "2026-03-10T00:00:00+07:00"
    assert entries[f"{SITE_URL}2026/rapat-kerja/"].updated == "2026-03-14T00:00:00+07:00"
    items = {i["url"]: i for i in json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]}
    assert items[f"{SITE_URL}2026/seminar-gizi/"]["date_modified"] == "2026-03-12T14:05:00+07:00"
    assert items[f"{SITE_URL}2026/seminar-gizi/"]["date_published"] == "2026-03-10T00:00:00+07:00"
    rss = feedparser.parse((site / "bidang/akademik/feed.xml").read_text(encoding="utf-8"))
    assert rss.feed.updated == "Thu, 12 Mar 2026 14:05:00 +0700"  # lastBuildDate


def test_a_withdrawn_page_is_only_a_notice_out_of_search_engines(site: pathlib.Path) -> None:
    path = site / "2026/pengumuman-keliru/index.html"
    page = parse(path)
    article = page.find("article", "humas-penarikan")
    assert article.find("h1").text() == "Pengumuman Keliru"
    assert article.find("p", "humas-penarikan__pemberitahuan").text() == (
        "Publikasi ini ditarik pada 14 Maret 2026. Alasan: Data salah <img src=x onerror=alert(1)>"
    )
    assert not article.find_all("img") and not page.find_all("img", None)[1:]  # the reason is text
    html = path.read_text(encoding="utf-8")
    for gone in ("rahasiaku", "sampul-ditarik", "foto-ditarik", "dQw4w9WgXcQ"):
        assert gone not in html, gone
    for part in ("humas-bagikan", "humas-ralat", "humas-video", "humas-galeri", "humas-publikasi__isi"):
        assert not page.find_all(None, part), part
    assert head(path)["robots"] == ["noindex"]
    assert "og:title" not in head(path) and "NewsArticle" not in structured(path)
    assert sorted(p.name for p in (site / "2026/pengumuman-keliru").iterdir()) == ["index.html"]  # no media


def test_a_withdrawn_publication_leaves_listings_feeds_sitemaps_and_search(site: pathlib.Path) -> None:
    for listing in (
        "index.html",
        "berita/index.html",
        "bidang/umum/index.html",
        "tahun/2026/index.html",
        "arsip/index.html",
        "label/index.html",
        "arsip/2026/03/index.html",
        "404.html",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "bidang/umum/feed.json",
        "sitemap.xml",
        "news-sitemap.xml",
    ):
        text = (site / listing).read_text(encoding="utf-8")
        assert "pengumuman-keliru" not in text and "Pengumuman Keliru" not in text, listing
    assert "Rapat Kerja" in (site / "berita/index.html").read_text(encoding="utf-8")
    assert not (site / "label/keliru").exists()
    news = (site / "news-sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}2026/rapat-kerja/</loc>" in news  # of the last two days, as the withdrawn one
    searched = "".join(p.read_text(encoding="utf-8") for p in (site / "cari").rglob("*") if p.is_file())
    assert "Seminar Gizi" in searched
    assert "Keliru" not in searched and "keliru" not in searched and "rahasiaku" not in searched


def test_the_built_site_carries_the_410_rules_of_apache_and_nginx(site: pathlib.Path) -> None:
    assert (site / ".htaccess").read_text(encoding="utf-8") == (
        "# humas: withdrawn publications (penarikan) answer 410 Gone with their notice (docs/deploy.md).\n"
        "<IfModule mod_rewrite.c>\n"
        "RewriteEngine On\n"
        "RewriteCond %{ENV:REDIRECT_STATUS} ^$\n"
        "RewriteRule ^2026/pengumuman\\-keliru(?:/|$) - [G]\n"
        "</IfModule>\n"
        '<If "%{REQUEST_URI} =~ m#^/portal/2026/pengumuman\\-keliru(?:/|$)#">\n'
        "ErrorDocument 410 /portal/2026/pengumuman-keliru/index.html\n"
        "</If>\n"
    )
    assert (site / ".humas-410.nginx.conf").read_text(encoding="utf-8") == (
        "# humas: withdrawn publications (penarikan) answer 410 Gone with their notice (docs/deploy.md).\n"
        "location ~ ^/portal/2026/pengumuman\\-keliru(?:/|$) "
        "{ error_page 410 @humas_ditarik_1; return 410; }\n"
        "location @humas_ditarik_1 { rewrite ^ /portal/2026/pengumuman-keliru/index.html break; }\n"
    )


def test_the_rules_escape_dots_and_are_empty_without_withdrawals() -> None:
    assert "RewriteRule ^2026/v1\\.2(?:/|$) - [G]" in htaccess(["2026/v1.2"], "/")
    assert "m#^/2026/v1\\.2(?:/|$)#" in htaccess(["2026/v1.2"], "/")
    assert (
        htaccess([], "/")
        == nginx([], "/")
        == ("# humas: withdrawn publications (penarikan) answer 410 Gone with their notice (docs/deploy.md).\n")
    )


def test_a_site_url_path_that_would_break_the_rules_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [], site_url='https://x.example/a"b#/')
    assert str(refused.value) == (
        "site_url: jalurnya '/a\"b/' hanya boleh berisi huruf, angka dan '.', '_', '~', '-' di antara garis miring "
        "(jalur itu ditulis ke dalam aturan server web)"
    )
    assert not (tmp_path / "site").exists()


def test_a_withdrawn_publication_needs_no_folder_for_its_notice(tmp_path: pathlib.Path) -> None:
    kept = publication(tmp_path / "content", "2026/tetap")
    gone = SitePublication(
        id="2026/hilang",
        title="Hilang",
        date=datetime.date(2026, 3, 1),
        bidang="umum",
        summary=None,
        body="",
        image=None,
        folder=tmp_path / "content/2026/hilang",  # no such folder: its content was taken out of main
        life=Life(withdrawal=WITHDRAWN),
    )
    report = build(tmp_path, [kept, gone], now=NOW)
    assert report.excluded == () and report.publications == 1
    notice = parse(tmp_path / "site/2026/hilang/index.html").find("p", "humas-penarikan__pemberitahuan")
    assert notice.text().startswith("Publikasi ini ditarik pada 14 Maret 2026.")


def test_ralat_in_english_by_configuration(tmp_path: pathlib.Path) -> None:
    (corrected, withdrawn, _) = publications(tmp_path / "content")
    build(tmp_path, [corrected, withdrawn], language="en", now=NOW)
    box = parse(tmp_path / "site/2026/seminar-gizi/index.html").find("aside", "humas-ralat")
    assert box.texts("p")[1] == "Correction, 11 March 2026 at 08:00 WIB: Tanggal acara diperbaiki."
    notice = parse(tmp_path / "site/2026/pengumuman-keliru/index.html").find("p", "humas-penarikan__pemberitahuan")
    assert notice.text() == (
        "This publication was withdrawn on 14 March 2026. Reason: Data salah <img src=x onerror=alert(1)>"
    )


def test_humas_builds_life_from_the_approved_publication(merged_repo: Repo, tmp_path: pathlib.Path) -> None:
    """pipeline/build.py hands each approved publication's life (filled by the archive) to the website."""
    with approved_publications(GitRepo(merged_repo.root)) as approvals:
        [approved] = approvals.publications
        assert site_publications([approved])[0].life == Life()
        built = site_publications([dataclasses.replace(approved, life=Life(withdrawal=WITHDRAWN))])
        assert built[0].life == Life(withdrawal=WITHDRAWN)
        report = build(tmp_path, built, site_url=SITE_URL, now=NOW)
    assert report.publications == 0
    notice = parse(tmp_path / "site" / built[0].id / "index.html").find("p", "humas-penarikan__pemberitahuan")
    assert notice.text().startswith("Publikasi ini ditarik pada 14 Maret 2026. Alasan: Data salah")
