"""The doctor's report, the registry's refusals, progress lines, the runner's rules, and no leaked secret."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.channels.base import Channel, ChannelError, Journal, OutcomeUnknown, Post, Receipt
from pipeline.channels.doctor import diagnose
from pipeline.channels.progress import PlainProgress, RichProgress, default_progress
from pipeline.channels.registry import configured_channels
from pipeline.channels.runner import NotDue, run_channel
from pipeline.messages import speaking
from pipeline.problems import ConfigError
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.channels.test_killed import env_for
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer

SERVERS = {
    "instagram": lambda: InstagramServer(TOKENS["instagram"]),
    "facebook": lambda: FacebookServer(TOKENS["facebook"]),
    "tiktok": lambda: TikTokServer(TOKENS["tiktok"], min_chunk=64 * 1024),
    "youtube": lambda: YouTubeServer(
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        access_token=TOKENS["youtube"],
    ),
}


@pytest.fixture
def all_servers() -> Iterator[dict[str, object]]:
    servers = {name: make().start() for name, make in SERVERS.items()}
    yield servers
    for server in servers.values():
        server.stop()  # type: ignore[attr-defined]


def env_all(servers: dict[str, object]) -> dict[str, str]:
    env: dict[str, str] = {}
    for name, server in servers.items():
        env |= {k: v for k, v in env_for(name, server).items() if k.startswith("HUMAS_")}  # type: ignore[arg-type]
    return env


def test_doctor_reports_every_platform(all_servers: dict[str, object]) -> None:
    all_servers["instagram"].quota_usage = 3  # type: ignore[attr-defined]
    report, code = diagnose(env_all(all_servers))
    assert code == 1  # TikTok's access token alone lives hours: a person must act
    assert report == "\n".join(
        [
            "instagram: ok",
            "  akun @poltekkesjkt2 (id 17841400000000001)",
            "  batas unggahan: 3 dari 50 unggahan terpakai dalam 24 jam terakhir",
            "  media diambil dari situs web: situs web harus sudah dipasang sebelum unggahan dikirim",
            "  token: tidak diperbarui oleh humas (token yang tertaut ke Page melalui Facebook Login tidak "
            "kedaluwarsa; token Instagram-Login berlaku 60 hari: setel HUMAS_INSTAGRAM_RENEW=true)",
            "facebook: ok",
            "  Page Poltekkes Kemenkes Jakarta II (id 104000000000001)",
            "  video: diunggah melalui aplikasi 900000000000001",
            "  token: Page token yang dibuat dari long-lived user token tidak memiliki masa kedaluwarsa",
            "tiktok: TINDAK LANJUTI DALAM SEPEKAN",
            "  kreator @poltekkesjkt2 (Poltekkes Jakarta II)",
            "  tingkat privasi yang diizinkan: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY",
            "  video terpanjang: 600 detik",
            "  token: hanya access token (HUMAS_TIKTOK_TOKEN): berlaku beberapa jam dan tidak dapat diperbarui; "
            "setel HUMAS_TIKTOK_CLIENT_KEY, HUMAS_TIKTOK_CLIENT_SECRET dan HUMAS_TIKTOK_REFRESH_TOKEN",
            "youtube: ok",
            "  kanal Poltekkes Kemenkes Jakarta II (id UCpoltekkesjkt2)",
            "  token: diperbarui setiap run dari refresh token, yang tidak memiliki masa kedaluwarsa tetap (Google "
            "mencabutnya bila tidak dipakai selama 6 bulan, atau setelah 7 hari selama aplikasi OAuth berstatus "
            "Testing)",
            "threads: -",
            "  belum dikonfigurasi: unggahan masuk ke outbox (lihat docs/channels/threads.md)",
        ]
    )
    with speaking("en"):
        report, _code = diagnose(env_all(all_servers))
    assert report.splitlines()[:3] == [
        "instagram: ok",
        "  account @poltekkesjkt2 (id 17841400000000001)",
        "  publishing limit: 3 of 50 posts used in the last 24 hours",
    ]
    assert "tiktok: ACT WITHIN A WEEK" in report.splitlines()


def test_doctor_says_what_is_wrong(all_servers: dict[str, object]) -> None:
    env = env_all(all_servers)
    env["HUMAS_INSTAGRAM_TOKEN"] = "expired-token-value"
    del env["HUMAS_FACEBOOK_TOKEN"], env["HUMAS_FACEBOOK_PAGE_ID"], env["HUMAS_FACEBOOK_APP_ID"]
    all_servers["tiktok"].privacy_options = ["SELF_ONLY"]  # type: ignore[attr-defined]
    with speaking("en"):  # the English report, by configuration (the Indonesian one is shown above)
        report, code = diagnose(env)
    assert code == 2
    lines = report.splitlines()
    assert lines[:3] == [
        "instagram: PROBLEM",
        "  instagram: the access token is expired or invalid: Error validating access token: Session has expired "
        "on Tuesday, 24-Nov-26 10:00:00 PST. (code 190, subcode 463)",
        "  to fix: Create a new token and set it as the secret HUMAS_INSTAGRAM_TOKEN (docs/channels/instagram.md).",
    ]
    assert lines[3:5] == ["facebook: -", "  not configured: posts go to the outbox (see docs/channels/facebook.md)"]
    assert (
        "  public posts are not possible: an app not audited by TikTok posts only SELF_ONLY to a private account; "
        "set channels.tiktok.privacy accordingly or have the app audited"
    ) in lines
    assert "expired-token-value" not in report
    report, code = diagnose(env)
    assert report.splitlines()[:3] == [
        "instagram: MASALAH",
        "  instagram: access token kedaluwarsa atau tidak sah: Error validating access token: Session has expired "
        "on Tuesday, 24-Nov-26 10:00:00 PST. (code 190, subcode 463)",
        "  yang perlu dilakukan: Buat token baru dan setel sebagai secret HUMAS_INSTAGRAM_TOKEN "
        "(docs/channels/instagram.md).",
    ]


def test_half_configured_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError) as caught:
        configured_channels({"HUMAS_INSTAGRAM_TOKEN": "x", "HUMAS_YOUTUBE_CLIENT_ID": "y"})
    assert caught.value.message == (
        "konfigurasi kanal belum lengkap: instagram: HUMAS_INSTAGRAM_USER_ID belum disetel (lihat "
        "docs/channels/instagram.md); youtube: HUMAS_YOUTUBE_CLIENT_SECRET, HUMAS_YOUTUBE_REFRESH_TOKEN belum disetel "
        "(lihat docs/channels/youtube.md)"
    )
    with speaking("en"), pytest.raises(ConfigError) as caught:
        configured_channels({"HUMAS_INSTAGRAM_TOKEN": "x"})
    assert caught.value.message == (
        "channels are half configured: instagram: HUMAS_INSTAGRAM_USER_ID not set (see docs/channels/instagram.md)"
    )
    assert configured_channels({}) == {}
    report, code = diagnose({"HUMAS_TIKTOK_API_BASE": "http://127.0.0.1:9"})
    assert code == 0 and report.count(": -") == 5


def test_progress_lines_in_ci() -> None:
    stream = io.StringIO()
    task = PlainProgress(stream).task("youtube", "wisuda.mp4", 4 * 1024 * 1024)
    for done in range(0, 4 * 1024 * 1024 + 1, 512 * 1024):
        task.update(done)
    assert stream.getvalue().splitlines() == [
        "youtube: mengunggah wisuda.mp4: 0% (0.0 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 10% (0.5 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 20% (1.0 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 30% (1.5 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 50% (2.0 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 60% (2.5 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 70% (3.0 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 80% (3.5 MB dari 4.0 MB)",
        "youtube: mengunggah wisuda.mp4: 100% (4.0 MB dari 4.0 MB)",
    ]
    english = io.StringIO()
    with speaking("en"):
        PlainProgress(english).task("youtube", "wisuda.mp4", 1024 * 1024).update(512 * 1024)
    assert english.getvalue() == "youtube: uploading wisuda.mp4: 50% (0.5 MB of 1.0 MB)\n"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(default_progress({"CI": "true"}, Tty()), PlainProgress)
    assert isinstance(default_progress({}, io.StringIO()), PlainProgress)
    assert isinstance(default_progress({}, Tty()), RichProgress)


class Flaky(Channel):
    """A channel whose publish fails as told; reconcile says what the platform holds."""

    name = "flaky"

    def __init__(self, errors: list[ChannelError], posted_after_unknown: bool = False) -> None:
        self.errors, self.posted_after_unknown, self.calls = errors, posted_after_unknown, []

    def publish(self, post: Post, journal: Journal) -> Receipt:
        self.calls.append("publish")
        if self.errors:
            raise self.errors.pop(0)
        return Receipt("flaky", "p1", None, datetime.now(UTC))

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        self.calls.append("reconcile")
        return Receipt("flaky", "found", None, datetime.now(UTC)) if self.posted_after_unknown else None


def test_runner_reconciles_before_retrying(folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    flaky = Flaky([OutcomeUnknown("lost")], posted_after_unknown=True)
    assert run_channel(flaky, post(folder, "flaky", {}), journal).post_id == "found"
    assert flaky.calls == ["publish", "reconcile"]
    again = Flaky([])
    assert run_channel(again, post(folder, "flaky", {}), journal).post_id == "p1"
    assert again.calls == ["reconcile", "publish"]  # an earlier attempt: ask first


def test_runner_holds_a_post_until_publish_at(folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    flaky = Flaky([])
    with pytest.raises(NotDue) as caught:
        run_channel(
            flaky,
            post(folder, "flaky", {}, publish_at=now + timedelta(hours=2)),
            journal,
            now=lambda: now,
        )
    assert caught.value.message == "flaky: dijadwalkan pada 2026-11-25T10:00:00+00:00; belum diunggah"
    assert (
        caught.value.action == "Tidak ada yang perlu dilakukan: workflow terjadwal mengunggahnya pada waktu tersebut."
    )
    assert caught.value.retry_after == 7200.0 and flaky.calls == []


def test_no_secret_in_any_output(
    all_servers: dict[str, object],
    folder: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    mp4(folder / "wisuda.mp4", 300 * 1024)
    jpeg(folder / "foto.jpg")
    stream = io.StringIO()
    env = env_all(all_servers)
    channels = configured_channels(env, progress=PlainProgress(stream), sleep=lambda s: None)
    channels["tiktok"].chunk_size = channels["tiktok"].min_chunk = 64 * 1024  # type: ignore[attr-defined]
    channels["youtube"].chunk_size = 256 * 1024  # type: ignore[attr-defined]
    fields = {
        "instagram": {"caption": "x", "media": ["foto.jpg"]},
        "facebook": {"caption": "x", "video": "wisuda.mp4"},
        "tiktok": {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"},
        "youtube": {"title": "x", "video": "wisuda.mp4"},
    }
    texts: list[str] = []
    for name, chan in channels.items():
        server = all_servers[name]
        server.fail("POST" if name != "instagram" else "GET", "", 500, {"error": {"message": "boom"}})  # type: ignore[attr-defined]
        receipt = run_channel(chan, post(folder, name, fields[name]), FileJournal(tmp_path / f"{name}.json"))
        texts.append(repr(receipt))
    for name in channels:  # and every refusal, with wrong credentials everywhere
        bad = {k: (v + "-wrong" if k.endswith(("TOKEN", "SECRET")) else v) for k, v in env.items()}
        chan = configured_channels(bad, progress=PlainProgress(stream), sleep=lambda s: None)[name]
        try:
            run_channel(chan, post(folder, name, fields[name]), FileJournal(tmp_path / f"bad-{name}.json"))
        except ChannelError as error:
            texts.append(f"{error.message} {error.action} {error.platform_message} {error!r}")
    texts.append(diagnose(env)[0])
    texts += [p.read_text() for p in tmp_path.glob("*.json")]
    texts += [stream.getvalue(), caplog.text, *capsys.readouterr()]
    everything = "\n".join(texts)
    assert "mengunggah wisuda.mp4: 100%" in everything and "kredensial ditolak" in everything
    for secret in TOKENS.values():
        assert secret not in everything


def test_the_command_line_runs_the_doctor(all_servers: dict[str, object]) -> None:
    import os
    import subprocess

    from tests.channels.test_killed import ROOT

    # not as a GitHub Actions run (which first reads the repository's protection), even when the tests run in one
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUMAS_", "GITHUB_"))} | env_all(all_servers)
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "humas"), "channels", "doctor"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr  # TikTok's token cannot renew itself (see above)
    assert done.stdout.splitlines()[0] == "instagram: ok"
    assert not any(secret in done.stdout + done.stderr for secret in TOKENS.values())
