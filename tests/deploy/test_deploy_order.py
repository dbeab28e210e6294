"""Never an older site: ``humas deploy`` reads the commit a site was built from (humas-build.json, which the
publish workflow writes) and refuses one that is not main's newest verified commit, or that is older than
the site the server holds (a re-run of an old run's deploy job deploys nothing)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.deploy.sshd import SshServer
from tests.deploy.test_ssh import make_site, settings, tree
from tests.helpers import Repo


def stamp(site: Path, commit: str) -> None:
    (site / "humas-build.json").write_text(json.dumps({"commit": commit}) + "\n")


def test_a_site_older_than_mains_newest_verified_commit_or_than_the_servers_is_not_deployed(
    repo: Repo, ssh_server: SshServer, tmp_path: Path
) -> None:
    named = repo.humas("verified-commit")
    founding = repo.git("rev-list", "--max-parents=0", "main").strip()
    assert (named.code, named.out) == (0, f"{founding}\n"), "main holds no merge yet: its founding commit"
    repo.branch("lain")
    repo.write("lain.txt", "bukan main\n")
    other = repo.commit("a commit main does not have")
    repo.switch("main")
    web_root = ssh_server.root / "www-order"
    env = {name: value for name, value in settings(ssh_server, web_root).items() if value is not None}
    site = make_site(tmp_path / "site")
    stamp(site, founding)

    first = repo.humas("deploy", "--to", "ssh", "--site", str(site), env=env)

    assert first.code == 0, first.err
    assert json.loads((web_root / "humas-build.json").read_text()) == {"commit": founding}
    deployed = tree(web_root)

    stamp(site, other)
    older = repo.humas("deploy", "--to", "ssh", "--site", str(site), env=env)

    assert (older.code, older.out) == (1, "")
    assert older.err == (
        f"humas: tidak dipasang: situs ini dibuat dari {other[:7]}, tetapi commit terverifikasi terbaru di main "
        f"adalah {founding[:7]} (build yang lebih lama tidak pernah menggantikan situs web; run yang membuat "
        f"{founding[:7]} yang memasangnya)\n"
    )
    pages = repo.humas("deploy", "--to", "pages", "--site", str(site), env=env)
    assert (pages.code, pages.err) == (1, older.err)

    (web_root / "humas-build.json").write_text(json.dumps({"commit": other}))
    stamp(site, founding)
    behind = repo.humas("deploy", "--to", "ssh", "--site", str(site), env=env)

    assert behind.code == 1
    assert behind.err == (
        f"humas: tidak dipasang: server memuat situs web dari {other[:7]}, yang bukan commit main yang lebih awal "
        f"daripada {founding[:7]}, commit asal build situs ini\n"
    )
    deployed["humas-build.json"] = (web_root / "humas-build.json").read_bytes()
    assert tree(web_root) == deployed, "nothing was copied"

    unstamped = repo.humas("deploy", "--to", "pages", "--site", str(make_site(tmp_path / "by-hand")), env=env)
    assert unstamped.code == 2
    assert unstamped.err == (
        f"humas: {tmp_path / 'by-hand'}: humas-build.json tidak menyebutkan commit asal build situs ini: pasang "
        "hanya situs yang dibuat oleh workflow publish\n"
    )
