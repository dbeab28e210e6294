"""Shared fixtures (helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import HUMAS, Repo, base_env, copied, first_keys, publikasi, run_humas


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository made with the real ``humas init``, with every test person's signing key listed in
    sop.yml in its founding commit (``--key``); each test gets a copy."""
    root = tmp_path_factory.mktemp("template") / "humas-repo"
    done = subprocess.run(
        [HUMAS, "init", str(root), "--example", *first_keys()], env=base_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository the real ``humas demo`` makes (its publications signed, merged, archived and posted to
    the outbox), made once per worker; the Lembar and report tests each work on their own copy (``demo_copy``)."""
    root = tmp_path_factory.mktemp("demo") / "demo"
    done = run_humas(["demo", str(root)], cwd=root.parent, env=base_env())
    assert done.code == 0, done.err
    return root


@pytest.fixture
def repo(tmp_path: Path, template_repo: Path) -> Repo:
    return copied(template_repo, tmp_path / "humas-repo")


@pytest.fixture
def draft_branch(repo: Repo) -> tuple[Repo, str]:
    """A repository with one publication draft on branch publikasi/wisuda, by humas1."""
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten: wisuda")
    return repo, "publikasi/wisuda"


# The tests that take longest (seconds on a quiet 2-core machine, measured with --durations on the whole suite,
# after the states several tests start from were shared), heaviest first: each unit is started at the head of a
# worker's share, so that no long test is left to run alone at the end. Files stay whole (their module fixtures
# are built once per worker); a ``::test`` entry is moved alone; a tuple is one unit (the files share a session or
# package fixture: the demo repository, the published wisuda of tests/ralat), so that one worker builds it once.
SLOW: tuple[str | tuple[str, ...], ...] = (
    "tests/github/test_ralat_workflow.py::test_published_corrected_then_withdrawn_through_the_workflows",  # 25 s
    ("tests/ralat/test_flow.py", "tests/ralat/test_hostile.py"),  # 21 s
    "tests/site/test_search.py",  # 20 s
    "tests/github/test_ralat_workflow.py::test_an_urgent_withdrawal_by_the_pengarah_alone_is_merged",  # 19 s
    "tests/channels/test_publish_end_to_end.py",  # 18 s
    "tests/site/test_browser.py",  # 18 s
    ("tests/archive/test_lembar_pdf.py", "tests/report/"),  # 17 s
    "tests/amend/test_withdrawn_claim.py",  # 15 s
    "tests/github/test_trust_edges.py",  # 14 s
    "tests/github/test_workflow_runs.py",  # 13 s
    "tests/test_demo_and_scaffold.py",  # 12 s
    "tests/github/test_protection.py",  # 12 s
    "tests/ralat/test_end_to_end.py",  # 11 s
    "tests/amend/test_amend.py",  # 11 s
    "tests/forge/test_shared_remote.py",  # 11 s
    "tests/forge/test_provenance.py",  # 11 s
    "tests/test_publish.py",  # 11 s
    "tests/forge/test_local_forge.py",  # 11 s
    "tests/editor/test_browser.py",  # 10 s
    "tests/archive/test_revocation.py",  # 10 s
    "tests/site/test_pages_browser.py",  # 10 s
    "tests/amend/test_withdrawn_package.py",  # 8 s
    "tests/editor/test_browser_board.py",  # 7 s
    "tests/editor/test_browser_phone.py",  # 6 s
    "tests/test_read_by_id.py",  # 6 s
    "tests/portal/test_kinds_end_to_end.py",  # 5 s
    "tests/editor/test_browser_kinds.py",  # 5 s
    "tests/editor/test_browser_start.py",  # 4 s
    "tests/ralat/test_race.py",  # 4 s
    "tests/site/test_embargo.py",  # 4 s
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Deal the slow tests out to the workers first (``-n N --dist worksteal`` gives each worker an equal,
    contiguous share of this order and lets an idle one take from the end of another's): worker i's share
    starts with every N-th slow unit, heaviest first; the other tests keep their order."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2 or not items:
        return
    units: list[list[pytest.Item]] = [[] for _ in SLOW]
    rest: list[pytest.Item] = []
    for item in items:
        rank = next((i for i, prefix in enumerate(SLOW) if item.nodeid.startswith(prefix)), None)
        (rest if rank is None else units[rank]).append(item)
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for rank, unit in enumerate(units):  # heaviest first, dealt round the workers
        shares[rank % workers].extend(unit)
    ordered: list[pytest.Item] = []
    taken = 0
    for index, share in enumerate(shares):  # worker i's share: items[len * i // N : len * (i + 1) // N]
        ordered += share
        end = len(items) * (index + 1) // workers
        more = max(0, end - len(ordered))
        ordered += rest[taken : taken + more]
        taken += more
    ordered += rest[taken:]
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    items[:] = ordered
