"""The policy as a pure function: each rule of the chain, asserted on the result tree and its texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline import skeleton
from pipeline.sop.config import parse_sop
from pipeline.sop.evaluate import evaluate
from pipeline.sop.explain import ignored_lines, status_line
from pipeline.sop.facts import ChangeFacts, Decision, IdentityKind, Review
from pipeline.sop.result import Status

SOP = parse_sop(skeleton.read("sop.yml").decode())
T0 = datetime(2025, 2, 10, 8, 0, tzinfo=UTC)
HEAD = "a" * 40
OLD = "b" * 40
EMAIL = {pid: p.email for pid, p in SOP.people.items()}
PUB = ("content/publikasi/2025/wisuda/index.md",)


def review(
    who: str,
    minutes: int,
    decision: Decision = Decision.APPROVED,
    commit: str = HEAD,
    role: str | None = None,
    **kw: object,
) -> Review:
    return Review(
        reviewer=EMAIL[who], decision=decision, commit=commit, at=T0 + timedelta(minutes=minutes), role=role, **kw
    )  # type: ignore[arg-type]


def facts(
    *reviews: Review,
    bidang: tuple[str, ...] = ("akademik",),
    paths: tuple[str, ...] = PUB,
    authors: tuple[str, ...] = ("humas1",),
    **kw: object,
) -> ChangeFacts:
    return ChangeFacts(
        head=HEAD,
        started_at=T0,
        authors=frozenset(EMAIL[a] for a in authors),
        paths=paths,
        bidang=frozenset(bidang),
        reviews=reviews,
        **kw,
    )  # type: ignore[arg-type]


def signers(result) -> dict[str, list[str]]:  # noqa: ANN001
    return {step.step: [s.person for s in step.signatures] for step in result.steps()}


FULL = (review("kasubbag_akademik", 5), review("spi", 10), review("wadir1", 15), review("reni", 20))


def test_all_four_in_order_complete_the_chain() -> None:
    result = evaluate(SOP, facts(*FULL))
    assert result.status == Status.APPROVED
    assert signers(result) == {
        "verifikasi": ["kasubbag_akademik"],
        "pengendalian": ["spi"],
        "persetujuan": ["wadir1"],
        "pengesahan": ["reni"],
    }
    assert status_line(result, SOP) == "semua tahap telah ditandatangani"


def test_elapsed_time_is_measured_from_the_previous_step() -> None:
    result = evaluate(SOP, facts(*FULL))
    steps = {s.step: s for s in result.steps()}
    assert steps["pengendalian"].started_at == T0 + timedelta(minutes=5)
    assert steps["pengendalian"].done_at == T0 + timedelta(minutes=10)


def test_missing_steps_leave_the_chain_pending_and_name_who_is_next() -> None:
    result = evaluate(SOP, facts(review("kasubbag_akademik", 5)))
    assert result.status == Status.PENDING
    assert status_line(result, SOP) == "menunggu Pengendalian (Ketua SPI)"
    current = result.current_steps()
    assert [s.step for s in current] == ["pengendalian"]
    assert current[0].waiting_for == ["spi"]


def test_an_approval_before_the_previous_step_is_complete_does_not_count() -> None:
    early = review("spi", 3)
    result = evaluate(SOP, facts(early, review("kasubbag_akademik", 5)))
    assert signers(result)["pengendalian"] == []
    assert "Ketua SPI: menandatangani sebelum Verifikasi selesai; perlu menandatangani ulang" in ignored_lines(
        result, SOP
    )
    again = review("spi", 7)
    assert signers(evaluate(SOP, facts(early, review("kasubbag_akademik", 5), again)))["pengendalian"] == ["spi"]


def test_later_steps_signed_before_earlier_ones_wait_for_their_turn() -> None:
    result = evaluate(
        SOP, facts(review("reni", 1), review("wadir1", 2), review("spi", 3), review("kasubbag_akademik", 4))
    )
    assert signers(result) == {
        "verifikasi": ["kasubbag_akademik"],
        "pengendalian": [],
        "persetujuan": [],
        "pengesahan": [],
    }
    assert result.status == Status.PENDING


def test_a_new_commit_makes_every_earlier_signature_stale() -> None:
    stale = tuple(Review(r.reviewer, r.decision, OLD, r.at) for r in FULL)
    result = evaluate(SOP, facts(*stale))
    assert all(not s.signatures for s in result.steps())
    stale_line = "Kasubbag Akademik: menandatangani commit lama bbbbbbb, padahal commit terbaru aaaaaaa"
    assert stale_line in ignored_lines(result, SOP)


def test_the_author_cannot_sign_even_when_holding_the_role() -> None:
    result = evaluate(SOP, facts(*FULL, authors=("spi",)))
    assert signers(result)["pengendalian"] == []
    assert "Ketua SPI: penulis perubahan tidak dapat menandatangani" in ignored_lines(result, SOP)
    assert result.children[0].children[1].status == Status.ERROR
    assert status_line(result, SOP).startswith("tidak dapat dilanjutkan: tidak ada penanda tangan yang sah")


def test_one_person_cannot_sign_two_steps() -> None:
    sop = parse_sop(
        skeleton.read("sop.yml").decode().replace("pengendali: [spi]", "pengendali: [spi, kasubbag_akademik]")
    )
    result = evaluate(sop, facts(review("kasubbag_akademik", 5), review("reni", 30)))
    assert signers(result)["verifikasi"] == ["kasubbag_akademik"]
    assert signers(result)["pengendalian"] == []


def test_each_bidang_needs_its_own_holder() -> None:
    both = ("akademik", "umum")
    only_one = evaluate(SOP, facts(review("kasubbag_akademik", 5), review("spi", 10), bidang=both))
    steps = {s.step: s for s in only_one.steps()}
    assert steps["verifikasi"].status == Status.PENDING
    assert steps["verifikasi"].waiting_for == ["kasubbag_umum"]
    result = evaluate(
        SOP,
        facts(
            review("kasubbag_akademik", 5),
            review("kasubbag_umum", 6),
            review("spi", 10),
            review("wadir1", 15),
            review("wadir2", 16),
            review("reni", 20),
            bidang=both,
        ),
    )
    assert result.status == Status.APPROVED
    assert signers(result)["persetujuan"] == ["wadir1", "wadir2"]


def test_a_holder_of_another_bidang_does_not_count() -> None:
    result = evaluate(SOP, facts(review("kasubbag_umum", 5)))
    assert signers(result)["verifikasi"] == []
    assert ignored_lines(result, SOP) == [
        "Kasubbag Umum: tidak memegang peran pada rantai ini (penanggung_jawab, pengarah, pengendali, verifikator)"
    ]


def test_a_request_for_changes_blocks_until_the_same_person_approves_again() -> None:
    blocked = facts(
        review("spi", 1, Decision.CHANGES_REQUESTED, message="Perbaiki judul"),
        *FULL[:1],
        review("wadir1", 15),
        review("reni", 20),
    )
    result = evaluate(SOP, blocked)
    assert result.status == Status.DISAPPROVED
    assert status_line(result, SOP) == "perbaikan diminta oleh Ketua SPI"
    other = evaluate(SOP, facts(*blocked.reviews, review("kasubbag_umum", 30)))
    assert other.status == Status.DISAPPROVED
    cleared = evaluate(SOP, facts(*blocked.reviews, review("spi", 12), review("wadir1", 16), review("reni", 21)))
    assert cleared.status == Status.APPROVED


def test_a_stale_request_for_changes_still_blocks() -> None:
    result = evaluate(SOP, facts(*FULL, review("spi", 25, Decision.CHANGES_REQUESTED, commit=OLD)))
    assert result.status == Status.DISAPPROVED


def test_dismissed_and_commented_reviews() -> None:
    dismissed = evaluate(SOP, facts(*FULL[:3], review("reni", 20), review("reni", 25, Decision.DISMISSED)))
    assert signers(dismissed)["pengesahan"] == []
    commented = evaluate(SOP, facts(*FULL, review("reni", 25, Decision.COMMENTED)))
    assert commented.status == Status.APPROVED


def test_unknown_people_and_bots_never_count() -> None:
    result = evaluate(
        SOP,
        facts(
            Review("luar@example.com", Decision.APPROVED, HEAD, T0),
            Review("bot@x", Decision.APPROVED, HEAD, T0, is_bot=True),
            Review(None, Decision.APPROVED, HEAD, T0),
        ),
    )
    assert all(not s.signatures for s in result.steps())
    assert ignored_lines(result, SOP) == [
        "luar@example.com: luar@example.com tidak terdaftar di sop.yml",
        "bot@x: akun bot tidak dapat menandatangani",
        "(deleted): akun terhapus",
    ]


def test_a_claimed_role_must_match_the_step() -> None:
    wrong = review("reni", 5, role="pengendali")
    result = evaluate(SOP, facts(wrong))
    assert all(not s.signatures for s in result.steps())


def test_other_changes_need_the_direktur_and_every_path_is_covered() -> None:
    result = evaluate(SOP, facts(review("reni", 5), paths=("README.md", "catatan/rapat.txt"), bidang=()))
    assert [c.name for c in result.children] == ["konfigurasi"]
    assert result.status == Status.APPROVED
    mixed = evaluate(SOP, facts(review("reni", 5), paths=(*PUB, "README.md")))
    assert [c.name for c in mixed.children] == ["publikasi", "konfigurasi"]
    assert mixed.status == Status.PENDING


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        "sop.yml",
        "docs/css/humas.css",
        "overrides/main.html",
        ".github/workflows/gate.yml",
        "pipeline/site/build.py",
        "requirements.lock",
    ],
)
def test_what_the_public_reads_needs_spi_then_the_direktur(path: str) -> None:
    """One signature can never change what every page shows or what the build runs (issue 16, item 6)."""
    alone = evaluate(SOP, facts(review("reni", 5), paths=(path,), bidang=()))
    assert [c.name for c in alone.children] == ["sistem"]
    assert alone.status == Status.PENDING
    assert signers(alone) == {"pengendalian": [], "pengesahan": []}
    assert status_line(alone, SOP) == "menunggu Pengendalian (Ketua SPI)"
    both = evaluate(SOP, facts(review("spi", 5), review("reni", 10), paths=(path,), bidang=()))
    assert both.status == Status.APPROVED
    assert signers(both) == {"pengendalian": ["spi"], "pengesahan": ["reni"]}
    reversed_order = evaluate(SOP, facts(review("reni", 5), review("spi", 10), paths=(path,), bidang=()))
    assert reversed_order.status == Status.PENDING


def test_a_path_no_chain_covers_is_an_error() -> None:
    text = skeleton.read("sop.yml").decode()
    sop = parse_sop(text.replace('paths: ["**"]', 'paths: ["docs/**"]'))
    result = evaluate(sop, facts(paths=("README.md",)))
    assert result.status == Status.ERROR
    assert status_line(result, sop) == (
        "tidak dapat dilanjutkan: tidak ada rantai tanda tangan untuk README.md (lihat chains di sop.yml)"
    )


def test_github_logins_map_to_people() -> None:
    reviews = [
        Review(SOP.people[p].github, Decision.APPROVED, HEAD, T0 + timedelta(minutes=i))
        for i, p in enumerate(["kasubbag_akademik", "spi", "wadir1", "reni"], start=1)
    ]
    result = evaluate(
        SOP,
        ChangeFacts(
            head=HEAD,
            started_at=T0,
            authors=frozenset({"humas1-pkj2"}),
            paths=PUB,
            bidang=frozenset({"akademik"}),
            reviews=tuple(reviews),
            identity_kind=IdentityKind.GITHUB,
        ),
    )
    assert result.status == Status.APPROVED


@pytest.mark.parametrize(
    "language,expected",
    [("id", "menunggu Verifikasi (Kasubbag Akademik)"), ("en", "waiting for Verifikasi (Kasubbag Akademik)")],
)
def test_texts_follow_the_configured_language(language: str, expected: str) -> None:
    sop = SOP.model_copy(update={"language": language})
    assert status_line(evaluate(sop, facts()), sop) == expected


@pytest.mark.parametrize("minutes,expected", [(8, "8 mnt"), (125, "2 jam 5 mnt"), (4560, "3 hari 4 jam")])
def test_durations_read_as_a_person_would(minutes: int, expected: str) -> None:
    from pipeline.sop.explain import duration

    assert duration(minutes, "id") == expected


def test_the_checklist_shows_each_step_against_its_mutu_baku() -> None:
    from pipeline.sop.explain import step_rows

    rows = step_rows(
        evaluate(SOP, facts(review("kasubbag_akademik", 5), review("spi", 19))), SOP, T0 + timedelta(minutes=200)
    )
    assert [r["timing"] for r in rows] == [
        "5 mnt / 10 mnt",
        "14 mnt / 10 mnt ⚠ melewati Mutu Baku",
        "3 jam 1 mnt / 10 mnt ⚠ melewati Mutu Baku",
        "",
    ]
