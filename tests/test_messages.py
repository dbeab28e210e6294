"""Every message humas says (``_()``, ``translated()``, help texts, click's own words) is in Bahasa Indonesia,
with the same fields, and the command line speaks the SOP's language."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from pipeline import messages
from tools.catalogue import glossary_problems, glossary_rules, key, messages_in_code, unreadable_calls

ROOT = Path(__file__).resolve().parents[1]
FIELD = re.compile(r"\{(\w+)")


def test_every_message_is_translated_with_the_same_fields_and_none_is_stale() -> None:
    with (ROOT / "pipeline/locale/id/LC_MESSAGES/humas.po").open("rb") as source:
        catalog = read_po(source)
    translated = {(m.context, key(m.id)): m.string for m in catalog if m.id}
    code = {(context, key(message)): message for context, message in messages_in_code()}
    assert sorted(set(code) - set(translated), key=str) == [], "run make messages, then translate"
    assert sorted(set(translated) - set(code), key=str) == [], "run make messages (these are no longer used)"
    assert [m for m, t in translated.items() if not t or not all(t if isinstance(t, tuple) else [t])] == []
    fields = {m: set(FIELD.findall(" ".join([e] if isinstance(e, str) else e))) for m, e in code.items()}
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
    assert messages._("review refused: {why}", why="x") == "tidak dicatat: x"
    messages.set_language("en")
    assert messages._("review refused: {why}", why="x") == "review refused: x"
    monkeypatch.setenv("HUMAS_LANGUAGE", "id")
    assert messages._("review refused: {why}", why="x") == "tidak dicatat: x"
    messages.set_language(None)


def test_a_language_named_at_the_call_wins_over_the_process_language(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("HUMAS_LANGUAGE", "en")
    assert messages.translated("id", "review refused: {why}", why="x") == "tidak dicatat: x"
    assert messages.translated("en", "review refused: {why}", why="x") == "review refused: x"
    assert messages.translated("fr", "review refused: {why}", why="x") == "tidak dicatat: x"


def test_a_context_tells_apart_one_english_text_that_indonesian_words_two_ways() -> None:
    assert messages.translated("id", "changes requested") == "perlu perbaikan"  # a chain's status
    assert messages.translated_in("decision", "id", "changes requested") == "perbaikan diminta"  # a review's
    assert messages.translated_in("decision", "en", "changes requested") == "changes requested"
    assert messages.translated("id", "min") == "mnt"  # the report's unit
    assert messages.translated_in("approval sheet", "id", "min") == "menit"  # the sheet's


def test_every_message_call_gives_a_literal_message_the_catalogue_can_hold(tmp_path: Path) -> None:
    assert unreadable_calls() == []
    module = tmp_path / "module.py"
    module.write_text(
        "from pipeline.messages import _, translated\n"
        "ok = f\"{_('Done.')}\"\n"
        'wrong = _(f"Done in {seconds} s.")\n'
        "also_wrong = translated(language, text)\n",
        encoding="utf-8",
    )
    found = unreadable_calls([module])
    assert [line.rsplit(":", 1)[1] for line in found] == ["3", "4"]


def _catalogue_entries() -> list[tuple[str, str]]:
    with (ROOT / "pipeline/locale/id/LC_MESSAGES/humas.po").open("rb") as source:
        catalog = read_po(source)
    return [(key(m.id), m.string if isinstance(m.string, str) else m.string[0]) for m in catalog if m.id]


def test_every_message_uses_the_glossarys_word_for_its_act() -> None:
    """docs/glossary.md: one Indonesian word for each act (merge is *menggabungkan*, a post *unggahan*, a
    signature *tanda tangan*), so that no message says *terbit* for a merge or *persetujuan* for any step."""
    assert glossary_problems(_catalogue_entries()) == []


def test_the_glossary_check_refuses_a_word_kept_for_another_act() -> None:
    rules = glossary_rules()
    assert ("gabung", ("merg",)) in rules and ("posting", ()) in rules
    cases = [
        ("Merged {branch} into main as {commit}.", "{branch} diterbitkan ke main sebagai {commit}.", ["'erbit'"]),
        ("Merged {branch} into main as {commit}.", "{branch} digabungkan ke main sebagai {commit}.", []),
        ("Deploy the website (humas build)", "Menerbitkan situs web (humas build)", ["'erbit'"]),
        ("Publishing from the editor is not allowed", "Penggabungan dari editor tidak diizinkan", ["'gabung'"]),
        ("a post without text", "sebuah postingan tanpa teks", ["'posting'"]),
        ("{name} approved {branch}", "{name} menyetujui {branch}", ["'etuju'"]),
        ("review refused: {why}", "reviu ditolak: {why}", ["'reviu'"]),
        ("{branch}: the review of the code owners is not required", "reviu pemilik kode tidak diwajibkan", []),
        ("Error: {message}", "Galat: {message}", ["'galat'"]),
    ]
    found = [
        [p.rsplit(": ", 1)[1] for p in glossary_problems([(english, indonesian)])] for english, indonesian, _ in cases
    ]
    assert found == [expected for _, _, expected in cases]


def test_click_speaks_the_glossarys_words() -> None:
    """click's own "Missing option" and "[required]" read as Indonesian: the option after the words."""
    from click.testing import CliRunner

    from pipeline.cli import main

    messages.set_language("id")
    try:
        result = CliRunner().invoke(main, ["review", "approve", "publikasi/x"])
        helped = CliRunner().invoke(main, ["review", "--help"])
    finally:
        messages.set_language(None)
    assert result.exit_code == 2
    assert "Kesalahan: Opsi wajib belum diisi: '--role'." in result.output
    assert "[wajib diisi]" in helped.output and "[required]" not in helped.output
