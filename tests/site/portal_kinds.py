"""The portal of tests/site/portal.py with announcements, agenda items and standing pages, served under
/humas/ as GitHub Pages serves a project site: for the browser test of the home page's sections and for the
screenshots of the documentation (bench/screenshots.py)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import pathlib
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.site import SitePublication
from pipeline.site.model import Event
from pipeline.site.serve import QuietServer
from tests.helpers import serving
from tests.site.portal import PREFIX, Portal, _Handler, make_publications
from tests.site.support import build, publication

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=JAKARTA)  # the day after the portal's newest news

ANNOUNCEMENTS = [  # (slug, title, published, valid until)
    (
        "penerimaan",
        "Penerimaan Mahasiswa Baru Jalur Mandiri 2025",
        datetime.date(2025, 6, 28),
        datetime.date(2025, 7, 31),
    ),
    ("libur", "Libur Tahun Baru Islam 1447 H", datetime.date(2025, 6, 25), datetime.date(2025, 7, 1)),
    (
        "beasiswa",
        "Pendaftaran Beasiswa Prestasi Semester Ganjil",
        datetime.date(2025, 6, 20),
        datetime.date(2025, 7, 15),
    ),
    ("ujian", "Jadwal Ujian Akhir Semester Genap", datetime.date(2025, 5, 30), datetime.date(2025, 6, 20)),
]
EVENTS = [  # (slug, title, start, end, place)
    (
        "seminar-gizi",
        "Seminar Nasional Gizi Masyarakat",
        (7, 10, 8, 0),
        (7, 10, 15, 0),
        "Aula Utama Gedung A, Kampus Hang Jebat",
    ),
    ("rapat-senat", "Rapat Senat Terbuka", (7, 3, 9, 0), (7, 3, 11, 30), "Ruang Senat, Lantai 3"),
    (
        "bakti",
        "Bakti Sosial Kesehatan di Kepulauan Seribu",
        (7, 19, 7, 0),
        (7, 20, 16, 0),
        "Pulau Pramuka, Kepulauan Seribu",
    ),
    ("yudisium", "Yudisium Program Sarjana Terapan", (6, 26, 9, 0), (6, 26, 12, 0), "Auditorium Kampus B"),
]
PAGES = [("profil", "Profil", 1), ("ppid", "PPID", 2), ("layanan", "Layanan", 3), ("kontak", "Kontak", 4)]


def _at(month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=JAKARTA)


def kinds_publications(content: pathlib.Path) -> list[SitePublication]:
    found: list[SitePublication] = []
    for slug, title, day, until in ANNOUNCEMENTS:
        base = publication(
            content, f"pengumuman/2025/{slug}", title=title, day=day, body=f"Isi pengumuman: {title.lower()}.\n"
        )
        found.append(dataclasses.replace(base, kind="pengumuman", valid_until=until))
    for slug, title, start, end, place in EVENTS:
        base = publication(
            content,
            f"agenda/2025/{slug}",
            title=title,
            day=datetime.date(2025, 6, 15),
            summary=f"{title} terbuka untuk sivitas akademika dan masyarakat umum.",
            body=f"## Susunan acara\n\nPembukaan, paparan narasumber, diskusi, penutup.\n\n{title}.\n",
        )
        found.append(dataclasses.replace(base, kind="agenda", event=Event(_at(*start), _at(*end), place)))
    for slug, title, order in PAGES:
        base = publication(content, f"halaman/{slug}", title=title, body=f"Halaman {title}.\n")
        found.append(dataclasses.replace(base, kind="halaman", order=order))
    return found


@contextmanager
def served_portal_with_kinds(tmp: pathlib.Path) -> Iterator[Portal]:
    site = tmp / "site"
    server = QuietServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    publications = make_publications(tmp / "content") + kinds_publications(tmp / "content")
    report = build(tmp, publications, site_url=base, per_page=6, image_cache=tmp / "image-cache", now=NOW)
    with serving(server):
        yield Portal(site, report, base, publications)
