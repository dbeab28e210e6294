"""The gate and publish workflows, run: their steps (``run:`` scripts with the environment they declare,
``actions/checkout`` as a clone of the local GitHub's bare repository) against the local GitHub.

The workflow files are the ones this repository ships (``WORKFLOWS``); tests/github/workflow_runner.py
runs them the way GitHub Actions would, the real ``humas`` command inside.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.archive.record import load_records
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from tests.github.conftest import CHAIN, HUMAS1, SOP, TOKEN, World
from tests.github.fake import NAME, OWNER
from tests.github.workflow_runner import JobResult, WorkflowRunner
from tests.helpers import publikasi

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "pipeline" / "templates" / "github" / "workflows"
"""Where the workflow files live (the one place to change when they move)."""
GATE, PUBLISH = WORKFLOWS / "gate.yml", WORKFLOWS / "publish.yml"
MKDOCS = ROOT / "pipeline" / "templates" / "mkdocs.yml"
DRAFT = "content/publikasi/2025/wisuda/index.md"
PUBLICATION = "2025/wisuda"


@pytest.fixture
def record_key(tmp_path: Path) -> tuple[str, str]:
    """(private key, public key line) of the publish job: Ed25519, made with ssh-keygen."""
    path = tmp_path / "humas-publish"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "humas-publish", "-f", str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_text(), " ".join(path.with_suffix(".pub").read_text().split()[:2])


@pytest.fixture
def institution(world: World, record_key: tuple[str, str]) -> World:
    """main of the local GitHub holds the institution's files: sop.yml (the publish job's public key in
    record_keys), mkdocs.yml, the workflows."""
    sop = SOP.replace("record_keys: []", f'record_keys: ["{record_key[1]}"]')
    assert sop != SOP
    files: dict[str, bytes | None] = {"sop.yml": sop.encode(), "mkdocs.yml": MKDOCS.read_bytes()}
    for workflow in WORKFLOWS.glob("*.yml"):
        files[f".github/workflows/{workflow.name}"] = workflow.read_bytes()
    world.fake.push_main(files)
    return world


def runner(
    world: World,
    workflow: Path,
    event_name: str,
    event: dict[str, Any],
    *,
    sha: str,
    ref: str,
    secrets: dict[str, str] | None = None,
) -> WorkflowRunner:
    return WorkflowRunner(
        workflow,
        workdir=world.tmp / f"run-{workflow.stem}-{len(list(world.tmp.glob('run-*')))}",
        git_url=f"file://{world.fake.git_dir}",
        api_url=world.fake.base_url,
        repository=f"{OWNER}/{NAME}",
        token=TOKEN,
        event_name=event_name,
        event=event,
        sha=sha,
        ref=ref,
        secrets=secrets,
    )


def push_event(world: World, sha: str) -> dict[str, Any]:
    return {
        "ref": "refs/heads/main",
        "before": world.fake.commits[sha].parents[0],
        "after": sha,
        "repository": {"full_name": f"{OWNER}/{NAME}", "default_branch": "main"},
    }


def run_gate(world: World, number: int) -> JobResult:
    """The gate workflow on the review that completed the chain."""
    pull = world.fake.pulls[number]
    event = world.pr_event(number, "pull_request_review")
    run = runner(world, GATE, "pull_request_review", event, sha=pull.head_sha, ref=f"refs/pull/{number}/merge")
    return run.run_job("gate")


def run_publish(world: World, sha: str, key: str, *, post: bool = True) -> dict[str, JobResult]:
    """The publish workflow on the push of ``sha`` to main (without its post job: ``post=False``)."""
    run = runner(
        world,
        PUBLISH,
        "push",
        push_event(world, sha),
        sha=sha,
        ref="refs/heads/main",
        secrets={"HUMAS_RECORD_KEY": key},
    )
    return run.run(["deploy"] if post is False else None)


def refs(world: World) -> str:
    return world.fake.git("for-each-ref", "--format=%(refname) %(objectname)")


def clone(world: World, where: Path) -> GitRepo:
    subprocess.run(
        ["git", "clone", "--quiet", "--no-checkout", str(world.fake.git_dir), str(where)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["git", "-C", str(where), "fetch", "--quiet", "origin", "arsip:arsip"], check=False, capture_output=True
    )
    return GitRepo(where)


def run_dir(job: JobResult) -> Path:
    assert job.workspace is not None
    return job.workspace.parents[2]


def failed(job: JobResult) -> str:
    return f"job {job.id}: {job.result}\n{job.log}"


def test_a_signed_pull_request_is_merged_by_the_gate_then_recorded_signed_and_built(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    head, main_before = pull.head_sha, world.fake.branches["main"]
    world.sign_chain(pull.number)

    gate = run_gate(world, pull.number)

    assert gate.result == "success", failed(gate)
    assert any(s.startswith("pip install skipped: humas") for s in gate.substitutions)
    assert world.fake.status_of(head)["state"] == "success"
    merge = world.fake.git("rev-parse", "refs/heads/main").strip()
    assert merge == pull.merge_commit_sha == world.fake.branches["main"]
    assert world.fake.git("rev-list", "--parents", "-n1", merge).split() == [merge, main_before, head]
    message = world.fake.git("log", "-1", "--format=%B", merge)
    trailers = subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    signers = [line.split(": ", 1)[0] + " " + line.split("<", 1)[1].split(">", 1)[0] for line in trailers[:-1]]
    assert signers == [
        f"Humas-Verifikasi {CHAIN[0]}",
        f"Humas-Pengendalian {CHAIN[1]}",
        f"Humas-Persetujuan {CHAIN[2]}",
        f"Humas-Pengesahan {CHAIN[3]}",
    ]
    assert trailers[-1] == f"Humas-Head: {head}"
    assert world.fake.git("show", f"{merge}:{DRAFT}") == publikasi()

    jobs = run_publish(world, merge, record_key[0], post=False)

    record = jobs["record"]
    assert record.result == "success", failed(record)
    assert f"verified: #{pull.number} merged as {merge[:7]} carries every signature" in record.log
    repo = clone(world, world.tmp / "after")
    [written] = [r for r in load_records(BranchStore(repo)) if r.merge_commit == merge]
    assert written.attestation, "the record is signed with HUMAS_RECORD_KEY"
    assert written.publications.keys() == {PUBLICATION}
    assert record.step("Build the website").stdout.splitlines()[-1].startswith("Built 1 publication(s) into site/ in ")
    page = run_dir(record) / "artifacts" / "github-pages" / PUBLICATION / "index.html"
    assert "Wisuda Angkatan 2025" in page.read_text()
    assert jobs["deploy"].result == "success"
    assert jobs["deploy"].substitutions == ["actions/deploy-pages: not deployed"]
    assert record_key[0] not in record.log and TOKEN not in gate.log + record.log


def test_a_merge_that_bypassed_the_gate_is_not_recorded_built_or_posted(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    world.fake.review(pull.number, CHAIN[0])
    merge = world.fake.merge_pull(pull.number)  # an admin on the web, no gate
    before = refs(world)

    jobs = run_publish(world, merge, record_key[0])

    record = jobs["record"]
    assert record.result == "failure"
    verify = record.step("Verify the merge and record it")
    assert (verify.outcome, verify.code) == ("failure", 1)
    assert verify.stderr.splitlines()[0] == (
        f"humas: nothing is published: #{pull.number} was merged into main as {merge[:7]} without the complete SOP "
        f"chain (rules: sop.yml of main before the merge, {world.fake.commits[merge].parents[0][:7]})"
    )
    assert [s.outcome for s in record.steps[record.steps.index(verify) + 1 :]] == ["skipped", "skipped"]
    assert (jobs["deploy"].result, jobs["post"].result) == ("skipped", "skipped")
    assert refs(world) == before, "nothing is written to the repository (no arsip, no record)"
    assert not (run_dir(record) / "artifacts").exists(), "nothing is built, nothing is posted"
