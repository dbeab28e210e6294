"""Tokens that renew themselves: TikTok's rotating refresh token and Instagram's 60-day token, kept sealed in
the archive where the next run finds them; the doctor says how long each lives and fails a week ahead."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.archive.store import BranchStore
from pipeline.channels.base import AskPerson
from pipeline.channels.doctor import diagnose
from pipeline.channels.registry import configured_channels
from pipeline.channels.runner import run_channel
from pipeline.channels.tokens import Tokens, TokenVault
from pipeline.git import GitRepo
from pipeline.messages import speaking
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.platforms.instagram import InstagramServer
from tests.platforms.tiktok import TikTokServer

KEY = "token-vault-key-of-the-publikasi-environment"


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TokenVault:
    monkeypatch.delenv("HUMAS_ARCHIVE_REMOTE", raising=False)
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    return TokenVault(BranchStore(GitRepo(root)), KEY)


def tiktok_env(server: TikTokServer, refresh: str) -> dict[str, str]:
    return {
        "HUMAS_TIKTOK_CLIENT_KEY": server.client_key,
        "HUMAS_TIKTOK_CLIENT_SECRET": server.client_secret,
        "HUMAS_TIKTOK_REFRESH_TOKEN": refresh,
        "HUMAS_TIKTOK_API_BASE": server.url,
        "HUMAS_TOKEN_KEY": KEY,
    }


def publish_tiktok(server: TikTokServer, vault: TokenVault, folder: Path, journal: Path, sleeps: Sleeps) -> str:
    """One run of the publish job: channels from the environment (the secret still holds the first refresh
    token), the archive's vault attached."""
    chan = configured_channels(tiktok_env(server, "rft.tiktok-refresh-secret-0008"), sleep=sleeps)["tiktok"]
    chan.min_chunk = 64 * 1024  # type: ignore[attr-defined]
    chan.use_vault(vault)  # type: ignore[attr-defined]
    fields = {"caption": f"Wisuda {journal.stem}", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}
    return run_channel(chan, post(folder, "tiktok", fields), FileJournal(journal)).post_id


def test_tiktok_renews_and_keeps_the_rotated_refresh_token(
    folder: Path, tmp_path: Path, vault: TokenVault, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 100_000)
    with TikTokServer("act.not-yet-issued", min_chunk=64 * 1024) as server:
        for day in range(3):
            publish_tiktok(server, vault, folder, tmp_path / f"day{day}.json", sleeps)
            stored = vault.read("tiktok")  # a day passes: the 2-hour access token has expired
            assert stored is not None
            stored.access_expires_at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
            vault.write("tiktok", stored)
        # each run renewed with the refresh token the previous one kept (the secret's own was used once)
        assert server.renewals == 3 and len(server.posts) == 3
        stored = vault.read("tiktok")
        assert stored is not None and stored.refresh_token == server.refresh_token == "rft.renewed-0003-refresh"
        # sealed: neither token is readable in the archive
        raw = vault.store.read("tokens/tiktok.json") or b""
        assert b"rft." not in raw and b"act." not in raw and b'"sealed": "sealed:v1:' in raw

        publish_tiktok(server, vault, folder, tmp_path / "day3.json", sleeps)
        publish_tiktok(server, vault, folder, tmp_path / "day4.json", sleeps)
        assert server.renewals == 4  # a 2-hour token is reused by the next run, not renewed again


def test_without_the_vault_key_renewal_is_a_configuration_error(tmp_path: Path) -> None:
    env = {"HUMAS_TIKTOK_CLIENT_KEY": "k", "HUMAS_TIKTOK_CLIENT_SECRET": "s", "HUMAS_TIKTOK_REFRESH_TOKEN": "r"}
    with pytest.raises(Exception) as caught:
        configured_channels(env)
    assert str(caught.value) == (
        "konfigurasi kanal belum lengkap: tiktok: HUMAS_TOKEN_KEY belum disetel (kunci token yang diperbarui dan "
        "disimpan di arsip, lihat docs/channels/README.md)"
    )


def test_a_refused_renewal_says_what_a_person_must_do(
    folder: Path, tmp_path: Path, vault: TokenVault, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 100_000)
    with TikTokServer("act.x", min_chunk=64 * 1024) as server:
        server.refresh_token = "rft.someone-else-renewed-it"  # the secret's token was rotated away
        with pytest.raises(Exception) as caught:
            publish_tiktok(server, vault, folder, tmp_path / "j.json", sleeps)
        assert str(caught.value) == (
            "tiktok: TikTok menolak memperbarui access token (Refresh token is invalid or expired.)"
        )
        assert caught.value.action == (  # type: ignore[attr-defined]
            "Otorisasi ulang aplikasi (refresh token telah kedaluwarsa, dicabut, atau diganti dengan yang lebih lama) "
            "dan setel refresh token yang baru sebagai HUMAS_TIKTOK_REFRESH_TOKEN (docs/channels/tiktok.md)."
        )
        assert not server.posts


def test_instagram_renews_its_long_lived_token(folder: Path, tmp_path: Path, vault: TokenVault, sleeps: Sleeps) -> None:
    jpeg(folder / "foto.jpg", (1080, 1080))
    with InstagramServer(TOKENS["instagram"]) as server:
        server.processing_polls = 0
        env = {
            "HUMAS_INSTAGRAM_TOKEN": TOKENS["instagram"],
            "HUMAS_INSTAGRAM_USER_ID": server.user_id,
            "HUMAS_INSTAGRAM_API_BASE": f"{server.url}/v25.0",
            "HUMAS_INSTAGRAM_OAUTH_BASE": server.url,
            "HUMAS_INSTAGRAM_RENEW": "true",
            "HUMAS_TOKEN_KEY": KEY,
        }
        chan = configured_channels(env, sleep=sleeps)["instagram"]
        chan.use_vault(vault)  # type: ignore[attr-defined]
        run_channel(
            chan,
            post(folder, "instagram", {"caption": "Wisuda", "media": ["foto.jpg"]}),
            FileJournal(tmp_path / "j.json"),
        )
        assert server.renewals == 1 and len(server.posts) == 1
        stored = vault.read("instagram")
        assert stored is not None and stored.access_token == server.token == "IGQVJ-renewed-0001"
        expires = stored.expires("access")
        assert expires is not None and timedelta(days=59) < expires - datetime.now(UTC) <= timedelta(days=60)
        report, code = diagnose(env, vault=vault)
        assert code == 0
        assert "  access token: berlaku sampai " in report and "(tersisa 60 hari); diperbarui otomatis" in report


@pytest.mark.parametrize("days,code", [(5, 1), (30, 0)])
def test_the_doctor_fails_a_week_before_the_tiktok_refresh_token_expires(
    vault: TokenVault, days: int, code: int
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with TikTokServer("act.stored-access") as server:
        vault.write(
            "tiktok",
            Tokens(
                access_token="act.stored-access",
                access_expires_at=(now + timedelta(hours=2)).isoformat(),
                refresh_token=server.refresh_token,
                refresh_expires_at=(now + timedelta(days=days)).isoformat(),
                renewed_at=now.isoformat(),
            ),
        )
        report, got = diagnose(tiktok_env(server, server.refresh_token), vault=vault, now=now)
    assert got == code
    tiktok = report.split("tiktok: ", 1)[1].split("\nyoutube:")[0].splitlines()
    until = (now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M UTC")
    expected = [
        "TINDAK LANJUTI DALAM SEPEKAN" if code else "ok",
        "  kreator @poltekkesjkt2 (Poltekkes Jakarta II)",
        "  tingkat privasi yang diizinkan: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY",
        "  video terpanjang: 600 detik",
        f"  token: diperbarui {now:%Y-%m-%d %H:%M} UTC",
        f"  access token: berlaku sampai {now + timedelta(hours=2):%Y-%m-%d %H:%M} UTC (tersisa 2 jam); diperbarui "
        "otomatis",
        f"  refresh token: berlaku sampai {until} (tersisa {days} hari)",
    ]
    if code:
        expected.append(
            f"  lakukan sebelum {until}: otorisasi ulang aplikasi dan setel refresh token yang baru sebagai "
            "HUMAS_TIKTOK_REFRESH_TOKEN (docs/channels/tiktok.md)"
        )
    assert tiktok == expected
    assert "act.stored-access" not in report and server.refresh_token not in report


def test_the_doctor_never_renews_what_it_could_not_keep(vault: TokenVault) -> None:
    """Without HUMAS_ARCHIVE_REMOTE a renewed TikTok token would be lost (the old refresh token stops working):
    the doctor then reports an expired access token instead of renewing it."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with TikTokServer("act.expired-access") as server:
        vault.write(
            "tiktok",
            Tokens(
                access_token="act.expired-access",
                access_expires_at=(now - timedelta(hours=3)).isoformat(),
                refresh_token=server.refresh_token,
                refresh_expires_at=(now + timedelta(days=90)).isoformat(),
                renewed_at=(now - timedelta(hours=5)).isoformat(),
            ),
        )
        with speaking("en"):  # the doctor's English, by configuration
            report, code = diagnose(tiktok_env(server, server.refresh_token), vault=vault, now=now, renew=False)
        assert code == 0 and server.renewals == 0 and not server.seen
    tiktok = report.split("tiktok: ", 1)[1].split("\nyoutube:")[0].splitlines()
    assert tiktok[:2] == [
        "ok",
        f"  access token: expired {now - timedelta(hours=3):%Y-%m-%d %H:%M} UTC; humas publish renews it before its "
        "next call (the doctor renews only when its archive writes are pushed: HUMAS_ARCHIVE_REMOTE)",
    ]


# -- a rotated refresh token is never lost --------------------------------------------------------------


def test_a_failed_push_of_the_renewed_token_loses_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps
) -> None:
    """The archive's remote refuses the push of the renewed tokens: the run still posts, the tokens wait
    sealed on this machine, and the next run puts them in the archive and renews with the rotated one."""
    monkeypatch.delenv("HUMAS_ARCHIVE_REMOTE", raising=False)
    remote, root = tmp_path / "remote.git", tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", str(remote)], check=True)
    refuse = remote / "hooks" / "pre-receive"
    refuse.write_text("#!/bin/sh\necho refused >&2\nexit 1\n")
    refuse.chmod(0o755)
    mp4(folder / "wisuda.mp4", 100_000)
    with TikTokServer("act.not-yet-issued", min_chunk=64 * 1024) as server:
        broken = TokenVault(BranchStore(GitRepo(root), remote="origin"), KEY)
        publish_tiktok(server, broken, folder, tmp_path / "day0.json", sleeps)  # renewed, push refused
        assert server.renewals == 1 and len(server.posts) == 1
        waiting = broken.local("tiktok")
        assert waiting is not None and waiting.refresh_token == server.refresh_token == "rft.renewed-0001-refresh"
        kept = next((root / ".git" / "humas" / "tokens").iterdir())
        assert kept.name == "tiktok.sealed" and b"rft." not in kept.read_bytes() and b"act." not in kept.read_bytes()
        assert oct(kept.stat().st_mode & 0o777) == "0o600"

        report, code = diagnose(tiktok_env(server, "rft.tiktok-refresh-secret-0008"), vault=broken)
        assert code == 1 and report.split("tiktok: ", 1)[1].splitlines()[4] == (
            "  token: token yang diperbarui menunggu tersegel di mesin ini karena arsip tidak dapat ditulis (push-nya "
            "gagal); simpan repositori ini sampai humas publish atau doctor memasukkannya ke arsip"
        )

        # the local archive branch is replaced by the remote's (as a later fetch does), and the push works again
        subprocess.run(["git", "-C", str(root), "update-ref", "-d", "refs/heads/arsip"], check=True)
        refuse.unlink()
        later = TokenVault(BranchStore(GitRepo(root), remote="origin"), KEY)
        waiting.access_expires_at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()  # a day passes
        later.keep_local("tiktok", waiting)
        publish_tiktok(server, later, folder, tmp_path / "day1.json", sleeps)
        assert server.renewals == 2 and len(server.posts) == 2  # renewed with the rotated token, not the secret's
        assert later.local("tiktok") is None  # the archive has them now
        pushed = TokenVault(BranchStore(GitRepo(remote)), KEY).read("tiktok")
        assert pushed is not None and pushed.refresh_token == server.refresh_token == "rft.renewed-0002-refresh"


def test_a_lost_answer_to_the_renewal_is_not_sent_again(
    folder: Path, tmp_path: Path, vault: TokenVault, sleeps: Sleeps
) -> None:
    """TikTok rotated the refresh token and its answer never came: the old token is not sent again in this run
    (re-using a rotated refresh token proves nothing, and may be taken for theft); the run defers and says why."""
    mp4(folder / "wisuda.mp4", 100_000)
    with TikTokServer("act.not-yet-issued", min_chunk=64 * 1024) as server:
        server.drop("POST", "/v2/oauth/token/")
        with pytest.raises(AskPerson) as caught:
            publish_tiktok(server, vault, folder, tmp_path / "j.json", sleeps)
        assert caught.value.message == (
            "tiktok: jawaban atas pembaruan token hilang (tiktok: memperbarui access token: tidak ada jawaban "
            "(RemoteProtocolError); platform mungkin sudah melakukannya); platform mungkin telah mengganti refresh "
            "token dengan yang tidak pernah diterima humas"
        )
        assert caught.value.action == (
            "Belum ada yang perlu dilakukan: run humas publish berikutnya mencoba refresh token yang tersimpan satu "
            "kali; jika platform menolaknya, otorisasi ulang aplikasi dan setel refresh token yang baru "
            "(docs/channels/tiktok.md)."
        )
        assert caught.value.retryable  # deferred: the claim stays
        assert len(server.requests("POST", "/v2/oauth/token/")) == 1 and not server.posts
