"""The editor's ``config.yml`` (Decap CMS format), generated from the draft models and the platform limits.

One function, :func:`editor_config`, turns the front-matter models of ``pipeline.content.model`` and the
limits of ``pipeline.content.limits`` into Decap collections: publikasi (news), pengumuman, agenda, halaman,
arahan and rencana, with the
bidang of ``sop.yml`` as choices, ``publish_at``, and one collapsible group per channel whose fields
carry the platform's limits as validation (a caption pattern with its maximum, the number of photos).
The editor's validation helps the person typing; ``humas check`` stays the judge.

Decap writes every field of an object group, filled or not: ``admin/humas-editor.js`` (loaded by
``admin/index.html``) prunes empty fields and groups before each save, so that a channel nobody filled
in is not in the draft and what the editor saves is what ``humas check`` expects.
"""

from __future__ import annotations

from typing import Any

from ..channels.spec import ChannelSpec
from ..channels.specs import SPECS
from ..content.load import SLUG
from ..content.model import CHANNEL_NAMES
from ..content.paths import DRAFT_KINDS, FOLDERS, HALAMAN
from ..messages import translated
from ..sop.config import Sop

DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"


def editor_config(sop: Sop, backend: dict[str, Any], *, media_folder: str = "content/media") -> dict[str, Any]:
    """The Decap CMS configuration for the content of a humas repository.

    ``backend`` is Decap's ``backend`` block: ``{"name": "github", "repo": "owner/name", "branch": "main",
    "base_url": …}`` on GitHub, ``{"name": "proxy", "proxy_url": …, "branch": "main"}`` for ``humas editor``.
    """
    language = sop.language
    config: dict[str, Any] = {
        "backend": {**backend, "commit_messages": commit_messages(language)},
        "publish_mode": "editorial_workflow",
        "media_folder": media_folder,
        "locale": sop.language,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            _publikasi(sop),
            _publikasi(sop, "pengumuman"),
            _publikasi(sop, "agenda"),
            _halaman(sop),
            _arahan(language),
            _rencana(sop),
        ],
    }
    if sop.site_url:
        config["site_url"] = sop.site_url
        config["display_url"] = sop.site_url
    return config


def commit_messages(language: str) -> dict[str, str]:
    """Decap's commit messages in the SOP's language (``{{collection}}``: the collection's singular label)."""
    return {
        "create": translated(language, "Create {{collection}} “{{slug}}”"),
        "update": translated(language, "Update {{collection}} “{{slug}}”"),
        "delete": translated(language, "Delete {{collection}} “{{slug}}”"),
        "uploadMedia": translated(language, "Upload “{{path}}”"),
        "deleteMedia": translated(language, "Delete “{{path}}”"),
    }


def _date(label: str, name: str = "date") -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "widget": "datetime",
        "format": DATE_FORMAT,
        "date_format": "DD.MM.YYYY",
        "time_format": False,
        "default": "{{now}}",
    }


def _title(language: str) -> dict[str, Any]:
    return {
        "name": "title",
        "label": translated(language, "Title"),
        "widget": "string",
        "pattern": ["^.{1,200}$", translated(language, "at most {n} characters", n=200)],
    }


def _optional(field: dict[str, Any]) -> dict[str, Any]:
    return {**field, "required": False}


def _channel(spec: ChannelSpec, language: str) -> dict[str, Any]:
    return {
        "name": spec.name,
        "label": spec.label,
        "widget": "object",
        "required": False,
        "collapsed": True,
        "fields": spec.editor(language),
    }


def _channels(language: str) -> dict[str, Any]:
    website = {
        "name": "website",
        "label": translated(language, "Show on the website"),
        "widget": "humas-website",
        "required": False,
        "default": True,
    }
    return {
        "name": "channels",
        "label": translated(language, "Channels"),
        "widget": "object",
        "fields": [website if spec.name == "website" else _channel(spec, language) for spec in SPECS],
    }


def _slug_pattern(language: str) -> list[str]:
    return [SLUG.pattern, translated(language, "lower-case letters, digits and -")]


def _cover(language: str) -> list[dict[str, Any]]:
    return [
        _optional(
            {
                "name": "image",
                "label": translated(language, "Cover image (website)"),
                "widget": "image",
                "choose_url": False,
            }
        ),
        _optional(
            {
                "name": "image_alt",
                "label": translated(language, "Cover description (required with a cover image)"),
                "widget": "string",
                "hint": translated(
                    language,
                    "One sentence on what the cover shows, for readers who cannot see it "
                    "(e.g. Graduates with the Director). humas check refuses a cover without it.",
                ),
                "pattern": ["^.{0,300}$", translated(language, "at most {n} characters", n=300)],
            }
        ),
    ]


def _folder_collection(
    name: str, label: str, singular: str, folder: str, path: str, fields: list[dict[str, Any]]
) -> dict[str, Any]:
    """A collection of publications: one folder each (``content.paths``), its media beside its index.md."""
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "path": path,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "media_folder": "",
        "public_folder": "",
        "summary": "{{year}} · {{title}}" if "{{year}}" in path else "{{title}}",
        "sortable_fields": ["date", "title"],
        "fields": fields,
    }


def _publikasi(sop: Sop, kind: str = "publikasi") -> dict[str, Any]:
    """News (``publikasi``), and the announcements and the agenda, which are news with a few more fields."""
    language = sop.language
    labels = {
        "publikasi": (
            translated(language, "Publications"),
            translated(language, "Publication"),
            translated(language, "Article (website)"),
        ),
        "pengumuman": (
            translated(language, "Announcements"),
            translated(language, "Announcement"),
            translated(language, "Announcement (website)"),
        ),
        "agenda": (
            translated(language, "Agenda"),
            translated(language, "Agenda item"),
            translated(language, "About the event (website)"),
        ),
    }
    plural, singular, body = labels[kind]
    extra: list[dict[str, Any]] = []
    if kind == "pengumuman":
        extra.append(
            {
                **_date(translated(language, "Valid until (the last day the announcement holds)"), "berlaku_sampai"),
                "default": "",
            }
        )
    if kind == "agenda":
        extra.append(_acara(language))
    return _folder_collection(
        kind,
        plural,
        singular,
        FOLDERS[{v: k for k, v in DRAFT_KINDS.items()}[kind]],
        "{{year}}/{{slug}}/index",
        [
            _title(language),
            _date(translated(language, "Date")),
            {
                "name": "bidang",
                "label": translated(language, "Bidang"),
                "widget": "select",
                "options": list(sop.bidang),
            },
            _optional({"name": "summary", "label": translated(language, "Summary"), "widget": "text"}),
            *extra,
            *_cover(language),
            {"name": "tags", "label": translated(language, "Tags"), "widget": "list", "required": False},
            _optional(
                {
                    "name": "rencana",
                    "label": translated(language, "Plan item (file#id)"),
                    "widget": "string",
                    "pattern": [
                        "^[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*$",
                        translated(language, "write <plan file>#<item id>, for example 2026-ganjil#wisuda"),
                    ],
                }
            ),
            _optional(
                {
                    "name": "publish_at",
                    "label": translated(language, "Publish at (empty: as soon as ratified)"),
                    "widget": "datetime",
                    "format": DATETIME_FORMAT,
                    "default": "",
                }
            ),
            _channels(language),
            {"name": "body", "label": body, "widget": "markdown"},
        ],
    )


def _acara(language: str) -> dict[str, Any]:
    """An agenda item's ``acara``: when it starts and ends (with the browser's offset), and where."""
    when = {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": "DD.MM.YYYY", "time_format": "HH:mm"}
    return {
        "name": "acara",
        "label": translated(language, "Event"),
        "widget": "object",
        "fields": [
            {**when, "name": "mulai", "label": translated(language, "Starts")},
            {
                **when,
                "name": "selesai",
                "label": translated(language, "Ends (optional)"),
                "required": False,
                "default": "",
            },
            {
                "name": "tempat",
                "label": translated(language, "Place"),
                "widget": "string",
                "pattern": ["^.{1,300}$", translated(language, "at most {n} characters", n=300)],
            },
        ],
    }


def _halaman(sop: Sop) -> dict[str, Any]:
    """The standing pages (Profil, PPID, Layanan, Kontak): no bidang, on the website only."""
    language = sop.language
    website = {
        "name": "website",
        "label": translated(language, "Show on the website"),
        "widget": "humas-website",
        "required": False,
        "default": True,
    }
    return _folder_collection(
        "halaman",
        translated(language, "Pages"),
        translated(language, "Page"),
        HALAMAN,
        "{{slug}}/index",
        [
            _title(language),
            _date(translated(language, "Date")),
            _optional({"name": "summary", "label": translated(language, "Summary"), "widget": "text"}),
            _optional(
                {
                    "name": "urutan",
                    "label": translated(language, "Order in the menu (lower first)"),
                    "widget": "number",
                    "value_type": "int",
                    "min": 0,
                    "max": 1000,
                }
            ),
            *_cover(language),
            {"name": "channels", "label": translated(language, "Channels"), "widget": "object", "fields": [website]},
            {"name": "body", "label": translated(language, "Page (website)"), "widget": "markdown"},
        ],
    )


def _arahan(language: str) -> dict[str, Any]:
    return {
        "name": "arahan",
        "label": translated(language, "Strategic direction"),
        "label_singular": translated(language, "Direction"),
        "folder": "content/arahan",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{year}}-{{slug}}",
        "fields": [
            _title(language),
            _date(translated(language, "Date")),
            {
                "name": "dasar",
                "label": translated(language, "Basis (Renstra, PK, IKU)"),
                "widget": "list",
                "min": 1,
                "field": {"name": "dasar", "label": translated(language, "Basis"), "widget": "string"},
            },
            _optional({"name": "summary", "label": translated(language, "Summary"), "widget": "text"}),
            {
                "name": "body",
                "label": translated(language, "Article (website)"),
                "widget": "markdown",
                "required": False,
            },
        ],
    }


def _rencana(sop: Sop) -> dict[str, Any]:
    language = sop.language
    return {
        "name": "rencana",
        "label": translated(language, "Content plans"),
        "label_singular": translated(language, "Plan"),
        "folder": "content/rencana",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{year}}-{{slug}}",
        "fields": [
            _title(language),
            _date(translated(language, "Date")),
            {
                "name": "arahan",
                "label": translated(language, "Direction it serves"),
                "widget": "relation",
                "collection": "arahan",
                "search_fields": ["title"],
                "value_field": "{{slug}}",
                "display_fields": ["title"],
            },
            _optional({"name": "periode", "label": translated(language, "Period"), "widget": "string"}),
            {
                "name": "items",
                "label": translated(language, "Plan items"),
                "widget": "list",
                "min": 1,
                "fields": [
                    {
                        "name": "id",
                        "label": translated(language, "Item id (lower-case letters, digits, -)"),
                        "widget": "string",
                        "pattern": _slug_pattern(language),
                    },
                    {"name": "title", "label": translated(language, "Title"), "widget": "string"},
                    {
                        "name": "bidang",
                        "label": translated(language, "Bidang"),
                        "widget": "select",
                        "options": list(sop.bidang),
                    },
                    {
                        "name": "channels",
                        "label": translated(language, "Channels"),
                        "widget": "select",
                        "multiple": True,
                        "min": 1,
                        "options": list(CHANNEL_NAMES),
                    },
                    _date(translated(language, "Target date"), "target"),
                ],
            },
            {
                "name": "body",
                "label": translated(language, "Article (website)"),
                "widget": "markdown",
                "required": False,
            },
        ],
    }
