"""The daily reading of what each post reached (``.github/workflows/jangkauan.yml``), run by the test runner
against the local GitHub: it holds the channels' secrets and the record key, so it installs only main's
newest verified commit, found with plain git and ssh-keygen before anything of the repository runs; a
bypass merge's build hook never runs where the secrets are."""

from __future__ import annotations

import yaml

from tests.github.conftest import HUMAS1, World
from tests.github.test_trust_edges import HOOK, head_of
from tests.github.test_workflow_runs import ROOT, WORKFLOWS, failed, refs, runner, step

JANGKAUAN = WORKFLOWS / "jangkauan.yml"


def test_the_daily_reading_runs_only_verified_code(institution: World, record_key: tuple[str, str]) -> None:
    world = institution
    founding = world.fake.branches["main"]
    evil = {
        "pyproject.toml": (ROOT / "pyproject.toml").read_bytes()
        + b'\n[tool.hatch.build.hooks.custom]\npath = "hatch_build.py"\n',
        "hatch_build.py": HOOK.encode(),
    }
    pull = world.fake.open_pull(HUMAS1, "perbaikan", evil)
    world.fake.merge_pull(pull.number)  # an admin on the web, past the gate
    before = refs(world)

    job = runner(
        world, JANGKAUAN, "schedule", {"schedule": "37 22 * * *"}, secrets={"HUMAS_RECORD_KEY": record_key[0]}
    ).run_job("baca")

    assert job.result == "success", failed(job)
    assert step(job, "Only verified code runs here").stdout == f"{founding} is verified: the code that runs here\n"
    [installed] = job.projects
    assert head_of(installed) == founding and job.hooks_run == []
    assert step(job, "Read what each post reached").stdout == "0 pembacaan disimpan di cabang arsip\n"
    assert record_key[0] not in job.log and "HOOK RAN" not in job.log
    assert refs(world) == before, "no reading, nothing written"


def test_the_reading_is_daily_with_least_permissions_and_signs_what_it_keeps() -> None:
    data = yaml.safe_load(JANGKAUAN.read_text())
    assert data[True] == {"schedule": [{"cron": "37 22 * * *"}], "workflow_dispatch": None}
    assert data["permissions"] == {} and data["concurrency"] == {
        "group": "humas-jangkauan",
        "cancel-in-progress": False,
    }
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "write"} and job["environment"] == "publikasi"
    last = job["steps"][-1]
    assert last["run"] == "humas jangkauan baca"
    assert last["env"]["HUMAS_RECORD_KEY"] == "${{ secrets.HUMAS_RECORD_KEY }}"
    assert last["env"]["HUMAS_ARCHIVE_REMOTE"] == "origin", "each reading is pushed to the archive"
