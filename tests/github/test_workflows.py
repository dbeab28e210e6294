"""The workflow templates that ``humas init`` copies into .github/: zizmor finds nothing, every
ignore is justified, actions are pinned by commit, permissions are least."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).resolve().parents[2] / ".github"
WORKFLOWS = sorted((TEMPLATES / "workflows").glob("*.yml"))
ZIZMOR = str(Path(sys.executable).with_name("zizmor"))


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    assert {"gate.yml", "review.yml", "publish.yml", "tests.yml", "doctor.yml", "remind.yml"} <= {
        w.name for w in WORKFLOWS
    }
    done = subprocess.run(
        [ZIZMOR, "--offline", "--persona=auditor", "--format=json", "--no-progress", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == []


def test_every_zizmor_ignore_says_why() -> None:
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "zizmor: ignore[" in line:
                reason = line.split("]", 1)[1].strip()
                assert len(reason) > 20, f"{workflow.name}: an ignore without a reason: {line.strip()}"


def test_actions_are_pinned_by_commit_and_permissions_are_per_job() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text()
        for uses in re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)", text, re.MULTILINE):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", uses), f"{workflow.name}: {uses} unpinned"
        data = yaml.safe_load(text)
        assert data["permissions"] == {}
        assert data["concurrency"]["group"].startswith("humas-")
        for name, job in data["jobs"].items():
            assert "permissions" in job, f"{workflow.name}: job {name} has no permissions"
        assert "${{ github.event.pull_request.title" not in text and "head_ref" not in text


def test_the_gate_runs_mains_code_only_and_reads_the_pull_request_as_data() -> None:
    text = (TEMPLATES / "workflows" / "gate.yml").read_text()
    gate = yaml.safe_load(text)
    assert set(gate[True]) == {"pull_request_target", "workflow_run"}  # yaml reads the key `on` as True
    assert gate[True]["workflow_run"]["workflows"] == ["humas review"]
    steps = gate["jobs"]["gate"]["steps"]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    main, verified, install, pr, evaluate = (
        next(i for i, n in enumerate(names) if n.startswith(prefix))
        for prefix in (
            "Check out main",
            "Only main's newest verified commit decides",
            "Install humas from main",
            "Check out the pull request",
            "Evaluate",
        )
    )
    assert main < verified < install < pr < evaluate, "humas is installed from main before the pull request is on disk"
    assert steps[main]["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert steps[install]["working-directory"] == "main"
    assert "--require-hashes" in steps[install]["run"] and "requirements.lock" in steps[install]["run"]
    assert steps[pr]["with"]["path"] == "pr" and steps[pr]["with"]["persist-credentials"] is False
    assert steps[evaluate]["working-directory"] == "main"
    assert steps[evaluate]["env"]["HUMAS_CONTENT_DIR"] == "${{ github.workspace }}/pr"
    # the App's key only, in the environment humas-gate (main only), and only to the step that evaluates
    assert set(re.findall(r"secrets\.(\w+)", text)) == {"HUMAS_APP_PRIVATE_KEY"}
    assert gate["jobs"]["gate"]["environment"] == "humas-gate"
    assert steps[evaluate]["env"]["HUMAS_APP_ID"] == "${{ vars.HUMAS_APP_ID }}"
    assert gate["concurrency"]["cancel-in-progress"] is False, "never cancelled between its merge and its dispatch"
    review = yaml.safe_load((TEMPLATES / "workflows" / "review.yml").read_text())
    assert review["name"] == "humas review" and review["jobs"]["review"].get("permissions", {}) == {}
    assert all("uses" not in step for step in review["jobs"]["review"]["steps"])


def test_no_workflow_installs_a_package_by_name() -> None:
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "pip install" in line:
                assert "--require-hashes" in line or "--no-deps" in line, f"{workflow.name}: {line.strip()}"


def test_secrets_stay_in_publish() -> None:
    publish = yaml.safe_load((TEMPLATES / "workflows" / "publish.yml").read_text())
    jobs = publish["jobs"]
    assert jobs["post"]["environment"] == "publikasi"
    assert jobs["post"]["needs"] == ["trust", "record", "deploy", "deploy-ssh"]
    assert jobs["deploy"]["needs"] == jobs["deploy-ssh"]["needs"] == "record"
    for name, job in jobs.items():
        secrets = set(re.findall(r"secrets\.(\w+)", yaml.safe_dump(job)))
        if name in ("trust", "deploy"):  # no secret where the commit is not verified yet, or none is needed
            assert not secrets
        elif name == "record":  # only the key that signs the records it verified, in the protected environment
            assert secrets == {"HUMAS_RECORD_KEY"} and job["environment"] == "publikasi"
        elif name == "deploy-ssh":  # only the deploy key and the pinned host key, in the protected environment
            assert secrets == {"HUMAS_DEPLOY_SSH_KEY", "HUMAS_DEPLOY_SSH_KNOWN_HOSTS"}
            assert job["environment"] == "publikasi"
        else:
            assert bool(secrets) == (name == "post"), f"job {name}: the channels' secrets belong to the post job"
    posting = next(s for s in jobs["post"]["steps"] if s.get("name") == "Post to the channels")
    assert posting["env"]["HUMAS_ARCHIVE_REMOTE"] == "origin", "each claim is pushed before a platform call"


def test_codeowners_gives_everything_to_the_direktur_and_the_plans_to_the_koordinator() -> None:
    lines = [
        line.split()
        for line in (TEMPLATES.parent / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == [
        ["*", "@reni-c"],
        ["/CODEOWNERS", "@reni-c"],
        ["/sop.yml", "@reni-c"],
        ["/mkdocs.yml", "@reni-c"],
        ["/.github/", "@reni-c"],
        ["/pipeline/", "@reni-c"],
        ["/content/rencana/", "@humas-pkj2"],
    ]
    sop = yaml.safe_load((TEMPLATES.parent / "sop.yml").read_text())
    [direktur] = sop["roles"]["pengarah"]
    [koordinator] = sop["roles"]["ketua_tim"]
    assert (sop["people"][direktur]["github"], sop["people"][koordinator]["github"]) == ("reni-c", "humas-pkj2")


def documented_settings() -> set[str]:
    docs = Path(__file__).resolve().parents[2] / "docs" / "channels"
    return {name for page in docs.glob("*.md") for name in re.findall(r"\bHUMAS_[A-Z0-9_]+", page.read_text())}


def step_env(workflow: str, job: str, run_prefix: str) -> dict[str, str]:
    data = yaml.safe_load((TEMPLATES / "workflows" / workflow).read_text())
    [step] = [s for s in data["jobs"][job]["steps"] if str(s.get("run", "")).startswith(run_prefix)]
    return dict(step.get("env", {}))


def test_every_setting_the_channel_docs_name_reaches_the_jobs_that_read_it() -> None:
    documented = documented_settings()
    assert {"HUMAS_TOKEN_KEY", "HUMAS_TIKTOK_REFRESH_TOKEN", "HUMAS_INSTAGRAM_API_BASE"} <= documented
    for workflow, job, command in (
        ("publish.yml", "post", "humas publish"),
        ("doctor.yml", "doctor", "humas channels doctor"),
        ("jangkauan.yml", "baca", "humas jangkauan baca"),
    ):
        env = step_env(workflow, job, command)
        assert sorted(documented - set(env)) == [], f"{workflow} {job}: settings the docs name but the job lacks"
        for name, value in env.items():
            if name.startswith("HUMAS_") and name != "HUMAS_ARCHIVE_REMOTE":
                assert value in (f"${{{{ secrets.{name} }}}}", f"${{{{ vars.{name} }}}}"), f"{workflow}: {name}"


def _holds_something(workflow: dict, job: dict) -> bool:
    """Whether a job holds a secret, an environment or a write token."""
    permissions = job.get("permissions", workflow.get("permissions")) or {}
    writes = permissions == "write-all" or (isinstance(permissions, dict) and "write" in permissions.values())
    return bool(re.findall(r"secrets\.", yaml.safe_dump(job))) or "environment" in job or writes


def test_a_job_that_holds_a_secret_or_a_write_token_installs_only_verified_code() -> None:
    """Before the first install, the job has named the verified commit: checked with plain git and ssh-keygen
    against the record key (the anchor), or the output of the record job (which ran verified code)."""
    checked = []
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        for name, job in data["jobs"].items():
            steps = job.get("steps") or []
            installs = [i for i, s in enumerate(steps) if "pip install" in str(s.get("run", ""))]
            if not installs or not _holds_something(data, job):
                continue
            before = steps[: installs[0]]
            anchored = any("proved()" in str(s.get("run", "")) for s in before)
            from_record = any(
                s.get("env", {}).get("VERIFIED") == "${{ needs.record.outputs.commit }}"
                and ("git worktree add" in s["run"] or "git checkout --quiet --detach" in s["run"])
                for s in before
            )
            assert anchored or from_record, f"{workflow.name} job {name} installs code that is not verified"
            for index in installs:
                folder = steps[index].get("working-directory", "")
                assert folder in ("${{ runner.temp }}/verified", "main", ""), f"{workflow.name} {name}: {folder}"
            checked.append(f"{workflow.stem}.{name}")
    assert sorted(checked) == [
        "doctor.doctor",
        "gate.gate",
        "jangkauan.baca",
        "publish.deploy",
        "publish.deploy-ssh",
        "publish.post",
        "publish.record",
        "remind.remind",
    ]
