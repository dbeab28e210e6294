"""The site's HTML (publication, listings, cards, share-card tags, home sections) as Jinja templates.

humas' own templates live in ``pipeline/site/templates/`` and are written as ``NAME.html.j2``. Every one
is rendered with HTML autoescaping on, in Jinja's immutable sandbox: a template is markup, and what it is
given is data (titles, summaries, addresses, plain dataclasses); HTML that humas made and sanitised
already is passed as ``markupsafe.Markup``. Text is escaped as ``html.escape`` does (``&quot;``,
``&#x27;``), the same bytes as the rest of the site.

An institution changes a page by committing a template of the same name in ``overrides/humas/`` of its
repository (:data:`OVERRIDES`; the ``sistem`` chain of sop.yml covers ``overrides/**``: pengendalian and
pengesahan sign it). ``humas build`` reads that folder from main as it verified it, never from a branch; so
does a preview (pipeline/preview/site_page.py: main's templates, never the change's). An override is checked
before anything is built (:func:`institution_templates`) and refused with its file and line (``SiteError``,
exit 2) when it is not one of humas' template names, cannot be read, lacks a macro humas calls, turns
escaping off (``|safe``, ``{% autoescape false %}``), or names an attribute that starts with ``_`` (the way
out of a sandbox to Python's objects); whatever the sandbox still refuses while rendering
(``attr("__class__")``...) is refused the same way.

`render(name, **context)` and `macro(name, macro_name)` are the ways the site's Python asks for HTML.
Templates are compiled once per environment (no reload check): a page costs one lookup in a dict.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import pathlib
import types
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import markupsafe
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..messages import _
from .model import SiteError

OVERRIDES = "overrides/humas"
"""The folder of the institution's templates in its repository (under sop.yml's ``sistem`` chain)."""
SUFFIX = ".html.j2"
T = TypeVar("T")
OWN = pathlib.Path(__file__).with_name("templates")


_FIELDS: dict[type, frozenset[str]] = {}
"""class -> fields of the dataclasses whose fields templates read (`data`): plain values, read without the
sandbox's checks of every attribute (they cost a third of a page's time), as they are known safe."""

D = TypeVar("D", bound=type)


def data(cls: D) -> D:
    """Class decorator: `cls` (a frozen dataclass of plain values, none callable) is data for templates."""
    names = frozenset(field.name for field in dataclasses.fields(cls))
    assert not any(name.startswith("_") for name in names), names
    _FIELDS[cls] = names
    return cls


_ESCAPE_TEXT: Callable[[str], str] = getattr(markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text)))


def _escape(value: Any) -> Any:
    """The escape of every ``{{ value }}`` (autoescape): markupsafe's, with the entities html.escape writes
    for quotes (``&quot;``, ``&#x27;``: the same bytes as the rest of the site), a text's escape kept as a
    plain str (the output of a ``{{ }}`` is only ever joined into the page; no Markup object is made for each
    of a page's hundreds of texts). Anything else (Markup, numbers, undefined) goes through markupsafe."""
    if type(value) is str:
        text = _ESCAPE_TEXT(value)
        if "&#3" in text:  # only markupsafe's own entities: a "&" of the text is "&amp;" by now
            text = text.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
        return text
    return markupsafe.escape(value)


class _Template(Template):
    """A compiled template whose ``{{ }}`` escape with :func:`_escape`."""

    @classmethod
    def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Template:
        namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the fields of humas' template data read directly."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        fields = _FIELDS.get(type(obj))
        if fields is not None and attribute in fields:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if type(obj) is Macro:  # a template's own macro: no Python behind it (as Context.call does)
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return obj(*args, **kwargs)
        return super().call(context, obj, *args, **kwargs)


def _environment(loader: Any) -> ImmutableSandboxedEnvironment:
    return _Sandbox(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=-1,
    )


OWN_LOADER = PackageLoader("pipeline.site", "templates")


@functools.cache
def environment() -> ImmutableSandboxedEnvironment:
    """The environment of humas' own templates (autoescaped, sandboxed, undefined names are errors)."""
    return _environment(OWN_LOADER)


class _Institution:
    """The environment of a build with the institution's overrides: theirs first, then humas' own."""

    def __init__(self, directory: pathlib.Path, names: frozenset[str]) -> None:
        self.directory = directory.resolve()
        self.names = names
        self.environment = _environment(ChoiceLoader([FileSystemLoader(str(directory)), OWN_LOADER]))

    def where(self, error: BaseException) -> tuple[str, int] | None:
        """(the override's name, its line) where `error` happened, when it happened in an override."""
        found = None
        trace = error.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            path = pathlib.Path(filename)
            if path.name in self.names and path.parent.resolve() == self.directory:
                found = (path.name, trace.tb_lineno)
            trace = trace.tb_next
        if found is None and isinstance(error, TemplateSyntaxError) and error.name in self.names:
            found = (error.name, error.lineno)
        return found


_ACTIVE: ContextVar[_Institution | None] = ContextVar("humas_templates", default=None)


def _current() -> tuple[ImmutableSandboxedEnvironment, _Institution | None]:
    institution = _ACTIVE.get()
    return (institution.environment, institution) if institution is not None else (environment(), None)


@functools.cache
def own_names() -> frozenset[str]:
    return frozenset(p.name for p in OWN.glob(f"*{SUFFIX}"))


@functools.cache
def own_macros(name: str) -> frozenset[str]:
    """The macros humas' template `name` defines (an override must define them too: Python calls them)."""
    source = (OWN / name).read_text(encoding="utf-8")
    return frozenset(m.name for m in environment().parse(source, name).find_all(nodes.Macro))


def _refused(name: str, line: int, message: str) -> SiteError:
    where = f"{OVERRIDES}/{name}:{line}" if line else f"{OVERRIDES}/{name}"
    return SiteError(f"{where}: {message}")


def _run(institution: _Institution | None, work: Callable[[], T]) -> T:
    if institution is None:
        return work()
    try:
        return work()
    except Exception as error:  # an override failed: its file and line, no traceback
        place = institution.where(error)
        if place is None:
            raise
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise _refused(
            place[0], place[1], _("the template failed: {error} (allowed: the page's data and Jinja)", error=message)
        ) from None


def render(name: str, **context: Any) -> str:
    """The HTML of template `name` (e.g. ``"publication.html.j2"``) with `context`."""
    env, institution = _current()
    return _run(institution, lambda: env.get_template(name).render(**context))


def macro(name: str, macro_name: str) -> Callable[..., str]:
    """The macro `macro_name` of template `name` as a function (its template compiled once)."""
    env, institution = _current()
    module = _run(institution, lambda: _module(env.get_template(name)))
    function = getattr(module, macro_name)
    if institution is None:
        return function  # type: ignore[no-any-return]
    return lambda *args, **kwargs: _run(institution, lambda: function(*args, **kwargs))


def _module(template: Template) -> types.ModuleType:
    return template.module  # type: ignore[return-value]


@contextlib.contextmanager
def institution_templates(directory: pathlib.Path | None) -> Iterator[None]:
    """Within the block, pages are rendered with the templates in `directory` (the institution's
    ``overrides/humas/``, as read from main) before humas' own; each is checked first (SiteError).
    None or a missing folder: humas' own templates."""
    if directory is None or not directory.is_dir():
        yield
        return
    names = check_overrides(directory)
    token = _ACTIVE.set(_Institution(directory, names))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def refuse_skipped(skipped: list[str]) -> None:
    """Refuse the overrides folder when git holds a link or submodule in it (the export skips them)."""
    for path in skipped:
        raise SiteError(
            f"{path}: "
            + _("a link or submodule is not allowed here (allowed: template files, as humas' own are named)")
        )


def check_overrides(directory: pathlib.Path) -> frozenset[str]:
    """The names of the institution's templates in `directory`, each read and checked; raises SiteError
    naming the first file (and line) that is not allowed."""
    allowed = own_names()
    names = []
    for path in sorted(directory.iterdir()):
        if path.name not in allowed or path.is_symlink() or not path.is_file():
            raise _refused(
                path.name,
                0,
                _(
                    "not a template of humas (allowed: a file named as one of humas' templates: {names})",
                    names=", ".join(sorted(allowed)),
                ),
            )
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise _refused(path.name, 0, _("the file is not UTF-8 text (allowed: a Jinja template in UTF-8)")) from None
        try:
            tree = environment().parse(source, path.name)
        except TemplateSyntaxError as error:
            raise _refused(
                path.name,
                error.lineno,
                _("the template cannot be read: {error} (allowed: Jinja syntax)", error=error.message or ""),
            ) from None
        private = [
            (node.lineno, name)
            for node in tree.find_all((nodes.Getattr, nodes.Getitem))
            for name in [node.attr if isinstance(node, nodes.Getattr) else _constant(getattr(node, "arg", None))]
            if isinstance(name, str) and name.startswith("_")
        ]
        if private:  # the first line's innermost name ("".__class__.__mro__: __class__)
            line = min(found for found, _name in private)
            name = [n for found, n in private if found == line][-1]
            raise _refused(
                path.name,
                line,
                _(
                    "{name!r}: a template may not reach Python's internals (allowed: the page's data; "
                    "no name that starts with _)",
                    name=name,
                ),
            )
        unescaped = [
            (node.lineno, node.name if isinstance(node, nodes.Filter) else "autoescape")
            for node in tree.find_all((nodes.Filter, nodes.EvalContextModifier))
            if not isinstance(node, nodes.Filter) or node.name == "safe"
        ]
        if unescaped:  # a title is a staff member's text: it stays text on every page
            line, name = min(unescaped)
            raise _refused(
                path.name,
                line,
                _(
                    "{name!r}: a template may not turn escaping off (allowed: texts written as text; "
                    "the HTML humas made safe is passed as it is)",
                    name=name,
                ),
            )
        defined = {m.name for m in tree.find_all(nodes.Macro)}
        for missing in sorted(own_macros(path.name) - defined):
            raise _refused(
                path.name,
                0,
                _(
                    "the macro {macro!r} is missing (allowed: a template that defines it, as humas' does)",
                    macro=missing,
                ),
            )
        names.append(path.name)
    return frozenset(names)


def _constant(node: object) -> object:
    return node.value if isinstance(node, nodes.Const) else None
