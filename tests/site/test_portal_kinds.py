"""The portal's kinds on the website: pengumuman, agenda and halaman pages, their listings, the home page's
sections, agenda.ics, the menu, sitemaps, feeds and search, built for real (mkdocs, and Zensical)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import pathlib
import re
import zoneinfo

import icalendar
import pytest

from pipeline.content.life import Life, Withdrawal
from pipeline.site import SitePublication
from pipeline.site.ical import fold
from pipeline.site.model import Event
from tests.site.support import Node, build, content, parse, publication

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=JAKARTA)
SITE_URL = "https://humas.example.ac.id/"


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=JAKARTA)


def kind(base: SitePublication, name: str, **fields: object) -> SitePublication:
    return dataclasses.replace(base, kind=name, **fields)  # type: ignore[arg-type]


def portal_publications(root: pathlib.Path) -> list[SitePublication]:
    """Two news, three announcements (two in force, one expired), three events (two coming, one past), two
    standing pages, and a withdrawn announcement."""
    c = root / "content"
    news = [
        publication(c, "2026/wisuda", title="Wisuda Angkatan 2026", day=datetime.date(2026, 3, 9)),
        publication(c, "2026/akreditasi", title="Akreditasi Unggul", day=datetime.date(2026, 3, 2), bidang="umum"),
    ]
    announcements = [
        kind(
            publication(c, "pengumuman/2026/beasiswa", title="Pendaftaran Beasiswa", day=datetime.date(2026, 3, 5)),
            "pengumuman",
            valid_until=datetime.date(2026, 3, 31),
            summary="Pendaftaran beasiswa prestasi dibuka.",
        ),
        kind(
            publication(c, "pengumuman/2026/libur", title="Libur Nyepi", day=datetime.date(2026, 3, 8)),
            "pengumuman",
            valid_until=datetime.date(2026, 3, 10),  # its last day is today: still in force
        ),
        kind(
            publication(c, "pengumuman/2026/ujian", title="Jadwal Ujian Susulan", day=datetime.date(2026, 2, 20)),
            "pengumuman",
            valid_until=datetime.date(2026, 3, 9),  # ended yesterday
        ),
        kind(
            publication(c, "pengumuman/2026/ditarik", title="Pengumuman Keliru", day=datetime.date(2026, 3, 7)),
            "pengumuman",
            valid_until=datetime.date(2026, 4, 1),
            life=Life(withdrawal=Withdrawal(at=at(8, 9), reason="Salah tanggal")),
        ),
    ]
    events = [
        kind(
            publication(c, "agenda/2026/seminar", title="Seminar Gizi, Sehat; Bugar", day=datetime.date(2026, 3, 1)),
            "agenda",
            event=Event(at(20, 9), at(20, 12), "Aula Utama, Gedung A"),
            summary="Seminar nasional gizi masyarakat.",
        ),
        kind(
            publication(c, "agenda/2026/rapat", title="Rapat Kerja", day=datetime.date(2026, 3, 2)),
            "agenda",
            event=Event(at(12, 13, 30), None, "Ruang Rapat Direktur"),
        ),
        kind(
            publication(c, "agenda/2026/bakti", title="Bakti Sosial", day=datetime.date(2026, 2, 1)),
            "agenda",
            event=Event(at(3, 8), at(4, 15), "Kepulauan Seribu"),
        ),
    ]
    pages = [
        kind(publication(c, "halaman/kontak", title="Kontak", body="Telepon 021-123.\n"), "halaman", order=4),
        kind(publication(c, "halaman/profil", title="Profil", body="Sejarah singkat.\n"), "halaman", order=1),
    ]
    return [*news, *announcements, *events, *pages]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("portal")
    report = build(root, portal_publications(root), site_url=SITE_URL, now=NOW)
    assert report.excluded == ()
    assert report.publications == 10  # the withdrawn one is not on the site
    return root / "site"


def page(site: pathlib.Path, directory: str) -> Node:
    return parse(site / directory / "index.html")


def head_json_ld(site: pathlib.Path, directory: str) -> list[dict[str, object]]:
    text = (site / directory / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text)
    return [json.loads(item) for item in found]


def test_an_announcement_page_says_until_when_it_is_in_force(site: pathlib.Path) -> None:
    main = content(page(site, "pengumuman/2026/beasiswa"))
    assert main.find("h1").text() == "Pendaftaran Beasiswa"
    assert main.find("p", "humas-publikasi__meta").text() == "5 Maret 2026"
    assert main.find("p", "humas-berlaku").text() == "Berlaku sampai 31 Maret 2026"
    assert main.find("nav", "humas-jejak").texts("li") == ["Beranda", "Pengumuman", "Pendaftaran Beasiswa"]
    expired = content(page(site, "pengumuman/2026/ujian"))
    assert expired.find("p", "humas-berlaku--lewat").text() == "Sudah tidak berlaku sejak 10 Maret 2026"


def test_an_agenda_page_shows_date_time_and_place_with_event_data(site: pathlib.Path) -> None:
    main = content(page(site, "agenda/2026/seminar"))
    assert main.find("h1").text() == "Seminar Gizi, Sehat; Bugar"
    when = main.find("dl", "humas-acara__waktu")
    assert when.texts("dt") == ["Tanggal", "Waktu", "Tempat"]
    assert when.texts("dd") == ["Jumat, 20 Maret 2026", "09.00–12.00 WIB", "Aula Utama, Gedung A"]
    assert main.find("p", "humas-kalender").find("a").attrs["href"] == "../../../agenda.ics"
    assert not main.find_all("p", "humas-acara__lewat")
    two_days = content(page(site, "agenda/2026/bakti"))
    assert two_days.find("dl", "humas-acara__waktu").texts("dd")[:2] == [
        "Selasa, 3 Maret 2026 – Rabu, 4 Maret 2026",
        "08.00 WIB – 15.00 WIB",
    ]
    assert two_days.find("p", "humas-acara__lewat").text() == "Acara ini telah berlangsung."
    [event] = [d for d in head_json_ld(site, "agenda/2026/seminar") if d["@type"] == "Event"]
    assert event["name"] == "Seminar Gizi, Sehat; Bugar"
    assert event["startDate"] == "2026-03-20T09:00:00+07:00"
    assert event["endDate"] == "2026-03-20T12:00:00+07:00"
    assert event["location"] == {"@type": "Place", "name": "Aula Utama, Gedung A", "address": "Aula Utama, Gedung A"}
    assert event["url"] == f"{SITE_URL}agenda/2026/seminar/"
    assert event["description"] == "Seminar nasional gizi masyarakat."
    assert "NewsArticle" not in [d["@type"] for d in head_json_ld(site, "agenda/2026/seminar")]


def test_a_standing_page_has_no_date_share_or_related_news(site: pathlib.Path) -> None:
    main = content(page(site, "halaman/profil"))
    assert main.find("h1").text() == "Profil"
    assert main.find("div", "humas-publikasi__isi").text() == "Sejarah singkat."
    assert main.find("nav", "humas-jejak").texts("li") == ["Beranda", "Profil"]
    for absent in ("humas-publikasi__meta", "humas-bagikan", "humas-terkait"):
        assert not main.find_all(None, absent), absent
    assert not main.find_all("time")


def test_the_announcements_listing_puts_those_in_force_first(site: pathlib.Path) -> None:
    main = content(page(site, "pengumuman"))
    assert main.find("h1").text() == "Pengumuman"
    groups = main.find_all("section", "humas-kelompok")
    assert [g.find("h2").text() for g in groups] == ["Pengumuman yang berlaku", "Pengumuman yang sudah berakhir"]
    assert groups[0].texts("h3") == ["Libur Nyepi", "Pendaftaran Beasiswa"]
    assert groups[0].texts("p", "humas-item__meta") == [
        "8 Maret 2026 · Berlaku sampai 10 Maret 2026",
        "5 Maret 2026 · Berlaku sampai 31 Maret 2026",
    ]
    assert groups[1].texts("h3") == ["Jadwal Ujian Susulan"]
    assert groups[1].find("li", "humas-pengumuman-butir--lewat").find("span").text() == (
        "Sudah tidak berlaku sejak 10 Maret 2026"
    )


def test_the_agenda_listing_puts_coming_events_first_soonest_first(site: pathlib.Path) -> None:
    main = content(page(site, "agenda"))
    groups = main.find_all("section", "humas-kelompok")
    assert [g.find("h2").text() for g in groups] == ["Agenda mendatang", "Agenda yang telah berlalu"]
    assert groups[0].texts("h3") == ["Rapat Kerja", "Seminar Gizi, Sehat; Bugar"]
    assert groups[0].texts("p", "humas-item__meta") == [
        "Kamis, 12 Maret 2026 · 13.30 WIB · Ruang Rapat Direktur",
        "Jumat, 20 Maret 2026 · 09.00–12.00 WIB · Aula Utama, Gedung A",
    ]
    assert groups[1].texts("h3") == ["Bakti Sosial"]


def test_a_day_later_the_expired_announcement_and_the_past_event_move(tmp_path: pathlib.Path) -> None:
    later = datetime.datetime(2026, 3, 12, 15, 0, tzinfo=JAKARTA)  # the meeting of the 12th is over
    build(tmp_path, portal_publications(tmp_path), site_url=SITE_URL, now=later)
    site = tmp_path / "site"
    announcements = content(page(site, "pengumuman")).find_all("section", "humas-kelompok")
    assert announcements[0].texts("h3") == ["Pendaftaran Beasiswa"]
    assert announcements[1].texts("h3") == ["Libur Nyepi", "Jadwal Ujian Susulan"]
    agenda = content(page(site, "agenda")).find_all("section", "humas-kelompok")
    assert agenda[0].texts("h3") == ["Seminar Gizi, Sehat; Bugar"]
    assert agenda[1].texts("h3") == ["Rapat Kerja", "Bakti Sosial"]
    home = content(page(site, ""))
    assert home.find("section", "humas-beranda__pengumuman").texts("h3") == ["Pendaftaran Beasiswa"]
    assert home.find("section", "humas-beranda__agenda").texts("h3") == ["Seminar Gizi, Sehat; Bugar"]


def test_the_home_page_shows_lead_news_announcements_and_agenda(site: pathlib.Path) -> None:
    home = content(page(site, ""))
    assert home.find("article", "humas-utama").find("h2").text() == "Wisuda Angkatan 2026"
    assert home.texts("h2", "humas-bagian") == ["Publikasi terbaru", "Pengumuman terbaru", "Agenda mendatang"]
    assert home.find("section", "humas-beranda__berita").texts("h3") == ["Akreditasi Unggul"]
    announcements = home.find("section", "humas-beranda__pengumuman")
    assert announcements.texts("h3") == ["Libur Nyepi", "Pendaftaran Beasiswa"]
    assert announcements.find("p", "humas-semua").text() == "Semua pengumuman ›"
    assert announcements.find("p", "humas-semua").find("a").attrs["href"] == "pengumuman/"
    agenda = home.find("section", "humas-beranda__agenda")
    assert agenda.texts("h3") == ["Rapat Kerja", "Seminar Gizi, Sehat; Bugar"]
    assert agenda.texts("p", "humas-item__meta")[0] == "Kamis, 12 Maret 2026 · 13.30 WIB · Ruang Rapat Direktur"
    assert agenda.find("p", "humas-semua").text() == "Seluruh agenda ›"


def test_news_listings_and_feeds_hold_only_news(site: pathlib.Path) -> None:
    assert content(page(site, "berita")).texts("h2", "humas-item__judul") == [
        "Wisuda Angkatan 2026",
        "Akreditasi Unggul",
    ]
    assert content(page(site, "tahun/2026")).texts("h2", "humas-item__judul") == [
        "Wisuda Angkatan 2026",
        "Akreditasi Unggul",
    ]
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in feed["items"]] == ["Wisuda Angkatan 2026", "Akreditasi Unggul"]
    assert "pengumuman" not in (site / "feed.xml").read_text(encoding="utf-8")
    news = (site / "news-sitemap.xml").read_text(encoding="utf-8")
    assert "pengumuman/" not in news and "agenda/" not in news


def test_the_sitemap_lists_every_kind_with_its_own_time(site: pathlib.Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for directory, lastmod in (
        ("pengumuman/2026/beasiswa/", "2026-03-05T00:00:00+07:00"),
        ("agenda/2026/seminar/", "2026-03-01T00:00:00+07:00"),
        ("halaman/profil/", "2025-01-01T00:00:00+07:00"),
        ("pengumuman/", "2026-03-08T00:00:00+07:00"),
        ("agenda/", "2026-03-02T00:00:00+07:00"),
    ):
        assert f"<url><loc>{SITE_URL}{directory}</loc>\n<lastmod>{lastmod}</lastmod>" in sitemap, directory
    assert "pengumuman/2026/ditarik" not in sitemap


def test_a_withdrawn_announcement_is_a_notice_out_of_the_listings(site: pathlib.Path) -> None:
    notice = content(page(site, "pengumuman/2026/ditarik"))
    assert notice.find("p", "humas-penarikan__pemberitahuan").text() == (
        "Publikasi ini ditarik pada 8 Maret 2026. Alasan: Salah tanggal"
    )
    assert "Pengumuman Keliru" not in content(page(site, "pengumuman")).text()
    assert "Pengumuman Keliru" not in content(page(site, "")).text()
    assert "RewriteRule ^pengumuman/2026/ditarik(?:/|$) - [G]\n" in (site / ".htaccess").read_text(encoding="utf-8")


def test_the_menu_has_the_portal_sections_and_the_standing_pages_in_order(site: pathlib.Path) -> None:
    tabs = [a.text() for a in page(site, "").find_all("a", "md-tabs__link")]
    assert tabs == ["Beranda", "Berita", "Pengumuman", "Agenda", "Bidang", "Tahun", "Profil", "Kontak"]


def test_the_institution_orders_the_menu_in_mkdocs_yml(tmp_path: pathlib.Path) -> None:
    (tmp_path / "docs").mkdir()
    settings = tmp_path / "mkdocs.yml"
    settings.write_text(
        "site_name: Poltekkes\ntheme:\n  name: material\n  features: [navigation.tabs]\nnav:\n"
        "  - Beranda: index.md\n  - Tentang Kami: halaman/profil/index.md\n  - Agenda Kegiatan: agenda/index.md\n"
        "  - Lama: halaman/tidak-ada/index.md\n",
        encoding="utf-8",
    )
    report = build(tmp_path, portal_publications(tmp_path), mkdocs_yml=settings, now=NOW)
    tabs = [a.text() for a in parse(tmp_path / "site" / "index.html").find_all("a", "md-tabs__link")]
    assert tabs == ["Beranda", "Tentang Kami", "Agenda Kegiatan", "Berita", "Pengumuman", "Bidang", "Tahun", "Kontak"]
    assert report.warnings == (
        "mkdocs.yml: nav: {'Lama': 'halaman/tidak-ada/index.md'} is not a page of the site; left out of the menu",
    )


def test_agenda_ics_is_valid_icalendar(site: pathlib.Path) -> None:
    raw = (site / "agenda.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)  # CRLF, and only CRLF
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(raw)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//humas//Agenda//ID")
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "agenda/2026/bakti@humas.example.ac.id",
        "agenda/2026/rapat@humas.example.ac.id",
        "agenda/2026/seminar@humas.example.ac.id",
    ]
    seminar = events["agenda/2026/seminar@humas.example.ac.id"]
    assert str(seminar["SUMMARY"]) == "Seminar Gizi, Sehat; Bugar"
    assert str(seminar["LOCATION"]) == "Aula Utama, Gedung A"
    assert str(seminar["URL"]) == f"{SITE_URL}agenda/2026/seminar/"
    assert seminar.decoded("DTSTART") == datetime.datetime(2026, 3, 20, 2, 0, tzinfo=datetime.UTC)
    assert seminar.decoded("DTEND") == datetime.datetime(2026, 3, 20, 5, 0, tzinfo=datetime.UTC)
    assert seminar.decoded("DTSTAMP") == datetime.datetime(2026, 2, 28, 17, 0, tzinfo=datetime.UTC)
    assert b"SUMMARY:Seminar Gizi\\, Sehat\\; Bugar\r\n" in raw
    assert "DTEND" not in events["agenda/2026/rapat@humas.example.ac.id"]


def test_ics_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "Peringatan Hari Kesehatan Nasional — ké" * 5
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_search_links_announcements_and_pages(site: pathlib.Path) -> None:
    fragments = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (site / "cari").rglob("*.json")
        if "u" in p.read_text(encoding="utf-8")[:6]
    ]
    addresses = {f["u"] for f in fragments if isinstance(f, dict) and "u" in f}
    assert {"pengumuman/2026/beasiswa/", "halaman/profil/", "agenda/2026/seminar/"} <= addresses
    assert not any("ditarik" in a for a in addresses)


def test_hostile_texts_stay_text_on_the_new_pages(tmp_path: pathlib.Path) -> None:
    c = tmp_path / "content"
    hostile = '<script>alert(1)</script> "Aula" & <b>'
    event = kind(
        publication(c, "agenda/2026/x", title=hostile, day=datetime.date(2026, 3, 1)),
        "agenda",
        event=Event(at(20, 9), None, hostile),
    )
    build(tmp_path, [event], site_url=SITE_URL, now=NOW)
    text = (tmp_path / "site" / "agenda" / "2026" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text
    listing = (tmp_path / "site" / "agenda" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in listing and "&lt;script&gt;alert(1)" in listing


def test_the_new_pages_build_on_zensical_too(tmp_path: pathlib.Path) -> None:
    build(tmp_path, portal_publications(tmp_path), site_url=SITE_URL, now=NOW, engine="zensical")
    site = tmp_path / "site"
    assert content(page(site, "agenda/2026/seminar")).find("dl", "humas-acara__waktu").texts("dt") == [
        "Tanggal",
        "Waktu",
        "Tempat",
    ]
    assert content(page(site, "pengumuman")).find_all("section", "humas-kelompok")[0].texts("h3") == [
        "Libur Nyepi",
        "Pendaftaran Beasiswa",
    ]
    home = content(page(site, ""))
    assert home.texts("h2", "humas-bagian") == ["Publikasi terbaru", "Pengumuman terbaru", "Agenda mendatang"]
    assert (site / "agenda.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    tabs = [a.text() for a in page(site, "").find_all("a", "md-tabs__link")]
    assert tabs == ["Beranda", "Berita", "Pengumuman", "Agenda", "Bidang", "Tahun", "Profil", "Kontak"]
    assert "Event" in [d["@type"] for d in head_json_ld(site, "agenda/2026/seminar")]


@pytest.mark.parametrize(
    ("pid", "name", "reason"),
    [
        ("2026/salah-jenis", "pengumuman", "id: not of the form pengumuman/yyyy/slug"),
        ("pengumuman/2026/../../etc", "pengumuman", "id: not of the form pengumuman/yyyy/slug"),
        ("agenda/26/rapat", "agenda", "id: not of the form agenda/yyyy/slug"),
        ("halaman/a/b", "halaman", "id: not of the form halaman/slug"),
        ("halaman/Profil", "halaman", "id: not of the form halaman/slug"),
        ("pengumuman/2026/x", "berita", "id: not of the form yyyy/slug"),
        ("lain/x", "lain", "kind: 'lain' is not one of berita, pengumuman, agenda, halaman"),
    ],
)
def test_an_id_not_of_its_kinds_form_is_left_out(tmp_path: pathlib.Path, pid: str, name: str, reason: str) -> None:
    folder = tmp_path / "content" / "x"
    base = publication(tmp_path / "content", "x", title="X")
    odd = dataclasses.replace(base, id=pid, kind=name, folder=folder, event=Event(at(20, 9), None, "Aula"))
    report = build(tmp_path, [odd], now=NOW)
    assert [(e.id, e.reason.split(" (")[0]) for e in report.excluded] == [(pid, reason)]
    assert report.publications == 0


def test_the_pages_speak_english_by_configuration(tmp_path: pathlib.Path) -> None:
    build(tmp_path, portal_publications(tmp_path), now=NOW, language="en")
    site = tmp_path / "site"
    assert (
        content(page(site, "pengumuman/2026/beasiswa")).find("p", "humas-berlaku").text() == "Valid until 31 March 2026"
    )
    when = content(page(site, "agenda/2026/seminar")).find("dl", "humas-acara__waktu")
    assert when.texts("dt") == ["Date", "Time", "Place"]
    assert when.texts("dd")[:2] == ["Friday, 20 March 2026", "09:00–12:00 WIB"]
    assert content(page(site, "agenda")).find_all("p", "humas-item__meta")[0].text() == (
        "Thursday, 12 March 2026 · 13:30 WIB · Ruang Rapat Direktur"
    )
    home = content(page(site, ""))
    assert home.texts("h2", "humas-bagian") == ["Latest publications", "Latest announcements", "Coming events"]
    assert [g.find("h2").text() for g in content(page(site, "agenda")).find_all("section", "humas-kelompok")] == [
        "Coming events",
        "Past events",
    ]


def test_an_agenda_item_without_its_event_is_left_out(tmp_path: pathlib.Path) -> None:
    base = publication(tmp_path / "content", "agenda/2026/tanpa-waktu", title="Tanpa waktu")
    report = build(tmp_path, [dataclasses.replace(base, kind="agenda")], now=NOW)
    assert [(e.id, e.reason) for e in report.excluded] == [
        ("agenda/2026/tanpa-waktu", "event: an agenda item without its date, time and place")
    ]
