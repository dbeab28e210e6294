"""The commits and changed files of a pull request: one comparison of its base and head when that
matches the pull request, else the pull request's own lists, and no decision on part of a change."""

from __future__ import annotations

from tests.github.conftest import AKADEMIK, HUMAS1, SPI, World
from tests.helpers import publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"
PULL = "/repos/{owner}/{repo}/pulls/{pull_number}"
COMPARE = "/repos/{owner}/{repo}/compare/{basehead}"
PENDING_1 = "menunggu Pengendalian: Ketua SPI (1/4 tahap)"


def open_draft(world: World, extra: dict[str, bytes] | None = None) -> int:
    changes = {DRAFT: publikasi().encode(), **(extra or {})}
    return world.fake.open_pull(HUMAS1, "publikasi/wisuda", changes).number


def fact_routes(world: World, before: int) -> list[str | None]:
    return [
        e.route
        for e in world.fake.log[before:]
        if e.method == "GET"
        and e.route
        not in (
            PULL,
            PULL + "/reviews",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        )
    ]


def test_commits_beyond_the_first_page_of_the_comparison_are_read(world: World) -> None:
    number = open_draft(world)
    for index in range(258):
        world.fake.push(number, {DRAFT: publikasi(body=f"Revisi {index}.\n").encode()})
    world.fake.push(number, {DRAFT: publikasi(body="Revisi SPI.\n").encode()}, committer=SPI)  # the 260th
    world.fake.review(number, AKADEMIK)
    world.fake.review(number, SPI)
    before = len(world.fake.log)
    run = world.gate_here(number, "pull_request_review")
    pages = world.fake.log[before:]
    assert fact_routes(world, before) == [COMPARE] * 3  # 100 + 100 + 60 commits, no pull request list
    assert [e.query.get("page") for e in pages if e.route == COMPARE] == [["1"], ["2"], ["3"]]
    # the newest commit, on the last page, makes the only pengendali an author of the change
    assert "Ketua SPI: penulis perubahan tidak dapat menandatangani" in run.out
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["state"] == "failure"
    assert run.code == 1, run.err


def test_more_than_300_changed_files_are_read_from_the_pull_request(world: World) -> None:
    # 300 media files sort before the draft and a file outside content/, which the comparison leaves out
    media = {f"content/publikasi/2025/wisuda/foto-{index:03}.jpg": b"jpg" for index in range(300)}
    number = open_draft(world, {**media, "zz-catatan.txt": b"catatan\n"})
    before = len(world.fake.log)
    run = world.gate_here(number)
    assert run.code == 0, run.err
    assert fact_routes(world, before) == [COMPARE] + [PULL + "/files"] * 4  # its commits are the comparison's
    assert "Rantai konfigurasi" in run.out  # zz-catatan.txt, the 302nd file, needs the configuration chain


def test_a_comparison_that_does_not_match_the_pull_request_is_not_used(world: World) -> None:
    """The branch took main in, but GitHub's base.sha still names the old base: the comparison from it
    would count main's commit (by the verifikator) and main's files as the pull request's."""
    number = open_draft(world)
    world.fake.push_main({"content/publikasi/2025/lain/index.md": publikasi().encode()}, author=AKADEMIK)
    world.fake.merge_main_into(number)
    world.fake.review(number, AKADEMIK)
    before = len(world.fake.log)
    run = world.gate_here(number, "pull_request_review")
    assert run.code == 0, run.err
    assert fact_routes(world, before) == [COMPARE, PULL + "/commits", PULL + "/files"]
    assert "penulis perubahan" not in run.out
    assert "2025/lain" not in run.out
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == PENDING_1


def test_a_refused_comparison_falls_back_to_the_pull_request(world: World) -> None:
    number = open_draft(world)
    world.fake.fail("GET", r"/compare/", 404, message="Not Found")
    before = len(world.fake.log)
    run = world.gate_here(number)
    assert run.code == 0, run.err
    assert fact_routes(world, before) == [COMPARE, PULL + "/commits", PULL + "/files"]
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["state"] == "pending"


def test_more_commits_than_github_lists_decide_nothing(world: World) -> None:
    number = open_draft(world)
    for index in range(250):
        world.fake.push(number, {DRAFT: publikasi(body=f"Revisi {index}.\n").encode()})
    world.fake.push_main({"content/publikasi/2025/lain/index.md": publikasi().encode()})
    world.fake.merge_main_into(number)  # 252 commits; the comparison from the old base counts 253
    run = world.gate_here(number)
    assert run.code == 2
    base = world.fake.pulls[number].base_sha
    assert run.err == (
        f"humas: #{number} has 252 commits, GitHub lists at most 250 of a pull request, and the comparison of "
        f"its base {base[:7]} with its head cannot stand for it: nothing is decided. Update the branch from main "
        "(or squash it) and run the job again\n"
    )
    assert world.fake.requests("POST") == []
    assert world.fake.requests("GET", PULL + "/commits") == []


def test_more_files_than_github_lists_decide_nothing(world: World) -> None:
    media = {f"content/publikasi/2025/wisuda/foto-{index:04}.jpg": b"jpg" for index in range(3000)}
    number = open_draft(world, media)  # 3001 files
    run = world.gate_here(number)
    assert run.code == 2
    assert run.err == (
        f"humas: #{number} changes 3001 files, GitHub lists at most 3000 of a pull request: nothing is decided. "
        "Split it into smaller pull requests\n"
    )
    assert world.fake.requests("POST") == []
    assert world.fake.requests("GET", PULL + "/files") == []
