"""sop.yml's comments in Bahasa Indonesia, for ``humas init`` of an SOP whose ``language`` is ``id``.

Keyed by each comment block of the skeleton's sop.yml as written in English (the text after ``# ``, lines
joined by newlines); ``tests/test_demo_and_scaffold.py`` fails when a block of the skeleton has no entry
here, so a comment edited in sop.yml is translated again. Commented-out examples are the same in both.
"""

from __future__ import annotations

SOP_COMMENTS: dict[str, str] = {
    (
        'sop.yml: the SOP "Publikasi melalui Website dan Media Sosial" as rules for humas.\n'
        "\n"
        "This file is read from main only: a change (branch or pull request) can never grant itself a role.\n"
        "Changing this file needs SPI (pengendali) and the Direktur (pengarah), see `chains` below."
    ): (
        'sop.yml: SOP "Publikasi melalui Website dan Media Sosial" sebagai aturan bagi humas.\n'
        "\n"
        "Berkas ini hanya dibaca dari main: sebuah perubahan (cabang atau pull request) tidak pernah dapat\n"
        "memberi dirinya sendiri suatu peran. Mengubah berkas ini memerlukan SPI (pengendali) dan Direktur\n"
        "(pengarah), lihat `chains` di bawah."
    ),
    (
        "Language of what approvers and the public read: the checklist, the Lembar Pengesahan, the website.\n"
        "id = Bahasa Indonesia, en = English."
    ): (
        "Bahasa yang dibaca para penyetuju dan publik: daftar periksa, Lembar Pengesahan, website.\n"
        "id = Bahasa Indonesia, en = English."
    ),
    "Where the website is published; Instagram and TikTok fetch media from here.": (
        "Alamat website diterbitkan; Instagram dan TikTok mengambil media dari alamat ini."
    ),
    (
        'Where the Direktur signs the Lembar Pengesahan ("Jakarta, 10 Februari 2025"); without it, the last part\n'
        "of `extra.address` in mkdocs.yml (without its postcode).\n"
        "kota: Jakarta"
    ): (
        'Tempat Direktur menandatangani Lembar Pengesahan ("Jakarta, 10 Februari 2025"); bila tidak diisi,\n'
        "bagian terakhir `extra.address` di mkdocs.yml (tanpa kode pos).\n"
        "kota: Jakarta"
    ),
    "The fields (bidang) that route a draft to its Kasubbag and Wakil Direktur.": (
        "Bidang yang menentukan kepada Kasubbag dan Wakil Direktur mana sebuah draf diarahkan."
    ),
    (
        "How approvals are proved on the local forge (no GitHub):\n"
        "  ssh       every review is signed with the approver's SSH key (git's own signing set-up:\n"
        "            git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub) and counts\n"
        "            only when that key is listed under the person's signing_keys below. The default.\n"
        "  unsigned  git identities are taken on trust: anyone who can write to the repository can sign as\n"
        "            anyone. Every checklist, Lembar Pengesahan and build says so. For trying humas out only.\n"
        "On GitHub, GitHub itself proves who reviewed; see record_keys."
    ): (
        "Cara persetujuan dibuktikan pada forge lokal (tanpa GitHub):\n"
        "  ssh       setiap reviu ditandatangani dengan kunci SSH penyetuju (pengaturan tanda tangan git:\n"
        "            git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub) dan hanya\n"
        "            dihitung bila kunci itu tercantum di signing_keys orang tersebut di bawah. Bawaan.\n"
        "  unsigned  identitas git dipercaya begitu saja: siapa pun yang dapat menulis ke repositori dapat\n"
        "            menandatangani atas nama siapa pun. Setiap daftar periksa, Lembar Pengesahan dan build\n"
        "            menyebutkannya. Hanya untuk mencoba humas.\n"
        "Di GitHub, GitHub sendiri membuktikan siapa yang mereviu; lihat record_keys."
    ),
    (
        "GitHub: the public key of the protected publish job (its private half is the secret\n"
        "HUMAS_RECORD_KEY of the `publikasi` environment). The job signs the record of every merge it\n"
        "verified with GitHub; builds and scheduled runs trust only records signed by a key listed here.\n"
        'Make one with: ssh-keygen -t ed25519 -N "" -C humas-publish -f humas-publish'
    ): (
        "GitHub: kunci publik job publikasi yang dilindungi (pasangan privatnya adalah secret\n"
        "HUMAS_RECORD_KEY di environment `publikasi`). Job itu menandatangani catatan setiap penggabungan\n"
        "yang telah diverifikasinya dengan GitHub; build dan proses terjadwal hanya memercayai catatan yang\n"
        "ditandatangani kunci yang tercantum di sini.\n"
        'Buat dengan: ssh-keygen -t ed25519 -N "" -C humas-publish -f humas-publish'
    ),
    ' - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... humas-publish"': (
        ' - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... humas-publish"'
    ),
    (
        "Everyone, named once: `email` the git identity (local forge), `github` the GitHub login, `nip` the NIP,\n"
        "`signing_keys` the SSH public keys that sign as them (~/.ssh/id_ed25519.pub; add one for a new laptop)."
    ): (
        "Setiap orang, disebut sekali: `email` identitas git (forge lokal) dan alamat pengingat, `github` login\n"
        "GitHub, `nip` NIP, `signing_keys` kunci publik SSH yang menandatangani atas namanya\n"
        "(~/.ssh/id_ed25519.pub; tambahkan satu untuk laptop baru)."
    ),
    'signing_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... reni@laptop"]': (
        'signing_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... reni@laptop"]'
    ),
    "Who holds each role of the SOP. A list: anyone listed; a mapping: per bidang.": (
        "Siapa memegang setiap peran SOP. Daftar: siapa pun yang tercantum; pemetaan: per bidang."
    ),
    (
        "The SOP's steps, in order, with their Mutu Baku (minutes). The time standard is reported and\n"
        "reminded, never enforced. `review: false` marks work steps that are not a signature."
    ): (
        "Tahap-tahap SOP, berurutan, dengan Mutu Baku-nya (menit). Standar waktu ini dilaporkan dan\n"
        "diingatkan, tidak pernah dipaksakan. `review: false` menandai tahap kerja yang bukan tanda tangan."
    ),
    (
        "Which paths need which chain of signatures. Each changed path belongs to the FIRST chain whose\n"
        "patterns (gitignore style) match it; the last chain catches everything else, so nothing goes\n"
        "unsigned."
    ): (
        "Path mana memerlukan rantai tanda tangan yang mana. Setiap path yang berubah masuk ke rantai PERTAMA\n"
        "yang polanya (gaya gitignore) cocok dengannya; rantai terakhir menampung semua sisanya, sehingga\n"
        "tidak ada yang lolos tanpa tanda tangan."
    ),
    (
        "Announcements (pengumuman) and the agenda speak for the institution like news: the same four steps,\n"
        "by the bidang each names."
    ): (
        "Pengumuman dan agenda berbicara atas nama institusi seperti berita: empat langkah yang sama, menurut\n"
        "bidang yang disebut masing-masing."
    ),
    (
        "The standing pages (halaman: Profil, PPID, Layanan, Kontak) belong to no bidang: SPI checks them\n"
        "(pengendalian) before the Direktur signs (pengesahan)."
    ): (
        "Halaman tetap (halaman: Profil, PPID, Layanan, Kontak) tidak termasuk bidang mana pun: SPI\n"
        "memeriksanya (pengendalian) sebelum Direktur menandatangani (pengesahan)."
    ),
    (
        "What the public reads, and the rules and the code that decide it: the website's settings\n"
        "(mkdocs.yml, its docs/ and overrides/), the SOP itself, the workflows and the pipeline with what\n"
        "installs it. A change here changes every page of the site or what gets published at all, so it\n"
        "needs the controller too: SPI (pengendalian) checks it before the Direktur (pengesahan) signs.\n"
        "One signature alone can never change what every page shows or what the build runs."
    ): (
        "Apa yang dibaca publik, serta aturan dan kode yang menentukannya: pengaturan website (mkdocs.yml,\n"
        "docs/ dan overrides/), SOP ini sendiri, workflow dan pipeline beserta pemasangnya. Perubahan di sini\n"
        "mengubah setiap halaman situs atau apa yang diterbitkan, sehingga juga memerlukan pengendali: SPI\n"
        "(pengendalian) memeriksanya sebelum Direktur (pengesahan) menandatangani. Satu tanda tangan saja\n"
        "tidak pernah dapat mengubah apa yang ditampilkan setiap halaman atau apa yang dijalankan build."
    ),
    "Anything else (README, notes...): the Direktur.": "Selain itu (README, catatan...): Direktur.",
    (
        'Keys that were stolen or lost (a public key line, or {key: "...", reason: "...", date: YYYY-MM-DD}).\n'
        "Everything a key listed here ever signed stops counting, read from main as it is now: reviews (their\n"
        "publications leave the website at the next build until signed again; humas status on main lists\n"
        "them), records of the publish job (record_keys) and receipts. A key only *retired* (a new laptop) is\n"
        "just removed from signing_keys: what it signed before stays valid. See docs/security.md."
    ): (
        "Kunci yang dicuri atau hilang (satu baris kunci publik, atau\n"
        '{key: "...", reason: "...", date: YYYY-MM-DD}). Semua yang pernah ditandatangani kunci yang tercantum\n'
        "di sini tidak lagi dihitung, dibaca dari main sebagaimana adanya sekarang: reviu (publikasinya keluar\n"
        "dari website pada build berikutnya sampai ditandatangani ulang; humas status di main\n"
        "mencantumkannya), catatan job publikasi (record_keys) dan tanda terima. Kunci yang hanya\n"
        "*dipensiunkan* (laptop baru) cukup dihapus dari signing_keys: yang pernah ditandatanganinya tetap\n"
        "sah. Lihat docs/security.md."
    ),
    ' - {key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... wadir1@laptop", reason: "laptop dicuri", date: 2026-03-01}': (
        ' - {key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... wadir1@laptop", reason: "laptop dicuri", date: 2026-03-01}'
    ),
}
