"""``humas ingatkan`` without GitHub: reminders by e-mail through a real SMTP server (aiosmtpd), via the real
``humas`` command, once per step per working day."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.helpers import Repo, base_env, identity_env, publikasi

PASSWORD = "rahasia-smtp-2026"
MONDAY_8 = "2026-03-02T08:00:00+07:00"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"humas",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def mail_env(port: int, password: str = PASSWORD) -> dict[str, str]:
    return {
        "HUMAS_SMTP_HOST": "127.0.0.1",
        "HUMAS_SMTP_PORT": str(port),
        "HUMAS_SMTP_SECURITY": "none",
        "HUMAS_SMTP_USER": "humas",
        "HUMAS_SMTP_PASSWORD": password,
        "HUMAS_SMTP_FROM": "humas@poltekkesjkt2.ac.id",
    }


def late_draft(repo: Repo) -> None:
    """A draft committed on Monday 2 March 2026 at 08:00 (Jakarta): Verifikasi waits from then."""
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    env = {**base_env(), **identity_env("humas1"), "GIT_AUTHOR_DATE": MONDAY_8, "GIT_COMMITTER_DATE": MONDAY_8}
    subprocess.run(["git", "add", "-A"], cwd=repo.root, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Desain konten"], cwd=repo.root, env=env, check=True)
    repo.switch("main")


BODY = (
    "Yth. Kasubbag Akademik,\n"
    "\n"
    "Wisuda Angkatan 2025 (publikasi/wisuda) menunggu tanda tangan Anda:\n"
    "\n"
    "- Verifikasi menunggu Kasubbag Akademik sejak 02-03-2026 08:00 (1 jam 30 mnt; standar 10 mnt)\n"
    "\n"
    "Untuk menandatangani, di klon repositori Anda:\n"
    "  humas status publikasi/wisuda\n"
    "  humas review approve publikasi/wisuda --role verifikator\n"
    "\n"
    "humas mengirim pengingat ini sekali per tahap per hari kerja.\n"
    "Humas — Politeknik Kesehatan Kemenkes Jakarta II\n"
)


def test_an_overdue_step_is_reminded_by_e_mail_once_per_working_day(repo: Repo, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    late_draft(repo)
    run = repo.humas("ingatkan", "--now", "2026-03-02T09:30:00+07:00", env=mail_env(port))
    assert run.code == 0, run.err
    assert run.out == (
        "publikasi/wisuda: pengingat Verifikasi dikirim melalui e-mail kepada akademik@poltekkesjkt2.ac.id\n"
    )
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert inbox.recipients == [["akademik@poltekkesjkt2.ac.id"]]
    assert message["To"] == "Kasubbag Akademik <akademik@poltekkesjkt2.ac.id>"
    assert message["From"] == "Humas Politeknik Kesehatan Kemenkes Jakarta II <humas@poltekkesjkt2.ac.id>"
    assert message["Subject"] == "Pengingat Mutu Baku: Wisuda Angkatan 2025"
    assert message.get_content().replace("\r\n", "\n") == BODY
    # the same day again: nothing sent
    again = repo.humas("ingatkan", "--now", "2026-03-02T15:00:00+07:00", env=mail_env(port))
    assert again.code == 0, again.err
    assert again.out == "publikasi/wisuda: sudah diingatkan hari ini\n"
    assert len(inbox.messages) == 1
    # Saturday: not a working day; Monday after: reminded again
    saturday = repo.humas("ingatkan", "--now", "2026-03-07T09:00:00+07:00", env=mail_env(port))
    assert saturday.out == "07-03-2026 bukan hari kerja di Asia/Jakarta: tidak ada pengingat.\n"
    assert len(inbox.messages) == 1
    assert repo.humas("ingatkan", "--now", "2026-03-09T09:00:00+07:00", env=mail_env(port)).code == 0
    assert len(inbox.messages) == 2


def test_nothing_is_sent_before_the_mutu_baku_is_over(repo: Repo, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    late_draft(repo)
    run = repo.humas("ingatkan", "--now", "2026-03-02T08:05:00+07:00", env=mail_env(port))
    assert run.code == 0, run.err
    assert run.out == "publikasi/wisuda: tidak ada yang melewati Mutu Baku\n"
    assert inbox.messages == []


def test_a_refused_login_is_a_clear_error_without_the_password_and_the_next_run_sends(
    repo: Repo, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    late_draft(repo)
    wrong = "sandi-yang-salah-99"
    run = repo.humas("ingatkan", "--now", "2026-03-02T09:30:00+07:00", env=mail_env(port, wrong))
    assert run.code == 2
    assert run.err == (
        "humas: server e-mail 127.0.0.1 menolak login humas: periksa HUMAS_SMTP_USER dan HUMAS_SMTP_PASSWORD\n"
    )
    assert wrong not in run.out + run.err and "Traceback" not in run.err
    assert inbox.messages == []
    fixed = repo.humas("ingatkan", "--now", "2026-03-02T10:00:00+07:00", env=mail_env(port))
    assert fixed.code == 0, fixed.err
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"HUMAS_SMTP_SECURITY": "ssl"},
            "humas: HUMAS_SMTP_SECURITY bernilai 'ssl' (yang boleh: starttls, tls, none)\n",
        ),
        (
            {"HUMAS_SMTP_PORT": "smtp"},
            "humas: HUMAS_SMTP_PORT bernilai 'smtp' (yang boleh: nomor port, 1 sampai 65535)\n",
        ),
        (
            {"HUMAS_SMTP_FROM": "Humas <humas@x>"},
            "humas: HUMAS_SMTP_FROM bernilai 'Humas <humas@x>' (yang boleh: alamat e-mail pengirim, nama@domain)\n",
        ),
        (
            {"HUMAS_SMTP_PASSWORD": ""},
            "humas: isi HUMAS_SMTP_USER dan HUMAS_SMTP_PASSWORD keduanya, atau tidak keduanya (tanpa login)\n",
        ),
        (
            {"HUMAS_SMTP_HOST": "mail.example.com"},
            "humas: HUMAS_SMTP_SECURITY=none akan mengirim kata sandi ke mail.example.com tanpa enkripsi: gunakan "
            "starttls atau tls (none hanya untuk server di komputer ini)\n",
        ),
    ],
    ids=["security", "port", "sender", "user without password", "password in clear over a network"],
)
def test_bad_smtp_settings_are_refused_before_anything_is_read(
    repo: Repo, change: dict[str, str], message: str
) -> None:
    run = repo.humas("ingatkan", env={**mail_env(1), **change})
    assert run.code == 2
    assert run.err == message
    assert PASSWORD not in run.err


def test_two_machines_with_a_shared_remote_send_the_days_reminder_once(
    repo: Repo, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    """The cron job runs on the server's clone and on the Koordinator's laptop: the day's reminder is
    claimed on the shared arsip first, so the second machine sends nothing."""
    from tests.forge.test_shared_remote import laptop, server

    inbox, port = smtp
    late_draft(repo)
    remote = server(repo, tmp_path)
    repo.git("push", "-q", "origin", "publikasi/wisuda")
    first = laptop(remote, tmp_path, "koordinator")
    second = laptop(remote, tmp_path, "humas2")
    now = "2026-03-02T09:30:00+07:00"
    assert first.humas("ingatkan", "--now", now, env=mail_env(port)).code == 0
    again = second.humas("ingatkan", "--now", now, env=mail_env(port))
    assert again.code == 0, again.err
    assert again.out == "publikasi/wisuda: sudah diingatkan hari ini\n"
    assert len(inbox.messages) == 1


@pytest.fixture
def smtp_starttls(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    """A server that requires STARTTLS, with a certificate of its own (not signed by a public authority)."""
    import ssl

    cert, key = tmp_path / "server.pem", tmp_path / "server.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        require_starttls=True,
        tls_context=context,
    )
    controller.start()
    try:
        yield inbox, port, cert
    finally:
        controller.stop()


def test_starttls_verifies_the_servers_certificate(repo: Repo, smtp_starttls: tuple[Inbox, int, Path]) -> None:
    inbox, port, cert = smtp_starttls
    late_draft(repo)
    env = {**mail_env(port), "HUMAS_SMTP_SECURITY": "starttls"}
    refused = repo.humas("ingatkan", "--now", "2026-03-02T09:30:00+07:00", env=env)
    assert refused.code == 2
    assert refused.err == (
        "humas: sertifikat server e-mail 127.0.0.1 tidak tepercaya (self-signed certificate): bila sertifikat itu "
        "milik institusi sendiri, isi HUMAS_SMTP_CA_FILE dengan sertifikat yang menandatanganinya\n"
    )
    assert inbox.messages == []
    sent = repo.humas("ingatkan", "--now", "2026-03-02T09:30:00+07:00", env={**env, "HUMAS_SMTP_CA_FILE": str(cert)})
    assert sent.code == 0, sent.err
    assert len(inbox.messages) == 1
    assert inbox.messages[0]["Subject"] == "Pengingat Mutu Baku: Wisuda Angkatan 2025"
