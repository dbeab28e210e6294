"""The editor's ``config.yml`` (Decap CMS format), generated from the draft models and the platform limits.

One function, :func:`editor_config`, turns the front-matter models of ``pipeline.content.model`` and the
limits of ``pipeline.content.limits`` into Decap collections: arahan, rencana and publikasi, with the
bidang of ``sop.yml`` as choices, ``publish_at``, and one collapsible group per channel whose fields
carry the platform's limits as validation (a caption pattern with its maximum, the number of photos).
The editor's validation helps the person typing; ``humas check`` stays the judge.

Decap writes every field of an object group, filled or not: ``admin/humas-editor.js`` (loaded by
``admin/index.html``) prunes empty fields and groups before each save, so that a channel nobody filled
in is not in the draft and what the editor saves is what ``humas check`` expects.
"""

from __future__ import annotations

from typing import Any

from ..content.limits import Facebook, Instagram, TikTok, YouTube
from ..content.load import SLUG
from ..content.model import CHANNEL_NAMES
from ..sop.config import Sop

LABELS: dict[str, dict[str, str]] = {
    "publikasi": {"id": "Publikasi", "en": "Publications"},
    "publikasi.one": {"id": "Publikasi", "en": "Publication"},
    "arahan": {"id": "Arahan strategis", "en": "Strategic direction"},
    "arahan.one": {"id": "Arahan", "en": "Direction"},
    "rencana": {"id": "Rencana konten", "en": "Content plans"},
    "rencana.one": {"id": "Rencana", "en": "Plan"},
    "title": {"id": "Judul", "en": "Title"},
    "date": {"id": "Tanggal", "en": "Date"},
    "bidang": {"id": "Bidang", "en": "Bidang"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "image": {"id": "Gambar sampul (website)", "en": "Cover image (website)"},
    "tags": {"id": "Tag", "en": "Tags"},
    "rencana.ref": {"id": "Butir rencana (berkas#id)", "en": "Plan item (file#id)"},
    "publish_at": {
        "id": "Jadwal terbit (kosongkan: segera setelah disahkan)",
        "en": "Publish at (empty: as soon as ratified)",
    },
    "channels": {"id": "Kanal", "en": "Channels"},
    "body": {"id": "Isi artikel (website)", "en": "Article (website)"},
    "website.on": {"id": "Tampilkan di website", "en": "Show on the website"},
    "caption": {"id": "Keterangan (caption)", "en": "Caption"},
    "media": {"id": "Foto (urutan = urutan tayang)", "en": "Photos (in the order shown)"},
    "photo": {"id": "Foto", "en": "Photo"},
    "photos": {"id": "Foto (bukan video)", "en": "Photos (instead of a video)"},
    "video": {"id": "Video", "en": "Video"},
    "cover": {"id": "Sampul video", "en": "Video cover"},
    "alt_text": {"id": "Teks alternatif", "en": "Alt text"},
    "link": {"id": "Tautan", "en": "Link"},
    "privacy": {"id": "Privasi", "en": "Privacy"},
    "yt.title": {"id": "Judul video", "en": "Video title"},
    "description": {"id": "Deskripsi", "en": "Description"},
    "thumbnail": {"id": "Thumbnail", "en": "Thumbnail"},
    "dasar": {"id": "Dasar (Renstra, PK, IKU)", "en": "Basis (Renstra, PK, IKU)"},
    "dasar.one": {"id": "Dasar", "en": "Basis"},
    "arahan.ref": {"id": "Arahan yang dilayani", "en": "Direction it serves"},
    "periode": {"id": "Periode", "en": "Period"},
    "items": {"id": "Butir rencana", "en": "Plan items"},
    "item.id": {"id": "Kode butir (huruf kecil, angka, -)", "en": "Item id (lower-case letters, digits, -)"},
    "target": {"id": "Target tanggal", "en": "Target date"},
    "max_chars": {"id": "paling banyak {n} karakter", "en": "at most {n} characters"},
    "caption.ig": {
        "id": "paling banyak {n} karakter, {h} tagar dan {m} sebutan @",
        "en": "at most {n} characters, {h} hashtags and {m} @-mentions",
    },
    "slug": {"id": "huruf kecil, angka dan tanda -", "en": "lower-case letters, digits and -"},
    "rencana.pattern": {
        "id": "tulis <berkas rencana>#<kode butir>, misalnya 2026-ganjil#wisuda",
        "en": "write <plan file>#<item id>, for example 2026-ganjil#wisuda",
    },
    "url": {
        "id": "alamat web yang diawali http:// atau https://",
        "en": "a web address starting with http:// or https://",
    },
    "no_angle": {"id": "paling banyak {n} karakter, tanpa < atau >", "en": "at most {n} characters, no < or >"},
}

CHANNEL_LABELS = {
    "website": "Website",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
}
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"


def editor_config(sop: Sop, backend: dict[str, Any], *, media_folder: str = "content/media") -> dict[str, Any]:
    """The Decap CMS configuration for the content of a humas repository.

    ``backend`` is Decap's ``backend`` block: ``{"name": "github", "repo": "owner/name", "branch": "main",
    "base_url": …}`` on GitHub, ``{"name": "proxy", "proxy_url": …, "branch": "main"}`` for ``humas editor``.
    """
    t = _Texts(sop.language)
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": media_folder,
        "locale": sop.language,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_publikasi(sop, t), _arahan(t), _rencana(sop, t)],
    }
    if sop.site_url:
        config["site_url"] = sop.site_url
        config["display_url"] = sop.site_url
    return config


class _Texts:
    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return LABELS[key][self.language].format(**values)


def _max_chars(n: int, message: str) -> list[str]:
    return [f"^[\\s\\S]{{0,{n}}}$", message]


def _date(t: _Texts, name: str = "date", label: str = "date") -> dict[str, Any]:
    return {
        "name": name,
        "label": t(label),
        "widget": "datetime",
        "format": DATE_FORMAT,
        "date_format": "DD.MM.YYYY",
        "time_format": False,
        "default": "{{now}}",
    }


def _title(t: _Texts) -> dict[str, Any]:
    return {"name": "title", "label": t("title"), "widget": "string", "pattern": ["^.{1,200}$", t("max_chars", n=200)]}


def _optional(field: dict[str, Any]) -> dict[str, Any]:
    return {**field, "required": False}


def _image_list(name: str, label: str, max_count: int, t: _Texts) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "widget": "list",
        "required": False,
        "max": max_count,
        "field": {"name": "file", "label": t("photo"), "widget": "image", "choose_url": False},
    }


def _file(name: str, label: str) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "file", "required": False, "choose_url": False}


def _channel(name: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "label": CHANNEL_LABELS[name],
        "widget": "object",
        "required": False,
        "collapsed": True,
        "fields": fields,
    }


def _channels(t: _Texts) -> dict[str, Any]:
    ig_caption = t("caption.ig", n=Instagram.caption_max, h=Instagram.hashtags_max, m=Instagram.mentions_max)
    instagram = _channel(
        "instagram",
        [
            {
                "name": "caption",
                "label": t("caption"),
                "widget": "text",
                "required": False,
                "hint": ig_caption,
                "pattern": [
                    f"^(?!(?:[^#]*#\\w){{{Instagram.hashtags_max + 1}}})"
                    f"(?!(?:[^@]*@[\\w.]){{{Instagram.mentions_max + 1}}})"
                    f"[\\s\\S]{{0,{Instagram.caption_max}}}$",
                    ig_caption,
                ],
            },
            _image_list("media", t("media"), Instagram.media_max, t),
            _file("video", t("video")),
            _optional({"name": "cover", "label": t("cover"), "widget": "image", "choose_url": False}),
            {
                "name": "alt_text",
                "label": t("alt_text"),
                "widget": "string",
                "required": False,
                "pattern": _max_chars(1000, t("max_chars", n=1000)),
            },
        ],
    )
    tiktok = _channel(
        "tiktok",
        [
            {
                "name": "caption",
                "label": t("caption"),
                "widget": "text",
                "required": False,
                "hint": t("max_chars", n=TikTok.caption_max_utf16),
                "pattern": _max_chars(TikTok.caption_max_utf16, t("max_chars", n=TikTok.caption_max_utf16)),
            },
            _file("video", t("video")),
            _image_list("photos", t("photos"), TikTok.photos_max, t),
            {
                "name": "privacy",
                "label": t("privacy"),
                "widget": "select",
                "required": False,
                "options": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
            },
        ],
    )
    facebook = _channel(
        "facebook",
        [
            {
                "name": "caption",
                "label": t("caption"),
                "widget": "text",
                "required": False,
                "hint": t("max_chars", n=Facebook.caption_max),
                "pattern": _max_chars(Facebook.caption_max, t("max_chars", n=Facebook.caption_max)),
            },
            _image_list("media", t("media"), Facebook.photos_max, t),
            _file("video", t("video")),
            {
                "name": "link",
                "label": t("link"),
                "widget": "string",
                "required": False,
                "pattern": ["^https?://\\S+$", t("url")],
            },
        ],
    )
    youtube = _channel(
        "youtube",
        [
            {
                "name": "title",
                "label": t("yt.title"),
                "widget": "string",
                "required": False,
                "hint": t("no_angle", n=YouTube.title_max),
                "pattern": [f"^[^<>]{{0,{YouTube.title_max}}}$", t("no_angle", n=YouTube.title_max)],
            },
            {
                "name": "description",
                "label": t("description"),
                "widget": "text",
                "required": False,
                "hint": t("no_angle", n=YouTube.description_max_bytes),
                "pattern": [
                    f"^[^<>]{{0,{YouTube.description_max_bytes}}}$",
                    t("no_angle", n=YouTube.description_max_bytes),
                ],
            },
            {"name": "tags", "label": t("tags"), "widget": "list", "required": False},
            _file("video", t("video")),
            _optional({"name": "thumbnail", "label": t("thumbnail"), "widget": "image", "choose_url": False}),
            {
                "name": "privacy",
                "label": t("privacy"),
                "widget": "select",
                "required": False,
                "options": ["public", "unlisted", "private"],
            },
        ],
    )
    website = {
        "name": "website",
        "label": t("website.on"),
        "widget": "humas-website",
        "required": False,
        "default": True,
    }
    by_name = {"website": website, "instagram": instagram, "tiktok": tiktok, "facebook": facebook, "youtube": youtube}
    return {
        "name": "channels",
        "label": t("channels"),
        "widget": "object",
        "fields": [by_name[name] for name in CHANNEL_NAMES],
    }


def _slug_pattern(t: _Texts) -> list[str]:
    return [SLUG.pattern, t("slug")]


def _publikasi(sop: Sop, t: _Texts) -> dict[str, Any]:
    return {
        "name": "publikasi",
        "label": t("publikasi"),
        "label_singular": t("publikasi.one"),
        "folder": "content/publikasi",
        "path": "{{year}}/{{slug}}/index",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "media_folder": "",
        "public_folder": "",
        "summary": "{{year}} · {{title}}",
        "sortable_fields": ["date", "title"],
        "fields": [
            _title(t),
            _date(t),
            {"name": "bidang", "label": t("bidang"), "widget": "select", "options": list(sop.bidang)},
            _optional({"name": "summary", "label": t("summary"), "widget": "text"}),
            _optional({"name": "image", "label": t("image"), "widget": "image", "choose_url": False}),
            {"name": "tags", "label": t("tags"), "widget": "list", "required": False},
            _optional(
                {
                    "name": "rencana",
                    "label": t("rencana.ref"),
                    "widget": "string",
                    "pattern": ["^[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*$", t("rencana.pattern")],
                }
            ),
            _optional(
                {
                    "name": "publish_at",
                    "label": t("publish_at"),
                    "widget": "datetime",
                    "format": DATETIME_FORMAT,
                    "default": "",
                }
            ),
            _channels(t),
            {"name": "body", "label": t("body"), "widget": "markdown"},
        ],
    }


def _arahan(t: _Texts) -> dict[str, Any]:
    return {
        "name": "arahan",
        "label": t("arahan"),
        "label_singular": t("arahan.one"),
        "folder": "content/arahan",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{year}}-{{slug}}",
        "fields": [
            _title(t),
            _date(t),
            {
                "name": "dasar",
                "label": t("dasar"),
                "widget": "list",
                "min": 1,
                "field": {"name": "dasar", "label": t("dasar.one"), "widget": "string"},
            },
            _optional({"name": "summary", "label": t("summary"), "widget": "text"}),
            {"name": "body", "label": t("body"), "widget": "markdown", "required": False},
        ],
    }


def _rencana(sop: Sop, t: _Texts) -> dict[str, Any]:
    return {
        "name": "rencana",
        "label": t("rencana"),
        "label_singular": t("rencana.one"),
        "folder": "content/rencana",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{year}}-{{slug}}",
        "fields": [
            _title(t),
            _date(t),
            {
                "name": "arahan",
                "label": t("arahan.ref"),
                "widget": "relation",
                "collection": "arahan",
                "search_fields": ["title"],
                "value_field": "{{slug}}",
                "display_fields": ["title"],
            },
            _optional({"name": "periode", "label": t("periode"), "widget": "string"}),
            {
                "name": "items",
                "label": t("items"),
                "widget": "list",
                "min": 1,
                "fields": [
                    {"name": "id", "label": t("item.id"), "widget": "string", "pattern": _slug_pattern(t)},
                    {"name": "title", "label": t("title"), "widget": "string"},
                    {"name": "bidang", "label": t("bidang"), "widget": "select", "options": list(sop.bidang)},
                    {
                        "name": "channels",
                        "label": t("channels"),
                        "widget": "select",
                        "multiple": True,
                        "min": 1,
                        "options": list(CHANNEL_NAMES),
                    },
                    _date(t, "target", "target"),
                ],
            },
            {"name": "body", "label": t("body"), "widget": "markdown", "required": False},
        ],
    }
