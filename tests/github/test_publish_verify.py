"""Publishing on main re-checks the merged pull request from the trusted side and fails closed."""

from __future__ import annotations

import subprocess

import pytest

from pipeline.forge.github_publish import verify_merge
from pipeline.problems import ConfigError, NotAcceptable
from pipeline.sop.result import Status
from tests.github.conftest import AKADEMIK, CHAIN, HUMAS1, SOP, World
from tests.helpers import HUMAS, base_env, publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"


def dispatch_env(world: World, sha: str) -> dict[str, str]:
    event = {
        "ref": "refs/heads/main",
        "inputs": {"sha": sha},
        "repository": {"full_name": "poltekkes/humas-konten", "default_branch": "main"},
    }
    return world.env("workflow_dispatch", event, GITHUB_SHA=world.fake.branches["main"])


def push_env(world: World, sha: str) -> dict[str, str]:
    event = {"ref": "refs/heads/main", "after": sha, "repository": {"default_branch": "main"}}
    return world.env("push", event, GITHUB_SHA=sha)


def test_the_gates_merge_verifies_on_main(world: World) -> None:
    number = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
    world.sign_chain(number)
    assert world.gate(number, "pull_request_review").code == 0
    [dispatch] = world.fake.dispatches
    verified = verify_merge(dispatch_env(world, dispatch["inputs"]["sha"]), sleep=lambda _: None)
    assert verified.result.status == Status.APPROVED
    assert verified.pull.info.number == number
    assert [s.identity for step in verified.result.steps() for s in step.signatures] == CHAIN


def test_an_admin_merge_without_the_chain_publishes_nothing(world: World) -> None:
    number = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
    world.fake.review(number, AKADEMIK)
    sha = world.fake.merge_pull(number)
    with pytest.raises(NotAcceptable) as caught:
        verify_merge(push_env(world, sha), sleep=lambda _: None)
    first = caught.value.message.splitlines()[0]
    assert first == (
        f"nothing is published: #1 was merged into main as {sha[:7]} without the complete SOP chain "
        f"(rules: sop.yml of main before the merge, {world.fake.commits[sha].parents[0][:7]})"
    )
    assert "… Pengendalian" in caught.value.message


def test_a_direct_push_to_main_publishes_nothing(world: World) -> None:
    sha = world.fake.push_main({DRAFT: publikasi().encode()})
    sleeps: list[float] = []
    with pytest.raises(NotAcceptable) as caught:
        verify_merge(push_env(world, sha), sleep=sleeps.append)
    assert caught.value.message == (
        f"tidak ada yang diunggah: commit {sha[:7]} di main tidak melalui SOP: tidak ada pull request yang "
        "digabungkan sebagai commit ini (setiap perubahan pada main melalui pull request yang ditandatangani oleh "
        "setiap tahap)"
    )
    assert sleeps == [1.0, 2.0, 4.0]  # GitHub may index a merge late: asked again by the one policy


def test_a_merged_pull_request_that_gave_itself_a_role_publishes_nothing(world: World) -> None:
    changed = SOP.replace("pengendali: [spi]", "pengendali: [humas2]")
    number = world.fake.open_pull(HUMAS1, "sop", {"sop.yml": changed.encode(), DRAFT: publikasi().encode()}).number
    for login in (AKADEMIK, "humas2-pkj2", "wadir1-pkj2", "reni-c"):
        world.fake.review(number, login)
    sha = world.fake.merge_pull(number)
    with pytest.raises(NotAcceptable) as caught:
        verify_merge(push_env(world, sha), sleep=lambda _: None)
    assert "without the complete SOP chain" in caught.value.message
    assert "Staf Humas 2: tidak memegang peran pada rantai ini" in caught.value.message


def test_a_run_for_another_branch_is_refused(world: World) -> None:
    env = world.env(
        "push",
        {"ref": "refs/heads/fitur", "after": "a" * 40, "repository": {"default_branch": "main"}},
        GITHUB_SHA="a" * 40,
    )
    with pytest.raises(ConfigError) as caught:
        verify_merge(env, sleep=lambda _: None)
    assert caught.value.message == "run ini untuk refs/heads/fitur, bukan main: humas hanya mengunggah dari main"


def test_humas_publish_on_main_fails_closed_and_posts_nothing(world: World, repo) -> None:  # noqa: ANN001
    """The real ``humas publish`` in a push run: an admin merge without the chain stops before anything."""
    number = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
    world.fake.review(number, AKADEMIK)
    sha = world.fake.merge_pull(number)
    env = push_env(world, sha)
    done = subprocess.run(
        [HUMAS, "publish", "--outbox", "outbox"],
        cwd=repo.root,
        env={**base_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"humas: nothing is published: #1 was merged into main as {sha[:7]} without the complete SOP chain "
        f"(rules: sop.yml of main before the merge, {world.fake.commits[sha].parents[0][:7]})"
    )
    assert env["GITHUB_TOKEN"] not in done.stdout + done.stderr
    assert not (repo.root / "outbox").exists()
    assert repo.git("branch", "--list", "arsip") == ""


def test_verify_only_outside_github_is_a_usage_error(repo) -> None:  # noqa: ANN001
    run = repo.humas("publish", "--verify-only")
    assert run.code == 2
    assert run.err == "humas: --verify-only hanya untuk run GitHub Actions di main (push atau workflow_dispatch)\n"


def test_verification_reads_the_change_with_one_comparison(world: World) -> None:
    number = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
    world.sign_chain(number)
    assert world.gate(number, "pull_request_review").code == 0
    [dispatch] = world.fake.dispatches
    before = len(world.fake.log)
    verified = verify_merge(dispatch_env(world, dispatch["inputs"]["sha"]), sleep=lambda _: None)
    routes = [e.route for e in world.fake.log[before:]]
    assert routes.count("/repos/{owner}/{repo}/compare/{basehead}") == 1
    assert "/repos/{owner}/{repo}/pulls/{pull_number}/commits" not in routes
    assert "/repos/{owner}/{repo}/pulls/{pull_number}/files" not in routes
    assert verified.facts.paths == (DRAFT,)
    assert verified.facts.authors == frozenset({HUMAS1, "web-flow"})


def test_a_branch_that_took_main_in_verifies_with_the_pull_requests_own_lists(world: World) -> None:
    """Its base.sha is older than the main it took in: the comparison from it does not match the pull
    request, so the commits and files are the pull request's own (main's commit is not the change's)."""
    number = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
    world.fake.push_main({"content/publikasi/2025/lain/index.md": publikasi().encode()}, author=AKADEMIK)
    world.fake.merge_main_into(number)
    world.sign_chain(number)
    assert world.gate(number, "pull_request_review").code == 0
    assert world.fake.pulls[number].merged
    [dispatch] = world.fake.dispatches
    before = len(world.fake.log)
    verified = verify_merge(dispatch_env(world, dispatch["inputs"]["sha"]), sleep=lambda _: None)
    routes = [e.route for e in world.fake.log[before:]]
    assert "/repos/{owner}/{repo}/pulls/{pull_number}/commits" in routes
    assert "/repos/{owner}/{repo}/pulls/{pull_number}/files" in routes
    assert verified.result.status == Status.APPROVED
    assert verified.facts.paths == (DRAFT,)
    assert AKADEMIK not in verified.facts.authors
