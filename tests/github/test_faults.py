"""Rate limits, outages and the request budget, with the sleep injected (nothing really waits)."""

from __future__ import annotations

import time

import pytest

from tests.github.conftest import AKADEMIK, HUMAS1, World
from tests.github.fake import RESET_AT
from tests.helpers import publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"
PULL = "/repos/{owner}/{repo}/pulls/{pull_number}"
RUN = [  # a whole gate run whose comment is unchanged
    ("GET", PULL),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),  # sop.yml at the base sha
    ("GET", PULL + "/reviews"),
    ("GET", "/repos/{owner}/{repo}/compare/{basehead}"),  # commits and changed files
    ("POST", "/repos/{owner}/{repo}/statuses/{sha}"),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),  # the sticky comment, unchanged
]


def open_draft(world: World) -> int:
    return world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number


@pytest.mark.parametrize("reviews", [1, 10, 100])
def test_a_gate_run_costs_6_requests_whatever_the_number_of_reviews(world: World, reviews: int) -> None:
    number = open_draft(world)
    for index in range(reviews):
        world.fake.review(number, f"pengamat-{index}", "COMMENTED")
    world.gate_here(number)  # first run: creates the comment, asks for a review
    before = len(world.fake.log)
    run = world.gate_here(number)
    assert run.code == 0, run.err
    assert "comment: unchanged" in run.out
    made = world.fake.log[before:]
    assert [(e.method, e.route) for e in made] == RUN
    assert run.requests == 6
    assert made[2].query["per_page"] == ["100"]
    pull = world.fake.pulls[number]
    assert made[3].path.endswith(f"/compare/{pull.base_sha}...{pull.head_sha}")


def test_101_reviews_take_a_second_page(world: World) -> None:
    number = open_draft(world)
    for index in range(100):
        world.fake.review(number, f"pengamat-{index}", "COMMENTED")
    world.fake.review(number, AKADEMIK)
    world.gate_here(number)
    pages = world.fake.requests("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews")
    assert [e.query.get("page", ["1"])[0] for e in pages] == ["1", "2"]
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == (
        "menunggu Pengendalian: Ketua SPI (1/4 tahap)"
    )


def test_429_waits_as_long_as_retry_after_says(world: World) -> None:
    number = open_draft(world)
    world.fake.fail(
        "GET", r"/reviews$", 429, headers={"retry-after": "30"}, message="You have exceeded a secondary rate limit"
    )
    sleeps: list[float] = []
    run = world.gate_here(number, sleeps=sleeps)
    assert run.code == 0, run.err
    assert sleeps == [30.0]


def test_403_primary_limit_waits_until_the_reset(world: World) -> None:
    number = open_draft(world)
    reset = int(time.time()) + 20
    world.fake.fail(
        "GET",
        r"/pulls/\d+$",
        403,
        message="API rate limit exceeded for installation ID 1.",
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
    )
    sleeps: list[float] = []
    run = world.gate_here(number, sleeps=sleeps)
    assert run.code == 0, run.err
    assert len(sleeps) == 1 and 18 <= sleeps[0] <= 22


def test_a_reset_too_far_away_is_a_clear_message(world: World) -> None:
    number = open_draft(world)
    world.fake.fail(
        "GET",
        r"/pulls/\d+$",
        403,
        message="API rate limit exceeded for installation ID 1.",
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(RESET_AT)},
    )
    run = world.gate_here(number)
    assert run.code == 2
    assert (
        run.err == "humas: GitHub rate limit reached while reading pull request #1; it resets at 17:46 UTC: run "
        "the job again then\n"
    )


def test_5xx_backs_off_then_succeeds(world: World) -> None:
    number = open_draft(world)
    world.fake.fail("GET", r"/compare/", 502, message="Server Error", times=2)
    sleeps: list[float] = []
    run = world.gate_here(number, sleeps=sleeps)
    assert run.code == 0, run.err
    assert sleeps == [1.0, 2.0]


def test_a_lasting_outage_gives_up_with_a_message(world: World) -> None:
    number = open_draft(world)
    world.fake.fail("GET", r"/pulls/\d+$", 503, message="Service Unavailable", times=10)
    sleeps: list[float] = []
    run = world.gate_here(number, sleeps=sleeps)
    assert run.code == 2
    assert sleeps == [1.0, 2.0, 4.0]
    assert (
        run.err == "humas: GitHub did not answer while reading pull request #1: 503 Service Unavailable; run the "
        "job again later\n"
    )


def test_a_comment_whose_creation_timed_out_is_not_posted_twice(world: World) -> None:
    number = open_draft(world)

    def created_anyway() -> None:  # GitHub stored it, then answered 502
        world.fake.comments[number].append(
            {
                "id": 99,
                "login": "github-actions[bot]",
                "body": expected[0],
                "created_at": world.fake.clock,
                "updated_at": world.fake.clock,
            }
        )

    expected: list[str] = []
    # First learn the body the gate writes, then replay with the fault.
    probe = world.gate_here(number)
    assert probe.code == 0
    expected.append(world.fake.comments[number][0]["body"])
    world.fake.comments[number].clear()
    world.fake.before("POST", r"/issues/\d+/comments$", created_anyway)
    world.fake.fail("POST", r"/issues/\d+/comments$", 502)
    run = world.gate_here(number)
    assert run.code == 0, run.err
    assert [c["id"] for c in world.fake.comments[number]] == [99]
    assert world.fake.requests("PATCH") == []
