"""The local GitHub and the way tests drive ``humas gate`` against it.

Every answer the local GitHub gives during a test is validated, at the end of the test, against
GitHub's OpenAPI description (tests/fixtures/github-openapi/operations.json).
"""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline import skeleton
from pipeline.forge.github_gate import run_gate
from tests.github.fake import NAME, OWNER, FakeGitHub
from tests.github.openapi import validate
from tests.helpers import base_env, run_humas

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "ghs_s3cr3tT0kenForTheLocalGitHub0001"
APP_ID = 424242
"""The institution's GitHub App: the local GitHub is protected as ``humas github setup --app-id 424242``
leaves a repository (``FakeGitHub.protect``), so the runs that record or post find it protected."""
READ_ONLY = "ghs_r3adOnlyForkT0ken000000000000002"
SOP = skeleton.read("sop.yml").decode()

# GitHub logins of the people of the template sop.yml
DIREKTUR, WADIR1, SPI, AKADEMIK, UMUM, HUMAS1, HUMAS2, KOORDINATOR = (
    "reni-c",
    "wadir1-pkj2",
    "spi-pkj2",
    "akademik-pkj2",
    "umum-pkj2",
    "humas1-pkj2",
    "humas2-pkj2",
    "humas-pkj2",
)
CHAIN = [AKADEMIK, SPI, WADIR1, DIREKTUR]


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    summary: str = ""
    requests: int = 0


@dataclass
class World:
    fake: FakeGitHub
    tmp: Path
    env_extra: dict[str, str] = field(default_factory=dict)

    def env(self, event_name: str, event: dict, *, token: str = TOKEN, **extra: str) -> dict[str, str]:
        path = self.tmp / f"event-{len(list(self.tmp.glob('event-*')))}.json"
        path.write_text(json.dumps(event))
        summary = self.tmp / "summary.md"
        summary.write_text("")
        env = {
            **base_env(),
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": f"{OWNER}/{NAME}",
            "GITHUB_TOKEN": token,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(path),
            "GITHUB_API_URL": self.fake.base_url,
            "GITHUB_SERVER_URL": "https://github.test",
            "GITHUB_RUN_ID": "777",
            "GITHUB_STEP_SUMMARY": str(summary),
            **self.env_extra,
            **extra,
        }
        return env

    def pr_event(self, number: int, event_name: str = "pull_request", head: str | None = None) -> dict:
        pull = self.fake.pulls[number]
        event = {
            "action": "synchronize" if event_name == "pull_request" else "submitted",
            "number": number,
            "pull_request": self.fake.pull_simple(pull),
        }
        if head:
            event["pull_request"]["head"]["sha"] = head
        return event

    def checkout(self, number: int) -> Path:
        """The workflow's checkout of the pull request's head: files only, nothing is run from it."""
        pull = self.fake.pulls[number]
        root = self.tmp / f"checkout-{number}-{pull.head_sha[:7]}"
        if not root.exists():
            for path, content in self.fake.commits[pull.head_sha].files.items():
                target = root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        return root

    def gate(
        self,
        number: int,
        event_name: str = "pull_request",
        *,
        token: str = TOKEN,
        head: str | None = None,
        **extra: str,
    ) -> Outcome:
        """The real command, as the workflow runs it (``extra``: more environment, the App's for one)."""
        before = len(self.fake.log)
        env = self.env(event_name, self.pr_event(number, event_name, head), token=token, **extra)
        done = run_humas(["gate"], cwd=self.checkout(number), env=env, timeout=120)
        summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
        return Outcome(done.code, done.out, done.err, summary, len(self.fake.log) - before)

    def gate_here(
        self,
        number: int,
        event_name: str = "pull_request",
        *,
        token: str = TOKEN,
        sleeps: list[float] | None = None,
        now: datetime | None = None,
    ) -> Outcome:
        """The same gate in this process (to inject the sleep)."""
        before = len(self.fake.log)
        env = self.env(event_name, self.pr_event(number, event_name), token=token)
        out, err = io.StringIO(), io.StringIO()
        record = sleeps if sleeps is not None else []
        code = run_gate(
            env,
            sleep=record.append,
            now=now or datetime(2025, 2, 10, 6, tzinfo=UTC),
            content=self.checkout(number),
            out=out,
            err=err,
        )
        return Outcome(code, out.getvalue(), err.getvalue(), "", len(self.fake.log) - before)

    def sign_chain(self, number: int, people: list[str] = CHAIN) -> None:
        for login in people:
            self.fake.review(number, login)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    server.add_token(TOKEN)
    server.add_token(READ_ONLY, write=False)
    server.init_main({"sop.yml": SOP.encode(), "mkdocs.yml": b"site_name: Humas\n", "content/publikasi/.gitkeep": b""})
    server.protect(APP_ID)
    try:
        yield server
    finally:
        server.stop()
    assert_answers_documented(server)


def assert_answers_documented(server: FakeGitHub) -> None:
    """Every answer the local GitHub gave matches GitHub's OpenAPI description."""
    problems = []
    for entry in server.log:
        if entry.route is None or entry.injected:
            continue
        try:
            validate(entry.route, entry.method, entry.status, entry.body)
        except Exception as error:  # noqa: BLE001 - collect every mismatch, report them together
            problems.append(f"{entry.method} {entry.path} {entry.status}: {str(error).splitlines()[0]}")
    assert not problems, "answers that do not match GitHub's OpenAPI description:\n" + "\n".join(problems)


@pytest.fixture
def world(fake: FakeGitHub, tmp_path: Path) -> World:
    return World(fake, tmp_path)


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
    """main of the local GitHub holds this repository as its founding commit (what an institution gets with
    "use this template"), the publish job's public key in record_keys of sop.yml."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files: dict[str, bytes | None] = {
        path: (ROOT / path).read_bytes() for path in listed.decode().split("\0") if (ROOT / path).is_file()
    }
    sop = (ROOT / "sop.yml").read_text()
    files["sop.yml"] = sop.replace("record_keys: []", f'record_keys: ["{record_key[1]}"]').encode()
    assert files["sop.yml"] != sop.encode()
    world.fake.init_main(files)  # the founding commit: the trust root
    return world
