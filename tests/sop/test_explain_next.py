"""The checklist says what to do next: to the author after a request for changes, to whoever merges once
complete, and to a holder whose signature does not count because they authored the change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline import skeleton
from pipeline.problems import Problem
from pipeline.sop.config import parse_sop
from pipeline.sop.evaluate import evaluate
from pipeline.sop.explain import next_lines, refusal_way_out, render_markdown, render_text
from pipeline.sop.facts import ChangeFacts, Decision, Review

TEMPLATE = skeleton.read("sop.yml").decode()
SOP = parse_sop(TEMPLATE)
TWO_VERIFIERS = parse_sop(
    TEMPLATE.replace("    akademik: [kasubbag_akademik]", "    akademik: [kasubbag_akademik, kasubbag_umum]")
)
ENGLISH = parse_sop(TEMPLATE.replace("language: id", "language: en"))
T0 = datetime(2025, 2, 10, 8, 0, tzinfo=UTC)
HEAD = "a" * 40
NOW = T0 + timedelta(minutes=30)
EMAIL = {pid: p.email for pid, p in SOP.people.items()}
BRANCH = "publikasi/wisuda"


def review(who: str, minutes: int, decision: Decision = Decision.APPROVED, message: str = "") -> Review:
    return Review(
        reviewer=EMAIL[who], decision=decision, commit=HEAD, at=T0 + timedelta(minutes=minutes), message=message
    )


def facts(*reviews: Review, authors: tuple[str, ...] = ("humas1",)) -> ChangeFacts:
    return ChangeFacts(
        head=HEAD,
        started_at=T0,
        authors=frozenset(str(EMAIL[a]) for a in authors),
        paths=("content/publikasi/2025/wisuda/index.md",),
        bidang=frozenset({"akademik"}),
        reviews=reviews,
    )


FULL = (review("kasubbag_akademik", 5), review("spi", 10), review("wadir1", 15), review("reni", 20))
ASKED = review("spi", 9, Decision.CHANGES_REQUESTED, "Perbaiki judul.")


def checklist(sop, change_facts: ChangeFacts, *, local: bool = True) -> list[str]:  # noqa: ANN001
    result = evaluate(sop, change_facts)
    command = f"humas review approve {BRANCH} --role {{role}}" if local else None
    return render_text(result, sop, change=BRANCH, head=HEAD, now=NOW, next_command=command).splitlines()


def test_after_a_request_for_changes_the_author_is_told_to_fix_and_commit() -> None:
    lines = checklist(SOP, facts(FULL[0], ASKED))
    assert lines[-1] == (
        "Berikutnya: perbaiki sesuai catatan Ketua SPI lalu commit ke cabang yang sama; sesudah itu semua tahap "
        "ditandatangani ulang, dimulai dari Kasubbag Akademik (Verifikasi)"
    )
    assert checklist(ENGLISH, facts(FULL[0], ASKED))[-1] == (
        "Next: fix what Ketua SPI asked for and commit to the same branch; then every step is signed again, "
        "starting with Kasubbag Akademik (Verifikasi)"
    )


def test_once_complete_the_checklist_says_merge_or_that_the_gate_merges() -> None:
    assert checklist(SOP, facts(*FULL))[-1] == (
        "Berikutnya: semua tahap sudah ditandatangani; gabungkan ke main: humas merge publikasi/wisuda"
    )
    assert checklist(SOP, facts(*FULL), local=False)[-1] == (
        "Berikutnya: semua tahap sudah ditandatangani; gate menggabungkan pull request ini secara otomatis"
    )
    assert checklist(ENGLISH, facts(*FULL))[-1] == (
        "Next: every step is signed; merge it into main: humas merge publikasi/wisuda"
    )
    pending = checklist(SOP, facts(*FULL[:2]))
    assert not any("semua tahap lengkap" in line for line in pending)


def test_an_author_whose_signature_does_not_count_is_told_who_else_may_sign() -> None:
    change = facts(review("kasubbag_akademik", 5), authors=("humas1", "kasubbag_akademik"))
    lines = checklist(TWO_VERIFIERS, change)
    assert lines[-1] == (
        "Berikutnya: Kasubbag Akademik adalah penulis perubahan ini dan tidak dapat "
        "menandatangani Verifikasi: minta Kasubbag Umum (Verifikator (Kasubbag), bidang akademik) "
        "untuk menandatangani"
    )
    markdown = render_markdown(evaluate(TWO_VERIFIERS, change), TWO_VERIFIERS, now=NOW)
    assert markdown.rstrip().splitlines()[-1] == (
        "**Berikutnya:** Kasubbag Akademik adalah penulis perubahan ini dan tidak dapat menandatangani "
        "Verifikasi: minta Kasubbag Umum (Verifikator (Kasubbag), bidang akademik) untuk menandatangani"
    )


def test_an_author_who_is_the_only_holder_is_told_how_to_add_one() -> None:
    change = facts(review("kasubbag_akademik", 5), authors=("humas1", "kasubbag_akademik"))
    result = evaluate(SOP, change)
    assert next_lines(result, SOP) == [
        "Kasubbag Akademik adalah penulis perubahan ini dan tidak dapat menandatangani Verifikasi, dan tidak ada "
        "pemegang lain peran verifikator untuk bidang akademik: tambahkan seseorang di sop.yml (roles.verifikator) "
        "melalui perubahan yang ditandatangani Direktur"
    ]
    english = evaluate(ENGLISH, change)
    assert next_lines(english, ENGLISH) == [
        "Kasubbag Akademik authored this change and cannot sign Verifikasi, and nobody else holds role verifikator "
        "for bidang akademik: add someone in sop.yml (roles.verifikator) through a change the Direktur signs"
    ]


def test_the_way_out_for_a_refused_signer_names_the_other_holders() -> None:
    change = facts(authors=("humas1", "kasubbag_akademik"))
    result = evaluate(TWO_VERIFIERS, change)
    assert refusal_way_out(TWO_VERIFIERS, change, result, "kasubbag_akademik") == [
        "Kasubbag Akademik adalah penulis perubahan ini dan tidak dapat menandatangani Verifikasi: minta Kasubbag "
        "Umum (Verifikator (Kasubbag), bidang akademik) untuk menandatangani"
    ]
    reni = refusal_way_out(SOP, facts(authors=("reni",)), evaluate(SOP, facts(authors=("reni",))), "reni")
    assert reni == [
        "Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom adalah penulis perubahan ini dan tidak dapat menandatangani "
        "Pengesahan, dan tidak ada pemegang lain peran pengarah: tambahkan seseorang di sop.yml (roles.pengarah) "
        "melalui perubahan yang ditandatangani Direktur"
    ]


def test_a_change_whose_content_fails_the_check_is_fixed_first_and_no_signature_is_asked_for() -> None:
    problem = Problem("content/publikasi/2025/wisuda/index.md", 5, "summary", "masih berisi teks contoh")
    result = evaluate(SOP, facts())
    command = f"humas review approve {BRANCH} --role {{role}}"
    lines = render_text(result, SOP, change=BRANCH, head=HEAD, now=NOW, next_command=command, problems=[problem])
    tail = lines.splitlines()[-4:]
    assert tail == [
        "Masalah konten:",
        "  - content/publikasi/2025/wisuda/index.md:5: summary: masih berisi teks contoh",
        "",
        "Berikutnya: perbaiki dulu: betulkan masalah konten lalu commit ke cabang yang sama; setelah lolos humas "
        "check, tanda tangan diminta dari: Verifikasi — Kasubbag Akademik",
    ]
    assert "humas review approve" not in lines
    # Every step signed (an older signature chain), the content broken since: still fix first, not merge.
    done = render_text(
        evaluate(SOP, facts(*FULL)), SOP, change=BRANCH, head=HEAD, now=NOW, next_command=command, problems=[problem]
    )
    assert done.splitlines()[-1] == (
        "Berikutnya: perbaiki dulu: betulkan masalah konten lalu commit ke cabang yang sama; belum ada yang "
        "diminta menandatangani sebelum itu"
    )
    assert "humas merge" not in done
    markdown = render_markdown(result, SOP, now=NOW, mention={"kasubbag_akademik": "akademik-pkj2"}, fix_first=True)
    assert "@akademik-pkj2" not in markdown
    assert markdown.splitlines()[-1] == (
        "**Berikutnya:** perbaiki dulu: betulkan masalah konten lalu commit ke cabang yang sama; setelah lolos humas "
        "check, tanda tangan diminta dari: Verifikasi — Kasubbag Akademik"
    )


def test_a_draft_whose_bidang_cannot_be_used_says_so_in_the_sops_language() -> None:
    from pipeline.messages import speaking
    from pipeline.sop.facts import draft_bidang

    drafts = {
        "content/publikasi/2025/a/index.md": b"---\ntitle: A\nbidang: keuangan\n---\n",
        "content/publikasi/2025/b/index.md": b"---\ntitle: B\n---\n",
    }
    with speaking("id"):
        found, problems = draft_bidang(SOP, list(drafts), drafts.get, drafts.get)
    assert found == set()
    assert problems == [
        "content/publikasi/2025/a/index.md: bidang 'keuangan' tidak dikenal (yang boleh: akademik, umum, "
        "kemahasiswaan)",
        "content/publikasi/2025/b/index.md: bidang tidak dapat dibaca (jalankan humas check)",
    ]
