"""The tests' forked ``humas`` (tests/humas_zygote.py) answers as the console script in a new interpreter."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import HUMAS, Repo, base_env, identity_env, run_humas


@pytest.mark.parametrize(
    "args",
    [
        ["status", "publikasi/wisuda"],  # a checklist, exit 0
        ["check"],  # the content's problems
        ["review", "approve", "publikasi/wisuda", "--role", "bukan-peran"],  # a usage error, exit 2
        ["tidak-ada"],  # click's own usage error
    ],
)
def test_a_forked_command_answers_as_the_console_script(draft_branch: tuple[Repo, str], args: list[str]) -> None:
    repo, _branch = draft_branch
    env = {**base_env(), **identity_env("spi")}
    forked = run_humas(args, cwd=repo.root, env=env)
    fresh = subprocess.run([HUMAS, *args], cwd=repo.root, env=env, capture_output=True, text=True, timeout=300)
    assert (forked.code, forked.out, forked.err) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_each_forked_command_has_its_own_environment(repo: Repo) -> None:
    english = run_humas(["tidak-ada"], cwd=repo.root, env={**base_env(), "HUMAS_LANGUAGE": "en"})
    default = run_humas(["tidak-ada"], cwd=repo.root, env=base_env())
    assert english.code == default.code == 2
    assert "No such command" in english.err and "No such command" not in default.err
