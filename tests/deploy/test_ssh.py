"""``humas deploy --to ssh`` against a real OpenSSH server on 127.0.0.1 (tests/deploy/sshd.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from tests.deploy.sshd import SshServer
from tests.helpers import Repo

PAGES = {
    "index.html": b"<h1>Beranda</h1>\n",
    "2025/wisuda/index.html": b"<h1>Wisuda</h1>\n",
    "2025/dies-natalis/index.html": b"<h1>Dies Natalis</h1>\n",
    "assets/foto wisuda.jpg": bytes(range(256)) * 40,
    "sitemap.xml": "<urlset>ü</urlset>\n".encode(),
    "2025/wisuda/foto-ü.jpg": b"\xff\xd8\xff" + bytes(500),
}


def make_site(folder: Path, pages: dict[str, bytes] = PAGES) -> Path:
    for name, data in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def settings(
    server: SshServer, path: Path | str, *, key: str | None = None, known_hosts: str | None = None
) -> dict[str, str | None]:
    return {
        "HUMAS_DEPLOY_SSH_TARGET": f"{server.user}@127.0.0.1:{path}",
        "HUMAS_DEPLOY_SSH_PORT": str(server.port),
        "HUMAS_DEPLOY_SSH_KEY": server.key if key is None else key,
        "HUMAS_DEPLOY_SSH_KNOWN_HOSTS": f"[127.0.0.1]:{server.port} {server.host_key}"
        if known_hosts is None
        else known_hosts,
    }


def deploy(site: Path, env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(main, ["deploy", "--to", "ssh", "--site", str(site)], env=env)


def assert_no_secret(result: Result | subprocess.CompletedProcess[str], key: str) -> None:
    """No line of the private key's body, nor the whole key, in anything the command printed."""
    printed = result.stdout + result.stderr
    body = [line for line in key.splitlines() if line and not line.startswith("-----")]
    assert body and not any(line in printed for line in body)
    assert key.strip() not in printed


def fingerprint(public_key: str) -> str:
    done = subprocess.run(["ssh-keygen", "-l", "-f", "-"], input=public_key, capture_output=True, text=True, check=True)
    return done.stdout.split()[1]


def other_key(tmp_path: Path, name: str) -> tuple[str, str]:
    """A fresh Ed25519 key pair: (private key text, public key line)."""
    path = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)], check=True)
    return path.read_text(), path.with_name(name + ".pub").read_text().strip()


def test_a_built_site_deploys_byte_for_byte(repo: Repo, ssh_server: SshServer) -> None:
    assert repo.humas("build", "--out", "site").code == 0  # the starter site: pages, theme assets, search index
    web_root = ssh_server.root / "www-built"
    env = {name: value for name, value in settings(ssh_server, web_root).items() if value is not None}

    run = repo.humas("deploy", "--to", "ssh", "--site", "site", env=env)

    assert run.code == 0, run.err
    site = tree(repo.root / "site")
    assert run.out == (
        f"site telah dipasang ke {ssh_server.user}@127.0.0.1:{web_root} (port {ssh_server.port}): "
        f"{len(site)} berkas dikirim, 0 berkas dihapus\n"
    )
    assert run.err == ""
    assert "index.html" in site and "sitemap.xml" in site and len(site) > 20
    assert tree(web_root) == site
    assert_no_secret(subprocess.CompletedProcess([], run.code, run.out, run.err), ssh_server.key)


def test_a_second_deploy_sends_what_changed_and_removes_a_deleted_page(tmp_path: Path, ssh_server: SshServer) -> None:
    site = make_site(tmp_path / "site")
    web_root = ssh_server.root / "www-second"
    first = deploy(site, settings(ssh_server, web_root))
    assert first.exit_code == 0, first.output
    assert first.stdout.endswith(": 6 berkas dikirim, 0 berkas dihapus\n")

    (site / "2025/dies-natalis/index.html").unlink()
    (site / "2025/dies-natalis").rmdir()
    (site / "index.html").write_bytes(b"<h1>Beranda baru</h1>\n")
    second = deploy(site, settings(ssh_server, web_root))

    assert second.exit_code == 0, second.output
    assert second.stdout.endswith(": 1 berkas dikirim, 1 berkas dihapus\n")
    assert tree(web_root) == tree(site)
    assert not (web_root / "2025/dies-natalis").exists()
    assert not list(web_root.rglob(".~tmp~"))  # --delay-updates left nothing behind
    assert_no_secret(second, ssh_server.key)


def test_a_key_restricted_to_the_web_root_with_rrsync_deploys(tmp_path: Path, ssh_server: SshServer) -> None:
    site = make_site(tmp_path / "site")
    env = settings(ssh_server, "/humas", key=ssh_server.restricted_key)
    assert deploy(site, env).exit_code == 0
    (site / "sitemap.xml").unlink()

    result = deploy(site, env)

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": 0 berkas dikirim, 1 berkas dihapus\n")
    assert tree(ssh_server.root / "restricted/humas") == tree(site)


def test_a_server_showing_another_host_key_is_refused(tmp_path: Path, ssh_server: SshServer) -> None:
    site = make_site(tmp_path / "site")
    _, impostor = other_key(tmp_path, "pinned")
    web_root = ssh_server.root / "www-wrong-host-key"

    result = deploy(site, settings(ssh_server, web_root, known_hosts=f"www.example.ac.id {impostor}"))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "humas: kunci host 127.0.0.1 tidak cocok dengan kunci yang ditetapkan di HUMAS_DEPLOY_SSH_KNOWN_HOSTS "
        f"(yang ditunjukkan: kunci ED25519 {fingerprint(ssh_server.host_key)}): sambungan ditolak; bila "
        "administrator server memastikan kunci baru di konsol server, tetapkan kunci itu\n"
    )
    assert not web_root.exists()
    assert_no_secret(result, ssh_server.key)


def test_the_servers_own_pub_line_is_a_valid_pin(tmp_path: Path, ssh_server: SshServer) -> None:
    site = make_site(tmp_path / "site")
    result = deploy(site, settings(ssh_server, ssh_server.root / "www-pub-line", known_hosts=ssh_server.host_key))
    assert result.exit_code == 0, result.output


def test_a_key_the_server_does_not_know_is_refused(tmp_path: Path, ssh_server: SshServer) -> None:
    site = make_site(tmp_path / "site")
    stranger, _ = other_key(tmp_path, "stranger")
    web_root = ssh_server.root / "www-refused"

    result = deploy(site, settings(ssh_server, web_root, key=stranger))

    assert result.exit_code == 1
    assert result.stderr == (
        f"humas: 127.0.0.1 menolak kunci di HUMAS_DEPLOY_SSH_KEY untuk pengguna {ssh_server.user}: "
        f"tambahkan kunci publiknya ke ~{ssh_server.user}/.ssh/authorized_keys di server\n"
    )
    assert not web_root.exists()
    assert_no_secret(result, stranger)


def test_a_server_that_does_not_answer_is_a_failed_transfer(tmp_path: Path, ssh_server: SshServer) -> None:
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: connections are refused
        env = {**settings(ssh_server, ssh_server.root / "www-closed"), "HUMAS_DEPLOY_SSH_PORT": str(port)}
        result = deploy(make_site(tmp_path / "site"), env)

    assert result.exit_code == 1
    assert result.stderr == f"humas: tidak dapat menghubungi 127.0.0.1 port {port}: Connection refused\n"


@pytest.mark.parametrize("missing", ["HUMAS_DEPLOY_SSH_TARGET", "HUMAS_DEPLOY_SSH_KEY", "HUMAS_DEPLOY_SSH_KNOWN_HOSTS"])
def test_a_missing_setting_is_named(tmp_path: Path, ssh_server: SshServer, missing: str) -> None:
    env = {**settings(ssh_server, ssh_server.root / "www-missing"), missing: None}

    result = deploy(make_site(tmp_path / "site"), env)

    assert result.exit_code == 2
    assert result.stderr == (
        f"humas: {missing} belum disetel: humas deploy --to ssh memerlukan HUMAS_DEPLOY_SSH_TARGET, "
        "HUMAS_DEPLOY_SSH_KEY, dan HUMAS_DEPLOY_SSH_KNOWN_HOSTS (lihat docs/deploy.md)\n"
    )
    assert not (ssh_server.root / "www-missing").exists()


TARGET_ERRORS = [
    (
        "www.example.ac.id:/var/www",
        "HUMAS_DEPLOY_SSH_TARGET: seharusnya user@host:/path dari root web, misalnya "
        "deploy@www.example.ac.id:/var/www/humas",
    ),
    (
        "deploy@-oProxyCommand=x:/var/www",
        "HUMAS_DEPLOY_SSH_TARGET: seharusnya user@host:/path dari root web, "
        "misalnya deploy@www.example.ac.id:/var/www/humas",
    ),
    (
        "deploy@www.example.ac.id:/",
        "HUMAS_DEPLOY_SSH_TARGET: path harus menunjuk root web, misalnya "
        "deploy@www.example.ac.id:/var/www/humas, bukan '/': semua isinya yang tidak ada di situs web akan dihapus",
    ),
    (
        "deploy@www.example.ac.id:~/",
        "HUMAS_DEPLOY_SSH_TARGET: path harus menunjuk root web, misalnya "
        "deploy@www.example.ac.id:/var/www/humas, bukan '~/': semua isinya yang tidak ada di situs web akan dihapus",
    ),
    (
        "deploy@www.example.ac.id:.",
        "HUMAS_DEPLOY_SSH_TARGET: path harus menunjuk root web, misalnya "
        "deploy@www.example.ac.id:/var/www/humas, bukan '.': semua isinya yang tidak ada di situs web akan dihapus",
    ),
]


@pytest.mark.parametrize(("target", "message"), TARGET_ERRORS)
def test_a_target_that_is_not_a_web_root_is_refused(
    tmp_path: Path, ssh_server: SshServer, target: str, message: str
) -> None:
    env = {**settings(ssh_server, "unused"), "HUMAS_DEPLOY_SSH_TARGET": target}
    result = deploy(make_site(tmp_path / "site"), env)
    assert (result.exit_code, result.stderr) == (2, f"humas: {message}\n")


def test_a_port_that_is_not_a_number_is_refused(tmp_path: Path, ssh_server: SshServer) -> None:
    env = {**settings(ssh_server, ssh_server.root / "www-port"), "HUMAS_DEPLOY_SSH_PORT": "22a"}
    result = deploy(make_site(tmp_path / "site"), env)
    assert (result.exit_code, result.stderr) == (
        2,
        "humas: HUMAS_DEPLOY_SSH_PORT: '22a' bukan nomor port (1 sampai 65535)\n",
    )


@pytest.mark.parametrize(
    ("known_hosts", "message"),
    [
        (
            "# nothing pinned\n\n",
            "HUMAS_DEPLOY_SSH_KNOWN_HOSTS tidak memuat kunci host: isikan kunci host server seperti yang dicetak "
            "ssh-keyscan",
        ),
        (
            "www.example.ac.id ssh-ed25519 AAAAnotakey",
            "HUMAS_DEPLOY_SSH_KNOWN_HOSTS: baris 1: bukan kunci host: seharusnya "
            "satu baris seperti yang dicetak ssh-keyscan, 'host ssh-ed25519 AAAA…'",
        ),
        (
            "# server\n@cert-authority *.example.ac.id ssh-ed25519 AAAA",
            "HUMAS_DEPLOY_SSH_KNOWN_HOSTS: baris 2: "
            "baris @cert-authority tidak didukung: tetapkan kunci host milik server itu sendiri",
        ),
    ],
)
def test_a_pin_that_is_not_a_host_key_is_refused(
    tmp_path: Path, ssh_server: SshServer, known_hosts: str, message: str
) -> None:
    env = settings(ssh_server, ssh_server.root / "www-pin", known_hosts=known_hosts)
    result = deploy(make_site(tmp_path / "site"), env)
    assert (result.exit_code, result.stderr) == (2, f"humas: {message}\n")


def test_a_pin_whose_type_does_not_match_its_key_is_refused(tmp_path: Path, ssh_server: SshServer) -> None:
    ed25519_blob = ssh_server.host_key.split()[1]
    env = settings(ssh_server, ssh_server.root / "www-pin", known_hosts=f"ssh-rsa {ed25519_blob}")
    result = deploy(make_site(tmp_path / "site"), env)
    assert result.exit_code == 2
    assert result.stderr.startswith("humas: HUMAS_DEPLOY_SSH_KNOWN_HOSTS: baris 1: bukan kunci host")


@pytest.mark.parametrize("key", ["the-deploy-password-123", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 public-not-private"])
def test_a_key_that_is_not_a_usable_private_key_is_refused_without_showing_it(
    tmp_path: Path, ssh_server: SshServer, key: str
) -> None:
    web_root = ssh_server.root / "www-bad-key"
    result = deploy(make_site(tmp_path / "site"), settings(ssh_server, web_root, key=key))
    assert result.exit_code == 2
    assert result.stderr == (
        "humas: HUMAS_DEPLOY_SSH_KEY: bukan kunci privat yang dapat dipakai ssh tanpa passphrase: tempelkan "
        "seluruh isi berkas kunci privat, dari -----BEGIN sampai -----END, dari kunci yang dibuat dengan "
        "ssh-keygen -N ''\n"
    )
    assert key not in result.output
    assert not web_root.exists()


def test_a_key_with_a_passphrase_is_refused_without_showing_it(tmp_path: Path, ssh_server: SshServer) -> None:
    path = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "rahasia-sekali", "-f", str(path)], check=True)
    result = deploy(make_site(tmp_path / "site"), settings(ssh_server, ssh_server.root / "www", key=path.read_text()))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "humas: HUMAS_DEPLOY_SSH_KEY: bukan kunci privat yang dapat dipakai ssh tanpa passphrase"
    )
    assert_no_secret(result, path.read_text())


def test_a_folder_without_a_built_site_is_not_deployed(tmp_path: Path, ssh_server: SshServer) -> None:
    web_root = ssh_server.root / "www-empty"
    web_root.mkdir()
    (web_root / "index.html").write_bytes(b"the site being served\n")
    empty = tmp_path / "site"
    empty.mkdir()

    result = deploy(empty, settings(ssh_server, web_root))

    assert (result.exit_code, result.stderr) == (
        2,
        f"humas: {empty}: tidak ada situs web untuk dipasang (tidak ada index.html): jalankan humas build --out "
        f"{empty} terlebih dahulu\n",
    )
    assert tree(web_root) == {"index.html": b"the site being served\n"}


def test_the_pin_is_what_ssh_keyscan_prints_checked_against_the_fingerprint_on_the_servers_console(
    tmp_path: Path, ssh_server: SshServer
) -> None:
    scanned = subprocess.run(
        ["ssh-keyscan", "-t", "ed25519", "-p", str(ssh_server.port), "127.0.0.1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert fingerprint(scanned) == fingerprint(ssh_server.host_key)  # what `ssh-keygen -lf` shows on the server
    web_root = ssh_server.root / "www-keyscan"

    result = deploy(make_site(tmp_path / "site"), settings(ssh_server, web_root, known_hosts=scanned))

    assert result.exit_code == 0, result.output
    assert tree(web_root) == PAGES


def test_a_key_restricted_with_rrsync_cannot_run_a_command(tmp_path: Path, ssh_server: SshServer) -> None:
    key = tmp_path / "restricted"
    key.write_text(ssh_server.restricted_key)
    key.chmod(0o600)
    done = subprocess.run(
        [
            "ssh",
            "-F",
            "none",
            "-p",
            str(ssh_server.port),
            "-i",
            str(key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            f"{ssh_server.user}@127.0.0.1",
            "touch",
            str(tmp_path / "ran"),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0
    assert "rrsync error: SSH_ORIGINAL_COMMAND does not run rsync" in done.stderr
    assert not (tmp_path / "ran").exists()


def test_several_pinned_keys_accept_a_server_showing_any_one_of_them(tmp_path: Path, ssh_server: SshServer) -> None:
    _, old_key = other_key(tmp_path, "retired")
    pins = f"# the server's keys\nwww.example.ac.id {old_key}\n[127.0.0.1]:{ssh_server.port} {ssh_server.host_key}\n"
    web_root = ssh_server.root / "www-several"
    result = deploy(make_site(tmp_path / "site"), settings(ssh_server, web_root, known_hosts=pins))
    assert result.exit_code == 0, result.output
    assert tree(web_root) == PAGES


def test_the_key_file_is_removed_after_the_transfer_whatever_its_outcome(
    tmp_path: Path, ssh_server: SshServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = make_site(tmp_path / "site")
    _, impostor = other_key(tmp_path, "pinned")

    done = deploy(site, settings(ssh_server, ssh_server.root / "www-removed"))
    refused = deploy(site, settings(ssh_server, ssh_server.root / "www-removed", known_hosts=impostor))

    assert (done.exit_code, refused.exit_code) == (0, 1)
    assert list(scratch.iterdir()) == []


def test_a_web_root_whose_parent_does_not_exist_fails_with_rsyncs_own_words(
    tmp_path: Path, ssh_server: SshServer
) -> None:
    web_root = ssh_server.root / "no-such-folder" / "www"

    result = deploy(make_site(tmp_path / "site"), settings(ssh_server, web_root))

    assert result.exit_code == 1
    prefix = f"humas: rsync ke {ssh_server.user}@127.0.0.1:{web_root} (port {ssh_server.port}) gagal (kode keluar "
    assert result.stderr.startswith(prefix), result.stderr
    assert "No such file or directory" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not web_root.parent.exists()


def test_the_410_rules_of_a_withdrawal_reach_the_web_root_and_leave_with_it(
    tmp_path: Path, ssh_server: SshServer
) -> None:
    """The built site's .htaccess and nginx rules (pipeline/site/gone.py) travel like any page."""
    rules = b"RewriteRule ^2026/keliru(?:/|$) - [G]\n"
    notice = b'<meta name="robots" content="noindex"><p>Publikasi ini ditarik pada 14 Maret 2026.</p>\n'
    site = make_site(
        tmp_path / "site",
        {
            **PAGES,
            ".htaccess": b"# humas\n" + rules,
            ".humas-410.nginx.conf": b"# humas\nlocation ~ ^/2026/keliru(?:/|$) { return 410; }\n",
            "2026/keliru/index.html": notice,
        },
    )
    web_root = ssh_server.root / "www-gone"
    first = deploy(site, settings(ssh_server, web_root))
    assert first.exit_code == 0, first.output
    assert tree(web_root) == tree(site)
    assert (web_root / ".htaccess").read_bytes() == b"# humas\n" + rules
    assert oct((web_root / ".htaccess").stat().st_mode & 0o777) == "0o644"  # readable by the web server

    (site / ".htaccess").write_bytes(b"# humas\n")  # the next build: nothing withdrawn any more
    second = deploy(site, settings(ssh_server, web_root))
    assert second.exit_code == 0, second.output
    assert (web_root / ".htaccess").read_bytes() == b"# humas\n"
