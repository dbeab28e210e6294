"""What a change does to a publication (``change_acts``), read from its draft at the base and at the head."""

from __future__ import annotations

import pytest

from pipeline.sop.facts import ActKind, change_acts
from tests.helpers import publikasi

INDEX = "content/publikasi/2025/wisuda/index.md"
COVER = "content/publikasi/2025/wisuda/sampul.jpg"
BASE = publikasi()
NOTE = "ralat: Tanggal diralat.\n"


@pytest.mark.parametrize(
    ("base", "head", "paths", "kind"),
    [
        (None, BASE, [INDEX], ActKind.NEW),
        (BASE, None, [INDEX], ActKind.NEW),
        (BASE, publikasi(body="Isi lain.\n"), [INDEX], ActKind.CORRECTION),
        (BASE, publikasi(extra=NOTE, body="Isi lain.\n"), [INDEX], ActKind.CORRECTION),
        (BASE, publikasi(extra="ditarik: {alasan: Batal}\n"), [INDEX], ActKind.WITHDRAWAL),
        (BASE, publikasi(extra="ditarik: {alasan: Batal, darurat: true}\n"), [INDEX], ActKind.URGENT_WITHDRAWAL),
        # a withdrawal that changes anything else is a correction (it needs its note and the corrections chain)
        (BASE, publikasi(extra="ditarik: {alasan: Batal}\n", body="Isi lain.\n"), [INDEX], ActKind.CORRECTION),
        (
            BASE,
            publikasi(title="Judul lain", extra="ditarik: {alasan: Batal, darurat: true}\n"),
            [INDEX],
            ActKind.CORRECTION,
        ),
        (BASE, publikasi(extra="ditarik: {alasan: Batal, darurat: true}\n"), [INDEX, COVER], ActKind.CORRECTION),
        # confirming an urgent withdrawal is a withdrawal (the normal chain); making it urgent afterwards is not urgent
        (
            publikasi(extra="ditarik: {alasan: Batal, darurat: true}\n"),
            publikasi(extra="ditarik: {alasan: Batal, darurat: false}\n"),
            [INDEX],
            ActKind.WITHDRAWAL,
        ),
        (
            publikasi(extra="ditarik: {alasan: Batal}\n"),
            publikasi(extra="ditarik: {alasan: Lain, darurat: true}\n"),
            [INDEX],
            ActKind.WITHDRAWAL,
        ),
        # a draft that cannot be read is the strictest: a correction
        (BASE, "no front-matter", [INDEX], ActKind.CORRECTION),
        (BASE, publikasi(extra="ditarik: dibatalkan\n"), [INDEX], ActKind.CORRECTION),
    ],
)
def test_what_a_change_does(base: str | None, head: str | None, paths: list[str], kind: ActKind) -> None:
    def reader(text: str | None):  # type: ignore[no-untyped-def]
        return lambda path: text.encode() if text is not None and path == INDEX else None

    (act,) = change_acts(paths, reader(head), reader(base))
    assert (act.publication, act.kind) == ("2025/wisuda", kind)


def test_paths_outside_publications_are_no_act() -> None:
    assert change_acts(["sop.yml", "content/arahan/x.md"], lambda p: None, lambda p: None) == ()
