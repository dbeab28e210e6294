"""YAML for hostile input: safe types only, no aliases, bounded size and depth, and line numbers.

PyYAML's composer gives every node its position; we build plain Python data from the node tree
ourselves so that every field keeps the line it was written on (``lines[("channels", "instagram")]``).
Anchors and aliases are refused outright: front-matter never needs them and they are the means of
the "billion laughs" expansion attack.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from .messages import _

MAX_DEPTH = 32

FieldPath = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LocatedData:
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath, default: int = 1) -> int:
        """The line of ``path`` or of its nearest written ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem(
                event.start_mark.line + 1,
                _("YAML aliases (*name) are not allowed (write the value out in full)"),
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(
                event.start_mark.line + 1,
                _("YAML anchors (&{anchor}) are not allowed (write the value out in full)", anchor=anchor),
            )
        return super().compose_node(parent, index)


def _compose_fast(text: str) -> yaml.Node | None | bool:
    """libyaml's composer for the common case, or False when the careful loader must decide.

    The careful (pure-Python) loader names the anchor and the line and bounds nesting; libyaml is
    about ten times faster. It is used only where it cannot differ: no anchor or alias character
    at all, flow nesting that cannot exceed the limit, and no error (an error is re-read by the
    careful loader so that every message is the same whichever path ran).
    """
    if not yaml.__with_libyaml__ or "&" in text or "*" in text:
        return False
    if text.count("[") + text.count("{") > MAX_DEPTH:
        return False
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]
    except yaml.YAMLError:
        return False


@functools.lru_cache(maxsize=1 << 15)
def load(text: str, first_line: int = 1) -> LocatedData:
    """Parse one YAML document; ``first_line`` is the file line of the text's first line.

    Cached: verifying main reads each approved draft's front-matter twice (routing, then validation).
    The result is shared, so callers must not modify it (they copy before pruning). The cache holds
    32,768 documents, three decades of a busy institution's publications: the two passes read every
    draft in the same order, so a cache smaller than the archive would keep none of them for the second
    pass (each read would evict the one needed next).
    """
    offset = first_line - 1
    fast = _compose_fast(text)
    if fast is not False:
        located = LocatedData(None)
        if fast is not None:
            located.data = _construct(fast, (), located.lines, offset, 0)  # type: ignore[arg-type]
        return located
    loader = _NoAliasLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except YamlProblem as problem:
            raise YamlProblem(problem.line + offset, problem.message) from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = (mark.line + 1 + offset) if mark else first_line
            what = error.problem or str(error)
            raise YamlProblem(line, _("YAML syntax error: {what}", what=what)) from None
        except yaml.YAMLError as error:
            raise YamlProblem(first_line, _("YAML error: {what}", what=error)) from None
        except RecursionError:
            too_deep = _("YAML nested too deeply (at most {limit} levels)", limit=MAX_DEPTH)
            raise YamlProblem(first_line, too_deep) from None
    finally:
        loader.dispose()
    located = LocatedData(None)
    if node is None:
        return located
    located.data = _construct(node, (), located.lines, offset, 0)
    return located


def _construct(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], offset: int, depth: int) -> Any:
    line = node.start_mark.line + 1 + offset
    lines.setdefault(path, line)
    if depth > MAX_DEPTH:
        raise YamlProblem(line, _("YAML nested too deeply (at most {limit} levels)", limit=MAX_DEPTH))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1 + offset, _("a key must be a plain value"))
            key = _scalar(key_node, offset)
            if not isinstance(key, str | int):
                key = str(key)
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1 + offset, _("key {key!r} is written twice", key=key))
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1 + offset
            result[key] = _construct(value_node, child, lines, offset, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, index), lines, offset, depth + 1) for index, item in enumerate(node.value)]
    return _scalar(node, offset)


_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, offset: int) -> Any:
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value  # what SafeConstructor.construct_yaml_str gives a scalar, without its dispatch
    try:
        return _SCALAR_LOADER.construct_object(node, deep=True)
    except ValueError:
        # A timestamp that is no date (2025-13-01): kept as text, so the model says what a date must be.
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        raise YamlProblem(
            node.start_mark.line + 1 + offset, _("YAML value not understood: {what}", what=node.value)
        ) from None
    except yaml.YAMLError as error:
        line = node.start_mark.line + 1 + offset
        raise YamlProblem(line, _("YAML value not understood: {what}", what=error)) from None
    finally:
        _SCALAR_LOADER.constructed_objects.clear()


class _ScalarConstructor(yaml.SafeLoader):
    def __init__(self) -> None:  # no stream: only the constructor half is used
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_SCALAR_LOADER = _ScalarConstructor()
