"""Every message humas says (``_()``, ``translated()``, help texts, click's own words) is in Bahasa Indonesia,
with the same fields, and the command line speaks the SOP's language."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from pipeline import messages
from pipeline.catalogue import messages_in_code

ROOT = Path(__file__).resolve().parents[1]
FIELD = re.compile(r"\{(\w+)")


def _key(message: object) -> str:
    return message if isinstance(message, str) else message[0]  # type: ignore[index]


def test_every_message_is_translated_with_the_same_fields_and_none_is_stale() -> None:
    with (ROOT / "pipeline/locale/id/LC_MESSAGES/humas.po").open("rb") as source:
        catalog = read_po(source)
    translated = {_key(m.id): m.string for m in catalog if m.id}
    code = {_key(message) for message in messages_in_code()}
    assert sorted(code - set(translated)) == [], "run make messages, then translate"
    assert sorted(set(translated) - code) == [], "run make messages (these are no longer used)"
    assert [m for m, t in translated.items() if not t or not all(t if isinstance(t, tuple) else [t])] == []
    fields = {_key(m): set(FIELD.findall(" ".join([m] if isinstance(m, str) else m))) for m in messages_in_code()}
    # A plural message has one Indonesian form, which may use the fields of either English form.
    wrong = [
        m
        for m, t in translated.items()
        if (set(FIELD.findall(t)) != fields[m] if isinstance(t, str) else not set(FIELD.findall(t[0])) <= fields[m])
    ]
    assert wrong == []


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
