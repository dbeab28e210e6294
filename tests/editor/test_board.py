"""The editor's board is the SOP's: each entry's column and card line come from the checklist of
``humas status``; a save answers with what ``humas check`` finds; a merged entry leaves the board and its
branch is removed; each save is committed as the person writing (in process, against a real repository)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.editor.board import remove_merged
from pipeline.editor.local_backend import LocalBackend
from pipeline.git import GitRepo
from tests.helpers import Repo, publikasi

INDEX = "content/publikasi/2025/wisuda/index.md"
BRANCH = "cms/publikasi/2025/wisuda/index"
SITI = {"name": "Siti Rahma, S.I.Kom.", "email": "Siti.Rahma@poltekkesjkt2.ac.id"}


def save(backend: LocalBackend, raw: str, author: Any = None) -> tuple[int, Any]:
    reply = backend.handle(
        {
            "action": "persistEntry",
            "params": {
                "branch": "main",
                "author": SITI if author is None else author,
                "dataFiles": [{"slug": "2025/wisuda/index", "path": INDEX, "raw": raw}],
                "options": {"collectionName": "publikasi", "commitMessage": "Buat Publikasi", "useWorkflow": True},
            },
        }
    )
    return reply.status, reply.body


def card(backend: LocalBackend) -> tuple[str, str]:
    """The entry's column and the line on its card, as Decap reads them."""
    body = backend.handle(
        {"action": "unpublishedEntry", "params": {"branch": "main", "id": "publikasi/2025/wisuda/index"}}
    ).body
    return body["status"], body["pullRequestAuthor"]


def board(backend: LocalBackend) -> Any:
    return backend.handle({"action": "unpublishedEntries", "params": {"branch": "main"}}).body


def test_the_board_shows_each_step_and_who_signs_next_and_a_merged_entry_leaves_it(repo: Repo) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    assert save(backend, publikasi()) == (
        200,
        {"message": "entry persisted", "sop": "Berikutnya: Verifikasi — Kasubbag Akademik", "problems": []},
    )
    seen = [card(backend)]
    for who, role in (("akademik", "verifikator"), ("spi", "pengendali"), ("wadir1", "penanggung_jawab")):
        assert repo.sign(BRANCH, who, role).code == 0
        seen.append(card(backend))
    assert repo.sign(BRANCH, "reni", "pengarah").code == 0
    seen.append(card(backend))
    assert seen == [
        ("draft", "Berikutnya: Verifikasi — Kasubbag Akademik"),
        ("pending_review", "Berikutnya: Pengendalian — Ketua SPI"),
        ("pending_review", "Berikutnya: Persetujuan — Wakil Direktur I"),
        ("pending_review", "Berikutnya: Pengesahan — Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom"),
        ("pending_publish", f"semua tahap sudah ditandatangani; gabungkan ke main: humas merge {BRANCH}"),
    ]
    assert board(backend) == ["publikasi/2025/wisuda/index"]

    assert repo.humas("merge", BRANCH).code == 0
    assert board(backend) == []
    assert repo.git("branch", "--list", "cms/*") == ""
    assert GitRepo(repo.root).run_status("config", "--get-regexp", "^branch\\.cms/") == (1, "")

    # the published entry edited again is a new change that starts from main, not from the merged branch
    repo.git("branch", BRANCH, f"{repo.git('rev-parse', 'main').strip()}^2")  # as if never removed
    assert save(backend, publikasi(title="Wisuda Angkatan 2025 (ralat)"))[0] == 200
    assert len(repo.git("log", "--format=%H", f"main..{BRANCH}").split()) == 1
    assert repo.git("merge-base", "main", BRANCH).strip() == repo.git("rev-parse", "main").strip()


def test_a_save_answers_with_the_problems_of_humas_check_and_the_card_says_fix_first(repo: Repo) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    status, body = save(backend, publikasi(extra="image: sampul.jpg\nsummary: …\n"))
    assert status == 200
    assert body == {
        "message": "entry persisted",
        "sop": "Perbaiki dulu: humas check menemukan 3 masalah; simpan lagi setelah diperbaiki (belum ada yang "
        "diminta menandatangani sebelum itu)",
        "problems": body["problems"],
        "problemsTitle": "Tersimpan, tetapi humas check menolak draf ini. Perbaiki hal berikut lalu simpan lagi; "
        "belum ada yang diminta menandatangani sebelum itu:",
    }
    assert [p.split(": ", 2)[1] for p in body["problems"]] == ["image", "image_alt", "summary"]
    assert body["problems"][1].startswith(f"{INDEX}:5: image_alt: wajib diisi bila ada image")
    assert card(backend) == ("draft", body["sop"])

    # fixed and saved again: the card names who signs next
    assert save(backend, publikasi())[1]["problems"] == []
    assert card(backend) == ("draft", "Berikutnya: Verifikasi — Kasubbag Akademik")


def test_a_card_moves_only_by_signatures(repo: Repo) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    save(backend, publikasi())
    reply = backend.handle(
        {
            "action": "updateUnpublishedEntryStatus",
            "params": {
                "branch": "main",
                "collection": "publikasi",
                "slug": "2025/wisuda/index",
                "newStatus": "pending_publish",
            },
        }
    )
    assert (reply.status, reply.body) == (
        422,
        {
            "error": "Kolom mengikuti SOP: draf berpindah setelah orang berikutnya menandatanganinya (humas review), "
            "bukan dengan digeser."
        },
    )
    assert card(backend)[0] == "draft"


def test_each_save_is_committed_as_the_person_writing_not_as_the_computer(repo: Repo) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    assert save(backend, publikasi())[0] == 200
    assert save(backend, publikasi(title="Wisuda"), {"name": "Budi", "email": "budi@poltekkesjkt2.ac.id"})[0] == 200
    assert repo.git("log", "--format=%an|%ae|%cn|%ce", f"main..{BRANCH}") == (
        "Budi|budi@poltekkesjkt2.ac.id|Budi|budi@poltekkesjkt2.ac.id\n"
        "Siti Rahma, S.I.Kom|siti.rahma@poltekkesjkt2.ac.id|Siti Rahma, S.I.Kom|siti.rahma@poltekkesjkt2.ac.id\n"
    )
    checked = backend.handle({"action": "checkAuthor", "params": {"branch": "main", "author": SITI}})
    assert (checked.status, checked.body) == (
        200,
        {"name": "Siti Rahma, S.I.Kom", "email": "siti.rahma@poltekkesjkt2.ac.id"},
    )


NAME_REFUSED = (
    "Nama {!r} tidak dapat dipakai (yang boleh: 2 sampai 100 karakter berupa huruf, angka, spasi dan . , ' -; "
    "tanpa < > @ atau tanda kutip)"
)
EMAIL_REFUSED = "E-mail {!r} tidak dapat dipakai (yang boleh: satu alamat, misalnya nama@instansi.go.id)"
NOBODY = "Siapa yang menyimpan? Muat ulang editor lalu isi nama dan e-mail Anda (ditanyakan sekali di setiap browser)."


@pytest.mark.parametrize(
    ("author", "error"),
    [
        (None, NOBODY),
        ({}, NOBODY),
        ("Siti", NOBODY),
        (
            {"name": "Eve <eve@evil.example>", "email": "eve@evil.example"},
            NAME_REFUSED.format("Eve <eve@evil.example>"),
        ),
        (
            {"name": "Siti\nSigned-off-by: Direktur", "email": "a@b.id"},
            NAME_REFUSED.format("Siti\nSigned-off-by: Direktur"),
        ),
        ({"name": "Siti\u202eatiR", "email": "a@b.id"}, NAME_REFUSED.format("Siti\u202eatiR")),
        ({"name": "-", "email": "a@b.id"}, NAME_REFUSED.format("-")),
        ({"name": "x" * 101, "email": "a@b.id"}, NAME_REFUSED.format("x" * 100)),
        ({"name": ["Siti"], "email": "a@b.id"}, NAME_REFUSED.format("['Siti']")),
        ({"name": "Siti", "email": "siti"}, EMAIL_REFUSED.format("siti")),
        ({"name": "Siti", "email": "siti@localhost"}, EMAIL_REFUSED.format("siti@localhost")),
        ({"name": "Siti", "email": "a@b.id> <x@y.id"}, EMAIL_REFUSED.format("a@b.id> <x@y.id")),
        ({"name": "Siti", "email": "a@b.id\n"}, EMAIL_REFUSED.format("a@b.id\n")),
        ({"name": "Siti", "email": None}, EMAIL_REFUSED.format("")),
    ],
)
def test_a_name_or_e_mail_git_cannot_carry_safely_is_refused_and_nothing_is_saved(
    repo: Repo, author: Any, error: str
) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    params = {} if author is None else {"author": author}
    checked = backend.handle({"action": "checkAuthor", "params": {"branch": "main", **params}})
    assert (checked.status, checked.body) == (422, {"error": error})
    assert save(backend, publikasi(), author=author if author is not None else {}) == (422, {"error": error})
    assert repo.git("branch", "--list", "cms/*") == ""


def test_a_merged_branch_that_is_checked_out_stays_but_leaves_the_board(repo: Repo) -> None:
    git = GitRepo(repo.root)
    backend = LocalBackend(git)
    save(backend, publikasi())
    repo.git("branch", "cms/publikasi/old/index", "main")  # nothing of its own: all of it is in main
    repo.switch("cms/publikasi/old/index")
    assert remove_merged(git, [BRANCH, "cms/publikasi/old/index"]) == [BRANCH]
    assert repo.git("branch", "--list", "cms/*").split() == [BRANCH, "*", "cms/publikasi/old/index"]


def test_a_draft_sent_back_for_changes_says_who_asked_and_goes_back_to_draft(repo: Repo) -> None:
    backend = LocalBackend(GitRepo(repo.root))
    save(backend, publikasi())
    assert repo.sign(BRANCH, "akademik", "verifikator").code == 0
    assert repo.sign(BRANCH, "spi", "pengendali", decision="request-changes", message="Foto buram").code == 0
    column, line = card(backend)
    status = repo.humas("status", BRANCH).out
    said = next(row.removeprefix("Status: ") for row in status.splitlines() if row.startswith("Status: "))
    nexts = [row.removeprefix("Berikutnya: ") for row in status.splitlines() if row.startswith("Berikutnya: ")]
    # the card says what humas status says: the status line and what to do next, naming who asked
    assert (column, line) == ("draft", "; ".join([said, *nexts]))
    assert "Ketua SPI" in said
