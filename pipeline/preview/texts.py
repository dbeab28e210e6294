"""What approvers read on the previews, in Bahasa Indonesia (default) and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "title": {"id": "Pratinjau perubahan", "en": "Preview of the change"},
    "intro": {
        "id": "Dibuat dari berkas perubahan {head} sebagai data; tidak ada kode perubahan yang dijalankan.",
        "en": "Built from the files of the change {head} as data; no code of the change runs.",
    },
    "none": {"id": "Perubahan ini tidak mengubah publikasi apa pun.", "en": "The change touches no publication."},
    "page": {"id": "Halaman website", "en": "Website page"},
    "posts": {"id": "Pratinjau kanal media sosial", "en": "Social channel previews"},
    "problems": {"id": "Draf belum valid (jalankan humas check):", "en": "The draft is not valid (run humas check):"},
    "not_on_site": {
        "id": "Publikasi ini tidak tampil di website (kanal website tidak dipilih).",
        "en": "This publication is not shown on the website (the website channel is not chosen).",
    },
    "no_posts": {"id": "Tidak ada kanal media sosial.", "en": "No social channel."},
    "characters": {"id": "karakter", "en": "characters"},
    "utf16": {"id": "unit UTF-16", "en": "UTF-16 units"},
    "bytes": {"id": "byte", "en": "bytes"},
    "over": {"id": "melebihi batas", "en": "over the limit"},
    "more": {"id": "… selengkapnya", "en": "… more"},
    "crop": {"id": "dipotong ke {ratio}", "en": "cropped to {ratio}"},
    "order": {"id": "Foto {n} dari {count}", "en": "Photo {n} of {count}"},
    "cover": {"id": "Sampul video", "en": "Video cover"},
    "first_frame": {"id": "Sampul: bingkai pertama video", "en": "Cover: the video's first frame"},
    "thumbnail": {"id": "Thumbnail", "en": "Thumbnail"},
    "tags": {"id": "Tag", "en": "Tags"},
    "privacy": {"id": "Privasi", "en": "Privacy"},
    "link": {"id": "Tautan", "en": "Link"},
    "hidden": {"id": "+{n} foto lagi", "en": "+{n} more photos"},
    "account": {"id": "Akun institusi", "en": "The institution's account"},
    "back": {"id": "Semua pratinjau", "en": "All previews"},
}


class Texts:
    def __init__(self, language: str) -> None:
        self.language = language if language in ("id", "en") else "id"

    def __call__(self, key: str, **values: object) -> str:
        return TEXTS[key][self.language].format(**values)


def texts_for(language: str) -> Texts:
    return Texts(language)
