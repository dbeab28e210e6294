"""What a ``humas`` command imports: a command that sends no HTTP request loads no HTTP client, no retry
library, no console toolkit, no template engine unless it renders, no image library unless it reads an
image, no site generator. Every person of the SOP pays a command's start-up on every command.

Each command runs in a fresh interpreter (not the tests' forked server, which has imported everything
once), as the console script does, and reports the modules it ended with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Repo, base_env, identity_env

# Runs pipeline.cli's main on the arguments after the output file; then writes sys.modules to that file.
RUN = """
import json, sys
out, sys.argv = sys.argv[1], ["humas", *sys.argv[2:]]
try:
    from pipeline.cli import main
    main()
finally:
    open(out, "w").write(json.dumps(sorted(sys.modules)))
"""

NETWORK = {"httpx", "tenacity", "rich"}
"""The HTTP client (which brings rich along), the retry library."""
SITE = {"mkdocs", "markdown", "zensical"}
"""The website's generator and its Markdown renderer."""
RENDERING = {"jinja2", "weasyprint"}
"""The templates, the PDF maker."""
IMAGES = {"PIL"}


def modules_of(repo: Repo, tmp_path: Path, *args: str, who: str = "koordinator") -> tuple[int, set[str]]:
    out = tmp_path / "modules.json"
    env = {**base_env(), **identity_env(who)}
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(out), *args], cwd=repo.root, env=env, capture_output=True, text=True
    )
    return done.returncode, {name.split(".")[0] for name in json.loads(out.read_text())}


def _draft(repo: Repo) -> str:
    from tests.helpers import publikasi

    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten: wisuda")
    return "publikasi/wisuda"


CASES = [
    # (arguments, who runs it, what is set up first, expected exit code, modules it must not load)
    (["--help"], "koordinator", "", 0, NETWORK | SITE | RENDERING | IMAGES),
    (["status"], "koordinator", "", 0, NETWORK | SITE | RENDERING | IMAGES),
    (["status", "publikasi/wisuda"], "koordinator", "draft", 0, NETWORK | SITE | RENDERING | IMAGES),
    (["check"], "koordinator", "draft", 0, NETWORK | SITE | RENDERING | IMAGES),
    (
        ["review", "approve", "publikasi/wisuda", "--role", "verifikator"],
        "akademik",
        "draft",
        0,
        NETWORK | SITE | RENDERING | IMAGES,
    ),
    # merge writes the record and renders its Lembar Pengesahan (templates, the PDF): nothing else
    (["merge", "publikasi/wisuda"], "koordinator", "signed", 0, NETWORK | SITE),
    (["new", "publikasi", "Dies Natalis", "--bidang", "akademik"], "humas1", "", 0, NETWORK | SITE | RENDERING),
    (["due"], "koordinator", "", 0, NETWORK | SITE | RENDERING),
]


@pytest.mark.parametrize(("args", "who", "setup", "code", "absent"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_command_loads_only_what_it_uses(
    repo: Repo, tmp_path: Path, args: list[str], who: str, setup: str, code: int, absent: set[str]
) -> None:
    if setup:
        branch = _draft(repo)
        if setup == "signed":
            repo.sign_all(branch)
        repo.switch(branch)
    exit_code, loaded = modules_of(repo, tmp_path, *args, who=who)
    assert exit_code == code
    assert "pipeline" in loaded  # the command ran
    assert sorted(loaded & absent) == []


def test_the_check_of_this_test_sees_a_heavy_import(repo: Repo, tmp_path: Path) -> None:
    """The probe itself: a command that renders (the Lembar of a merged change) is seen loading jinja2."""
    branch = _draft(repo)
    repo.sign_all(branch)
    assert repo.humas("merge", branch).code == 0
    exit_code, loaded = modules_of(repo, tmp_path, "lembar", branch)
    assert exit_code == 0
    assert "jinja2" in loaded
