"""The website built for real with mkdocs + Material: pages, order, pagination, listings, media, language."""

from __future__ import annotations

import datetime
import json
import pathlib
import posixpath
from urllib.parse import unquote

import pytest

from pipeline.site import Excluded, SiteError
from pipeline.site.search import query
from tests.site.support import build, content, image, parse, publication

DAY = datetime.date(2025, 3, 1)


def dated(content_dir: pathlib.Path, count: int, **options: object) -> list:
    """`count` publications, one a day from DAY backwards, bidang taking turns akademik/umum."""
    pubs = []
    for i in range(count):
        day = DAY - datetime.timedelta(days=i)
        pubs.append(
            publication(
                content_dir,
                f"{day.year}/berita-{i:02d}",
                title=f"Berita nomor {i}",
                day=day,
                bidang=("akademik", "umum")[i % 2],
                **options,
            )
        )  # type: ignore[arg-type]
    return pubs


def test_every_page_is_built(tmp_path: pathlib.Path) -> None:
    pubs = dated(tmp_path / "content", 3)
    report = build(tmp_path, pubs)

    site = tmp_path / "site"
    for page in [
        "index.html",
        "berita/index.html",
        "bidang/index.html",
        "tahun/index.html",
        "bidang/akademik/index.html",
        "bidang/umum/index.html",
        "bidang/kemahasiswaan/index.html",
        "tahun/2025/index.html",
        "arsip/index.html",
        "arsip/2025/03/index.html",
        "arsip/2025/02/index.html",
        "label/index.html",
        "2025/berita-00/index.html",
        "2025/berita-01/index.html",
        "2025/berita-02/index.html",
        "assets/humas/humas.css",
        "sitemap.xml",
    ]:
        assert (site / page).is_file(), page
    assert (report.publications, report.pages, report.excluded, report.warnings) == (3, 15, (), ())
    assert report.out_dir == site and report.engine == "mkdocs" and report.seconds > 0


def test_home_names_the_institution_and_shows_the_latest(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 12))
    home = content(parse(tmp_path / "site/index.html"))

    assert home.texts("h1") == ["Poltekkes Kemenkes Jakarta II"]
    assert home.find("p", "humas-pengantar").text() == "Berita dan publikasi resmi Poltekkes Kemenkes Jakarta II."
    lead = home.find("article", "humas-utama")
    assert lead.find("p", "humas-utama__label").text() == "Berita utama"
    assert lead.texts("h2", "humas-item__judul") == ["Berita nomor 0"]
    assert home.texts("h2", "humas-bagian") == ["Publikasi terbaru"]
    assert home.find("div", "humas-daftar").texts("h3", "humas-item__judul") == [
        f"Berita nomor {i}" for i in range(1, 10)
    ]
    assert home.find("p", "humas-semua").text() == "Semua berita ›"


def test_news_is_newest_first_and_paginated(tmp_path: pathlib.Path) -> None:
    pubs = dated(tmp_path / "content", 45)
    build(tmp_path, list(reversed(pubs)))  # input order does not matter
    site = tmp_path / "site"

    titles = []
    for number, path in enumerate(["berita/index.html", "berita/2/index.html", "berita/3/index.html"], 1):
        page = content(parse(site / path))
        titles += page.texts("h2", "humas-item__judul")
        assert page.find("span", "humas-halaman__posisi").text() == f"Halaman {number} dari 3"
        assert page.find("p", "humas-pengantar").text() == "45 publikasi, terbaru lebih dahulu."
    assert titles == [f"Berita nomor {i}" for i in range(45)]
    assert not (site / "berita/4").exists()

    first = content(parse(site / "berita/index.html"))
    middle = content(parse(site / "berita/2/index.html"))
    last = content(parse(site / "berita/3/index.html"))
    assert first.texts("h1") == ["Berita"] and middle.texts("h1") == ["Berita, halaman 2 dari 3"]
    assert first.find_all("a", "humas-halaman__baru") == []
    assert first.find("a", "humas-halaman__lama").attrs["href"] == "2/"
    assert middle.find("a", "humas-halaman__baru").attrs["href"] == "../"
    assert middle.find("a", "humas-halaman__lama").attrs["href"] == "../3/"
    assert last.find_all("a", "humas-halaman__lama") == []
    assert last.find("a", "humas-halaman__baru").attrs["href"] == "../2/"
    item = first.find("article", "humas-item")
    assert item.find("a").attrs["href"] == "../2025/berita-00/"
    assert item.find("p", "humas-item__meta").text() == "1 Maret 2025 · Akademik"


def test_bidang_and_year_listings_hold_their_publications(tmp_path: pathlib.Path) -> None:
    content_dir = tmp_path / "content"
    pubs = [
        publication(
            content_dir, "2024/dies-natalis", title="Dies Natalis", day=datetime.date(2024, 12, 20), bidang="umum"
        ),
        publication(content_dir, "2025/wisuda", title="Wisuda Angkatan 2025", day=datetime.date(2025, 2, 10)),
        publication(content_dir, "2025/yudisium", title="Yudisium", day=datetime.date(2025, 1, 15)),
        publication(
            content_dir, "2025/lomba", title="Juara Lomba Poster", day=datetime.date(2025, 3, 3), bidang="kemahasiswaan"
        ),
    ]
    build(tmp_path, pubs)
    site = tmp_path / "site"

    def items(path: str) -> list[str]:
        return content(parse(site / path)).texts("h2", "humas-item__judul")

    assert items("bidang/akademik/index.html") == ["Wisuda Angkatan 2025", "Yudisium"]
    assert items("bidang/umum/index.html") == ["Dies Natalis"]
    assert items("bidang/kemahasiswaan/index.html") == ["Juara Lomba Poster"]
    assert items("tahun/2025/index.html") == ["Juara Lomba Poster", "Wisuda Angkatan 2025", "Yudisium"]
    assert items("tahun/2024/index.html") == ["Dies Natalis"]
    bidang = content(parse(site / "bidang/index.html"))
    assert bidang.find("ul", "humas-indeks").texts("li") == [
        "Akademik (2 publikasi)",
        "Umum (1 publikasi)",
        "Kemahasiswaan (1 publikasi)",
    ]
    years = content(parse(site / "tahun/index.html"))
    assert years.find("ul", "humas-indeks").texts("li") == ["2025 (3 publikasi)", "2024 (1 publikasi)"]
    assert content(parse(site / "bidang/akademik/index.html")).texts("h1") == ["Bidang Akademik"]
    assert content(parse(site / "tahun/2024/index.html")).texts("h1") == ["Tahun 2024"]


def test_a_bidang_without_publications_says_so(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 2))
    page = content(parse(tmp_path / "site/bidang/kemahasiswaan/index.html"))
    assert page.find("p", "humas-kosong").text() == "Belum ada publikasi."


def test_listings_are_paginated_too(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 9), per_page=4)
    site = tmp_path / "site"
    akademik = [
        content(parse(site / p)).texts("h2", "humas-item__judul")
        for p in ["bidang/akademik/index.html", "bidang/akademik/2/index.html"]
    ]
    assert akademik == [["Berita nomor 0", "Berita nomor 2", "Berita nomor 4", "Berita nomor 6"], ["Berita nomor 8"]]
    assert content(parse(site / "tahun/2025/3/index.html")).texts("h2", "humas-item__judul") == ["Berita nomor 8"]


def test_publication_page_shows_its_media_beside_it(tmp_path: pathlib.Path) -> None:
    pub = publication(
        tmp_path / "content",
        "2025/wisuda",
        title="Wisuda Angkatan 2025",
        day=datetime.date(2025, 2, 10),
        summary="Sebanyak 900 lulusan diwisuda.",
        body="Wisuda berlangsung khidmat.\n\n![Prosesi](foto-1.jpg)\n",
        image_name="sampul.jpg",
        tags=("wisuda", "lulusan"),
    )
    image(pub.folder / "foto-1.jpg", "red")
    image(pub.folder / "foto 2.jpg", "blue")
    (pub.folder / "jadwal.pdf").write_bytes(b"%PDF-1.4\n")
    (pub.folder / "galeri").mkdir()
    image(pub.folder / "galeri/foto-3.png", "green")
    (pub.folder / "serangan.html").write_text("<script>alert(1)</script>")
    (pub.folder / "lain.md").write_text("# bukan halaman")
    (pub.folder / "tautan.jpg").symlink_to(pub.folder / "sampul.jpg")
    report = build(tmp_path, [pub])

    out = tmp_path / "site/2025/wisuda"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "foto 2.jpg",
        "foto-1.jpg",
        "galeri/foto-3.png",
        "index.html",
        "jadwal.pdf",
        "sampul.jpg",
    ]
    assert (out / "sampul.jpg").read_bytes() == (pub.folder / "sampul.jpg").read_bytes()
    assert report.warnings == (
        "2025/wisuda: lain.md: not a media type the website publishes (.avif, .gif, .jpeg, .jpg, .m4a, .m4v, "
        ".mov, .mp3, .mp4, .ogg, .pdf, .png, .wav, .webm, .webp)",
        "2025/wisuda: serangan.html: not a media type the website publishes (.avif, .gif, .jpeg, .jpg, .m4a, "
        ".m4v, .mov, .mp3, .mp4, .ogg, .pdf, .png, .wav, .webm, .webp)",
        "2025/wisuda: tautan.jpg: symbolic link, not published",
    )

    page = content(parse(out / "index.html"))
    assert page.texts("h1") == ["Wisuda Angkatan 2025"]
    assert page.find("p", "humas-publikasi__meta").text() == "10 Februari 2025 · Akademik · 1 menit baca"
    assert page.find("p", "humas-publikasi__ringkasan").text() == "Sebanyak 900 lulusan diwisuda."
    cover = page.find("figure", "humas-sampul").find("img")
    assert (cover.attrs["src"], cover.attrs["alt"]) == ("sampul.jpg", "Wisuda Angkatan 2025")
    assert [i.attrs["src"] for i in page.find("div", "humas-publikasi__isi").find_all("img")] == ["foto-1.jpg"]
    assert [i.attrs["src"] for i in page.find("section", "humas-galeri").find_all("img")] == [
        "foto%202.jpg",
        "galeri/foto-3.png",
    ]
    assert page.find("section", "humas-lampiran").texts("li") == ["jadwal.pdf"]
    assert page.find("p", "humas-publikasi__label").text() == "Label: wisuda, lulusan"
    for img in page.find_all("img"):
        assert (out / unquote(img.attrs["src"] or "")).is_file()

    news = content(parse(tmp_path / "site/berita/index.html"))
    assert news.find("a", "humas-item__sampul").find("img").attrs["src"] == "../2025/wisuda/sampul.jpg"
    assert news.find("p", "humas-item__ringkasan").text() == "Sebanyak 900 lulusan diwisuda."


def test_a_missing_cover_is_reported_and_the_teaser_comes_from_the_body(tmp_path: pathlib.Path) -> None:
    pub = publication(tmp_path / "content", "2025/rapat", body="Rapat **koordinasi** humas.\n", image_name=None)
    pub = type(pub)(**{**pub.__dict__, "image": "tidak-ada.jpg"})
    report = build(tmp_path, [pub])
    assert report.warnings == (
        "2025/rapat: image: 'tidak-ada.jpg' is not a publishable image in the "
        "publication's folder; the page has no cover",
    )
    assert content(parse(tmp_path / "site/2025/rapat/index.html")).find_all("figure", "humas-sampul") == []
    news = content(parse(tmp_path / "site/berita/index.html"))
    assert news.find("p", "humas-item__ringkasan").text() == "Rapat koordinasi humas."


def test_a_publication_not_passed_in_does_not_appear(tmp_path: pathlib.Path) -> None:
    content_dir = tmp_path / "content"
    shown = publication(content_dir, "2025/disetujui", title="Berita Disetujui")
    publication(content_dir, "2025/belum-disetujui", title="Berita Belum Disetujui", image_name="foto.jpg")
    build(tmp_path, [shown])
    site = tmp_path / "site"

    assert not (site / "2025/belum-disetujui").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".xml"}
    )
    assert "belum-disetujui" not in everything and "Belum Disetujui" not in everything
    assert "Berita Disetujui" in everything
    assert [json.loads(p.read_text(encoding="utf-8"))["u"] for p in (site / "cari/d").iterdir()] == ["2025/disetujui/"]


def test_english_labels(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 3), language="en", per_page=2)
    site = tmp_path / "site"
    home = parse(site / "index.html")
    assert home.find("html").attrs["lang"] == "en"
    assert [a.text() for a in home.find_all("a", "md-tabs__link")] == ["Home", "News", "Fields", "Years"]
    assert content(home).texts("h2") == ["Berita nomor 0", "Latest publications"]
    assert content(home).texts("h3") == ["Berita nomor 1", "Berita nomor 2"]
    assert content(home).find("p", "humas-utama__label").text() == "Top story"
    assert content(home).find("p", "humas-pengantar").text() == (
        "News and official publications of Poltekkes Kemenkes Jakarta II."
    )
    news = content(parse(site / "berita/index.html"))
    assert news.texts("h1") == ["News"]
    assert news.find("span", "humas-halaman__posisi").text() == "Page 1 of 2"
    assert news.find("a", "humas-halaman__lama").text() == "Older ›"
    assert news.find("p", "humas-pengantar").text() == "3 publications, newest first."
    assert news.find("p", "humas-item__meta").text() == "1 March 2025 · Akademik"
    assert content(parse(site / "berita/2/index.html")).texts("h1") == ["News, page 2 of 2"]
    assert content(parse(site / "bidang/umum/index.html")).texts("h1") == ["Field: Umum"]
    assert content(parse(site / "tahun/2025/index.html")).texts("h1") == ["Year 2025"]
    assert parse(site / "index.html").find("button", "md-top").text() == "Back to top"


def test_indonesian_is_the_default_down_to_the_theme(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 1))
    home = parse(tmp_path / "site/index.html")
    assert home.find("html").attrs["lang"] == "id"
    assert [a.text() for a in home.find_all("a", "md-tabs__link")] == ["Beranda", "Berita", "Bidang", "Tahun"]
    assert home.find("button", "md-top").text() == "Kembali ke atas"
    assert home.find("title").text() == "Poltekkes Kemenkes Jakarta II"


def test_publication_pages_stay_out_of_the_navigation(tmp_path: pathlib.Path) -> None:
    build(tmp_path, dated(tmp_path / "content", 5))
    page = parse(tmp_path / "site/2025/berita-03/index.html")
    nav_links = [a.text() for a in page.find("nav", "md-nav--primary").find_all("a", "md-nav__link")]
    assert nav_links == ["Beranda", "Berita", "Bidang", "Tahun"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_in_generated_content_resolves(tmp_path: pathlib.Path, directory_urls: bool) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Situs Uji\nuse_directory_urls: {str(directory_urls).lower()}\ntheme:\n  name: material\n"
    )
    content_dir = tmp_path / "content"
    pubs = dated(content_dir, 7, image_name="sampul.jpg")
    pubs.append(publication(content_dir, "2024/lama", day=datetime.date(2024, 5, 5), bidang="kemahasiswaan"))
    build(tmp_path, pubs, mkdocs_yml=tmp_path / "mkdocs.yml", per_page=3)
    site = tmp_path / "site"
    checked = 0
    for html in site.rglob("*.html"):
        if html.name == "404.html":
            continue
        for node in content(parse(html)).iter():
            for attr in ("href", "src"):
                link = node.attrs.get(attr)
                if not link or link.startswith(("#", "http")):
                    continue
                target = site / posixpath.normpath(posixpath.join(str(html.parent.relative_to(site)), unquote(link)))
                if link.endswith("/"):
                    target = target / "index.html"
                assert target.is_file(), f"{html.relative_to(site)}: {link}"
                checked += 1
    assert checked > 100


def test_settings_of_the_repository_mkdocs_yml_are_kept(tmp_path: pathlib.Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs/css").mkdir(parents=True)
    (repo / "docs/css/humas.css").write_text(".md-header { background: maroon; }\n")
    (repo / "docs/rahasia.md").write_text("# tidak boleh tampil\n")
    (repo / "secret.txt").write_text("RAHASIA-MESIN-BUILD\n")
    (repo / "mkdocs.yml").write_text(
        "site_name: Humas Poltekkes Jakarta II\n"
        "site_url: https://humas.example.ac.id/\n"
        "theme:\n  name: material\n  language: en\n  palette:\n    primary: red\n"
        "extra_css: [css/humas.css]\n"
        "nav: [rahasia.md]\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [.]\n"
    )
    pub = publication(tmp_path / "content", "2025/a", title="Berita A", body='--8<-- "secret.txt"\n')
    build(tmp_path, [pub], mkdocs_yml=repo / "mkdocs.yml", site_url=None)
    site = tmp_path / "site"

    home = parse(site / "index.html")
    assert home.find("html").attrs["lang"] == "id"  # the language comes from sop.yml, not from mkdocs.yml
    assert home.find("title").text() == "Humas Poltekkes Jakarta II"
    assert home.find("body").attrs["data-md-color-primary"] == "red"
    assert (site / "css/humas.css").read_text() == ".md-header { background: maroon; }\n"
    primary = home.find("nav", "md-nav--primary")
    assert [a.text() for a in primary.find_all("a", "md-nav__link")] == ["Beranda", "Berita", "Bidang", "Tahun"]
    assert not (site / "rahasia").exists()
    assert "https://humas.example.ac.id/2025/a/" in (site / "sitemap.xml").read_text()
    assert "RAHASIA-MESIN-BUILD" not in (site / "2025/a/index.html").read_text()


def test_bad_ids_and_duplicates_are_excluded_with_the_reason(tmp_path: pathlib.Path) -> None:
    content_dir = tmp_path / "content"
    good = publication(content_dir, "2025/baik", title="Baik")
    twin = publication(content_dir, "2025/baik-dua", title="Kembar")
    twin = type(twin)(**{**twin.__dict__, "id": "2025/baik"})
    escape = publication(content_dir, "2025/keluar")
    escape = type(escape)(**{**escape.__dict__, "id": "2025/../../keluar"})
    report = build(tmp_path, [good, twin, escape])
    assert report.excluded == (
        Excluded("2025/baik", "id: a second publication with the same id"),
        Excluded("2025/../../keluar", "id: not of the form yyyy/slug (lower-case letters, digits, '-', '_', '.')"),
    )
    assert content(parse(tmp_path / "site/berita/index.html")).texts("h2", "humas-item__judul") == ["Baik"]


def test_an_output_directory_holding_other_things_is_refused(tmp_path: pathlib.Path) -> None:
    pub = publication(tmp_path / "content", "2025/a")
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [pub], out_dir=tmp_path)
    assert str(refused.value) == (
        f"out_dir: {tmp_path.resolve()} memuat {pub.folder.resolve()}, yang tidak boleh dihapus "
        "oleh build; pilih direktori khusus untuk situs web"
    )
    (tmp_path / "repo/.git").mkdir(parents=True)
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [pub], out_dir=tmp_path / "repo")
    assert str(refused.value) == (
        f"out_dir: {(tmp_path / 'repo').resolve()} akan dikosongkan; pilih direktori khusus untuk situs web"
    )


def test_a_bad_mkdocs_yml_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme:\n  name: readthedocs\n")
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [], mkdocs_yml=tmp_path / "mkdocs.yml")
    assert str(refused.value) == (
        f"{tmp_path / 'mkdocs.yml'}: theme.name: 'readthedocs' tidak didukung (yang boleh: material)"
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme:\n  name: material\nuse_directory_urls: maybe\n")
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [], mkdocs_yml=tmp_path / "mkdocs.yml")
    assert str(refused.value) == (
        f"{tmp_path / 'mkdocs.yml'}: Config value 'use_directory_urls': Expected "
        "type: <class 'bool'> but received: <class 'str'>"
    )
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [], language="fr")
    assert str(refused.value) == "language: 'fr' tidak didukung (yang boleh: id, en)"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_rebuild_leaves_nothing_of_a_publication_no_longer_passed_in(tmp_path: pathlib.Path, engine: str) -> None:
    content_dir = tmp_path / "content"
    kept = publication(content_dir, "2025/tetap", title="Tetap Tampil")
    dropped = publication(content_dir, "2025/ditarik", title="Ditarik Kembali", image_name="foto.jpg")
    build(tmp_path, [kept, dropped], engine=engine, work_dir=None)
    assert (tmp_path / "site/2025/ditarik/foto.jpg").is_file()

    report = build(tmp_path, [kept], engine=engine, work_dir=None)
    site = tmp_path / "site"
    assert report.publications == 1
    assert not (site / "2025/ditarik").exists()
    assert content(parse(site / "berita/index.html")).texts("h2", "humas-item__judul") == ["Tetap Tampil"]
    assert not any("ditarik" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_a_site_error_reaches_the_command_line_as_one_line_and_exit_2(tmp_path: pathlib.Path) -> None:
    """SiteError is a configuration error of the one error tree: the humas command prints its one line."""
    import click
    from click.testing import CliRunner

    from pipeline.cli import HumasGroup

    @click.group(cls=HumasGroup)
    def group() -> None:
        pass

    @group.command()
    def command() -> None:
        build(tmp_path, [], language="fr")

    result = CliRunner().invoke(group, ["command"])
    assert (result.exit_code, result.stderr) == (2, "humas: language: 'fr' tidak didukung (yang boleh: id, en)\n")


def test_search_indexes_the_whole_text_not_the_pages_chrome(tmp_path: pathlib.Path) -> None:
    pub = publication(
        tmp_path / "content",
        "2025/wisuda",
        title="Wisuda Angkatan 2025",
        summary="Lulusan terbaik.",
        body="Kalimat panjang di dalam isi berita.\n",
        tags=("wisuda",),
    )
    build(tmp_path, [pub])
    [result] = query(tmp_path / "site", "kalimat panjang").results
    assert (result.title, result.snippet) == (
        "Wisuda Angkatan 2025",
        "Lulusan terbaik. Kalimat panjang di dalam isi berita.",
    )
    assert query(tmp_path / "site", "salin tautan").results == []  # the share button is not the publication's text


@pytest.mark.parametrize(
    "language,texts",
    [
        (
            "id",
            [
                "Halaman tidak ditemukan",
                "Maaf, halaman yang Anda cari tidak ada atau telah dipindahkan.",
                "Kembali ke Beranda",
            ],
        ),
        (
            "en",
            ["Page not found", "The page you are looking for does not exist or has moved.", "Back to the home page"],
        ),
    ],
)
def test_404_page_footer_and_fonts(tmp_path: pathlib.Path, language: str, texts: list[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Poltekkes Kemenkes Jakarta II\ncopyright: Hak cipta Poltekkes\ntheme:\n  name: material\n"
        "  font: {text: Roboto}\nextra:\n  address: Jl. Hang Jebat III, Jakarta\n  social:\n"
        "    - {icon: fontawesome/brands/instagram, link: 'https://www.instagram.com/contoh/', name: Instagram}\n"
    )
    build(tmp_path, dated(tmp_path / "content", 1), mkdocs_yml=tmp_path / "mkdocs.yml", language=language)
    missing = content(parse(tmp_path / "site/404.html"))
    assert [missing.find("h1").text(), missing.texts("p")[1], missing.find("a", "md-button").text()] == texts
    home = parse(tmp_path / "site/index.html")
    footer = home.find("footer")
    assert footer.find("div", "md-copyright__highlight").text() == "Hak cipta Poltekkes"
    assert footer.find("address", "humas-alamat").text() == "Jl. Hang Jebat III, Jakarta"
    assert footer.find("a", "md-social__link").attrs["href"] == "https://www.instagram.com/contoh/"
    assert "Made with" not in footer.text()
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html  # font: Roboto is overridden
