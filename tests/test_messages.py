"""Every message humas says through ``_()`` or ``translated()`` is in Bahasa Indonesia, with the same fields."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pipeline import messages

ROOT = Path(__file__).resolve().parents[1]
FIELD = re.compile(r"\{(\w+)")


def in_code() -> set[tuple[str | None, str]]:
    """(context, message) of every message in the code."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT / "pipeline"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "translated": (2,), "translated_in": ((1, "c"), 3)},
        comment_tags=(),
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_message_is_translated_with_the_same_fields_and_none_is_stale() -> None:
    with (ROOT / "pipeline/locale/id/LC_MESSAGES/humas.po").open("rb") as source:
        catalog = read_po(source)
    translated = {(m.context, m.id): m.string for m in catalog if m.id}
    code = in_code()
    assert sorted(code - set(translated)) == [], "run make messages, then translate"
    assert sorted(set(translated) - code) == [], "run make messages (these are no longer used)"
    assert [m for m, t in translated.items() if not t] == []
    assert [m for (_, m), t in translated.items() if set(FIELD.findall(m)) != set(FIELD.findall(t))] == []


def test_indonesian_by_default_english_by_configuration(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("HUMAS_LANGUAGE", raising=False)
    messages.set_language(None)
    assert messages._("review refused: {why}", why="x") == "reviu ditolak: x"
    messages.set_language("en")
    assert messages._("review refused: {why}", why="x") == "review refused: x"
    monkeypatch.setenv("HUMAS_LANGUAGE", "id")
    assert messages._("review refused: {why}", why="x") == "reviu ditolak: x"
    messages.set_language(None)


def test_a_language_named_at_the_call_wins_over_the_process_language(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("HUMAS_LANGUAGE", "en")
    assert messages.translated("id", "review refused: {why}", why="x") == "reviu ditolak: x"
    assert messages.translated("en", "review refused: {why}", why="x") == "review refused: x"
    assert messages.translated("fr", "review refused: {why}", why="x") == "reviu ditolak: x"


def test_a_context_tells_apart_one_english_text_that_indonesian_words_two_ways() -> None:
    assert messages.translated("id", "changes requested") == "diminta perbaikan"  # a chain's status
    assert messages.translated_in("decision", "id", "changes requested") == "perbaikan diminta"  # a review's
    assert messages.translated_in("decision", "en", "changes requested") == "changes requested"
    assert messages.translated("id", "min") == "mnt"  # the report's unit
    assert messages.translated_in("approval sheet", "id", "min") == "menit"  # the sheet's
