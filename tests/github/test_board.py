"""The web editor's board on GitHub: the gate puts the card of a ``cms/…`` pull request (Decap CMS's editorial
workflow) in the column of the SOP's state through the pull request's label, puts back a label changed by
hand, and the label grants nothing (the merge and the publish job read the reviews, never the labels)."""

from __future__ import annotations

import pytest

from pipeline.editor.admin import github_backend
from pipeline.forge.github_gate import BOARD_LABEL_PREFIX
from pipeline.forge.github_publish import verify_merge
from pipeline.problems import NotAcceptable
from tests.github.conftest import AKADEMIK, CHAIN, HUMAS1, SPI, World
from tests.github.test_publish_verify import push_env
from tests.github.test_workflow_runs import GATE, failed, pull_event, runner
from tests.helpers import publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"
OTHER = "content/publikasi/2025/dies/index.md"
BRANCH = "cms/publikasi/2025-wisuda"
LABELS = "/repos/{owner}/{repo}/issues/{issue_number}/labels"


def label_writes(world: World) -> list[list[str]]:
    return [e.request["labels"] for e in world.fake.requests("PUT", LABELS)]


def test_the_label_prefix_is_the_one_the_editor_gives_decap() -> None:
    assert BOARD_LABEL_PREFIX == github_backend("poltekkes/humas-konten")["cms_label_prefix"] == "humas/"


def test_the_card_follows_the_sop_and_a_label_set_by_hand_is_put_back(world: World) -> None:
    # Decap opens the pull request with its initial column; the content check fails: draft
    pull = world.fake.open_pull(HUMAS1, BRANCH, {DRAFT: publikasi(bidang="olahraga").encode()})
    world.fake.pulls[pull.number].labels = ["humas/pending_review"]
    run = world.gate(pull.number)
    assert run.code == 1
    assert world.fake.pulls[pull.number].labels == ["humas/draft"]
    assert f"the editor's board: #{pull.number} is in draft" in run.out

    # fixed: waiting for the Verifikasi
    world.fake.push(pull.number, {DRAFT: publikasi().encode()})
    assert world.gate(pull.number).code == 0
    assert world.fake.pulls[pull.number].labels == ["humas/pending_review"]

    # a writer drags the card to "ready" (or sets the label by hand) beside a label of their own: the next run
    # of the gate puts the card back and keeps the other label; nothing is merged
    world.fake.review(pull.number, AKADEMIK)
    world.fake.pulls[pull.number].labels = ["penting", "humas/pending_publish"]
    run = world.gate(pull.number, "pull_request_review")
    assert run.code == 0, run.err
    assert world.fake.pulls[pull.number].labels == ["penting", "humas/pending_review"]
    assert not world.fake.pulls[pull.number].merged
    status = world.fake.status_of(world.fake.pulls[pull.number].head_sha)
    assert status is not None and status["state"] == "pending"

    # a run that finds the label right writes nothing
    before = len(label_writes(world))
    world.fake.review(pull.number, SPI)
    assert world.gate(pull.number, "pull_request_review").code == 0
    assert len(label_writes(world)) == before

    # every step signed: ready, and merged by the gate (Decap's board lists open pull requests only)
    world.sign_chain(pull.number, CHAIN[2:])
    run = world.gate(pull.number, "pull_request_review")
    assert run.code == 0, run.err
    assert world.fake.pulls[pull.number].labels == ["penting", "humas/pending_publish"]
    assert world.fake.pulls[pull.number].merged
    assert label_writes(world)[-1] == ["penting", "humas/pending_publish"]


def test_a_request_for_changes_sends_the_card_back_to_draft(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, BRANCH, {DRAFT: publikasi().encode()})
    world.fake.review(pull.number, AKADEMIK, "CHANGES_REQUESTED", body="Foto kurang jelas.")
    assert world.gate(pull.number, "pull_request_review").code == 1
    assert world.fake.pulls[pull.number].labels == ["humas/draft"]


def test_only_the_editors_pull_requests_get_a_board_label(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    world.fake.pulls[pull.number].labels = ["humas/pending_publish"]  # the board's label on another branch
    assert world.gate(pull.number).code == 0
    assert label_writes(world) == []
    assert world.fake.pulls[pull.number].labels == ["humas/pending_publish"]
    assert not world.fake.pulls[pull.number].merged


def test_a_label_that_cannot_be_written_leaves_the_card_and_the_gate_goes_on(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, BRANCH, {DRAFT: publikasi().encode()})
    for login in CHAIN:
        world.fake.review(pull.number, login)
    world.fake.fail("PUT", r"/labels$", 403, message="Resource not accessible by integration")
    run = world.gate(pull.number, "pull_request_review")
    assert run.code == 0, run.err
    assert f"the editor's board: the label of #{pull.number} was not set (" in run.out
    assert world.fake.pulls[pull.number].merged


def test_the_ready_label_publishes_nothing_without_the_chain(world: World) -> None:
    """An admin merges an editor's pull request that a writer labelled ready, with one signature: the
    publish job refuses it (it reads the reviews, never the labels)."""
    pull = world.fake.open_pull(HUMAS1, BRANCH, {DRAFT: publikasi().encode()})
    world.fake.review(pull.number, AKADEMIK)
    world.fake.pulls[pull.number].labels = ["humas/pending_publish"]
    sha = world.fake.merge_pull(pull.number)
    with pytest.raises(NotAcceptable) as caught:
        verify_merge(push_env(world, sha), sleep=lambda _: None)
    assert caught.value.message.startswith(
        f"nothing is published: #{pull.number} was merged into main as {sha[:7]} without the complete SOP chain"
    )


def test_the_gate_workflow_puts_a_dragged_card_back_at_once(institution: World) -> None:
    """gate.yml runs on a label change of a cms/… pull request (and skips it on any other branch)."""
    world = institution
    pull = world.fake.open_pull(HUMAS1, BRANCH, {DRAFT: publikasi().encode()})
    opened = runner(world, GATE, "pull_request_target", pull_event(world, pull.number, "opened")).run_job("gate")
    assert opened.result == "success", failed(opened)
    assert world.fake.pulls[pull.number].labels == ["humas/pending_review"]

    world.fake.pulls[pull.number].labels = ["humas/pending_publish"]  # the card dragged to "ready"
    dragged = runner(world, GATE, "pull_request_target", pull_event(world, pull.number, "labeled")).run_job("gate")
    assert dragged.result == "success", failed(dragged)
    assert world.fake.pulls[pull.number].labels == ["humas/pending_review"]
    assert not world.fake.pulls[pull.number].merged

    other = world.fake.open_pull(HUMAS1, "publikasi/dies", {OTHER: publikasi().encode()})
    world.fake.pulls[other.number].labels = ["penting"]
    labelled = runner(world, GATE, "pull_request_target", pull_event(world, other.number, "labeled")).run_job("gate")
    assert labelled.result == "skipped"
    assert world.fake.comments[other.number] == []
