"""On GitHub, the built website carries the web editor at /admin/, pointed at the repository."""

from __future__ import annotations

import yaml

from tests.helpers import Repo


def test_a_build_in_github_actions_writes_the_editor_at_admin(repo: Repo) -> None:
    run = repo.humas(
        "build",
        "--out",
        "site",
        env={"GITHUB_REPOSITORY": "poltekkes/humas", "HUMAS_EDITOR_OAUTH_URL": "https://oauth.poltekkesjkt2.ac.id"},
    )
    assert run.code == 0, run.err
    admin = repo.root / "site/admin"
    assert (admin / "index.html").is_file()
    config = yaml.safe_load((admin / "config.yml").read_text())
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "poltekkes/humas"
    assert config["backend"]["base_url"] == "https://oauth.poltekkesjkt2.ac.id"
    assert config["publish_mode"] == "editorial_workflow"


def test_a_local_build_has_no_editor(repo: Repo) -> None:
    assert repo.humas("build", "--out", "site").code == 0
    assert not (repo.root / "site/admin").exists()
