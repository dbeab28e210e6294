"""Only verified code holds a secret, and no merge is dropped: the shipped workflows, run by the test runner
(tests/github/workflow_runner.py) with the protected environments, job token scopes, concurrency and
re-runs GitHub applies, against the local GitHub.

A commit is verified when it is main's founding commit or a merge whose record on arsip is signed by the
record job (``humas verified-commit``). The attacker here has write access: they can merge on the web
past the gate (an admin's bypass), push branches and workflows of their own, and re-run old runs.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path

import httpx
import yaml

from pipeline.archive.record import load_records
from pipeline.archive.store import BranchStore
from tests.github.conftest import HUMAS1, World
from tests.github.fake import NAME, OWNER
from tests.github.test_workflow_runs import (
    PUBLISH,
    REVIEW,
    ROOT,
    clone,
    failed,
    job_token,
    pull_event,
    push_event,
    refs,
    run_dir,
    runner,
    step,
)
from tests.github.workflow_runner import Concurrency, JobResult, WorkflowRunner, workflow_file
from tests.helpers import publikasi

WORKFLOWS = ROOT / ".github" / "workflows"
HOOK = 'import os\nprint("BUILD HOOK RAN with", os.environ.get("HUMAS_RECORD_KEY") or "no record key")\n'
MKDOCS_HOOK = 'import os\nprint("MKDOCS HOOK RAN with", os.environ.get("HUMAS_RECORD_KEY") or "no record key")\n'


def draft(slug: str, title: str) -> tuple[str, bytes]:
    text = publikasi(channels='  website: {}\n  facebook:\n    caption: "Selamat."\n').replace(
        "Wisuda Angkatan 2025", title
    )
    return f"content/publikasi/2025/{slug}/index.md", text.encode()


def signed_merge(world: World, branch: str, changes: dict[str, bytes | None]) -> tuple[int, str]:
    """A pull request signed by every step of its chain, merged (number, merge commit)."""
    pull = world.fake.open_pull(HUMAS1, branch, changes)
    world.sign_chain(pull.number)
    return pull.number, world.fake.merge_pull(pull.number)


def publish_run(world: World, merge: str, key: str) -> WorkflowRunner:
    return runner(world, PUBLISH, "push", push_event(world, merge), secrets={"HUMAS_RECORD_KEY": key})


def logs(jobs: dict[str, JobResult]) -> str:
    return "".join(job.log for job in jobs.values())


def head_of(folder: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()


def test_a_bypass_merge_whose_build_hooks_would_print_the_record_key_never_runs_where_the_key_is(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    founding = world.fake.branches["main"]
    evil = {
        "pyproject.toml": (ROOT / "pyproject.toml").read_bytes()
        + b'\n[tool.hatch.build.hooks.custom]\npath = "hatch_build.py"\n',
        "hatch_build.py": HOOK.encode(),
        "mkdocs.yml": (ROOT / "mkdocs.yml").read_bytes() + b"hooks:\n  - docs/hook.py\n",
        "docs/hook.py": MKDOCS_HOOK.encode(),
    }
    pull = world.fake.open_pull(HUMAS1, "perbaikan", evil)
    bypass = world.fake.merge_pull(pull.number)  # an admin on the web, past the gate
    before = refs(world)

    jobs = publish_run(world, bypass, record_key[0]).run()

    assert jobs["trust"].outputs["commit"] == founding and jobs["trust"].hooks_run == []
    record = jobs["record"]
    assert record.result == "failure"
    assert step(record, "Only verified code runs here").stdout == f"{founding} is verified: the code that runs here\n"
    [installed] = record.projects  # the verifier is the founding commit's code, not the merge's
    assert head_of(installed) == founding and installed.name == "verified"
    assert step(record, "Verify and record").stderr.startswith(
        f"humas: nothing is published: #{pull.number} was merged into main as {bypass[:7]} without the complete SOP "
        "chain"
    )
    assert [jobs[j].result for j in ("deploy", "deploy-ssh", "post")] == ["skipped"] * 3
    assert all(job.hooks_run == [] for job in jobs.values())
    assert record_key[0] not in logs(jobs) and "HOOK RAN" not in logs(jobs)
    assert refs(world) == before, "nothing recorded, nothing posted"
    # the reminders (a write token) find main's newest verified commit themselves, and run its code
    remind = runner(
        world, WORKFLOWS / "remind.yml", "workflow_dispatch", {}, secrets={"HUMAS_RECORD_KEY": record_key[0]}
    ).run_job("remind")
    assert step(remind, "Only verified code runs here").stdout == f"{founding} is verified: the code that runs here\n"
    [installed] = remind.projects
    assert head_of(installed) == founding and remind.hooks_run == [] and record_key[0] not in remind.log

    # A signed publication merged after it: the bypass's code is main before that merge, so the secret-less
    # trust job runs its build hook (without a key); the record job still installs the founding commit's
    # code, and does not record (so never trusts) the signed merge: it carries the bypass's files.
    _, merge = signed_merge(world, "publikasi/dies", dict([draft("dies", "Dies Natalis")]))
    before = refs(world)

    after = publish_run(world, merge, record_key[0]).run()

    trust = after["trust"]
    assert [hook.name for hook in trust.hooks_run] == ["hatch_build.py"]
    assert "BUILD HOOK RAN with no record key" in trust.log
    record = after["record"]
    assert record.result == "failure", failed(record)
    [installed] = record.projects
    assert head_of(installed) == founding and record.hooks_run == []
    assert (
        f"humas: {merge[:7]} memuat docs/hook.py, hatch_build.py, mkdocs.yml, pyproject.toml yang berbeda dari "
        "commit terverifikasi terbaru maupun dari perubahannya sendiri yang disahkan (dibawa oleh commit yang tidak "
        "melalui SOP)\n" in step(record, "Verify and record").stderr
    )
    assert record.outputs == {"commit": founding}
    assert [after[j].result for j in ("deploy", "deploy-ssh", "post")] == ["skipped"] * 3
    assert record_key[0] not in logs(after) and "MKDOCS HOOK RAN" not in logs(after)
    assert all(job.hooks_run == [] for name, job in after.items() if name != "trust")
    assert refs(world) == before, "nothing recorded, nothing posted"
    doctor = runner(
        world, WORKFLOWS / "doctor.yml", "workflow_dispatch", {}, secrets={"HUMAS_RECORD_KEY": record_key[0]}
    ).run_job("doctor")
    [installed] = doctor.projects
    assert head_of(installed) == founding and doctor.hooks_run == [] and record_key[0] not in doctor.log


def test_a_run_cancelled_while_pending_is_caught_up_by_the_next_run(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    group = yaml.safe_load(PUBLISH.read_text())["concurrency"]
    queue = Concurrency()
    assert queue.queue(group["group"], "scheduled run", group["cancel-in-progress"]) == "running"
    first, one = signed_merge(world, "publikasi/dies", dict([draft("dies", "Dies Natalis")]))
    assert queue.queue(group["group"], f"push {one[:7]}", group["cancel-in-progress"]) == "pending"
    second, two = signed_merge(world, "publikasi/seminar", dict([draft("seminar", "Seminar Gizi")]))
    assert queue.queue(group["group"], f"push {two[:7]}", group["cancel-in-progress"]) == "pending"
    assert queue.cancelled == [f"push {one[:7]}"], "GitHub cancels the pending run of the first merge"
    assert queue.finish(group["group"]) == f"push {two[:7]}"

    jobs = publish_run(world, two, record_key[0]).run()

    record = jobs["record"]
    assert record.result == "success", failed(record)
    said = step(record, "Verify and record").stdout.splitlines()
    assert [line for line in said if line.startswith("terverifikasi")] == [
        f"terverifikasi: #{first} yang digabungkan sebagai {one[:7]} memuat semua tanda tangan",
        f"terverifikasi: #{second} yang digabungkan sebagai {two[:7]} memuat semua tanda tangan",
    ]
    assert said[-1] == f"commit terverifikasi terbaru: {two}"
    records = load_records(BranchStore(clone(world, world.tmp / "after")))
    assert {r.merge_commit for r in records if r.attestation} == {one, two}
    with tarfile.open(run_dir(record) / "artifacts" / "github-pages" / "artifact.tar") as pages:
        names = pages.getnames()
        stamp = pages.extractfile("./humas-build.json")
        assert stamp is not None and json.load(stamp) == {"commit": two}
    assert {"./2025/dies/index.html", "./2025/seminar/index.html"} <= set(names)
    assert jobs["deploy"].result == "success", failed(jobs["deploy"])


def test_a_re_run_of_an_old_runs_deploy_job_deploys_nothing(institution: World, record_key: tuple[str, str]) -> None:
    world = institution
    _, one = signed_merge(world, "publikasi/dies", dict([draft("dies", "Dies Natalis")]))
    old = publish_run(world, one, record_key[0])
    assert old.run(["deploy"])["deploy"].result == "success"
    _, two = signed_merge(world, "publikasi/seminar", dict([draft("seminar", "Seminar Gizi")]))
    assert publish_run(world, two, record_key[0]).run(["deploy"])["deploy"].result == "success"

    again = old.rerun("deploy")  # the same event, the old run's artifact and outputs

    deploy = again["deploy"]
    assert deploy.result == "failure"
    assert step(deploy, "Deploy only main's newest verified build").stderr == (
        f"humas: tidak dipasang: situs ini dibuat dari {one[:7]}, tetapi commit terverifikasi terbaru di main adalah "
        f"{two[:7]} (build yang lebih lama tidak pernah menggantikan situs web; run yang membuat {two[:7]} yang "
        "memasangnya)\n"
    )
    assert "actions/deploy-pages: not deployed" not in deploy.substitutions


def test_a_branch_workflow_gets_no_environment_secret_and_pull_requests_run_their_own_workflow(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    leaky = yaml.safe_load(REVIEW.read_text())
    leaky["jobs"]["review"]["environment"] = "humas-gate"
    leaky["jobs"]["review"]["steps"] = [{"run": "echo key=${{ secrets.HUMAS_APP_PRIVATE_KEY }}"}]
    pull = world.fake.open_pull(HUMAS1, "curang", {".github/workflows/review.yml": yaml.safe_dump(leaky).encode()})
    world.fake.review(pull.number, "akademik-pkj2")
    event = pull_event(world, pull.number, "submitted")

    own = workflow_file(world.fake.git_dir, "review.yml", "pull_request_review", event, "main", world.tmp / "pr")
    mains = workflow_file(world.fake.git_dir, "gate.yml", "pull_request_target", event, "main", world.tmp / "main")

    assert yaml.safe_load(own.read_text()) == leaky, "pull_request_review runs the pull request's workflow file"
    assert mains.read_bytes() == (ROOT / ".github" / "workflows" / "gate.yml").read_bytes()
    run = runner(
        world,
        own,
        "pull_request_review",
        event,
        sha=pull.head_sha,
        ref=f"refs/pull/{pull.number}/merge",
        secrets={"HUMAS_APP_PRIVATE_KEY": "app-private-key-0001"},
    )
    review = run.run_job("review")
    assert review.result == "failure" and review.steps[0].name == "environment"
    assert review.log == (
        f'## environment\nBranch "refs/pull/{pull.number}/merge" is not allowed to deploy to humas-gate due to '
        "environment protection rules.\n"
    )

    # a dispatch of the publish workflow from a branch: the jobs that name publikasi fail before any step
    branch = {"ref": "refs/heads/curang", "inputs": {}, "repository": world.fake.repo_json()}
    jobs = runner(
        world,
        PUBLISH,
        "workflow_dispatch",
        branch,
        ref="refs/heads/curang",
        secrets={"HUMAS_RECORD_KEY": record_key[0]},
    ).run(["record"])
    assert jobs["record"].log.startswith('## environment\nBranch "curang" is not allowed to deploy to publikasi')
    assert record_key[0] not in logs(jobs)


def test_a_jobs_token_writes_only_what_its_permissions_grant(world: World) -> None:
    statuses = job_token(world, "gate", frozenset({"statuses"}))
    pull = world.fake.open_pull(HUMAS1, "publikasi/dies", dict([draft("dies", "Dies Natalis")]))
    api = f"{world.fake.base_url}/repos/{OWNER}/{NAME}"
    headers = {"Authorization": f"token {statuses}"}

    status = httpx.post(f"{api}/statuses/{pull.head_sha}", json={"state": "success", "context": "x"}, headers=headers)
    merge = httpx.put(f"{api}/pulls/{pull.number}/merge", json={"sha": pull.head_sha}, headers=headers)

    assert status.status_code == 201
    assert (merge.status_code, merge.json()["message"]) == (403, "Resource not accessible by integration")
    assert not pull.merged
