"""The scheduled doctor keeps one GitHub issue: opened when a channel needs a person, updated while it does,
closed when every channel is well. The real ``humas channels doctor --github-issue`` against the local
GitHub (answers validated against GitHub's OpenAPI description) and the local platform servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.support import TOKENS
from tests.channels.test_killed import env_for
from tests.github.fake_issues import FakeGitHubIssues, validate_log
from tests.helpers import Run, run_humas
from tests.platforms.instagram import InstagramServer
from tests.platforms.tiktok import TikTokServer

GH_TOKEN = "ghs_doctor-workflow-token-0009"


@pytest.fixture
def github() -> Iterator[FakeGitHubIssues]:
    fake = FakeGitHubIssues().start()
    fake.add_token(GH_TOKEN)
    try:
        yield fake
    finally:
        fake.stop()
    assert validate_log(fake) == []


def doctor(env: dict[str, str], cwd: Path) -> Run:
    return run_humas(["channels", "doctor", "--github-issue"], cwd=cwd, env=env, timeout=60)


def test_one_issue_opened_updated_and_closed(github: FakeGitHubIssues, tmp_path: Path) -> None:
    with InstagramServer(TOKENS["instagram"]) as ig, TikTokServer(TOKENS["tiktok"]) as tt:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HUMAS_", "GITHUB_"))}
        base |= {
            "GITHUB_TOKEN": GH_TOKEN,
            "GITHUB_REPOSITORY": "poltekkes/humas-konten",
            "GITHUB_API_URL": github.base_url,
        }
        platforms = {
            k: v
            for name, server in (("instagram", ig), ("tiktok", tt))
            for k, v in env_for(name, server).items()
            if k.startswith("HUMAS_")
        }

        first = doctor(base | platforms, tmp_path)  # TikTok's access token alone: a person must act
        assert first.code == 1, first.err
        assert first.out.splitlines()[-1] == "issue GitHub: #500 dibuka"
        [issue] = github.issues.values()
        assert issue["title"] == "humas: kanal media sosial perlu tindakan" and issue["labels"] == ["humas-channels"]
        assert issue["body"].startswith(
            "Pemeriksaan terjadwal `humas channels doctor` menemukan kanal yang memerlukan tindakan petugas. "
            "Laporan terbaru:\n\n````\ninstagram: ok\n"
        )
        assert "tiktok: TINDAK LANJUTI DALAM SEPEKAN" in issue["body"] and issue["state"] == "open"

        ig.quota_usage = 7  # type: ignore[attr-defined]
        second = doctor(base | platforms, tmp_path)
        assert second.out.splitlines()[-1] == "issue GitHub: #500 diperbarui"
        assert len(github.issues) == 1 and "7 dari 50 unggahan terpakai" in github.issues[500]["body"]

        healthy = {k: v for k, v in platforms.items() if not k.startswith("HUMAS_TIKTOK_")}
        third = doctor(base | healthy, tmp_path)
        assert third.code == 0, third.err
        assert third.out.splitlines()[-1] == "issue GitHub: #500 ditutup"
        assert github.issues[500]["state"] == "closed"
        assert github.issues[500]["body"].startswith(
            "Semua kanal kembali baik menurut pemeriksaan terjadwal. Laporan terbaru:\n"
        )
        last = doctor(base | healthy | {"HUMAS_LANGUAGE": "en"}, tmp_path).out.splitlines()
        assert last[-1] == "github issue: none open, none needed"
        assert last[0] == "instagram: ok" and "  publishing limit: 7 of 50 posts used in the last 24 hours" in last
        for text in (*(i["body"] for i in github.issues.values()), first.out, second.out, third.out):
            assert TOKENS["tiktok"] not in text and TOKENS["instagram"] not in text and GH_TOKEN not in text


def test_without_the_issues_permission_the_doctor_says_so(github: FakeGitHubIssues, tmp_path: Path) -> None:
    github.add_token("ghs_read-only", write=False)
    with TikTokServer(TOKENS["tiktok"]) as tt:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HUMAS_", "GITHUB_"))}
        env |= {
            "GITHUB_TOKEN": "ghs_read-only",
            "GITHUB_REPOSITORY": "poltekkes/humas-konten",
            "GITHUB_API_URL": github.base_url,
            "HUMAS_LANGUAGE": "en",
            "HUMAS_TIKTOK_TOKEN": TOKENS["tiktok"],
            "HUMAS_TIKTOK_API_BASE": tt.url,
        }
        done = doctor(env, tmp_path)
        indonesian = doctor(env | {"HUMAS_LANGUAGE": "id"}, tmp_path)
    assert done.code == 2
    assert done.err == (
        "humas: could not write the GitHub issue: HTTP 403 (the workflow needs permissions: issues: write)\n"
    )
    assert indonesian.code == 2
    assert indonesian.err == (
        "humas: tidak dapat menulis issue GitHub: HTTP 403 (workflow memerlukan permissions: issues: write)\n"
    )


def test_the_issue_goes_through_the_one_github_client_and_its_policy(github: FakeGitHubIssues, tmp_path: Path) -> None:
    """GitHub's passing 502 on the list of issues is tried again by the one retry policy (one second's wait),
    as every other GitHub call of humas, instead of failing the doctor's issue."""
    github.fail("GET", r"/issues$", 502, message="Server Error")
    with TikTokServer(TOKENS["tiktok"]) as tt:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HUMAS_", "GITHUB_"))}
        env |= {
            "GITHUB_TOKEN": GH_TOKEN,
            "GITHUB_REPOSITORY": "poltekkes/humas-konten",
            "GITHUB_API_URL": github.base_url,
            "HUMAS_TIKTOK_TOKEN": TOKENS["tiktok"],
            "HUMAS_TIKTOK_API_BASE": tt.url,
        }
        done = doctor(env, tmp_path)
    assert done.code == 1, done.err
    assert done.out.splitlines()[-1] == "issue GitHub: #500 dibuka"
    assert len(github.issues) == 1
