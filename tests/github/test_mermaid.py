"""The Mermaid flowchart of the SOP: pure, current step highlighted, labels escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.sop.config import parse_sop
from pipeline.sop.evaluate import evaluate
from pipeline.sop.facts import ChangeFacts, Decision, IdentityKind, Review
from pipeline.sop.mermaid import render_flowchart
from tests.github.conftest import AKADEMIK, SOP

AT = datetime(2025, 2, 10, 1, tzinfo=UTC)


def facts(*reviews: Review) -> ChangeFacts:
    return ChangeFacts(
        head="h" * 40,
        started_at=AT,
        authors=frozenset({"humas1-pkj2"}),
        paths=("content/publikasi/2025/wisuda/index.md",),
        bidang=frozenset({"akademik"}),
        reviews=reviews,
        identity_kind=IdentityKind.GITHUB,
    )


def test_the_flowchart_highlights_the_current_step() -> None:
    sop = parse_sop(SOP)
    signed = Review(AKADEMIK, Decision.APPROVED, "h" * 40, AT.replace(minute=5))
    chart = render_flowchart(sop, evaluate(sop, facts(signed)))
    lines = chart.splitlines()
    assert lines[:2] == ["```mermaid", "flowchart LR"]
    assert lines[-1] == "```"
    assert '  s4["✔ Verifikasi<br/>Verifikator (Kasubbag)"]' in lines
    assert '  s5["▶ Pengendalian<br/>Pengendali Publikasi (SPI)"]' in lines
    assert "  s1 --> s2 --> s3 --> s4 --> s5 --> s6 --> s7 --> s8" in lines
    assert [line for line in lines if line.startswith("  class ")] == [
        "  class s1 other",
        "  class s2 other",
        "  class s3 done",
        "  class s4 done",
        "  class s5 current",
        "  class s6 todo",
        "  class s7 todo",
        "  class s8 todo",
    ]


def test_a_request_for_changes_marks_the_current_step_blocked_and_labels_are_escaped() -> None:
    sop = parse_sop(SOP.replace("name: Verifikasi}", 'name: "Verifikasi \\"isi\\" <cepat>"}'))
    refused = Review(AKADEMIK, Decision.CHANGES_REQUESTED, "h" * 40, AT.replace(minute=5))
    chart = render_flowchart(sop, evaluate(sop, facts(refused)))
    assert '  s4["✖ Verifikasi #quot;isi#quot; &lt;cepat&gt;<br/>Verifikator (Kasubbag)"]' in chart
    assert "  class s4 blocked" in chart
