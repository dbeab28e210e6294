"""``humas init`` and ``humas new``: a new content repository, and new drafts in it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from . import skeleton
from .channels.specs import BY_NAME
from .content import placeholders
from .content.model import CHANNEL_NAMES
from .content.paths import new_publication_id, publication_index
from .git import MAIN, GitRepo
from .institution import Answers, render_codeowners, render_mkdocs, render_pyproject, render_sop
from .messages import _
from .problems import ConfigError, NotAcceptable
from .sop.config import parse_sop
from .sop.keys import with_signing_keys as with_signing_keys  # its home is the sop's keys; imported from here too
from .trusted import TrustedMain

GITIGNORE = "/site/\n/build/\n/outbox/\n/.venv/\n__pycache__/\n"
"""What the new repository ignores: the build's outputs at its top only (anchored: ``site/`` alone would also
ignore ``pipeline/site/``, and the package's site builder would never be committed)."""
EXAMPLE_ONLY = ("demo.py",)
"""Files of the package that are the product's example and nothing an institution runs."""
PROJECT_ONLY = (".github/workflows/tests.yml",)
"""Skeleton files that are this project's own (its test suite, ``make test``): a new repository holds no
tests/ nor Makefile, so it does not get them."""
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "humas",
    "GIT_AUTHOR_EMAIL": "humas@arsip.invalid",
    "GIT_COMMITTER_NAME": "humas",
    "GIT_COMMITTER_EMAIL": "humas@arsip.invalid",
}


def package_paths(*, example: bool = True) -> list[str]:
    """The repository paths (``pipeline/…``) of the pipeline package's own files (no caches, no built
    skeleton), sorted: what :func:`package_files` writes, and what ``humas check`` asks git whether it
    ignores (``pipeline.ignored``). Without ``example``, not the example content of ``humas demo``."""
    package = Path(__file__).resolve().parent
    found = []
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if not example and relative.as_posix() in EXAMPLE_ONLY:
            continue
        if path.is_file() and "__pycache__" not in relative.parts and relative.parts[0] != "skeleton":
            found.append(f"pipeline/{relative.as_posix()}")
    return found


def package_files(*, example: bool = True) -> dict[str, bytes]:
    """{path: bytes} of the pipeline package's own files (:func:`package_paths`), so that the new
    repository's workflows install humas from their own checkout. Without ``example``, not the example
    content of ``humas demo`` (``pipeline/demo.py``: the example institution and its people)."""
    package = Path(__file__).resolve().parent
    return {name: (package / name.removeprefix("pipeline/")).read_bytes() for name in package_paths(example=example)}


def init_repository(
    directory: Path,
    *,
    sop_text: str | None = None,
    keys: Sequence[str] = (),
    answers: Answers | None = None,
) -> GitRepo:
    """A new repository laid out like this one: the skeleton (sop.yml, mkdocs.yml, CODEOWNERS, workflows,
    and what the workflows install from), the pipeline package itself, and the content folders.

    ``answers``: the institution it is for (``pipeline.institution``), with the four standing pages as
    drafts to fill (``standing_pages``: ``humas check`` names each example value until it is replaced);
    without them, the product's example as it is (``humas init --example``), with empty content folders: an
    example page committed there without its chain would be left out of every build and named by every
    build and publish (``humas demo`` signs the example's portal content, ``skeleton.STARTER``, instead).
    ``keys`` (``PERSON=PATH_OR_KEYLINE``): the first signing keys,
    written into sop.yml in the founding commit, the trust root (``pipeline.archive.founding``)."""
    if directory.exists() and any(directory.iterdir()):
        raise ConfigError(_("{directory} exists and is not empty (choose a new directory)", directory=directory))
    found = {name: data for name, data in skeleton.files().items() if name not in PROJECT_ONLY}
    sop_name = "Publikasi melalui Website dan Media Sosial"
    if answers is not None:
        found["sop.yml"] = render_sop(found["sop.yml"].decode("utf-8"), answers).encode()
        found["mkdocs.yml"] = render_mkdocs(found["mkdocs.yml"].decode("utf-8"), answers).encode()
        found["CODEOWNERS"] = render_codeowners(found["CODEOWNERS"].decode("utf-8"), answers).encode()
        found["pyproject.toml"] = render_pyproject(found["pyproject.toml"].decode("utf-8"), answers).encode()
        sop_text = sop_text or found["sop.yml"].decode("utf-8")
        sop_name = answers.sop_name
    if sop_text is not None:
        parse_sop(sop_text)  # every problem of the rules before anything is written
    if keys:
        sop_text = _with_first_keys(sop_text or found["sop.yml"].decode("utf-8"), keys)
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        **found,
        ".gitignore": GITIGNORE.encode(),
        "content/arahan/.gitkeep": b"",
        "content/rencana/.gitkeep": b"",
        "content/publikasi/.gitkeep": b"",
        "content/pengumuman/.gitkeep": b"",
        "content/agenda/.gitkeep": b"",
        "content/halaman/.gitkeep": b"",
    }
    if sop_text:
        files["sop.yml"] = sop_text.encode()
    files.update(package_files(example=answers is None))
    if answers is not None:
        files.update(standing_pages(date.today()))
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    repo = GitRepo(directory)
    repo.run("init", "-q", "-b", MAIN)
    for key in ("receive.fsckObjects", "transfer.fsckObjects", "fetch.fsckObjects"):  # no ``..``/``.git`` tree gets in
        repo.run("config", key, "true")
    repo.run("add", "-A")
    env = None if repo.ok("var", "GIT_COMMITTER_IDENT") else FALLBACK_IDENTITY
    repo.run("commit", "-q", "-m", f"humas init: SOP {sop_name}", env=env)
    return repo


def _with_first_keys(sop_text: str, keys: Sequence[str]) -> str:
    from .archive.founding import parse_keys, sop_with_keys  # start-up: only humas init with keys needs it

    sop = parse_sop(sop_text)
    return sop_with_keys(sop_text, sop, parse_keys(sop, list(keys), base=Path.cwd()))


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "tanpa-judul"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_draft(
    repo: GitRepo,
    kind: str,
    title: str,
    *,
    bidang: str | None = None,
    channels: list[str] | None = None,
    when: str | None = None,
) -> str:
    sop = TrustedMain(repo).sop()
    try:
        day = date.fromisoformat(when) if when else date.today()
    except ValueError:
        raise ConfigError(_("--date: {when!r} is not a date (allowed: YYYY-MM-DD)", when=when)) from None
    slug = slugify(title)
    if kind == "halaman":
        _website_only(bidang, channels)
        path = publication_index(new_publication_id("halaman", "", slug))
        text = _halaman(title, day)
    elif kind in PUBLICATION_KINDS:
        if bidang is None or bidang not in sop.bidang:
            allowed = ", ".join(sop.bidang)
            raise ConfigError(
                _("--bidang: missing (allowed: {allowed})", allowed=allowed)
                if bidang is None
                else _("--bidang: {bidang!r} is unknown (allowed: {allowed})", bidang=bidang, allowed=allowed)
            )
        unknown = [c for c in channels or [] if c not in CHANNEL_NAMES]
        if unknown:
            raise ConfigError(
                _(
                    "--channels: unknown channel {channel!r} (allowed: {allowed})",
                    channel=unknown[0],
                    allowed=", ".join(CHANNEL_NAMES),
                )
            )
        path = publication_index(new_publication_id(PUBLICATION_KINDS[kind], f"{day.year:04d}", slug))
        text = _publikasi(kind, title, day, bidang, channels or ["website"])
    elif kind == "arahan":
        path = f"content/arahan/{day.isoformat()}-{slug}.md"
        text = (
            f"---\ntitle: {_yaml_string(title)}\ndate: {day.isoformat()}\n"
            f"dasar:\n  - Renstra {sop.institution}\n  - Perjanjian Kinerja (PK) "
            f"{day.year}\n  - {_yaml_string(placeholders.IKU)}\n---\n{placeholders.BODY['arahan']}\n"
        )
    else:
        arahan = sorted(p.stem for p in (repo.root / "content" / "arahan").glob("*.md"))
        path = f"content/rencana/{day.isoformat()}-{slug}.md"
        first = sop.bidang[0]
        text = (
            f"---\ntitle: {_yaml_string(title)}\ndate: {day.isoformat()}\n"
            f"arahan: {arahan[-1] if arahan else placeholders.NO_ARAHAN}\n"
            f"items:\n  - id: butir-1\n    title: {_yaml_string(placeholders.ELLIPSIS)}\n    bidang: {first}\n"
            f"    channels: [website]\n    target: {day.isoformat()}\n---\n{placeholders.BODY['rencana']}\n"
        )
    target = repo.root / path
    if target.exists():
        raise NotAcceptable(_("{path} exists already (choose another title)", path=path))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return path


PUBLICATION_KINDS = {"publikasi": "berita", "pengumuman": "pengumuman", "agenda": "agenda"}
"""The draft kinds of ``humas new`` that are dated publications, with their kind on the website."""
VALID_FOR = timedelta(days=14)
"""A new announcement's ``berlaku_sampai``: two weeks after its date, to be set by its author."""


def _website_only(bidang: str | None, channels: list[str] | None) -> None:
    """A page (halaman) has no bidang and is on the website only."""
    if bidang is not None:
        raise ConfigError(_("--bidang: a page (halaman) has no bidang (leave --bidang out)"))
    other = [c for c in channels or [] if c != "website"]
    if other:
        raise ConfigError(
            _("--channels: {channel!r}: a page (halaman) is on the website only (allowed: website)", channel=other[0])
        )


def _publikasi(kind: str, title: str, day: date, bidang: str, channels: list[str]) -> str:
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"date: {day.isoformat()}",
        f"bidang: {bidang}",
        f"summary: {_yaml_string(placeholders.ELLIPSIS)}",
    ]
    if kind == "pengumuman":
        lines.append(f"berlaku_sampai: {(day + VALID_FOR).isoformat()}")
    if kind == "agenda":
        lines.extend(
            [
                "acara:",
                f"  mulai: {day.isoformat()} 09:00",
                f"  selesai: {day.isoformat()} 12:00",
                f"  tempat: {_yaml_string(placeholders.ELLIPSIS)}",
            ]
        )
    lines.append("channels:")
    lines.extend(BY_NAME[c].scaffold(title) for c in channels)
    lines.append("---")
    lines.append(placeholders.BODY[kind])
    return "\n".join(lines) + "\n"


def _halaman(title: str, day: date) -> str:
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"date: {day.isoformat()}",
        f"summary: {_yaml_string(placeholders.ELLIPSIS)}",
        "channels:",
        BY_NAME["website"].scaffold(title),
        "---",
        placeholders.BODY["halaman"],
    ]
    return "\n".join(lines) + "\n"


STANDING_PAGES = (("profil", "Profil"), ("ppid", "PPID"), ("layanan", "Layanan"), ("kontak", "Kontak"))
"""The standing pages every institution's portal has, in the menu's order (``urutan``)."""
PPID_SECTIONS = (
    "Informasi yang wajib disediakan dan diumumkan secara berkala",
    "Informasi yang wajib diumumkan secara serta merta",
    "Informasi yang wajib tersedia setiap saat",
    "Cara memperoleh informasi",
)
"""What UU 14/2008 (Keterbukaan Informasi Publik) asks a public body to publish, and how to ask for the rest."""


def standing_pages(day: date) -> dict[str, bytes]:
    """{path: bytes} of the four standing pages (Profil, PPID, Layanan, Kontak) as drafts to fill: the
    example values of ``humas new halaman`` (``humas check`` names each until it is replaced, so none can
    be merged unedited), the PPID page with the headings of what UU 14/2008 asks for."""
    found = {}
    for order, (slug, title) in enumerate(STANDING_PAGES, start=1):
        lines = _halaman(title, day).rstrip("\n").split("\n")
        lines.insert(lines.index("channels:"), f"urutan: {order}")
        if slug == "ppid":
            lines += [line for heading in PPID_SECTIONS for line in ("", f"## {heading}", "", placeholders.ELLIPSIS)]
        path = publication_index(new_publication_id("halaman", "", slug))
        found[path] = ("\n".join(lines) + "\n").encode()
    return found
