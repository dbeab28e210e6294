"""The gate and publish workflows, run: their steps (``run:`` scripts with the environment they declare,
``actions/checkout`` as a clone of the local GitHub's bare repository) against the local GitHub.

The workflow files are the ones this repository ships (``WORKFLOWS``); tests/github/workflow_runner.py
runs them the way GitHub Actions would, the real ``humas`` command inside.
"""

from __future__ import annotations

import subprocess
import tarfile
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.archive.record import load_records
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from tests.deploy.sshd import start_sshd
from tests.github.conftest import CHAIN, HUMAS1, READ_ONLY, TOKEN, World
from tests.github.fake import NAME, OWNER
from tests.github.workflow_runner import (
    Environment,
    JobResult,
    Scope,
    StepResult,
    Strict,
    WorkflowError,
    WorkflowRunner,
    condition,
    evaluate,
)
from tests.helpers import publikasi

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
"""Where the workflow files live (the one place to change when they move)."""
GATE, REVIEW, PUBLISH = WORKFLOWS / "gate.yml", WORKFLOWS / "review.yml", WORKFLOWS / "publish.yml"
DRAFT = "content/publikasi/2025/wisuda/index.md"
PUBLICATION = "2025/wisuda"
OTHER = "content/publikasi/2025/dies/index.md"
TEXT = publikasi(channels='  website: {}\n  facebook:\n    caption: "Selamat kepada para wisudawan."\n')


def runner(
    world: World,
    workflow: Path,
    event_name: str,
    event: dict[str, Any],
    *,
    sha: str | None = None,
    ref: str = "refs/heads/main",
    secrets: dict[str, str] | None = None,
    variables: dict[str, str] | None = None,
    scoped: bool = True,
) -> WorkflowRunner:
    """A run of ``workflow`` (by default for main's tip, as pull_request_target and workflow_run are).
    ``secrets`` are the protected environments' (publikasi, humas-gate: main only), as docs/github.md sets
    them up; each job gets a token with exactly the write scopes it declares (``scoped``)."""
    return WorkflowRunner(
        workflow,
        workdir=world.tmp / f"run-{len(list(world.tmp.glob('run-*')))}-{workflow.stem}",
        git_url=f"file://{world.fake.git_dir}",
        api_url=world.fake.base_url,
        repository=f"{OWNER}/{NAME}",
        token=TOKEN,
        read_token=READ_ONLY,
        event_name=event_name,
        event=event,
        sha=sha or world.fake.branches["main"],
        ref=ref,
        secrets=None if scoped else secrets,
        variables=variables,
        environments={
            "publikasi": Environment(("main",), secrets or {}),
            "humas-gate": Environment(("main",), secrets or {}),
            "github-pages": Environment(("main",)),
        }
        if scoped
        else None,
        mint_token=partial(job_token, world) if scoped else None,
    )


def job_token(world: World, job: str, scopes: frozenset[str]) -> str:
    """A job's GITHUB_TOKEN, registered with the local GitHub with exactly ``scopes`` for writes."""
    token = f"ghs_job{len(world.fake.tokens):04d}{'w' if scopes else 'r'}" + "0" * 24
    world.fake.add_token(token, write=bool(scopes), scopes=set(scopes))
    return token


def pull_event(world: World, number: int, action: str) -> dict[str, Any]:
    """The payload of pull_request_target (opened, synchronize, ...) and pull_request_review (submitted)."""
    pull = world.fake.pulls[number]
    event = {
        "action": action,
        "number": number,
        "pull_request": world.fake.pull_simple(pull),
        "repository": world.fake.repo_json(),
        "sender": world.fake.user(pull.author),
    }
    if action == "submitted":
        [review] = world.fake.reviews[number][-1:]
        event["review"] = world.fake.review_json(number, review)
        event["sender"] = world.fake.user(review["login"])
    return event


def review_run_event(world: World, number: int) -> dict[str, Any]:
    """The payload of workflow_run when "humas review" (review.yml) completed for a review of ``number``."""
    pull = world.fake.pulls[number]
    simple = world.fake.pull_simple(pull)
    repository = world.fake.repo_json()
    return {
        "action": "completed",
        "workflow_run": {
            "id": 5151,
            "name": "humas review",
            "event": "pull_request_review",
            "status": "completed",
            "conclusion": "success",
            "head_sha": pull.head_sha,
            "head_branch": pull.head_ref,
            "head_repository": repository,
            "repository": repository,
            "pull_requests": [
                {
                    "number": number,
                    "id": simple["id"],
                    "url": simple["url"],
                    "head": {"ref": pull.head_ref, "sha": pull.head_sha},
                    "base": {"ref": pull.base_ref, "sha": pull.base_sha},
                }
            ],
        },
        "workflow": {"name": "humas review", "path": ".github/workflows/review.yml", "state": "active"},
        "repository": repository,
    }


def push_event(world: World, sha: str) -> dict[str, Any]:
    return {
        "ref": "refs/heads/main",
        "before": (world.fake.commits[sha].parents or ["0" * 40])[0],
        "after": sha,
        "repository": world.fake.repo_json(),
    }


def run_publish(
    world: World, event_name: str, event: dict[str, Any], key: str, *, post: bool = True
) -> dict[str, JobResult]:
    """The publish workflow for main's tip (without its post job: ``post=False``)."""
    run = runner(world, PUBLISH, event_name, event, secrets={"HUMAS_RECORD_KEY": key})
    return run.run(["deploy"] if post is False else None)


def scheduled(world: World, key: str) -> dict[str, JobResult]:
    """The scheduled publish run."""
    event = {"schedule": "7 1,3,5,7,9,11,13,23 * * *", "repository": world.fake.repo_json()}
    return run_publish(world, "schedule", event, key)


def step(job: JobResult, name: str) -> StepResult:
    """The one step of ``job`` whose name starts with ``name``."""
    [found] = [s for s in job.steps if s.name.startswith(name)]
    return found


def posted(job: JobResult) -> str:
    return step(job, "Post to the channels").stdout


def refs(world: World) -> str:
    return world.fake.git("for-each-ref", "--format=%(refname) %(objectname)")


def clone(world: World, where: Path) -> GitRepo:
    subprocess.run(
        ["git", "clone", "--quiet", "--no-checkout", str(world.fake.git_dir), str(where)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["git", "-C", str(where), "fetch", "--quiet", "origin", "arsip:arsip"], check=True, capture_output=True
    )
    return GitRepo(where)


def run_dir(job: JobResult) -> Path:
    assert job.workspace is not None
    return job.workspace.parents[2]


def failed(job: JobResult) -> str:
    return f"job {job.id}: {job.result}\n{job.log}"


def test_a_pull_request_evaluated_when_opened_is_merged_after_the_last_review_recorded_built_and_posted(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: TEXT.encode()})
    head, main_before = pull.head_sha, world.fake.branches["main"]

    opened = runner(world, GATE, "pull_request_target", pull_event(world, pull.number, "opened")).run_job("gate")

    assert opened.result == "success", failed(opened)
    # main's lock, installed in the test's environment: nothing to install
    [install] = [note for note in opened.substitutions if note.startswith("pip install")]
    assert install.startswith("pip install skipped: ") and ", humas, " in install and "differ" not in install
    assert world.fake.status_of(head)["state"] == "pending"
    previews = run_dir(opened) / "artifacts" / "humas-pratinjau"  # the approvers' previews, kept by the run
    assert "Selamat kepada para wisudawan." in (previews / PUBLICATION / "posts.html").read_text()
    assert len(world.fake.comments[pull.number]) == 1 and not pull.merged
    comment = world.fake.comments[pull.number][0]["body"]  # the checklist links the approvers to the previews
    assert "**Pratinjau** halaman website dan unggahan (Instagram, Facebook, TikTok, YouTube): berkas " in comment
    assert "`humas-pratinjau` di [run ini](" in comment and "/actions/runs/" in comment

    world.sign_chain(pull.number)
    review = runner(
        world,
        REVIEW,
        "pull_request_review",
        pull_event(world, pull.number, "submitted"),
        sha=head,
        ref=f"refs/pull/{pull.number}/merge",
    ).run_job("review")
    assert review.result == "success", failed(review)
    assert review.log.endswith(f"Review on pull request #{pull.number}; the humas gate evaluates it from main.\n")
    gate = runner(world, GATE, "workflow_run", review_run_event(world, pull.number)).run_job("gate")

    assert gate.result == "success", failed(gate)
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
    assert world.fake.git("show", f"{merge}:{DRAFT}") == TEXT
    [dispatch] = world.fake.dispatches
    assert dispatch == {"workflow": "publish.yml", "ref": "main", "inputs": {"sha": merge}}

    event = {
        "ref": "refs/heads/main",
        "inputs": dispatch["inputs"],
        "repository": world.fake.repo_json(),
        "workflow": ".github/workflows/publish.yml",
    }
    jobs = run_publish(world, "workflow_dispatch", event, record_key[0], post=False)

    record = jobs["record"]
    assert jobs["trust"].outputs["commit"] == main_before  # the founding commit: the code that verifies
    assert record.result == "success", failed(record)
    assert f"terverifikasi: #{pull.number} yang digabungkan sebagai {merge[:7]} memuat semua tanda tangan" in record.log
    assert record.outputs == {"commit": merge}
    repo = clone(world, world.tmp / "after")
    [written] = [r for r in load_records(BranchStore(repo)) if r.merge_commit == merge]
    assert written.attestation, "the record is signed with HUMAS_RECORD_KEY"
    assert written.publications.keys() == {PUBLICATION}
    *_, built, notice = step(jobs["deploy"], "Build the website").stdout.splitlines()
    assert built.startswith("Situs web dengan 1 publikasi dibuat di site/ dalam ")
    assert notice.startswith("catatan: dukungan Material for MkDocs")  # once per build: its end of life
    with tarfile.open(run_dir(record) / "artifacts" / "github-pages" / "artifact.tar") as pages:
        page = pages.extractfile(f"./{PUBLICATION}/index.html")
        assert page is not None and "Wisuda Angkatan 2025" in page.read().decode()
    assert jobs["deploy"].result == "success", failed(jobs["deploy"])
    assert jobs["deploy"].substitutions[-1] == "actions/deploy-pages: not deployed"
    assert record_key[0] not in "".join(j.log for j in jobs.values())
    assert TOKEN not in opened.log + gate.log + record.log

    # Someone with push access to arsip replaces the record's signature with a forged one: the next run's
    # record job does not take it for "already recorded", and writes the signed record again.
    forger = clone(world, world.tmp / "forger")
    forged = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"
    BranchStore(forger).write({f"{written.path}/record.json.sig": forged.encode()}, "a forged signature")
    forger.run("push", "--quiet", "origin", "arsip")

    # A private repository: the same run deploys to the institution's own server (HUMAS_DEPLOY=ssh).
    (world.tmp / "sshd").mkdir()
    server = start_sshd(world.tmp / "sshd")
    web_root = server.root / "www"
    try:
        again = runner(
            world,
            PUBLISH,
            "workflow_dispatch",
            event,
            secrets={
                "HUMAS_RECORD_KEY": record_key[0],
                "HUMAS_DEPLOY_SSH_KEY": server.key,
                "HUMAS_DEPLOY_SSH_KNOWN_HOSTS": f"[127.0.0.1]:{server.port} {server.host_key}",
            },
            variables={
                "HUMAS_DEPLOY": "ssh",
                "HUMAS_DEPLOY_SSH_TARGET": f"{server.user}@127.0.0.1:{web_root}",
                "HUMAS_DEPLOY_SSH_PORT": str(server.port),
            },
        ).run(["deploy-ssh", "post"])
    finally:
        server.stop()
    assert f"catatan: arsip:{written.path}" in again["record"].log
    [rewritten] = [r for r in load_records(BranchStore(clone(world, world.tmp / "after2"))) if r.merge_commit == merge]
    assert rewritten.attestation is not None and rewritten.attestation != forged
    assert (again["deploy"].result, again["deploy-ssh"].result) == ("skipped", "success"), failed(again["deploy-ssh"])
    assert "Wisuda Angkatan 2025" in (web_root / PUBLICATION / "index.html").read_text()
    assert server.key not in again["deploy-ssh"].log
    # The post job of the same run verifies the merge again (without the record key) and posts.
    assert again["post"].result == "success", failed(again["post"])
    assert "menunggu          2025/wisuda → facebook: menunggu unggah manual: outbox/facebook/2025-wisuda" in posted(
        again["post"]
    )
    assert (run_dir(again["post"]) / "artifacts" / "outbox" / "facebook" / "2025-wisuda").is_dir()

    first = scheduled(world, record_key[0])  # the outbox package waits for a person: nothing is due

    assert step(first["trust"], "Ask what is due").stdout == "tidak ada yang jatuh tempo\n"
    assert first["trust"].outputs == {"commit": merge, "unverified": "0", "post": "false", "site": "false"}
    assert [first[j].result for j in ("record", "deploy", "deploy-ssh", "post")] == ["skipped"] * 4

    # An admin merges another draft on the web, bypassing the gate: it is not recorded, and the next
    # scheduled run tries it again (loudly), records nothing and builds or posts nothing.
    other = world.fake.open_pull(HUMAS1, "publikasi/dies", {OTHER: TEXT.replace("Wisuda", "Dies Natalis").encode()})
    bypass = world.fake.merge_pull(other.number)
    assert run_publish(world, "push", push_event(world, bypass), record_key[0])["record"].result == "failure"
    before = refs(world)

    second = scheduled(world, record_key[0])

    assert step(second["trust"], "Ask what is due").stdout == "tidak ada yang jatuh tempo\n"
    assert second["trust"].outputs == {"commit": merge, "unverified": "1", "post": "false", "site": "false"}
    assert second["record"].result == "failure"
    refused = f"humas: nothing is published: #{other.number} was merged into main as {bypass[:7]} without the "
    assert refused + "complete SOP chain" in step(second["record"], "Verify and record").stderr
    assert [second[j].result for j in ("deploy", "deploy-ssh", "post")] == ["skipped"] * 3
    assert refs(world) == before and not (run_dir(second["trust"]) / "artifacts").exists()


def test_a_merge_that_bypassed_the_gate_is_not_recorded_built_or_posted(
    institution: World, record_key: tuple[str, str]
) -> None:
    world = institution
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: TEXT.encode()})
    world.fake.review(pull.number, CHAIN[0])
    merge = world.fake.merge_pull(pull.number)  # an admin on the web, no gate
    before = refs(world)

    jobs = run_publish(world, "push", push_event(world, merge), record_key[0])

    record = jobs["record"]
    assert record.result == "failure"
    verify = step(record, "Verify and record")
    assert (verify.outcome, verify.code) == ("failure", 1)
    assert verify.stderr.splitlines()[0] == (
        f"humas: nothing is published: #{pull.number} was merged into main as {merge[:7]} without the complete SOP "
        f"chain (rules: sop.yml of main before the merge, {world.fake.commits[merge].parents[0][:7]})"
    )
    assert verify.stdout == f"commit terverifikasi terbaru: {world.fake.commits[merge].parents[0]}\n"
    assert [jobs[j].result for j in ("deploy", "post")] == ["skipped"] * 2
    assert refs(world) == before, "nothing is written to the repository (no arsip, no record)"
    assert not (run_dir(record) / "artifacts").exists(), "nothing is built, nothing is posted"


# --- the runner itself ---------------------------------------------------------------------------

CONTEXTS: dict[str, Any] = {
    "github": Strict("github", {"event_name": "push", "event": {"workflow_run": {"head_sha": "abc"}}}),
    "secrets": {"SET": "s3cret"},
    "vars": {},
    "needs": Strict("needs", {"deploy": {"result": "skipped", "outputs": {}}}),
    "steps": Strict("steps", {"made": {"outputs": {"page": "p"}, "outcome": "success", "conclusion": "success"}}),
}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("github.event_name == 'PUSH'", True),  # strings compare ignoring case, as on GitHub
        ("github.event_name != 'schedule' && !cancelled()", True),
        ("!cancelled() && (needs.deploy.result == 'success' || github.event_name == 'schedule')", False),
        ("github.event.pull_request.head.sha || github.event.workflow_run.head_sha", "abc"),
        ("secrets.SET && secrets.UNSET", None),
        ("steps.made.outputs.page", "p"),
        ("steps['made'].outputs['page'] == 'P'", True),
        ("format('{0}-{1}{{x}}', 'a', 1)", "a-1{x}"),
        ("contains(fromJSON('[\"a\", \"b\"]'), 'B') && startsWith('refs/heads/main', 'refs/heads/')", True),
        ("1 < 2 && '10' > 9", True),
    ],
)
def test_expressions_evaluate_as_on_github(expression: str, value: Any) -> None:
    assert evaluate(expression, Scope(CONTEXTS)) == value


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("github.nope", "github has no 'nope' here"),
        ("needs.record.result", "needs has no 'record' here"),
        ("steps.later.outputs.x", "steps has no 'later' here"),
        (
            "matrix.os",
            "the context 'matrix' is not supported (only github, secrets, vars, env, inputs, steps, needs, runner)",
        ),
        ("toLower('A')", "the function toLower() is not supported"),
        ("github.event_name * 2", "unsupported at '* 2'"),
        ("(always()", "it ends too early"),
    ],
)
def test_what_the_runner_cannot_evaluate_is_refused(expression: str, why: str) -> None:
    with pytest.raises(WorkflowError) as caught:
        evaluate(expression, Scope(CONTEXTS))
    assert str(caught.value) == f"cannot evaluate expression {expression!r}: {why}"


def test_an_if_without_a_status_function_needs_success() -> None:
    assert condition("${{ github.event_name == 'push' }}", Scope(CONTEXTS, "success"))
    assert not condition("github.event_name == 'push'", Scope(CONTEXTS, "failure"))
    assert condition("${{ always() && github.event_name == 'push' }}", Scope(CONTEXTS, "failure"))
    assert condition(None, Scope(CONTEXTS, "success")) and not condition(None, Scope(CONTEXTS, "failure"))


WORKFLOW = """
name: runner check
on:
  push:
    branches: [main]
env:
  FROM_WORKFLOW: w
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      said: ${{ steps.say.outputs.text }}
    env:
      FROM_JOB: ${{ github.ref_name }}
    steps:
      - uses: actions/checkout@v4
        with:
          path: shallow
      - uses: actions/checkout@v4
        with:
          ref: main
          fetch-depth: 0
          path: full
      - id: say
        working-directory: shallow
        env:
          FROM_STEP: ${{ secrets.SET }}
        run: |
          echo "text<<END" >> "$GITHUB_OUTPUT"
          printf '%s|%s|%s\\n' "$FROM_WORKFLOW" "$FROM_JOB" "$(git rev-list --count HEAD)" >> "$GITHUB_OUTPUT"
          echo "END" >> "$GITHUB_OUTPUT"
          echo "LATER=$(git -C ../full rev-list --count HEAD)" >> "$GITHUB_ENV"
          echo "## said" >> "$GITHUB_STEP_SUMMARY"
          test "$FROM_STEP" = s3cret
      - run: exit 3
        continue-on-error: true
      - uses: actions/upload-pages-artifact@v3
        with:
          path: shallow/
      - run: |
          echo "full history: $LATER commits; said ${{ steps.say.outputs.text }}"
  second:
    needs: first
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: github-pages
          path: ${{ runner.temp }}/pages
      - env:
          GITHUB_TOKEN: ${{ github.token }}
        run: |
          site="$(tar -xOf "$RUNNER_TEMP/pages/artifact.tar" ./README.md)"
          echo "${{ needs.first.outputs.said }} ${GITHUB_TOKEN:0:8} $site"
          exit 1
      - if: ${{ failure() }}
        run: echo "after the failure"
      - run: echo "never"
"""


def test_a_workflow_runs_its_jobs_steps_and_checkouts_as_github_would(world: World) -> None:
    world.fake.push_main({"README.md": b"two\n"})
    path = world.tmp / "check.yml"
    path.write_text(WORKFLOW)
    run = runner(
        world, path, "push", push_event(world, world.fake.branches["main"]), secrets={"SET": "s3cret"}, scoped=False
    )

    jobs = run.run()

    first, second = jobs["first"], jobs["second"]
    assert first.result == "success", failed(first)
    assert first.outputs == {"said": "w|main|1"}  # fetch-depth 1: one commit
    assert first.summary == "## said\n"
    assert [s.outcome for s in first.steps] == ["success", "success", "success", "failure", "success", "success"]
    assert [s.conclusion for s in first.steps][3] == "success"  # continue-on-error
    assert first.steps[5].stdout == "full history: 2 commits; said w|main|1\n"
    assert second.result == "failure"
    assert [(s.outcome, s.stdout) for s in second.steps] == [
        ("success", ""),
        # the site of the first job, as artifact.tar; a job granted no write gets the read-only token
        ("failure", "w|main|1 ghs_r3ad two\n"),
        ("success", "after the failure\n"),
        ("skipped", ""),
    ]


def test_a_pip_install_step_is_skipped_only_when_it_installs_nothing_new(world: World) -> None:
    path = world.tmp / "pip.yml"
    steps = {
        "present": "python -m pip install --disable-pip-version-check 'httpx' pyyaml==${PIN}",
        "absent": "python -m pip install surely-not-installed-here",
        "more": "python -m pip install httpx\nrm -rf /",
        "nodeps": "python -m pip install certifi && python -m pip install --no-deps ${PROJECT}",
    }
    project = world.tmp / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "httpx"\ndependencies = ["anyio", "certifi", "idna"]\n')
    path.write_text(
        yaml.safe_dump(
            {
                "on": "push",
                "jobs": {
                    job: {"env": {"PIN": "0.0.1", "PROJECT": str(project)}, "steps": [{"run": script}]}
                    for job, script in steps.items()
                },
            }
        )
    )
    run = runner(world, path, "push", push_event(world, world.fake.branches["main"]), scoped=False)

    present = run.run_job("present")

    assert present.result == "success"
    [note] = present.substitutions
    assert (
        note == f"pip install skipped: httpx, pyyaml already installed; versions differ from the pins: "
        f"pyyaml==0.0.1 (installed {metadata.version('pyyaml')})"
    )
    with pytest.raises(WorkflowError) as caught:
        run.run_job("absent")
    assert str(caught.value) == (
        "the step installs surely-not-installed-here, which the test's environment does not "
        "have (this runner never installs into it)"
    )
    with pytest.raises(WorkflowError) as caught:
        run.run_job("more")
    assert str(caught.value) == (
        "a pip install step does more than install ('rm -rf /'): this runner only replaces "
        "steps made of `python -m pip install` commands"
    )

    nodeps = run.run_job("nodeps")

    assert nodeps.result == "failure" and nodeps.substitutions == []
    assert nodeps.steps[0].stderr == (
        "httpx is installed with --no-deps, and nothing this job installed provides its dependencies anyio, idna: "
        "on GitHub they would be missing\n"
    )
