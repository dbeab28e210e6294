"""``humas ingatkan`` against the local GitHub: one reminder per overdue step per working day, mentioning
the people the step waits for; nothing on weekends, for drafts, for steps within their Mutu Baku, or for
a pull request waiting on its author; a marker written by a person silences nothing."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from pipeline.forge.remind import run_remind
from tests.github.conftest import AKADEMIK, HUMAS1, READ_ONLY, SOP, SPI, TOKEN, Outcome, World
from tests.github.fake_pulls import FakeGitHubWithPulls
from tests.github.openapi import validate
from tests.helpers import HUMAS, base_env, publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"
MONDAY = datetime(2025, 2, 10, 1, 0, tzinfo=UTC)  # 08:00 WIB; the local GitHub's clock starts here
WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "remind.yml"
FOOTER = (
    "<sub>Diingatkan sekali per tahap per hari kerja oleh humas. Cara menandatangani: buka tab *Files "
    "changed* → *Review changes* → *Approve*.</sub>"
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    server = FakeGitHubWithPulls().start()
    server.add_token(TOKEN)
    server.add_token(READ_ONLY, write=False)
    server.init_main({"sop.yml": SOP.encode(), "mkdocs.yml": b"site_name: Humas\n"})
    try:
        yield World(server, tmp_path)
    finally:
        server.stop()
    problems = []
    for entry in server.log:
        if entry.route is None or entry.injected:
            continue
        try:
            validate(entry.route, entry.method, entry.status, entry.body)
        except Exception as error:  # noqa: BLE001 - collect every mismatch
            problems.append(f"{entry.method} {entry.path} {entry.status}: {str(error).splitlines()[0]}")
    assert not problems, "answers that do not match GitHub's OpenAPI description:\n" + "\n".join(problems)


def remind(world: World, now: datetime, *, token: str = TOKEN) -> Outcome:
    before = len(world.fake.log)
    env = world.env("schedule", {"schedule": "10 1,6 * * 1-5"}, token=token, GITHUB_SHA=world.fake.branches["main"])
    out, err = io.StringIO(), io.StringIO()
    code = run_remind(env, now=now, sleep=lambda _: None, out=out, err=err)
    return Outcome(code, out.getvalue(), err.getvalue(), "", len(world.fake.log) - before)


def open_draft(world: World, branch: str = "publikasi/wisuda", **kwargs: object) -> int:
    path = DRAFT.replace("wisuda", branch.rsplit("/", 1)[1])
    return world.fake.open_pull(HUMAS1, branch, {path: publikasi().encode()}, title="Wisuda 2025", **kwargs).number  # type: ignore[arg-type]


def reminders(world: World, number: int) -> list[str]:
    return [c["body"] for c in world.fake.comments[number] if c["body"].startswith("<!-- humas:ingatkan")]


def test_an_overdue_step_is_reminded_once_per_working_day(world: World) -> None:
    number = open_draft(world)
    started = world.fake.commits[world.fake.pulls[number].head_sha].at
    run = remind(world, started + timedelta(minutes=16))
    assert (run.code, run.err) == (0, "")
    assert run.out == "#1: reminded publikasi/verifikasi\n"
    assert reminders(world, number) == [
        "<!-- humas:ingatkan day=2025-02-10 steps=publikasi/verifikasi -->\n"
        "⏰ **Pengingat Mutu Baku**\n\n"
        f"- **Verifikasi** menunggu @{AKADEMIK} sejak {started + timedelta(hours=7):%d-%m-%Y %H:%M} (16 mnt; "
        "Mutu Baku 10 mnt)\n\n"
        f"{FOOTER}\n"
    ]

    later = remind(world, started + timedelta(hours=3))
    assert later.out == "#1: already reminded today (publikasi/verifikasi)\n"
    assert len(reminders(world, number)) == 1

    tuesday = remind(world, started + timedelta(days=1))
    assert tuesday.out == "#1: reminded publikasi/verifikasi\n"
    [_, second] = reminders(world, number)
    assert second.startswith("<!-- humas:ingatkan day=2025-02-11 steps=publikasi/verifikasi -->\n")
    assert "(1 hari 0 jam; Mutu Baku 10 mnt)" in second


def test_the_next_step_is_reminded_on_its_own(world: World) -> None:
    number = open_draft(world)
    world.fake.review(number, AKADEMIK)
    signed = world.fake.clock
    remind(world, signed + timedelta(minutes=30))
    [body] = reminders(world, number)
    assert body.startswith("<!-- humas:ingatkan day=2025-02-10 steps=publikasi/pengendalian -->\n")
    since = f"{signed + timedelta(hours=7):%d-%m-%Y %H:%M}"  # WIB
    assert f"- **Pengendalian** menunggu @{SPI} sejak {since} (30 mnt; Mutu Baku 10 mnt)" in body
    assert AKADEMIK not in body


def test_nothing_on_a_weekend_within_the_standard_for_drafts_or_changes_requested(world: World) -> None:
    on_time = open_draft(world, "publikasi/tepat-waktu")
    draft = open_draft(world, "publikasi/masih-draf", draft=True)
    asked = open_draft(world, "publikasi/diminta-perbaikan")
    world.fake.review(asked, AKADEMIK, "CHANGES_REQUESTED", body="Perbaiki.")
    saturday = MONDAY + timedelta(days=5, hours=2)
    weekend = remind(world, saturday)
    assert weekend.out == "2025-02-15 is not a working day (Saturday) in Asia/Jakarta: no reminders.\n"
    assert weekend.requests == 1  # sop.yml on main, nothing else
    run = remind(world, MONDAY + timedelta(minutes=8))
    assert run.out.splitlines() == [
        f"#{asked}: nothing over its Mutu Baku",
        f"#{draft}: a draft, not reminded",
        f"#{on_time}: nothing over its Mutu Baku",
    ]
    assert all(reminders(world, n) == [] for n in (on_time, draft, asked))
    late = remind(world, MONDAY + timedelta(hours=2))
    assert late.out.splitlines()[0] == f"#{asked}: nothing over its Mutu Baku"  # waits on its author, not on them
    assert reminders(world, asked) == [] and reminders(world, draft) == [] and len(reminders(world, on_time)) == 1


def test_a_marker_written_by_a_person_silences_nothing(world: World) -> None:
    number = open_draft(world)
    world.fake.post_comment(number, HUMAS1, "<!-- humas:ingatkan day=2025-02-10 steps=publikasi/verifikasi -->\nok")
    run = remind(world, MONDAY + timedelta(hours=1))
    assert run.out == "#1: reminded publikasi/verifikasi\n"
    assert len(reminders(world, number)) == 2


def test_a_read_only_token_is_a_clear_error(world: World) -> None:
    open_draft(world)
    run = remind(world, MONDAY + timedelta(hours=1), token=READ_ONLY)
    assert run.code == 2
    assert run.err == ("humas: GitHub refused commenting on #1: 403 Resource not accessible by integration\n")
    assert READ_ONLY not in run.out + run.err


def test_the_command_outside_actions_says_what_it_needs(tmp_path: Path) -> None:
    done = subprocess.run([HUMAS, "ingatkan"], cwd=tmp_path, env=base_env(), capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "humas: variabel lingkungan GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH tidak ada "
        "(humas menjalankan perintah ini di dalam GitHub Actions; teruskan GITHUB_TOKEN melalui env:)\n"
    )
    english = {**base_env(), "HUMAS_LANGUAGE": "en"}
    done = subprocess.run([HUMAS, "ingatkan"], cwd=tmp_path, env=english, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "humas: missing environment variable(s) GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_EVENT_NAME, "
        "GITHUB_EVENT_PATH (humas runs this command inside GitHub Actions; pass GITHUB_TOKEN through env:)\n"
    )


def test_the_workflow_runs_on_working_days_with_least_permissions() -> None:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert data[True] == {"schedule": [{"cron": "10 1,6 * * 1-5"}], "workflow_dispatch": None}
    assert data["permissions"] == {}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert job["steps"][-1] == {
        "name": "Remind the overdue approvers",
        "env": {"GITHUB_TOKEN": "${{ github.token }}"},
        "run": "humas ingatkan",
    }


def test_the_reminder_in_english() -> None:
    from pipeline.forge.remind import Overdue, render_reminder
    from pipeline.sop.config import parse_sop

    sop = parse_sop(SOP.replace("language: id", "language: en"))
    body = render_reminder(
        [Overdue("publikasi/pengendalian", "pengendalian", ["spi"], MONDAY, 75, 10)], sop, "2025-02-10"
    )
    assert body.splitlines() == [
        "<!-- humas:ingatkan day=2025-02-10 steps=publikasi/pengendalian -->",
        "⏰ **Mutu Baku reminder**",
        "",
        f"- **Pengendalian** has waited for @{SPI} since 10-02-2025 08:00 (1 h 15 min; standard 10 min)",
        "",
        "<sub>Reminded once per step per working day by humas. How to sign: open *Files changed* → *Review "
        "changes* → *Approve*.</sub>",
    ]
