"""``humas laporan`` on the demo's archive: the numbers, the charts (inline SVG) and the PDF."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from statistics import mean
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from pipeline.archive.models import RecordData, parse_receipt
from pipeline.archive.record import read_record
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from tests.helpers import Repo


class Charts(HTMLParser):
    """Every chart's bars and standard marks, by chart title; and every tag and URL of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, list[dict[str, str]]] = {}
        self.current = ""
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        found = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.urls += [v for k, v in found.items() if k in ("src", "href")]
        if tag == "svg":
            self.current = found["aria-label"]
            self.charts[self.current] = []
        elif tag in ("rect", "line"):
            self.charts[self.current].append({"tag": tag, **found})


PUBLICATION_CHANGES = ("publikasi/", "pengumuman/", "agenda/", "halaman/")
"""The changes of publications (each has a Desain step, from its first commit to its first signature)."""


def desained(found: list[RecordData]) -> int:
    return sum(r.change.startswith(PUBLICATION_CHANGES) for r in found)


def records(demo: Repo) -> list[RecordData]:
    paths = [p for p in demo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("/record.json")]
    found = [read_record(demo.git("show", f"arsip:{p}").encode()) for p in paths]
    assert None not in found
    return [r for r in found if r is not None]


def month(record: RecordData) -> str:
    from datetime import datetime

    return datetime.fromisoformat(record.merged_at).astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m")


def test_the_report_of_the_demo_month(demo: Repo, tmp_path: Path) -> None:
    found = records(demo)
    bulan = month(found[0])
    run = demo.humas("laporan", "--bulan", bulan, "--out", str(tmp_path / "out"))
    assert run.code == 0, run.err
    steps = [s.model_dump() for r in found for c in r.chains for s in c.steps]
    within = sum(s["elapsed_minutes"] <= s["minutes"] for s in steps)
    desain = desained(found)
    year, number = bulan.split("-")
    period = f"{['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][int(number) - 1]} {year}"  # noqa: E501
    html_path, pdf_path = tmp_path / "out" / f"laporan-{bulan}.html", tmp_path / "out" / f"laporan-{bulan}.pdf"
    assert run.out.splitlines() == [
        str(html_path),
        str(pdf_path),
        str(tmp_path / "out" / f"kalender-{bulan}.html"),
        f"{period}: {len(found)} perubahan digabungkan, {within + desain}/{len(steps) + desain} tahap dalam Mutu Baku",
    ]
    # the demo: arahan, rencana, the news (its Pengendalian took 14 of 10 minutes), the standing pages (SPI took
    # 12 of 10), an announcement and an agenda item; four publications, each with its Desain within 120 minutes
    assert (len(found), len(steps), within, desain) == (6, 16, 14, 4)

    page = Charts()
    html = html_path.read_text(encoding="utf-8")
    page.feed(html)
    assert "script" not in page.tags and page.urls == []  # nothing runs, nothing is fetched
    assert f'<b class="share">{round(100 * (within + desain) / (len(steps) + desain))}%</b>' in html

    per_step = page.charts["Waktu per tahap terhadap Mutu Baku (rata-rata)"]
    bars = [b for b in per_step if b["tag"] == "rect"]
    marks = [b for b in per_step if b["tag"] == "line"]
    by_name = {
        name: {"minutes": same[0]["minutes"], "elapsed_minutes": round(mean(s["elapsed_minutes"] for s in same), 1)}
        for name in {s["name"] for s in steps}
        if (same := [s for s in steps if s["name"] == name])
    }  # each step's mean over the month
    assert [b["data-label"] for b in bars] == [
        "Arahan strategis",
        "Rencana konten",
        "Desain konten",
        "Verifikasi",
        "Pengendalian",
        "Persetujuan",
        "Pengesahan",
    ]
    by_name["Desain konten"] = {"minutes": 120, "elapsed_minutes": float(bars[2]["data-value"])}
    assert 0 < float(bars[2]["data-value"]) < 120  # from the change's first commit to its first signature
    for bar, mark in zip(bars, marks, strict=True):
        step = by_name[bar["data-label"]]
        assert float(bar["data-value"]) == step["elapsed_minutes"]
        assert float(mark["data-value"]) == step["minutes"]
        assert bar["class"] == ("bar over" if step["elapsed_minutes"] > step["minutes"] else "bar within")
    assert [b["data-label"] for b in bars if b["class"] == "bar over"] == ["Pengendalian"]

    per_person = {
        b["data-label"]: b
        for b in page.charts["Per orang: rata-rata waktu terhadap Mutu Baku (100% = tepat Mutu Baku)"]
        if b["tag"] == "rect"
    }
    direktur = [s["elapsed_minutes"] / s["minutes"] for s in steps if s["signatures"][0]["person"] == "reni"]
    assert len(direktur) == 5  # the arahan and four pengesahan
    assert float(per_person["Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom"]["data-value"]) == round(100 * mean(direktur))
    spi = [s["elapsed_minutes"] / s["minutes"] for s in steps if s["signatures"][0]["person"] == "spi"]
    assert per_person["Ketua SPI"]["class"] == "bar over"
    assert per_person["Ketua SPI"]["data-value"] == str(round(100 * mean(spi))) == "110"  # 14, 12, 9 and 9 of 10

    per_bidang = {
        b["data-label"]: b
        for b in page.charts["Per bidang: rata-rata waktu terhadap Mutu Baku (100% = tepat Mutu Baku)"]
        if b["tag"] == "rect"
    }
    akademik = [s for r in found if "akademik" in r.bidang for c in r.chains for s in c.steps]
    publications = [r for r in found if "akademik" in r.bidang and r.change.startswith(PUBLICATION_CHANGES)]
    assert list(per_bidang) == ["Akademik"]
    counted = sum(s.elapsed_minutes <= s.minutes for s in akademik) + len(publications)  # and their Desain
    assert (
        f'<tr><td>Akademik</td><td class="n">{len(publications)}</td>' in html
        and f"{counted}/{len(akademik) + len(publications)} (" in html
    )

    reader = PdfReader(pdf_path)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"Laporan Mutu Baku — {period}" in text
    assert "Pengendalian 4 11 mnt 14 mnt 10 mnt 2/4 (50%)" in text  # 14, 12, 9 and 9 minutes
    assert "Ketua SPI 4 11 mnt 14 mnt 2/4 (50%)" in text


def test_another_month_has_no_records_and_a_bad_month_is_refused(demo: Repo, tmp_path: Path) -> None:
    run = demo.humas("laporan", "--bulan", "2001-01", "--out", str(tmp_path))
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == "Januari 2001: 0 perubahan digabungkan, 0/0 tahap dalam Mutu Baku"
    assert "Tidak ada catatan pada periode ini." in (tmp_path / "laporan-2001-01.html").read_text()
    bad = demo.humas("laporan", "--bulan", "2026-13", "--out", str(tmp_path / "x"))
    assert bad.code == 2 and not (tmp_path / "x").exists()
    assert bad.err == "humas: --bulan '2026-13': bukan bulan (yang boleh: YYYY-MM, misalnya 2026-11)\n"


def test_a_record_that_does_not_verify_is_left_out(demo: Repo, tmp_path: Path) -> None:
    found = records(demo)
    genuine = next(r for r in found if r.change.startswith("publikasi/"))
    forged = {**genuine.model_dump(mode="json"), "change": "publikasi/palsu", "merge_commit": "e" * 40}
    folder = "records/2026-01-01-publikasi-palsu-eeeeeee"
    store = BranchStore(GitRepo(demo.root))
    before = store.tip()
    store.write({f"{folder}/record.json": json.dumps(forged).encode()}, "a record pushed by someone with push access")
    try:
        run = demo.humas("laporan", "--bulan", month(genuine), "--out", str(tmp_path))
    finally:
        demo.git("update-ref", "refs/heads/arsip", str(before))  # the other tests see the demo as it was
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == f"dikecualikan: {folder}: commit penggabungannya tidak ada di main"
    steps = [s for r in found for c in r.chains for s in c.steps]
    within, desain = sum(s.elapsed_minutes <= s.minutes for s in steps), desained(found)
    assert run.out.splitlines()[-1].endswith(
        f": {len(found)} perubahan digabungkan, {within + desain}/{len(steps) + desain} tahap dalam Mutu Baku"
    )


def test_the_report_in_english(demo: Repo) -> None:
    from datetime import UTC, datetime

    from pipeline.report.laporan import render_report, summary
    from pipeline.report.mutu_baku import build_report
    from pipeline.sop.config import parse_sop

    sop = parse_sop((demo.root / "sop.yml").read_text().replace("language: id", "language: en"))
    found = records(demo)
    report = build_report(found, month=month(found[0]), timezone=sop.timezone, step_order=[s.id for s in sop.steps])
    html = render_report(report, sop, now=datetime(2026, 12, 1, tzinfo=UTC))
    year, number = month(found[0]).split("-")
    period = f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(number) - 1]} {year}"  # noqa: E501
    assert f"<title>Mutu Baku report — {period}</title>" in html
    assert 'aria-label="Time per step against its standard (mean)"' in html
    steps = [s for r in found for c in r.chains for s in c.steps]
    within = sum(s.elapsed_minutes <= s.minutes for s in steps)
    assert (len(found), within, len(steps)) == (6, 14, 16)
    assert summary(report, sop) == f"{period}: 6 merged change(s), 14/16 step(s) within the standard"


def test_desain_publications_revisions_and_the_coordinator_signs(demo: Repo, tmp_path: Path) -> None:
    """Desain from the change's first commit; a bidang counts publications, not steps; what was published
    where; revision rounds; the per-person value in its own column; the Koordinator's signature block."""
    found = records(demo)
    bulan = month(found[0])
    run = demo.humas("laporan", "--bulan", bulan, "--out", str(tmp_path))
    assert run.code == 0, run.err
    html = (tmp_path / f"laporan-{bulan}.html").read_text(encoding="utf-8")
    assert f'<tr><td>Desain konten</td><td class="n">{desained(found)}</td>' in html
    assert '<td class="n">120 mnt</td>' in html
    # three publications (the news, the announcement, the agenda item), not their 15 steps
    assert '<tr><td>Akademik</td><td class="n">3</td>' in html
    wisuda = next(r for r in found if r.change == "publikasi/wisuda-angkatan-2025")
    rounds = sum(r.decision == "CHANGES_REQUESTED" for r in wisuda.signed_reviews)
    assert (
        f'<td rowspan="3">Wisuda Angkatan 2025</td><td class="n" rowspan="3">{rounds}</td><td>Website</td>'
        '<td>tayang di website</td><td class="url">https://humas.poltekkesjkt2.ac.id/2025/wisuda-angkatan-2025/</td>'
    ) in html
    assert "<td>Instagram</td><td>menunggu unggah manual</td>" in html
    assert '<tr><td>Website</td><td class="n">7</td></tr>' in html  # the news, four pages, announcement, agenda
    page = Charts()
    page.feed(html)
    assert "Putaran perbaikan" in html and "Publikasi dan tempat terbitnya" in html
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / f"laporan-{bulan}.pdf").pages)
    assert "Yang melaporkan, Koordinator Humas Koordinator Humas NIP. 198504122010012004" in text
    assert "Jakarta Selatan, " in text
    assert '<text class="value" x="526" y="' in html and ">110% (11 mnt)</text>" in html  # SPI: 14, 12, 9, 9


def test_unggah_runs_from_the_merge_to_the_last_uploaded_channel() -> None:
    from datetime import datetime

    from pipeline.report.mutu_baku import work_measures

    signature = {"person": "p", "name": "P", "identity": "p@x", "role": "r", "at": "2025-02-10T02:00:00+00:00"}
    step = {"step": "s", "name": "S", "role": "r", "signatures": [{**signature, "commit": "a" * 40}]}
    record = RecordData.model_validate(
        {
            "forge": "local",
            "signatures": "ssh",
            "change": "publikasi/wisuda",
            "title": "Wisuda",
            "institution": "",
            "unit": "",
            "sop": {"number": "", "name": ""},
            "language": "id",
            "merge_commit": "b" * 40,
            "base": "c" * 40,
            "head": "a" * 40,
            "merged_at": "2025-02-10T03:00:00+00:00",
            "merged_by": "",
            "bidang": ["akademik"],
            "authors": [],
            "files": {},
            "publications": {"2025/wisuda": "t"},
            "chains": [
                {
                    "name": "c",
                    "paths": [],
                    "steps": [step],
                }
            ],
        }
    )
    receipts = {
        "2025/wisuda": {
            "youtube": {"state": "done", "post_id": "v1", "at": "2025-02-10T03:04:00+00:00"},
            "instagram": {"state": "done", "post_id": "17890", "at": "2025-02-10T03:07:00+00:00"},
            "facebook": {"state": "done", "post_id": "outbox:facebook/x", "at": "2025-02-10T09:00:00+00:00"},
        }
    }
    steps = {"desain": ("Desain konten", 120), "unggah": ("Unggah", 5)}
    first = datetime.fromisoformat("2025-02-09T23:30:00+00:00")
    typed = {p: {c: parse_receipt(r, p, c) for c, r in found.items()} for p, found in receipts.items()}
    found = work_measures(record, first_commit=first, receipts=typed, steps=steps)
    assert [(m.step_name, m.minutes, m.standard, m.within) for m in found] == [
        ("Desain konten", 150, 120, False),
        ("Unggah", 7, 5, False),  # the outbox package waiting for a person is not an upload
    ]
