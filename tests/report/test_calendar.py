"""The calendar written with ``humas laporan``: the demo's publications on main by date with each channel's
state, and the rencana's items by target date, realised or still planned."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import Repo


class Days(HTMLParser):
    """{date: [(kind, ref, text)]} of the month grid."""

    def __init__(self) -> None:
        super().__init__()
        self.days: dict[str, list[list[str]]] = {}
        self.day = ""
        self.entry: list[str] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "td" and "data-date" in found:
            self.day = found["data-date"]
            self.days[self.day] = []
        elif tag == "div" and "data-ref" in found:
            self.entry = [found["class"].split()[1], found["data-ref"], ""]
            self.days[self.day].append(self.entry)
        elif tag == "table":
            self.day = ""

    def handle_data(self, data: str) -> None:
        if self.entry is not None and self.day:
            self.entry[2] += " ".join(data.split()) + " "


def grid(demo: Repo, tmp_path: Path, month: str) -> Days:
    run = demo.humas("laporan", "--bulan", month, "--out", str(tmp_path))
    assert run.code == 0, run.err
    assert run.out.splitlines()[2] == str(tmp_path / f"kalender-{month}.html")
    page = Days()
    page.feed((tmp_path / f"kalender-{month}.html").read_text(encoding="utf-8"))
    assert "script" not in page.tags
    return page


def test_the_month_of_the_signed_publication(demo: Repo, tmp_path: Path) -> None:
    page = grid(demo, tmp_path, "2025-02")
    assert len(page.days) == 35 and list(page.days)[0] == "2025-01-27"  # weeks from Monday
    busy = {day: entries for day, entries in page.days.items() if entries}
    assert list(busy) == ["2025-02-10"]
    [publication, plan] = busy["2025-02-10"]
    assert publication[:2] == ["publikasi", "2025/wisuda-angkatan-2025"]
    assert publication[2].split() == [
        "Wisuda",
        "Angkatan",
        "2025",
        "website,",
        "instagram:",
        "menunggu",
        "unggah",
        "manual,",
        "facebook:",
        "menunggu",
        "unggah",
        "manual",
    ]
    assert plan[:2] == ["rencana", "2025-rencana-semester-ganjil#wisuda-2025"]
    assert plan[2].startswith("Wisuda Angkatan 2025 (terwujud) website, instagram, facebook")


def test_planned_items_not_yet_published(demo: Repo, tmp_path: Path) -> None:
    march = grid(demo, tmp_path, "2025-03")
    [(kind, ref, words)] = [e for entries in march.days.values() for e in entries]
    assert (kind, ref) == ("rencana", "2025-rencana-semester-ganjil#bakti-sosial")
    assert words.startswith("Bakti Sosial Mahasiswa di Kepulauan Seribu (direncanakan)")
    assert march.days["2025-03-15"] and not any(e for d, e in march.days.items() if d != "2025-03-15")
