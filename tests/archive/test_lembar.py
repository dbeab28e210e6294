"""The Lembar Pengesahan: the record's facts in the record's language, and hostile text kept inert."""

from __future__ import annotations

import base64
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from pipeline.archive.lembar import Letterhead, letterhead_of, render_html, render_markdown, sheet_of
from pipeline.archive.models import RecordData, parse_receipt
from pipeline.git import GitRepo
from tests.helpers import base_env

RECORD = RecordData.model_validate(
    {
        "forge": "local",
        "signatures": "ssh",
        "base": "d" * 40,
        "merged_by": "ketua@example.ac.id",
        "authors": ["humas1@example.ac.id"],
        "publications": {"2025/wisuda": "e" * 40},
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
                "paths": ["content/publikasi/**"],
                "steps": [
                    {
                        "step": "verifikasi",
                        "name": "Verifikasi",
                        "role": "verifikator",
                        "minutes": 10,
                        "elapsed_minutes": 12,
                        "signatures": [
                            {
                                "person": "akademik",
                                "role": "verifikator",
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
        "files": {"content/publikasi/2025/wisuda/index.md": {"sha256": "c" * 64, "blob": "f" * 40, "size": 10}},
    }
)


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
        "| 1 | Verifikasi | Verifikator (Kasubbag), bidang Akademik | Kasubbag &lt;b&gt;Akademik&lt;/b&gt; | Kasubbag "
        "| 1973 | ditandatangani |  | 10-02-2025 09:00 WIB | 12 / 10 menit (melewati Mutu Baku) |"
    ) in sheet
    english = render_markdown(RECORD.model_copy(update={"language": "en"}))
    assert "\n# APPROVAL SHEET\n" in english
    assert "| Verifikasi | Verifier (Kasubbag), field Akademik |" in english and "| approved |" in english


def letterhead_repo(tmp_path: Path, mkdocs_yml: str, files: dict[str, bytes]) -> tuple[GitRepo, str]:
    root = tmp_path / "repo"
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    env = {**base_env()}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "main"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)
    repo = GitRepo(root)
    return repo, str(repo.rev("refs/heads/main"))


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e3a7f1f10000000049454e44ae426082"
)
MKDOCS = "extra:\n  address: Jl. Hang Jebat III Blok F3, Kebayoran Baru, Jakarta Selatan 12120\n"


def test_the_letterhead_comes_from_main(tmp_path: Path) -> None:
    """The logo the site shows (mkdocs.yml theme.logo, a picture in docs/), the address, the place."""
    repo, main = letterhead_repo(
        tmp_path, MKDOCS + "theme:\n  name: material\n  logo: images/logo.png\n", {"docs/images/logo.png": PNG}
    )
    found = letterhead_of(repo, main, site_url="https://humas.example.ac.id/")
    assert found.logo == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert found.address == "Jl. Hang Jebat III Blok F3, Kebayoran Baru, Jakarta Selatan 12120"
    assert found.place == "Jakarta Selatan"  # without kota in sop.yml: the address's last part
    assert letterhead_of(repo, main, kota="Jakarta").place == "Jakarta"
    assert found.page_url("2025/wisuda") == "https://humas.example.ac.id/2025/wisuda/"
    html = render_html(sheet_of(RECORD, letterhead=found))
    assert f'<img src="{found.logo}" alt="Logo">' in html
    assert "Jakarta Selatan, 10 Februari 2025<br>" in html  # the day the last approval was signed


def test_a_logo_outside_docs_or_not_a_picture_is_left_out(tmp_path: Path) -> None:
    cases = [
        ("../secret.png", {"secret.png": PNG}),
        ("https://example.com/logo.png", {}),
        ("/etc/logo.png", {}),
        ("images/logo.svg", {"docs/images/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}),
        ("images/besar.png", {"docs/images/besar.png": PNG + b"\0" * (512 * 1024)}),
        ("!!python/object/apply:os.system ['touch pwned']", {}),
    ]
    for index, (logo, files) in enumerate(cases):
        repo, main = letterhead_repo(tmp_path / str(index), f"theme:\n  logo: {logo}\n", files)
        assert letterhead_of(repo, main).logo == "", logo
    tagged, main = letterhead_repo(tmp_path / "tag", "theme: !!python/name:os.system\nextra: !ENV [X]\n", {})
    assert letterhead_of(tagged, main) == Letterhead()
    assert not (tmp_path / "tag" / "repo" / "pwned").exists()


def test_youtube_gave_another_privacy_and_the_sheet_says_so() -> None:
    warning = (
        "youtube: YouTube menjadikan video private, bukan public seperti yang diminta (proyek API yang belum "
        "diaudit YouTube hanya dapat mengunggah secara private)"
    )
    receipts = {
        "2025/wisuda": {
            "youtube": {
                "state": "done",
                "post_id": "dQw4w9WgXcQ",
                "url": None,
                "at": "2025-02-10T04:00:00+00:00",
                "details": {"privacy": "private", "privacy_asked": "public", "privacy_warning": warning},
            }
        }
    }
    record = RECORD.model_copy(update={"channels": {"2025/wisuda": ["website", "youtube"]}})
    typed = {p: {c: parse_receipt(r, p, c) for c, r in found.items()} for p, found in receipts.items()}
    sheet = sheet_of(record, typed, letterhead=Letterhead(site_url="https://humas.example.ac.id"))
    html = render_html(sheet)
    assert f'<td>YouTube</td><td>terunggah<br><span class="warning">Perhatian: {warning}</span></td>' in html
    assert "<td>Website</td><td>tayang di website</td>" in html
    assert '<td class="small url">https://humas.example.ac.id/2025/wisuda/</td>' in html
    assert f"| YouTube | terunggah (Perhatian: {warning}) | dQw4w9WgXcQ |" in render_markdown(sheet)


def test_each_act_says_what_it_did_to_each_post_unchanged_included() -> None:
    """A correction's act receipts, per channel: edited, left as it was (``how: unchanged``), or not done yet;
    a withdrawal's: deleted."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from pipeline.archive.lembar import life_acts
    from pipeline.content.life import Correction, Life, Withdrawal

    at = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
    life = Life((Correction(at, "Tempat diralat.", "r1"),), Withdrawal(at.replace(month=4), "Dibatalkan", "r2"))

    def act(channel: str, state: str = "done", **details: str) -> object:
        return parse_receipt({"state": state, "post_id": "1", "details": details}, "2025/wisuda", channel)

    done = {
        ("r1", "2025/wisuda"): {
            "facebook": act("facebook.r1.edit", how="api"),
            "instagram": act("instagram.r1.edit", "waiting"),
            "threads": act("threads.r1.edit", how="unchanged"),
        },
        ("r2", "2025/wisuda"): {"facebook": act("facebook.r2.delete", how="api")},
    }
    acts = life_acts({"2025/wisuda": life}, {}, "id", done)  # type: ignore[arg-type]
    sheet = replace(sheet_of(RECORD), life=acts)
    html = render_html(sheet)
    assert (
        "<td>“Tempat diralat.”<br>"
        '<span class="small">Instagram: belum selesai; Facebook: diralat; Threads: tidak berubah</span></td>'
    ) in html
    assert '<td>“Dibatalkan”<br><span class="small">Facebook: dihapus</span></td>' in html
    assert "| Ralat | Tempat diralat. (Instagram: belum selesai; Facebook: diralat; Threads: tidak berubah) |" in (
        render_markdown(sheet)
    )
