"""Texts that approvers and the public read, in Bahasa Indonesia (default) and English.

Code and logs speak English; the checklist, the PR comment, the Lembar Pengesahan and the website
speak the language set in sop.yml (``language: id`` or ``en``).
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    # statuses
    "status.approved": {"id": "lengkap", "en": "complete"},
    "status.pending": {"id": "menunggu", "en": "waiting"},
    "status.disapproved": {"id": "diminta perbaikan", "en": "changes requested"},
    "status.error": {"id": "tidak dapat dilanjutkan", "en": "blocked"},
    "status.skipped": {"id": "dilewati", "en": "skipped"},
    # reasons
    "reason.complete": {"id": "semua tahap telah ditandatangani", "en": "every step is signed"},
    "reason.chain_complete": {"id": "semua tahap telah ditandatangani", "en": "every step is signed"},
    "reason.signed": {"id": "ditandatangani", "en": "signed"},
    "reason.waiting": {"id": "menunggu {step_name}", "en": "waiting for {step_name}"},
    "reason.your_turn": {"id": "giliran {people}", "en": "waiting for {people}"},
    "reason.waiting_for_step": {"id": "menunggu {step_name} selesai", "en": "after {step_name}"},
    "reason.changes_requested": {"id": "perbaikan diminta oleh {people}", "en": "changes requested by {people}"},
    "reason.no_chain": {
        "id": "tidak ada rantai persetujuan untuk {paths} (lihat chains di sop.yml)",
        "en": "no approval chain covers {paths} (see chains in sop.yml)",
    },
    "reason.empty_change": {"id": "perubahan ini tidak mengubah berkas apa pun", "en": "the change changes no file"},
    "reason.cannot_evaluate": {"id": "tidak dapat dinilai: {problems}", "en": "cannot be evaluated: {problems}"},
    "reason.no_bidang": {
        "id": "bidang konten tidak diketahui, peran {role} ditetapkan per bidang",
        "en": "the content names no bidang and role {role} is assigned per bidang",
    },
    "reason.no_holder": {
        "id": "tidak ada pemegang peran {role} untuk bidang {bidang} di sop.yml",
        "en": "nobody holds role {role} for bidang {bidang} in sop.yml",
    },
    "reason.no_eligible": {
        "id": "tidak ada penanda tangan yang sah untuk {role} ({bidang}): semua pemegang peran adalah penulis "
        "perubahan atau sudah menandatangani tahap lain",
        "en": "no eligible signer for {role} ({bidang}): every holder authored the change or signed another step",
    },
    "reason.ignored_deleted_user": {"id": "akun terhapus", "en": "deleted account"},
    "reason.ignored_unverified": {"id": "tanda tangan tidak sah: {why}", "en": "signature not valid: {why}"},
    "reason.ignored_bot": {"id": "akun bot tidak dapat menandatangani", "en": "a bot cannot sign"},
    "reason.ignored_unknown": {"id": "{identity} tidak terdaftar di sop.yml", "en": "{identity} is not in sop.yml"},
    "reason.ignored_author": {
        "id": "penulis perubahan tidak dapat menandatangani",
        "en": "an author of the change cannot sign",
    },
    "reason.ignored_no_role": {
        "id": "tidak memegang peran pada rantai ini ({roles})",
        "en": "holds no role of this chain ({roles})",
    },
    "reason.ignored_stale": {
        "id": "menyetujui commit lama {commit_short}; commit terbaru {head_short}",
        "en": "approved an older commit {commit_short}; the head is {head_short}",
    },
    "reason.ignored_premature": {
        "id": "menyetujui sebelum {step_name} selesai; setujui kembali",
        "en": "approved before {step_name} was complete; approve again",
    },
    # checklist
    "checklist.title": {"id": "Daftar periksa SOP Publikasi", "en": "Publication SOP checklist"},
    "checklist.change": {"id": "Perubahan", "en": "Change"},
    "checklist.status": {"id": "Status", "en": "Status"},
    "checklist.chain": {"id": "Rantai", "en": "Chain"},
    "checklist.step": {"id": "Tahap", "en": "Step"},
    "checklist.role": {"id": "Peran", "en": "Role"},
    "checklist.signer": {"id": "Penanda tangan", "en": "Signed by"},
    "checklist.time": {"id": "Waktu", "en": "Time"},
    "checklist.elapsed": {"id": "Durasi / Mutu Baku", "en": "Elapsed / standard"},
    "checklist.next": {"id": "Berikutnya", "en": "Next"},
    "checklist.ignored": {"id": "Tidak dihitung", "en": "Not counted"},
    "checklist.blocked": {"id": "Perbaikan diminta", "en": "Changes requested"},
    "checklist.not_yet": {"id": "belum", "en": "not yet"},
    "checklist.waiting_on": {"id": "menunggu: {people}", "en": "waiting: {people}"},
    "checklist.minutes": {"id": "{elapsed} / {minutes} mnt", "en": "{elapsed} / {minutes} min"},
    "duration.minutes": {"id": "{m} mnt", "en": "{m} min"},
    "duration.hours": {"id": "{h} jam {m} mnt", "en": "{h} h {m} min"},
    "duration.days": {"id": "{d} hari {h} jam", "en": "{d} d {h} h"},
    "checklist.overdue": {"id": "melewati Mutu Baku", "en": "over the standard"},
    "checklist.running": {"id": "berjalan", "en": "running"},
    "checklist.command": {"id": "perintah", "en": "command"},
    # what to do next (the checklist's last lines)
    "next.fix": {
        "id": "perbaiki sesuai catatan {people} lalu commit ke cabang yang sama; tanda tangan diminta kembali "
        "dari {step_name}, dan {people} menyetujui kembali",
        "en": "fix what {people} asked for and commit to the same branch; the signatures are asked for again from "
        "{step_name}, and {people} must approve again",
    },
    "next.merge": {
        "id": "semua tahap lengkap; gabungkan ke main: humas merge {change}",
        "en": "every step is signed; merge it into main: humas merge {change}",
    },
    "next.merge_gate": {
        "id": "semua tahap lengkap; gate menggabungkan pull request ini otomatis",
        "en": "every step is signed; the gate merges this pull request automatically",
    },
    "next.author_cannot_sign": {
        "id": "{name} adalah penulis perubahan ini dan tidak dapat menandatangani {step_name}: minta {others} "
        "({role}) untuk menandatangani",
        "en": "{name} authored this change and cannot sign {step_name}: ask {others} ({role}) to sign",
    },
    "next.no_other_holder": {
        "id": "{name} adalah penulis perubahan ini dan tidak dapat menandatangani {step_name}, dan tidak ada "
        "pemegang lain peran {role_id}{where}: tambahkan seseorang di sop.yml (roles.{role_id}) melalui "
        "perubahan yang disahkan Direktur",
        "en": "{name} authored this change and cannot sign {step_name}, and nobody else holds role "
        "{role_id}{where}: add someone in sop.yml (roles.{role_id}) through a change the Direktur signs",
    },
    "next.for_bidang": {"id": " untuk bidang {bidang}", "en": " for bidang {bidang}"},
    # reminders (humas ingatkan)
    "remind.title": {"id": "Pengingat Mutu Baku", "en": "Mutu Baku reminder"},
    "remind.step": {
        "id": "**{step_name}** menunggu {people} sejak {since} ({elapsed}; Mutu Baku {minutes} mnt)",
        "en": "**{step_name}** has waited for {people} since {since} ({elapsed}; standard {minutes} min)",
    },
    "remind.footer": {
        "id": "Diingatkan sekali per tahap per hari kerja oleh humas. Cara menandatangani: buka tab *Files changed* "
        "→ *Review changes* → *Approve*.",
        "en": "Reminded once per step per working day by humas. How to sign: open *Files changed* → *Review "
        "changes* → *Approve*.",
    },
    # overview (humas status on main)
    "overview.title": {"id": "Perubahan yang sedang berjalan: {count}", "en": "Open changes: {count}"},
    "overview.none": {"id": "Tidak ada perubahan yang sedang berjalan.", "en": "No open changes."},
    # roles
    "role.pengarah": {"id": "Pengarah (Direktur)", "en": "Director (pengarah)"},
    "role.penanggung_jawab": {"id": "Penanggung Jawab (Wakil Direktur)", "en": "Vice Director (penanggung jawab)"},
    "role.pengendali": {"id": "Pengendali Publikasi (SPI)", "en": "Publication controller (SPI)"},
    "role.verifikator": {"id": "Verifikator (Kasubbag)", "en": "Verifier (Kasubbag)"},
    "role.ketua_tim": {"id": "Ketua Tim (Koordinator Humas)", "en": "Team lead (Humas coordinator)"},
    "role.anggota": {"id": "Anggota (Tim Humas / Tim IT)", "en": "Member (Humas / IT team)"},
    # decisions
    "decision.APPROVED": {"id": "disetujui", "en": "approved"},
    "decision.CHANGES_REQUESTED": {"id": "perbaikan diminta", "en": "changes requested"},
    "decision.DISMISSED": {"id": "dibatalkan", "en": "dismissed"},
    "decision.COMMENTED": {"id": "komentar", "en": "commented"},
}


def text(key: str, language: str, **params: Any) -> str:
    entry = TEXTS.get(key)
    if entry is None:
        return key
    template = entry.get(language) or entry["id"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def role_label(role: str, language: str) -> str:
    return text(f"role.{role}", language) if f"role.{role}" in TEXTS else role
