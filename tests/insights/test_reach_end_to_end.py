"""What each post reached, end to end: a publication for the five platforms signed and merged with the real
commands, posted by the real ``humas publish`` to the local platform servers, its figures read by the real
``humas jangkauan baca`` (kept signed on ``arsip``), and shown by the real ``humas laporan``, in Bahasa
Indonesia. A reading is never given to a post the archive does not receipt, a forged reading on ``arsip``
counts for nothing, and a missing permission is said (by the reading and by the doctor) with the exact
permission to grant, never a crash."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests.channels.support import TOKENS
from tests.helpers import HUMAS, Repo, copied, run_humas
from tests.platforms.fleet import environment, merged, platforms, posted, receipts
from tests.platforms.server import FakeServer

__all__ = ["merged", "platforms", "posted"]  # the module's fixtures


@pytest.fixture
def repo(posted: Path, tmp_path: Path) -> Repo:
    return copied(posted, tmp_path / "humas-repo")


@pytest.fixture
def servers(platforms: dict[str, FakeServer]) -> dict[str, FakeServer]:
    """The module's platforms, every permission granted again."""
    platforms["instagram"].insights.granted = True  # type: ignore[attr-defined]
    platforms["youtube"].scopes = {  # type: ignore[attr-defined]
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
    }
    return platforms


def humas(repo: Repo, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = run_humas(list(args), cwd=repo.root, env=env, timeout=180)
    return subprocess.CompletedProcess([HUMAS, *args], done.code, done.out, done.err)


def published(repo: Repo, servers: dict[str, FakeServer]) -> tuple[dict[str, str], dict[str, str]]:
    """The posts of the receipts, each given its figures on its platform; (post ids, environment)."""
    env = environment(servers)
    ids = {channel: str(r["post_id"]) for channel, r in receipts(repo).items()}
    assert sorted(ids) == ["facebook", "instagram", "threads", "tiktok", "youtube"]
    servers["instagram"].insights.values = {  # type: ignore[attr-defined]
        ids["instagram"]: {"views": 1234, "reach": 987, "likes": 55, "comments": 4}
    }
    servers["facebook"].insights.values = {  # type: ignore[attr-defined]
        ids["facebook"]: {"post_media_view": 4500, "post_total_media_view_unique": 3200}
    }
    servers["tiktok"].counters = {  # type: ignore[attr-defined]
        ids["tiktok"]: {"view_count": 321, "like_count": 20, "comment_count": 1, "share_count": 4}
    }
    servers["youtube"].statistics = {  # type: ignore[attr-defined]
        ids["youtube"]: {"viewCount": "48", "likeCount": "5", "favoriteCount": "0", "commentCount": "2"}
    }
    servers["threads"].insights.values = {ids["threads"]: {"views": 77, "likes": 9, "replies": 2}}  # type: ignore[attr-defined]
    return ids, env


def today() -> str:
    return datetime.now(UTC).astimezone(ZoneInfo("Asia/Jakarta")).date().isoformat()


def test_the_laporan_shows_what_each_post_reached(repo: Repo, servers: dict[str, FakeServer], tmp_path: Path) -> None:
    ids, env = published(repo, servers)
    read = humas(repo, env, "jangkauan", "baca")
    assert read.returncode == 0, read.stdout + read.stderr
    assert read.stdout.splitlines() == [
        "2025/wisuda → instagram: tayangan 1.234, jangkauan 987",
        "2025/wisuda → facebook: tayangan 4.500, jangkauan 3.200",
        "2025/wisuda → tiktok: tayangan 321, jangkauan -",
        "2025/wisuda → youtube: tayangan 48, jangkauan -",
        "2025/wisuda → threads: tayangan 77, jangkauan -",
        "5 pembacaan disimpan di cabang arsip",
    ]
    day = today()
    for channel, post_id in ids.items():
        entry = json.loads(repo.git("show", f"arsip:jangkauan/2025/wisuda/{channel}/{day}.json"))
        assert entry["post_id"] == post_id and entry["kind"] == "humas-jangkauan"
        assert entry["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    assert TOKENS["instagram"] not in read.stdout + read.stderr

    out = tmp_path / "laporan"
    report = humas(repo, env, "laporan", "--out", str(out))
    assert report.returncode == 0, report.stdout + report.stderr
    [html_path] = out.glob("laporan-*.html")
    html = html_path.read_text()
    assert "<h2>Jangkauan setiap unggahan</h2>" in html
    cells = '<td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td>'
    for channel, figures in (
        ("Instagram", ("1.234", "987", "55", "4")),
        ("Facebook", ("4.500", "3.200", "-", "-")),
        ("TikTok", ("321", "-", "20", "1")),
        ("YouTube", ("48", "-", "5", "2")),
        ("Threads", ("77", "-", "9", "2")),
    ):
        row = f"<tr><td>Wisuda Angkatan 2025</td><td>{channel}</td>{cells.format(*figures)}<td>{day}</td></tr>"
        assert row in html, row
    assert "<h2>Ringkasan bulanan per kanal</h2>" in html
    assert '<tr><td>Instagram</td><td class="n">1</td><td class="n">1.234</td><td class="n">987</td></tr>' in html
    assert "<h2>Ringkasan bulanan per bidang</h2>" in html
    # per bidang: five posts, views of all, reach where a platform counts it (Instagram and Facebook)
    assert '<tr><td>Akademik</td><td class="n">5</td><td class="n">6.180</td><td class="n">4.187</td></tr>' in html
    [pdf] = out.glob("laporan-*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Jangkauan setiap unggahan" in text and "6.180" in text


def test_a_reading_on_arsip_that_proves_nothing_counts_for_nothing(
    repo: Repo, servers: dict[str, FakeServer], tmp_path: Path
) -> None:
    ids, env = published(repo, servers)
    assert humas(repo, env, "jangkauan", "baca").returncode == 0
    real = json.loads(repo.git("show", f"arsip:jangkauan/2025/wisuda/instagram/{today()}.json"))
    # someone who may push to arsip: a newer reading without a signature, and a signed one moved to another post
    unsigned = {**real, "date": "2099-01-01", "figures": {"views": 999999}}
    del unsigned["signature"]
    other = {**real, "date": "2099-01-02", "post_id": "17999999999999999"}
    from pipeline.archive.store import BranchStore
    from pipeline.git import GitRepo

    BranchStore(GitRepo(repo.root)).write(
        {
            "jangkauan/2025/wisuda/instagram/2099-01-01.json": json.dumps(unsigned).encode(),
            "jangkauan/2025/wisuda/instagram/2099-01-02.json": json.dumps(other).encode(),
        },
        "forged",
    )
    report = humas(repo, env, "laporan", "--out", str(tmp_path / "laporan"))
    assert report.returncode == 0, report.stderr
    assert report.stderr.splitlines() == [
        "peringatan: arsip:jangkauan/2025/wisuda/instagram/2099-01-02.json: angka yang tidak terbukti (arsip tidak "
        "menyimpan bukti unggah 17999999999999999 untuk publikasi ini) diabaikan",
        "peringatan: arsip:jangkauan/2025/wisuda/instagram/2099-01-01.json: angka yang tidak terbukti (tidak "
        "ditandatangani) diabaikan",
    ]
    html = next((tmp_path / "laporan").glob("laporan-*.html")).read_text()
    assert "999.999" not in html and '<td>Instagram</td><td class="n">1.234</td>' in html
    assert ids["instagram"] != "17999999999999999"


def test_a_missing_permission_is_said_exactly_and_the_other_platforms_are_still_read(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    ids, env = published(repo, servers)
    servers["instagram"].insights.granted = False  # type: ignore[attr-defined]
    servers["youtube"].scopes = {"https://www.googleapis.com/auth/youtube.upload"}  # type: ignore[attr-defined]
    failing = {"error": {"code": "internal_error", "message": "down"}}
    servers["tiktok"].fail("POST", "/v2/video/query/", 500, failing, {"Retry-After": "0"}, times=4)
    read = humas(repo, env, "jangkauan", "baca")
    assert read.returncode == 2
    assert read.stderr.splitlines() == [
        "instagram: membaca jangkauan unggahan memerlukan izin instagram_manage_insights, yang tidak dimiliki token",
        "  yang perlu dilakukan: Berikan izin instagram_manage_insights kepada aplikasi, lalu buat token baru "
        "dan setel sebagai "
        "HUMAS_INSTAGRAM_TOKEN (docs/channels/instagram.md).",
        "tiktok: TikTok mengalami gangguan sesaat (internal_error: down)",
        "  yang perlu dilakukan: Tidak ada yang perlu diperbaiki: humas publish mencoba lagi nanti.",
        "youtube: membaca jangkauan unggahan memerlukan izin https://www.googleapis.com/auth/youtube.readonly, yang "
        "tidak dimiliki token",
        "  yang perlu dilakukan: Berikan izin https://www.googleapis.com/auth/youtube.readonly kepada "
        "aplikasi, lalu buat token "
        "baru dan setel sebagai HUMAS_YOUTUBE_REFRESH_TOKEN (docs/channels/youtube.md).",
    ]
    assert read.stdout.splitlines()[-1] == "2 pembacaan disimpan di cabang arsip"  # Facebook and Threads
    assert "Traceback" not in read.stderr

    doctor = humas(repo, env, "channels", "doctor")
    assert doctor.returncode == 2
    lines = doctor.stdout.splitlines()
    at = lines.index("instagram: MASALAH")
    assert lines[at + 1 : at + 3] == [
        "  instagram: membaca jangkauan unggahan memerlukan izin instagram_manage_insights, yang tidak dimiliki token",
        "  yang perlu dilakukan: Berikan izin instagram_manage_insights kepada aplikasi, lalu buat token baru "
        "dan setel sebagai "
        "HUMAS_INSTAGRAM_TOKEN (docs/channels/instagram.md).",
    ]
    assert "  jangkauan: angka dapat dibaca (read_insights)" in lines
    assert ids["facebook"]
