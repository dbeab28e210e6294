"""``humas gate`` against the local GitHub: each rule of the policy expressed as GitHub reviews, the
status, the sticky comment, review requests, the merge with its sha guard, forks and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.github.conftest import AKADEMIK, DIREKTUR, HUMAS1, READ_ONLY, SOP, SPI, TOKEN, WADIR1, World
from tests.helpers import Run, publikasi, run_humas

DRAFT = "content/publikasi/2025/wisuda/index.md"
PENDING_0 = "menunggu Verifikasi: Kasubbag Akademik (0/4 tahap)"


def open_draft(world: World, author: str = HUMAS1, **kwargs: object) -> int:
    pull = world.fake.open_pull(
        author, "publikasi/wisuda", {DRAFT: publikasi().encode()}, title="Wisuda 2025", **kwargs
    )  # type: ignore[arg-type]
    return pull.number


def test_a_new_pull_request_waits_for_verifikasi_and_asks_its_holder(world: World) -> None:
    number = open_draft(world)
    run = world.gate(number)
    assert run.code == 0, run.err
    assert run.err == ""
    head = world.fake.pulls[number].head_sha
    status = world.fake.status_of(head)
    assert status is not None
    assert (status["state"], status["description"]) == ("pending", PENDING_0)
    assert status["target_url"] == "https://github.test/poltekkes/humas-konten/actions/runs/777"
    [comment] = world.fake.comments[number]
    assert comment["body"].startswith("<!-- humas:sop --><!-- state:")
    assert "## Daftar periksa SOP Publikasi" in comment["body"]
    assert "**Berikutnya:** Verifikasi — @akademik-pkj2" in comment["body"]
    assert "**Diminta menandatangani:** @akademik-pkj2" in comment["body"]
    assert "```mermaid\nflowchart LR" in comment["body"]
    assert "class s4 current" in comment["body"]
    assert world.fake.pulls[number].requested == [AKADEMIK]
    assert f"pending: {PENDING_0}\n" in run.out
    assert "review requested from: akademik-pkj2" in run.out
    assert "## Daftar periksa SOP Publikasi" in run.summary
    assert TOKEN not in run.out + run.err + comment["body"]


def test_the_comment_is_edited_only_when_it_changed(world: World) -> None:
    number = open_draft(world)
    world.gate(number)
    again = world.gate(number)
    assert "comment: unchanged" in again.out
    assert world.fake.requests("PATCH") == []
    assert len(world.fake.requests("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers")) == 1
    world.fake.review(number, AKADEMIK)
    third = world.gate(number, "pull_request_review")
    assert "comment: updated" in third.out
    assert len(world.fake.comments[number]) == 1
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == (
        "menunggu Pengendalian: Ketua SPI (1/4 tahap)"
    )
    assert world.fake.pulls[number].requested == [SPI]


def test_the_last_signature_merges_with_the_sha_guard_and_one_trailer_per_step(world: World) -> None:
    number = open_draft(world)
    world.sign_chain(number)
    head = world.fake.pulls[number].head_sha
    run = world.gate(number, "pull_request_review")
    assert run.code == 0, run.err
    pull = world.fake.pulls[number]
    assert pull.merged
    [merge] = world.fake.requests("PUT")
    assert merge.request["sha"] == head and merge.request["merge_method"] == "merge"
    message = world.fake.commits[pull.merge_commit_sha].message
    assert message.startswith("Wisuda 2025 (#1)\n\nMerge pull request #1 from publikasi/wisuda\n\n")
    trailers = [line for line in message.splitlines() if line.startswith("Humas-")]
    assert [t.split(":", 1)[0] for t in trailers] == [
        "Humas-Verifikasi",
        "Humas-Pengendalian",
        "Humas-Persetujuan",
        "Humas-Pengesahan",
        "Humas-Head",
    ]
    assert trailers[0] == (
        f"Humas-Verifikasi: Kasubbag Akademik <{AKADEMIK}>; role=verifikator; bidang=akademik; "
        f"at=2025-02-10T01:03:00+00:00; commit={head}"
    )
    assert world.fake.dispatches == [
        {"workflow": "publish.yml", "ref": "main", "inputs": {"sha": pull.merge_commit_sha}}
    ]
    assert world.fake.status_of(head)["state"] == "success"
    assert f"merged #1 as {pull.merge_commit_sha[:7]}\nstarted workflow publish.yml on main\n" in run.out


def test_a_push_between_the_last_approval_and_the_merge_is_not_merged(world: World) -> None:
    number = open_draft(world)
    world.sign_chain(number)
    world.fake.before("PUT", r"/merge$", lambda: world.fake.push(number, {DRAFT: publikasi(body="Diubah.\n").encode()}))
    run = world.gate(number, "pull_request_review")
    assert run.code == 0, run.err
    assert not world.fake.pulls[number].merged
    assert world.fake.dispatches == []
    assert "#1 was not merged: its head moved after the last signature" in run.out


def test_an_approval_of_an_older_commit_counts_for_nothing(world: World) -> None:
    number = open_draft(world)
    old = world.fake.pulls[number].head_sha
    world.sign_chain(number)
    new = world.fake.push(number, {DRAFT: publikasi(body="Koreksi.\n").encode()})
    run = world.gate(number)
    assert run.code == 0
    assert not world.fake.pulls[number].merged
    assert world.fake.status_of(new)["description"] == PENDING_0
    assert f"Kasubbag Akademik: menandatangani commit lama {old[:7]}, padahal commit terbaru {new[:7]}" in run.out


def test_dismissed_commented_deleted_and_bot_reviews_do_not_sign(world: World) -> None:
    number = open_draft(world)
    review = world.fake.review(number, AKADEMIK)
    world.fake.dismiss(review)
    world.fake.review(number, None)  # a deleted account: user is null
    world.fake.review(number, "dependabot[bot]", bot=True)
    world.fake.review(number, AKADEMIK, "COMMENTED")
    run = world.gate(number, "pull_request_review")
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == PENDING_0
    assert "(deleted): akun terhapus" in run.out
    assert "dependabot[bot]: akun bot tidak dapat menandatangani" in run.out


def test_a_comment_after_an_approval_changes_nothing(world: World) -> None:
    number = open_draft(world)
    world.fake.review(number, AKADEMIK)
    world.fake.review(number, AKADEMIK, "COMMENTED", body="Sudah saya cek.")
    world.gate(number, "pull_request_review")
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == (
        "menunggu Pengendalian: Ketua SPI (1/4 tahap)"
    )


def test_the_author_and_every_committer_cannot_sign(world: World) -> None:
    number = open_draft(world, author=AKADEMIK)
    world.fake.push(number, {DRAFT: publikasi(body="Tambahan SPI.\n").encode()}, author=HUMAS1, committer=SPI)
    world.fake.review(number, AKADEMIK)
    world.fake.review(number, SPI)
    run = world.gate(number, "pull_request_review")
    assert "Kasubbag Akademik: penulis perubahan tidak dapat menandatangani" in run.out
    assert "Ketua SPI: penulis perubahan tidak dapat menandatangani" in run.out
    status = world.fake.status_of(world.fake.pulls[number].head_sha)
    assert status["state"] == "failure"  # the only verifikator of akademik wrote the change
    assert status["description"].startswith("tidak dapat dilanjutkan: tidak ada penanda tangan yang sah")
    assert run.code == 1


def test_one_login_holding_two_roles_signs_one_step_only(world: World) -> None:
    world.fake.push_main({"sop.yml": SOP.replace("pengendali: [spi]", "pengendali: [spi, kasubbag_akademik]").encode()})
    number = open_draft(world)
    world.fake.review(number, AKADEMIK)
    world.gate(number, "pull_request_review")
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == (
        "menunggu Pengendalian: Ketua SPI (1/4 tahap)"
    )


def test_a_pull_request_cannot_give_its_author_a_role(world: World) -> None:
    changed = SOP.replace("pengarah: [reni]", "pengarah: [reni, humas1]").replace(
        "    akademik: [wadir1]\n", "    akademik: [wadir1, humas2]\n"
    )
    assert changed != SOP
    pull = world.fake.open_pull(HUMAS1, "sop-baru", {"sop.yml": changed.encode(), DRAFT: publikasi().encode()})
    for login in (AKADEMIK, SPI, "humas2-pkj2", HUMAS1):
        world.fake.review(pull.number, login)
    run = world.gate(pull.number, "pull_request_review")
    assert not world.fake.pulls[pull.number].merged
    assert world.fake.status_of(pull.head_sha)["state"] == "pending"
    assert "Staf Humas 2: tidak memegang peran pada rantai ini" in run.out
    assert "Rantai sistem" in run.out


def test_an_approval_before_the_previous_step_is_premature(world: World) -> None:
    number = open_draft(world)
    world.sign_chain(number, [DIREKTUR, AKADEMIK, SPI, WADIR1])
    run = world.gate(number, "pull_request_review")
    assert not world.fake.pulls[number].merged
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"].startswith(
        "menunggu Pengesahan: Dr. Reni Chairani"
    )
    assert "menandatangani sebelum Persetujuan selesai; perlu menandatangani ulang" in run.out
    world.fake.review(number, DIREKTUR)
    world.gate(number, "pull_request_review")
    assert world.fake.pulls[number].merged


def test_a_request_for_changes_fails_the_status(world: World) -> None:
    number = open_draft(world)
    world.fake.review(number, AKADEMIK, "CHANGES_REQUESTED", body="Foto kurang jelas.")
    run = world.gate(number, "pull_request_review")
    assert run.code == 1
    status = world.fake.status_of(world.fake.pulls[number].head_sha)
    assert (status["state"], status["description"]) == (
        "failure",
        "perbaikan diminta oleh Kasubbag Akademik",
    )


def test_invalid_content_fails_the_status_is_listed_and_asks_for_the_fix_first(world: World) -> None:
    pull = world.fake.open_pull(HUMAS1, "publikasi/rusak", {DRAFT: publikasi(bidang="olahraga").encode()})
    run = world.gate(pull.number)
    assert run.code == 1
    status = world.fake.status_of(pull.head_sha)
    assert status["state"] == "failure"
    assert status["description"] == "perlu perbaikan: konten tidak valid: 1 masalah (lihat komentar)"
    problem = f"{DRAFT}:4: bidang: bidang 'olahraga' tidak dikenal (yang boleh: akademik, umum, kemahasiswaan)"
    body = world.fake.comments[pull.number][0]["body"]
    assert f"- `{problem}`" in body
    assert problem in run.out
    assert (
        "**Berikutnya:** perbaiki dulu: betulkan masalah konten lalu commit ke cabang yang sama; belum ada yang "
        "diminta menandatangani sebelum itu" in body
    )


def test_an_unedited_scaffold_asks_for_the_fix_first_and_nobody_to_review(world: World) -> None:
    """Sign only what can merge: with problems, the checklist says fix first and requests no review."""
    draft = publikasi(extra='summary: "…"\n').encode()
    pull = world.fake.open_pull(HUMAS1, "publikasi/contoh", {DRAFT: draft})
    run = world.gate(pull.number)
    assert run.code == 1
    body = world.fake.comments[pull.number][0]["body"]
    problem = f"{DRAFT}:5: summary: masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"
    assert f"- `{problem}`" in body
    fix_first = (
        "perbaiki dulu: betulkan masalah konten lalu commit ke cabang yang sama; setelah lolos humas check, "
        "tanda tangan diminta dari: Verifikasi — Kasubbag Akademik"
    )
    assert f"**Berikutnya:** {fix_first}" in body
    assert "@akademik-pkj2" not in body and "Diminta menandatangani" not in body
    assert world.fake.pulls[pull.number].requested == []
    assert f"Berikutnya: {fix_first}" in run.out and f"  - {problem}" in run.out


def test_a_run_for_an_older_head_leaves_the_decision_to_the_newer_run(world: World) -> None:
    number = open_draft(world)
    old = world.fake.pulls[number].head_sha
    new = world.fake.push(number, {DRAFT: publikasi(body="Baru.\n").encode()})
    run = world.gate(number, head=old)
    assert run.code == 0
    assert (
        run.out == f"#1: the head moved from {old[:7]} to {new[:7]} since this event; the run for the newer "
        "commit decides.\n"
    )
    assert world.fake.statuses == {}


def test_a_fork_pull_request_is_evaluated_and_nothing_is_written(world: World) -> None:
    number = open_draft(world, fork=True)
    world.sign_chain(number)
    run = world.gate(number, token=READ_ONLY)
    assert run.code == 0, run.err
    assert [e.method for e in world.fake.log] == ["GET"] * 4  # the facts only: nothing is written
    assert (
        "#1 comes from a fork: its token is read-only, so no status, comment, review request or merge is "
        "written; the checklist is above and in the job summary." in run.out
    )
    assert "semua tahap telah ditandatangani" in run.summary
    assert not world.fake.pulls[number].merged


def test_a_read_only_token_gets_a_message_not_a_traceback(world: World) -> None:
    number = open_draft(world)
    run = world.gate(number, token=READ_ONLY)
    assert run.code == 0
    assert run.err == ""
    assert "the token may not write to poltekkes/humas-konten (403): no status, comment or merge is written" in run.out


def test_english_when_sop_yml_says_so(world: World) -> None:
    world.fake.push_main({"sop.yml": SOP.replace("language: id", "language: en").encode()})
    number = open_draft(world)
    world.gate(number)
    assert world.fake.status_of(world.fake.pulls[number].head_sha)["description"] == (
        "waiting for Verifikasi: Kasubbag Akademik (0/4 steps)"
    )
    assert "## Publication SOP checklist" in world.fake.comments[number][0]["body"]


def test_bad_input_is_one_line_and_exit_2(world: World) -> None:
    def gate(env: dict[str, str]) -> Run:
        return run_humas(["gate"], cwd=Path.cwd(), env=env, timeout=60)

    number = open_draft(world)
    env = world.env("pull_request", world.pr_event(number))
    for drop, message in (
        (
            "GITHUB_TOKEN",
            "humas: variabel lingkungan GITHUB_TOKEN tidak ada (humas menjalankan perintah ini "
            "di dalam GitHub Actions; teruskan GITHUB_TOKEN melalui env:)\n",
        ),
        (
            "GITHUB_EVENT_PATH",
            "humas: variabel lingkungan GITHUB_EVENT_PATH tidak ada (humas menjalankan "
            "perintah ini di dalam GitHub Actions; teruskan GITHUB_TOKEN melalui env:)\n",
        ),
    ):
        done = gate({k: v for k, v in env.items() if k != drop})
        assert (done.code, done.out, done.err) == (2, "", message)
    broken = world.tmp / "broken.json"
    broken.write_text('{"pull_request": ')
    done = gate({**env, "GITHUB_EVENT_PATH": str(broken)})
    assert (done.code, done.err) == (
        2,
        f"humas: GITHUB_EVENT_PATH: {broken}:1: bukan JSON yang sah (Expecting value)\n",
    )
    wrong = world.tmp / "push.json"
    wrong.write_text(json.dumps({"ref": "refs/heads/main"}))
    done = gate({**env, "GITHUB_EVENT_PATH": str(wrong)})
    assert (done.code, done.err) == (
        2,
        "humas: event pull_request tidak memiliki pull_request.number dan pull_request.head.sha (apakah "
        "GITHUB_EVENT_PATH berisi payload event dari run ini?)\n",
    )
    done = gate({**env, "GITHUB_TOKEN": "ghs_wrong_token_value"})
    assert (done.code, done.err) == (
        2,
        "humas: GitHub refused reading pull request #1: 401 Bad credentials\n",
    )
    assert "ghs_" not in done.out + done.err
