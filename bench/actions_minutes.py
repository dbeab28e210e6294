"""Actions minutes a month: the shipped workflows run by the test runner, their step times measured, the
billed minutes of a month modelled from them.

Every job of the month's events runs once here, with tests/github/workflow_runner.py against the local
GitHub (tests/github/fake.py) and a repository holding this one as its founding commit: the gate when a
pull request is opened and after each review (the last one merges), `humas review`, the publish run of
the merge (trust, record, deploy, post), a scheduled publish run with nothing due, the reminders and the
doctor. A job's time is the processor time (user and system, of every process its steps ran) here,
plus what the runner does not do. Processor time, not wall time: this machine is shared (its load average
was above 10 on 2 CPUs while this was measured), so its wall times say more about the neighbours than about
an idle GitHub runner; waiting for the network is not in it (the local GitHub answers at once).

- each install of humas (the runner replaces ``pip install`` steps: the test's environment has
  everything): the processor time of a real install of requirements.lock (``--no-compile``, as the
  workflows do) and of the project into a fresh virtual environment from local wheel files (what a
  restored pip cache gives; measured once, below);
- ``JOB_OVERHEAD`` seconds per job for what GitHub adds around the steps (setting up the job, fetching
  the actions, their post steps): an assumption, from the 5 to 20 s GitHub's logs show on standard runners.

GitHub bills each job rounded up to the whole minute (private repositories), so a month is the number of
each job times its minutes. Usage: ``.venv/bin/python bench/actions_minutes.py`` (about five minutes).
"""

from __future__ import annotations

import math
import pathlib
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.github.conftest import READ_ONLY, TOKEN, World  # noqa: E402
from tests.github.fake_issues import FakeGitHubIssues  # noqa: E402
from tests.github.fake_pulls import FakeGitHubWithPulls  # noqa: E402
from tests.github.test_workflow_runs import (  # noqa: E402
    DRAFT,
    GATE,
    PUBLISH,
    REVIEW,
    TEXT,
    pull_event,
    review_run_event,
    runner,
)
from tests.github.workflow_runner import JobResult  # noqa: E402

WORKFLOWS = ROOT / ".github" / "workflows"
JOB_OVERHEAD = 15.0
PUBLICATIONS = 60
REVIEWS = 4
PUSHES = 2  # a push or two while the draft is revised: one gate run each
SCHEDULED = 8 * 30  # publish.yml's cron: every two hours, 06:07 to 20:07 WIB
REMINDERS = 2 * 22  # remind.yml: twice a working day
DOCTORS = 4  # doctor.yml: weekly
GOAL = 1200


def install_seconds() -> float:
    """A real install of requirements.lock and of humas into a fresh virtual environment, from wheel files
    already on disk (as with GitHub's pip cache restored)."""
    with tempfile.TemporaryDirectory(prefix="humas-bench-pip-") as scratch:
        wheels, venv = pathlib.Path(scratch) / "wheels", pathlib.Path(scratch) / "venv"
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
        subprocess.run(
            [*pip, "download", "--require-hashes", "--no-deps", "-r", "requirements.lock", "-d", str(wheels)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for command in (
            ["--no-index", "--find-links", str(wheels), "--require-hashes", "--no-deps", "--no-compile"]
            + ["-r", "requirements.lock"],
            ["--no-index", "--no-deps", "--no-build-isolation", "."],
        ):
            subprocess.run(
                [python, "-m", "pip", "--disable-pip-version-check", "--quiet", "install", *command],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


class LocalGitHub(FakeGitHubWithPulls, FakeGitHubIssues):
    """The local GitHub with the lists the reminders (pull requests) and the doctor (issues) read."""

    ROUTES = list(dict.fromkeys([*FakeGitHubWithPulls.ROUTES, *FakeGitHubIssues.ROUTES]))


def seconds(job: JobResult, install: float) -> float:
    """The job's steps here, a real install for its install of humas, and GitHub's overhead."""
    installs = sum(
        1 for step in job.steps if step.stdout.startswith("pip install skipped") and ", humas" in step.stdout
    )
    return sum(step.cpu_seconds for step in job.steps) + JOB_OVERHEAD + install * installs


def month(install: float, scratch: pathlib.Path) -> list[tuple[str, int, float]]:
    """[(job, runs a month, seconds per run)]."""
    fake = LocalGitHub().start()
    try:
        fake.add_token(TOKEN)
        fake.add_token(READ_ONLY, write=False)
        key_path = scratch / "record-key"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key_path)], check=True, capture_output=True
        )
        public = " ".join(key_path.with_suffix(".pub").read_text().split()[:2])
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = {p: (ROOT / p).read_bytes() for p in listed.decode().split("\0") if (ROOT / p).is_file()}
        files["sop.yml"] = (
            (ROOT / "sop.yml").read_text().replace("record_keys: []", f'record_keys: ["{public}"]').encode()
        )
        fake.init_main(files)
        world = World(fake, scratch)
        secrets = {"HUMAS_RECORD_KEY": key_path.read_text()}
        rows: list[tuple[str, int, float]] = []

        def timed(name: str, count: int, run: Callable[[], dict[str, JobResult]]) -> None:
            for job_id, job in run().items():
                if job.result == "skipped":
                    continue
                if job.result != "success":
                    raise SystemExit(f"bench: {name} {job_id} failed:\n{job.log}")
                rows.append((f"{name}: {job_id}", count, seconds(job, install)))

        pull = fake.open_pull("humas1-pkj2", "publikasi/wisuda", {DRAFT: TEXT.encode()})
        opened = pull_event(world, pull.number, "opened")
        timed(
            "gate",
            PUBLICATIONS * (1 + PUSHES),
            lambda: {"gate": runner(world, GATE, "pull_request_target", opened).run_job("gate")},
        )
        for login in ("akademik-pkj2", "spi-pkj2", "wadir1-pkj2", "reni-c"):
            fake.review(pull.number, login)
        review = runner(
            world,
            REVIEW,
            "pull_request_review",
            pull_event(world, pull.number, "submitted"),
            sha=pull.head_sha,
            ref=f"refs/pull/{pull.number}/merge",
        )
        timed("review", PUBLICATIONS * REVIEWS, lambda: {"review": review.run_job("review")})
        last = runner(world, GATE, "workflow_run", review_run_event(world, pull.number))
        timed("gate after a review (the last merges)", PUBLICATIONS * REVIEWS, lambda: {"gate": last.run_job("gate")})
        [dispatch] = fake.dispatches
        event = {"ref": "refs/heads/main", "inputs": dispatch["inputs"], "repository": fake.repo_json()}
        timed(
            "publish", PUBLICATIONS, lambda: runner(world, PUBLISH, "workflow_dispatch", event, secrets=secrets).run()
        )
        schedule = {"schedule": "7 1,3,5,7,9,11,13,23 * * *", "repository": fake.repo_json()}
        timed(
            "publish, scheduled, nothing due",
            SCHEDULED,
            lambda: runner(world, PUBLISH, "schedule", schedule, secrets=secrets).run(),
        )
        for name, count in (("remind.yml", REMINDERS), ("doctor.yml", DOCTORS)):
            path = WORKFLOWS / name
            timed(
                name,
                count,
                lambda path=path: runner(
                    world, path, "workflow_dispatch", {"repository": fake.repo_json()}, secrets=secrets
                ).run(),
            )
        return rows
    finally:
        fake.stop()


def main() -> int:
    install = install_seconds()
    print(f"pip install of requirements.lock and humas, from local wheels: {install:.1f} s of processor time")
    with tempfile.TemporaryDirectory(prefix="humas-bench-actions-") as scratch:
        rows = month(install, pathlib.Path(scratch))
    total = 0
    print("| job | runs a month | s per run (processor time of steps and install + overhead) | billed minutes |")
    print("|---|---:|---:|---:|")
    for name, count, spent in rows:
        billed = count * math.ceil(spent / 60)
        total += billed
        print(f"| {name} | {count} | {spent:.0f} | {billed} |")
    print(f"| **a month** | | | **{total}** |")
    print(f"goal ≤ {GOAL}: {'met' if total <= GOAL else 'MISSED'}")
    return 0 if total <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
