"""Safe, strict YAML reading with source positions.

Plain PyYAML silently keeps the last of two equal keys, expands alias bombs until memory runs out
and tells nothing about where a value came from. :func:`read_yaml` refuses duplicate keys, caps the
size, depth and alias expansion of a document, refuses non-YAML input (binary, empty) with a clear
:class:`~pia.errors.Problem`, and returns a map from each value's path to its line and column so that
validation errors can point at the right place.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .errors import ModelError, Problem

__all__ = ["read_yaml", "parse_yaml", "load_data", "Positions", "MAX_BYTES", "MAX_NODES", "MAX_DEPTH", "MAX_ALIAS_RATIO"]

#: Largest model file accepted, in bytes.
MAX_BYTES = 256 * 1024 * 1024
#: Most values one document may expand to (aliases counted each time they are used).
MAX_NODES = 20_000_000
#: Deepest nesting accepted.
MAX_DEPTH = 64
#: How many times over aliases may repeat a document's written values.
MAX_ALIAS_RATIO = 100

Positions = dict[tuple, tuple[int, int]]

try:  # the C parser is much faster; fall back to pure Python where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, remembering the implicit tag of plain scalars it has seen (performance
    only: keys and values such as ``id``, ``from``, ``true``, ``unknown`` repeat on every flow)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = self._tags.get(value)
            if tag is None:  # the tag of a plain scalar depends on its text alone
                tag = _yaml12_bool(super().resolve(kind, value, implicit), value)
                if len(self._tags) < 50_000:
                    self._tags[value] = tag
            return tag
        return _yaml12_bool(super().resolve(kind, value, implicit), value)


def _yaml12_bool(tag: str, value: Any) -> str:
    """Only true/false are booleans (YAML 1.2). YAML 1.1 also reads yes/no/on/off/y/n as booleans,
    which would turn Norway's country code ``NO`` into false."""
    if tag == "tag:yaml.org,2002:bool" and isinstance(value, str) and value.lower() not in ("true", "false"):
        return "tag:yaml.org,2002:str"
    return tag

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = "plain YAML values (text, numbers, true/false, dates, lists, mappings), no tags"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.constructor.SafeConstructor()
_AMPERSAND = re.compile(r"&\S")


def _may_hold_anchors(text: str) -> bool:
    """False only when ``text`` cannot hold an anchor (``&name`` after a space, a line start or a flow
    indicator), hence no alias: the expansion check can then be skipped (performance only)."""
    for match in _AMPERSAND.finditer(text):
        i = match.start()
        if i == 0 or text[i - 1].isspace() or text[i - 1] in "[]{},:?-":
            return True
    return False


@contextmanager
def _paused_gc():
    """Pause the cyclic garbage collector while building a large tree of objects (performance only:
    with it running, composing and converting 100k flows took several times as long)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _problem(name: str, message: str, line: int = 0, column: int = 0, field: str = "", accepted: str = "") -> Problem:
    return Problem(file=name, line=line, column=column, field=one_line(field), message=one_line(message),
                   accepted=accepted)


def one_line(text: str) -> str:
    """Text quoted from a model made safe for a one-line message: line breaks, tabs, control
    characters and bidirectional overrides become visible escapes.

    >>> one_line("ti\\ntle"), one_line("a\\tb"), one_line("\\u202eDE")
    ('ti\\\\ntle', 'a\\\\tb', '\\\\u202eDE')
    """
    from .text import terminal_safe

    return terminal_safe(text).replace("\n", "\\n").replace("\t", "\\t")


def format_path(path: tuple) -> str:
    """``("flows", 3, "to")`` -> ``"flows[3].to"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_data(text: str) -> Any:
    """A YAML data file (pia's own tables, or lexicons a privacy officer extends) read exactly as
    ``yaml.safe_load`` reads it, with libyaml's parser when PyYAML has it (about ten times faster;
    these files are read by every ``pia assess``). Models go through :func:`read_yaml` instead.

    >>> load_data("{a: [1, two], b: {c: null}}")
    {'a': [1, 'two'], 'b': {'c': None}}
    """
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_yaml(path: str | Path, name: str | None = None, *, max_bytes: int = MAX_BYTES) -> tuple[Any, Positions]:
    """Read one YAML document from ``path``.

    Returns ``(data, positions)``: plain dicts, lists and scalars, and the 1-based (line, column) of
    each value keyed by its path. ``name`` is the file name used in messages (default: ``path`` as
    given). Raises :class:`~pia.errors.ModelError` for anything that is not a single, sane YAML
    document.
    """
    name = str(path) if name is None else name
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ModelError([_problem(name, "file not found")]) from None
    except OSError as exc:
        raise ModelError([_problem(name, f"cannot read the file ({exc.strerror})")]) from None
    if size > max_bytes:
        raise ModelError([_problem(name, f"file is too large ({size:,} bytes)", accepted=f"at most {max_bytes:,} bytes")])
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ModelError([_problem(name, f"cannot read the file ({exc.strerror})")]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes | str, name: str) -> tuple[Any, Positions]:
    """Parse YAML text (bytes or str); see :func:`read_yaml`."""
    with _paused_gc():  # one pause from composing to converting (performance only)
        return _parse_yaml(raw, name)


def _parse_yaml(raw: bytes | str, name: str) -> tuple[Any, Positions]:
    if isinstance(raw, bytes):
        if b"\x00" in raw[:8192]:
            raise ModelError([_problem(name, "this is a binary file, not YAML text", accepted="a UTF-8 YAML text file")])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ModelError(
                [_problem(name, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", line=line, column=column,
                          accepted="a UTF-8 YAML text file")]
            ) from None
    else:
        text = raw.removeprefix("\ufeff")
    if not text.strip():
        raise ModelError([_problem(name, "the file is empty", accepted="a YAML mapping with the model's sections")])
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ModelError([_problem(name, "the file holds only comments", accepted="a YAML mapping with the model's sections")])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "single document" in str(exc.context or ""):
            raise ModelError([_problem(name, "the file holds more than one YAML document", *_mark(mark),
                                       accepted="one YAML document per file (no second '---')")]) from None
        raise ModelError([_problem(name, f"YAML error: {exc.problem}", *_mark(mark))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_indent(text, mark.line + 1 if mark else 0)
        if tab:
            raise ModelError([_problem(name, "a tab character is used for indentation", *tab,
                                       accepted="spaces for indentation")]) from None
        if "maximum nesting depth" in str(exc.problem):
            raise ModelError([_problem(name, f"values are nested more than {MAX_DEPTH} levels deep", *_mark(mark),
                                       accepted=f"at most {MAX_DEPTH} levels of nesting")]) from None
        problem = exc.problem or "invalid YAML"
        if exc.context:
            context = exc.context
            if exc.context_mark is not None and mark is not None and exc.context_mark.line != mark.line:
                context += f" that starts on line {exc.context_mark.line + 1}"
            problem = f"{problem} ({context})"
        raise ModelError([_problem(name, f"YAML syntax error: {problem}", *_mark(mark))]) from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ModelError([_problem(name, f"the control character U+{ord(char):04X} is not allowed in YAML",
                                   line=line, column=column,
                                   accepted="printable text; write special characters as escapes inside double quotes")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other reader errors
        raise ModelError([_problem(name, "not readable as YAML: " + " ".join(str(exc).split()))]) from None
    except RecursionError:  # only the pure-Python parser recurses
        raise ModelError([_problem(name, f"values are nested more than {MAX_DEPTH} levels deep",
                                   accepted=f"at most {MAX_DEPTH} levels of nesting")]) from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        raise ModelError([_problem(name, "the file is empty", accepted="a YAML mapping with the model's sections")])
    return _Converter(name, may_alias=_may_hold_anchors(text)).run(node)


def _tab_indent(text: str, upto: int) -> tuple[int, int] | None:
    """(line, column) of the first line up to line ``upto`` indented with a tab, if any."""
    lines = text.splitlines()[:upto]
    for number in [upto, *range(1, upto)]:  # the line the parser stopped at first, then those before
        if 0 < number <= len(lines):
            stripped = lines[number - 1].lstrip(" ")
            if stripped.startswith("\t"):
                return number, len(lines[number - 1]) - len(stripped) + 1
    return None


def _mark(mark: Any) -> tuple[int, int]:
    if mark is None:
        return (0, 0)
    return (mark.line + 1, mark.column + 1)


class _Converter:
    """Turn a composed node tree into plain data, recording positions and refusing what is unsafe."""

    def __init__(self, name: str, may_alias: bool = True) -> None:
        self.name = name
        self.may_alias = may_alias
        self.root: yaml.Node | None = None
        self.positions: Positions = {}
        self.budget = MAX_NODES
        self.problems: list[Problem] = []

    def run(self, node: yaml.Node) -> tuple[Any, Positions]:
        self.root = node
        if self.may_alias:  # without anchors nothing is shared: the size is counted while converting
            self.check_expansion(node)
        data = self.convert(node, (), 0)
        if self.problems:
            raise ModelError(self.problems)
        return data, self.positions

    def check_expansion(self, root: yaml.Node) -> None:
        """Refuse alias bombs and recursive aliases before expanding anything.

        Counts the values the document expands to, each distinct node once (linear time), and
        refuses more than :data:`MAX_NODES`, or aliases that multiply the document more than
        :data:`MAX_ALIAS_RATIO` times over (a few thousand values of leeway for small files).
        """
        size: dict[int, int] = {}
        distinct = 0
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        open_: set[int] = set()
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                children = _children(node)
                size[key] = min(1 + sum(size[id(c)] for c in children), MAX_NODES + 1)
                open_.discard(key)
                continue
            if key in size:
                continue
            if key in open_:
                raise ModelError([_problem(self.name, "an alias refers to a value that contains it (a recursive alias)",
                                           *_mark(node.start_mark), accepted="aliases (*name) to values defined before them")])
            open_.add(key)
            distinct += 1
            stack.append((node, True))
            for child in _children(node):
                if id(child) in open_:
                    raise ModelError([_problem(self.name, "an alias refers to a value that contains it (a recursive alias)",
                                               *_mark(child.start_mark), accepted="aliases (*name) to values defined before them")])
                if id(child) not in size:
                    stack.append((child, False))
        total = size[id(root)]
        if total > MAX_NODES or total > MAX_ALIAS_RATIO * distinct + 10_000:
            shown = f"more than {MAX_NODES:,}" if total > MAX_NODES else f"{total:,}"
            raise ModelError([_problem(self.name, f"aliases expand the document to {shown} values from {distinct:,} "
                                       "written ones (an 'alias bomb')", *_mark(root.start_mark),
                                       accepted=f"aliases that repeat the document at most {MAX_ALIAS_RATIO} times over")])

    def fail(self, node: yaml.Node, message: str, path: tuple, accepted: str = "") -> None:
        self.problems.append(_problem(self.name, message, *_mark(node.start_mark), field=format_path(path), accepted=accepted))

    def convert(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if not self.may_alias:  # refuse with the message the expansion check gives
                self.check_expansion(self.root)
            raise ModelError([_problem(self.name, f"the document expands to more than {MAX_NODES:,} values (aliases repeated "
                                       "too often, an 'alias bomb')", *_mark(node.start_mark),
                                       accepted="a model without mass alias expansion")])
        if depth > MAX_DEPTH:
            shown = format_path(path[:6]) + " ... " + format_path(path[-2:]).lstrip(".")
            raise ModelError([_problem(self.name, f"values are nested more than {MAX_DEPTH} levels deep",
                                       *_mark(node.start_mark), field=shown,
                                       accepted=f"at most {MAX_DEPTH} levels of nesting")])
        if path not in self.positions:
            self.positions[path] = _mark(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.fail(node, f"unsupported YAML tag '{_short_tag(node.tag)}'", path, _PLAIN)
                return None
            out: dict[str, Any] = {}
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, "merge keys ('<<') are not supported", path, "plain keys")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, "a key must be plain text, not a list or mapping", path, "plain text keys")
                    continue
                if key_node.tag not in _SCALAR_TAGS:
                    self.fail(key_node, f"unsupported YAML tag '{_short_tag(key_node.tag)}'", path, _PLAIN)
                    continue
                key = key_node.value
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    self.fail(key_node, f"duplicate key '{key}' (first defined on line {first})", path + (key,),
                              "each key once per mapping")
                    continue
                seen[key] = key_node
                self.positions[path + (key,)] = _mark(key_node.start_mark)
                if value_node.tag == _STR and self.budget > 0 and depth < MAX_DEPTH and type(value_node) is yaml.ScalarNode:
                    self.budget -= 1  # text: what convert() would do, without the call (performance only)
                    out[key] = value_node.value
                    continue
                out[key] = self.convert(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"unsupported YAML tag '{_short_tag(node.tag)}'", path, _PLAIN)
                return None
            return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self.fail(node, f"unsupported YAML tag '{_short_tag(node.tag)}'", path, _PLAIN)
            return None
        if node.tag == _STR:
            return node.value
        try:
            return _constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.fail(node, f"invalid date '{node.value}'", path, "a real date as YYYY-MM-DD")
            else:
                self.fail(node, f"invalid value '{node.value}'", path, _PLAIN)
            return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
