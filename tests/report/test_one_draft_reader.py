"""One draft reader: a draft read from git (``draft_of``: the Lembar's channels, the calendar, the bidang
of a change, a change's title) is read exactly as ``humas check`` reads the file (``read_draft``)."""

from __future__ import annotations

from pathlib import Path

from pipeline.content.load import MAX_DRAFT_BYTES, draft_of, read_draft

PUBLICATION = "content/publikasi/2025/wisuda/index.md"
VALID = (
    "---\ntitle: Wisuda Angkatan 2025\ndate: 2025-02-10\nbidang: akademik\n"
    "channels:\n  website: {}\n  instagram: {caption: Selamat}\n---\nIsi berita.\n"
)


def test_a_draft_read_from_git_is_the_draft_humas_check_reads(tmp_path: Path) -> None:
    cases = [
        (PUBLICATION, VALID.encode()),
        (PUBLICATION, VALID.replace("date: 2025-02-10", "date: kemarin").encode()),  # one field invalid
        (PUBLICATION, b"---\ntitle: [unclosed\n---\n"),
        (PUBLICATION, b"no front-matter at all\n"),
        (PUBLICATION, b"---\ntitle: x\n---\n" + b"\xff\xfe"),
        (PUBLICATION, b"---\ntitle: x\n---\n" + b"a" * (MAX_DRAFT_BYTES + 1)),
        ("content/rencana/2025-ganjil.md", b"---\ntitle: Rencana\ndate: 2025-01-01\narahan: a\nitems: []\n---\n"),
        ("content/publikasi/2025/wisuda/other.md", VALID.encode()),
        ("docs/index.md", VALID.encode()),
    ]
    for path, raw in cases:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(raw)
        from_file, file_problems = read_draft(tmp_path, path)
        from_git, git_problems = draft_of(raw, path)
        assert [str(p) for p in git_problems] == [str(p) for p in file_problems], path
        assert (from_git is None) == (from_file is None), path
        if from_git is not None and from_file is not None:
            assert (from_git.kind, from_git.id, from_git.meta, from_git.body, from_git.invalid) == (
                from_file.kind,
                from_file.id,
                from_file.meta,
                from_file.body,
                from_file.invalid,
            ), path
    draft, _problems = draft_of(VALID.encode(), PUBLICATION)
    assert draft is not None and draft.meta.channels.names() == ["website", "instagram"]


def test_a_draft_read_twice_is_the_same_draft_in_each_callers_folder_and_its_problems_in_each_moments_language(
    tmp_path: Path,
) -> None:
    """Verifying main reads each approved draft's bytes for its bidang and the build loads the same bytes: the
    valid draft is made once per process, and each reader gets it in its own folder; a draft with problems is
    read again, so that they are said in the language of the moment."""
    from pipeline.messages import speaking

    raw = VALID.replace("Wisuda Angkatan 2025", "Wisuda di folder").encode()
    first, _problems = draft_of(raw, PUBLICATION)
    beside, _problems = draft_of(raw, PUBLICATION, tmp_path / "ekspor")
    again, _problems = draft_of(raw, PUBLICATION)
    assert first is not None and beside is not None and again is not None
    assert (first.folder, beside.folder, again.folder) == (
        Path("content/publikasi/2025/wisuda"),
        tmp_path / "ekspor",
        Path("content/publikasi/2025/wisuda"),
    )
    assert beside.meta is first.meta  # made once

    invalid = VALID.replace("date: 2025-02-10", "date: kemarin").encode()
    with speaking("en"):
        _draft, english = draft_of(invalid, PUBLICATION)
    with speaking("id"):
        _draft, indonesian = draft_of(invalid, PUBLICATION)
    assert [str(p) for p in english] == [
        f"{PUBLICATION}:3: date: 'kemarin' is not a date (allowed: YYYY-MM-DD, for example 2025-02-10)"
    ]
    assert [str(p) for p in indonesian] == [
        f"{PUBLICATION}:3: date: 'kemarin' bukan tanggal (yang boleh: YYYY-MM-DD, misalnya 2025-02-10)"
    ]
