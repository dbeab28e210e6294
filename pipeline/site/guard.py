"""What mkdocs.yml may ask of the build: checked before mkdocs or Zensical reads a byte of it.

``humas build`` runs in jobs that hold secrets, and mkdocs.yml on main is one approved change away from
anyone. MkDocs would let that file run code or leak the machine: it parses YAML with PyYAML's full
loader (``!!python/object/apply:os.system`` runs at parse time), resolves ``!ENV`` (a secret printed on
every page), imports ``hooks:`` and any plugin or Markdown extension named, renders ``theme.custom_dir``
and ``extra_templates`` with Jinja without a sandbox (a template reaches Python's objects and so the
shell), and several themes' templates print ``copyright``, ``site_name``, ``extra.*`` and links as raw
HTML. So the file is read here with a safe loader, and refused (``SiteError``, exit 2; the message names
mkdocs.yml, the line, the key and what is allowed) when it holds:

- a YAML tag other than the plain types (``!!python/...``, ``!ENV``, ``!relative``...), or an ``INHERIT``;
- ``hooks``, ``theme.custom_dir`` or ``extra_templates``;
- a plugin or Markdown extension outside :data:`PLUGINS` and :data:`EXTENSIONS` (lists kept here, in
  humas, never in mkdocs.yml);
- a ``docs_dir`` outside the repository;
- in any text, ``<``, ``>``, ``"`` or a control character (they would become markup on every page:
  both engines print some fields unescaped), or a ``javascript:``, ``vbscript:`` or ``data:`` address,
  or, for a link, anything but http(s), mailto or a path of the site.

``copyright`` alone may hold HTML (``&copy;``, a link): it is sanitised like a publication's body.
The checked data, not the file, is what the engines then read.
"""

from __future__ import annotations

import io
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..located_yaml import FieldPath, LocatedData, YamlProblem, load
from ..messages import _
from .model import SiteError
from .sanitize import sanitize_html

PLUGINS = ("search", "tags", "offline")
"""Material's plugins that run no code of the repository and fetch nothing (also as ``material/NAME``)."""

EXTENSIONS = (
    # Python-Markdown's own
    "abbr",
    "admonition",
    "attr_list",
    "codehilite",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
    # PyMdown Extensions that read no file and call no code named in the configuration (a callable can
    # only be named with a !!python tag, which is refused)
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.caption",
    "pymdownx.blocks.definition",
    "pymdownx.blocks.details",
    "pymdownx.blocks.html",
    "pymdownx.blocks.tab",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.escapeall",
    "pymdownx.extra",
    "pymdownx.fancylists",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.mark",
    "pymdownx.progressbar",
    "pymdownx.saneheaders",
    "pymdownx.smartsymbols",
    "pymdownx.striphtml",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    # Always switched off by the build (it would include the build machine's files in a body): allowed
    # here so that a mkdocs.yml written for other sites still builds.
    "pymdownx.snippets",
)

CODE_OPTIONS = ("build_url", "custom_fences", "custom_inline", "emoji_generator", "emoji_index", "slugify")
"""Options of the allowed extensions whose value is Python code to call: Zensical imports and calls a plain
string (``toc: {slugify: {object: os.system, kwds: ...}}``) where mkdocs would want a ``!!python`` tag."""

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_MARKUP = re.compile(r'[<>"\x00-\x08\x0b-\x1f\x7f]')
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_LINK_KEYS = frozenset({"link", "homepage", "repo_url", "edit_uri", "site_url", "logo", "favicon", "url", "href"})
_LINK_LISTS = frozenset({"extra_css", "extra_javascript"})
_LINK_SCHEMES = ("", "http", "https", "mailto")
_TEMPLATE_KEYS = (("hooks",), ("theme", "custom_dir"), ("extra_templates",))


@dataclass(frozen=True)
class CheckedConfig:
    """mkdocs.yml as checked: its settings (``copyright`` sanitised) and its text, for mkdocs to read."""

    path: pathlib.Path
    data: dict[str, Any]

    def stream(self) -> io.StringIO:
        """The checked settings as a YAML file for mkdocs (named like the file: relative paths resolve)."""
        stream = io.StringIO(yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False))
        stream.name = str(self.path)
        return stream

    def docs_dir(self) -> pathlib.Path:
        """The repository's own docs folder (checked to be inside the repository)."""
        return self.path.parent / str(self.data.get("docs_dir") or "docs")


def check_mkdocs_yml(path: pathlib.Path) -> CheckedConfig:
    """Read and check `path`; raises SiteError naming the first thing that is not allowed."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError(f"{path}: {error}") from None
    _check_tags(text, name)
    try:
        located = load(text)
    except YamlProblem as problem:
        raise SiteError(f"{name}:{problem.line}: {problem.message}") from None
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        raise SiteError(_("{source}: expected a mapping of settings", source=name))
    checker = _Checker(name, located, path.parent)
    checker.check(data)
    data = dict(data)
    if isinstance(data.get("copyright"), str):
        data["copyright"] = sanitize_html(data["copyright"])
    return CheckedConfig(path, data)


def check_site_name(institution: str) -> None:
    """sop.yml's ``institution`` names the site when there is no mkdocs.yml: the same rule as its texts."""
    if _MARKUP.search(institution):
        raise SiteError(f"sop.yml: institution: {_markup_message()}")


def _markup_message() -> str:
    return _(
        'the characters < > " and control characters are not allowed here: they would become '
        "HTML on every page (allowed: plain text; only copyright may hold HTML, which is sanitised)"
    )


def _check_tags(text: str, name: str) -> None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SiteError(
            f"{name}:{mark.line + 1 if mark else 1}: " + _("YAML syntax error: {what}", what=error.problem or error)
        ) from None
    except yaml.YAMLError as error:
        raise SiteError(f"{name}:1: " + _("YAML error: {what}", what=error)) from None
    seen: set[int] = set()
    for node, key in _nodes(root, "", seen):
        if node.tag not in _PLAIN_TAGS:
            raise SiteError(
                _(
                    "{path}:{line}: {key}: the YAML tag {tag} is not allowed: it would run code or read the "
                    "build machine's environment (allowed: plain values, lists and mappings)",
                    path=name,
                    line=node.start_mark.line + 1,
                    key=key or "-",
                    tag=_short_tag(node.tag),
                )
            )


def _nodes(node: yaml.Node | None, key: str, seen: set[int]) -> Iterator[tuple[yaml.Node, str]]:
    """Every node once (an alias is the node it names), with the dotted key it is written under."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    yield node, key
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{key}.{key_node.value}" if key else str(key_node.value)
            yield from _nodes(key_node, child, seen)
            yield from _nodes(value_node, child, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _nodes(item, f"{key}[{index}]", seen)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _key(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Checker:
    def __init__(self, name: str, located: LocatedData, repository: pathlib.Path):
        self.name, self.located, self.repository = name, located, repository

    def refuse(self, path: FieldPath, message: str) -> SiteError:
        return SiteError(f"{self.name}:{self.located.line_of(path)}: {_key(path)}: {message}")

    def check(self, data: dict[str, Any]) -> None:
        if "INHERIT" in data:
            raise self.refuse(
                ("INHERIT",), _("another configuration file is not allowed (write the settings in this file)")
            )
        for path in _TEMPLATE_KEYS:
            if _get(data, path) not in (None, [], {}):
                raise self.refuse(path, self._template_message(path[-1]))
        self.check_plugins(data.get("plugins"))
        self.check_extensions(data.get("markdown_extensions"))
        self.check_docs_dir(data.get("docs_dir"))
        self.check_values(data, ())

    @staticmethod
    def _template_message(key: str) -> str:
        if key == "hooks":
            return _(
                "mkdocs hooks run Python code in the build and are not allowed "
                "(allowed: none; the plugins and Markdown extensions humas allows)"
            )
        return _(
            "templates of the repository are not allowed: mkdocs renders them without a sandbox, so a "
            "template could run code in the build (allowed: none; to change a page, copy humas' template to "
            'overrides/humas/NAME.html.j2, see the README\'s section "Mengubah tampilan halaman"; colours, logo '
            "and extra_css change the look)"
        )

    def check_plugins(self, plugins: Any) -> None:
        allowed = ", ".join(PLUGINS)
        for path, name, _options in _named_items(plugins, ("plugins",)):
            if name.removeprefix("material/") not in PLUGINS:
                raise self.refuse(
                    path, _("plugin {name!r} is not allowed (allowed: {allowed})", name=name, allowed=allowed)
                )

    def check_extensions(self, extensions: Any) -> None:
        for path, name, options in _named_items(extensions, ("markdown_extensions",)):
            for option in options if isinstance(options, dict) else {}:
                if option in CODE_OPTIONS:
                    raise self.refuse(
                        (*path, option) if path[-1] == name else (*path, name, option),
                        _(
                            "this option names Python code to run and is not allowed "
                            "(allowed: the extension's other options)"
                        ),
                    )
            if name.removeprefix("markdown.extensions.") not in EXTENSIONS:
                raise self.refuse(
                    path,
                    _(
                        "Markdown extension {name!r} is not allowed (allowed: {allowed})",
                        name=name,
                        allowed=", ".join(EXTENSIONS),
                    ),
                )

    def check_docs_dir(self, value: Any) -> None:
        if value is None:
            return
        root = self.repository.resolve()
        folder = pathlib.PurePosixPath(str(value))
        inside = (
            isinstance(value, str)
            and not folder.is_absolute()
            and ".." not in folder.parts
            and folder.parts not in ((), (".",))
            and (root / folder).resolve().is_relative_to(root)
        )
        if not inside:
            raise self.refuse(
                ("docs_dir",),
                _("{value!r} is not allowed (allowed: a folder inside the repository, e.g. docs)", value=value),
            )

    def check_values(self, value: Any, path: FieldPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self.check_values(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_values(item, (*path, index))
        elif isinstance(value, str):
            self.check_text(value, path)

    def check_text(self, value: str, path: FieldPath) -> None:
        link = bool(path) and (path[-1] in _LINK_KEYS or (path[0] in _LINK_LISTS and len(path) <= 3))
        if _SCRIPT_URL.match(value) or (link and not _is_site_link(value)):
            raise self.refuse(
                path,
                _(
                    "{value!r} is not allowed (allowed: an http, https or mailto address, or a path of the site)",
                    value=value,
                ),
            )
        if path != ("copyright",) and _MARKUP.search(value):
            raise self.refuse(path, _markup_message())


def _is_site_link(value: str) -> bool:
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return False
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return False
    return scheme in _LINK_SCHEMES


def _named_items(items: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str, Any]]:
    """(path, name, options) of each entry of a mkdocs list of plugins or extensions: a name, or
    {name: options}; mkdocs also takes a mapping of name: options."""
    if isinstance(items, dict):
        for name, options in items.items():
            yield (*path, name), str(name), options
    elif isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                for name, options in item.items():
                    yield (*path, index), str(name), options
            else:
                yield (*path, index), str(item), None


def _get(data: dict[str, Any], path: FieldPath) -> Any:
    value: Any = data
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
