"""The Lembar Pengesahan: the record's facts in the record's language, and hostile text kept inert."""

from __future__ import annotations

from html.parser import HTMLParser

from pipeline.archive.lembar import render_html, render_markdown

RECORD = {
    "institution": "Politeknik Kesehatan Kemenkes Jakarta II",
    "unit": "Humas",
    "language": "id",
    "sop": {"number": "OT.02.02/F.XXXIV/0764/2025", "name": "Publikasi melalui Website dan Media Sosial"},
    "title": "<script>alert('x')</script> Wisuda",
    "bidang": ["akademik"],
    "change": "publikasi/wisuda",
    "head": "a" * 40,
    "merge_commit": "b" * 40,
    "merged_at": "2025-02-10T03:00:00+00:00",
    "chains": [
        {
            "name": "publikasi",
            "steps": [
                {
                    "step": "verifikasi",
                    "name": "Verifikasi",
                    "role": "verifikator",
                    "minutes": 10,
                    "elapsed_minutes": 12,
                    "signatures": [
                        {
                            "name": "Kasubbag <b>Akademik</b>",
                            "jabatan": "Kasubbag",
                            "nip": "1973",
                            "identity": "a@x",
                            "bidang": ["akademik"],
                            "decision": "APPROVED",
                            "at": "2025-02-10T02:00:00+00:00",
                            "commit": "a" * 40,
                        }
                    ],
                }
            ],
        }
    ],
    "files": {"content/publikasi/2025/wisuda/index.md": {"sha256": "c" * 64, "size": 10}},
}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.tags.append(tag)


def test_html_escapes_everything_that_came_from_content() -> None:
    html = render_html(RECORD)
    parser = Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Wisuda" in html
    assert "<td>25-02-2025" not in html and "10-02-2025 09:00 WIB" in html


def test_markdown_sheet_in_indonesian_and_english() -> None:
    sheet = render_markdown(RECORD)
    assert (
        "| 1 | Verifikasi | Verifikator (Kasubbag) (akademik) | Kasubbag &lt;b&gt;Akademik&lt;/b&gt; | Kasubbag "
        "| 1973 | disetujui |  | 10-02-2025 09:00 WIB | 12 / 10 menit (melewati Mutu Baku) | `aaaaaaaaaaaa` |"
    ) in sheet
    english = render_markdown({**RECORD, "language": "en"})
    assert english.startswith("# APPROVAL SHEET")
    assert "| Verifikasi | Verifier (Kasubbag) (akademik) |" in english and "| approved |" in english
