"""Load, validate and query a pia model.

A model is YAML, in one file or a folder of files (each file holds some of the sections; list
sections are concatenated, the others may appear once). :func:`load` reads it safely, validates it
with pydantic and checks every cross-reference, taxonomy key and country code, and raises
:class:`~pia.errors.ModelError` listing *every* problem with its file, line, column and field.

>>> import pia
>>> m = pia.load("data/cloud_connectors.yaml")
>>> m.assessment.id
'cloud-connectors'
>>> m.get("google-analytics").name
'Google Analytics (Google LLC)'
>>> sorted(m.summary())[:3]
['activities', 'controls', 'data_categories']
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, PrivateAttr, ValidationError

from . import geo
from .errors import ModelError, Problem
from .schema import UNKNOWN, Activity, Control, Flow, ModelSchema, Party, SubjectGroup, System, is_known
from .taxonomy import Taxonomy, Term
from .yamlio import _paused_gc, format_path, one_line, read_yaml

__all__ = ["Model", "load", "loads", "Location", "MODEL_SUFFIXES"]

MODEL_SUFFIXES = (".yaml", ".yml")
_LIST_SECTIONS = ("sources", "parties", "subjects", "systems", "activities", "flows", "controls", "accepted")
_MAP_SECTIONS = ("assessment", "taxonomy", "notice")


@dataclass(frozen=True)
class Location:
    """Where something is written: file (as given), 1-based line and column (0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Model(ModelSchema):
    """A validated model plus the derived look-ups every analysis needs.

    Build one with :func:`pia.load`; the fields are those of :class:`pia.schema.ModelSchema`.
    """

    _taxonomy: Taxonomy | None = PrivateAttr(None)
    _positions: dict = PrivateAttr(default_factory=dict)
    _path: str = PrivateAttr("")

    # -- look-ups -------------------------------------------------------------------------------
    @functools.cached_property
    def index(self) -> dict[str, BaseModel]:
        """Every element with an id (parties, subjects, systems, activities, flows, controls, sources)."""
        out: dict[str, BaseModel] = {}
        for section in ("sources", "parties", "subjects", "systems", "activities", "flows", "controls"):
            for item in getattr(self, section):
                out.setdefault(item.id, item)
        return out

    def get(self, element_id: str) -> Any:
        """The element with this id; raises KeyError naming the id."""
        try:
            return self.index[element_id]
        except KeyError:
            raise KeyError(f"no element with id {element_id!r} in model {self.assessment.id!r}") from None

    @property
    def vocabulary(self) -> Taxonomy:
        """fideslang's taxonomy extended with the model's own keys (``taxonomy`` holds the latter)."""
        if self._taxonomy is None:
            self._taxonomy = _build_taxonomy(self)
        return self._taxonomy

    @property
    def path(self) -> str:
        """The path the model was loaded from, as given."""
        return self._path

    def kind_of(self, element_id: str) -> str:
        """``party``, ``subject``, ``system``, ``activity``, ``flow``, ``control`` or ``source``."""
        item = self.get(element_id)
        return {Party: "party", SubjectGroup: "subject", System: "system", Activity: "activity",
                Flow: "flow", Control: "control"}.get(type(item), "source")

    def name(self, element_id: str) -> str:
        """Readable name of an element (its id if it has no name)."""
        item = self.index.get(element_id)
        return getattr(item, "name", None) or getattr(item, "title", None) or element_id

    def location(self, node_id: str) -> str:
        """Country code (or 'EU', or 'unknown') of a party, subject group or system."""
        item = self.get(node_id)
        if isinstance(item, System):
            return item.location
        return getattr(item, "country", UNKNOWN)

    def party_of(self, node_id: str) -> str | None:
        """The party behind a node: the party itself, a system's operator, None for subjects."""
        item = self.get(node_id)
        if isinstance(item, Party):
            return item.id
        if isinstance(item, System):
            return item.operator
        return None

    def role(self, party_id: str | None, activity_id: str) -> str | None:
        """Role of a party in an activity, or None when the model does not give one."""
        if party_id is None:
            return None
        return self.get(activity_id).roles.get(party_id)

    def flow_categories(self, flow: Flow | str) -> list[str]:
        """Categories a flow carries (its own, else its activity's)."""
        flow = self.get(flow) if isinstance(flow, str) else flow
        return list(flow.categories if flow.categories is not None else self.get(flow.activity).categories)

    def flow_subjects(self, flow: Flow | str) -> list[str]:
        """Subject groups whose data a flow carries (its own, else the sender, else the activity's)."""
        flow = self.get(flow) if isinstance(flow, str) else flow
        if flow.subjects is not None:
            return list(flow.subjects)
        if isinstance(self.index.get(flow.source), SubjectGroup):
            return [flow.source]
        return list(self.get(flow.activity).subjects)

    def leaves_eea(self, flow: Flow | str) -> bool | None:
        """True when a flow goes from the EEA (or a place not known to be outside it) to a place
        outside the EEA; None when the destination is unknown; False otherwise."""
        flow = self.get(flow) if isinstance(flow, str) else flow
        src, dst = geo.in_eea(self.location(flow.source)), geo.in_eea(self.location(flow.to))
        if src is False:
            return False  # already outside the EEA: an onward transfer is judged on its own chain
        if dst is None:
            return None
        return not dst

    def position(self, element_id_or_path: str | tuple) -> Location:
        """File, line and column where an element (by id) or a path (tuple) is written."""
        path = element_id_or_path
        if isinstance(path, str):
            path = self._id_paths.get(path, ())
        positions = self._positions  # a private attribute: each access goes through pydantic (performance only)
        while path and path not in positions:
            path = path[:-1]
        file, line, col = positions.get(path) or (self._path, 0, 0)
        return Location(file, line, col)

    @functools.cached_property
    def _id_paths(self) -> dict[str, tuple]:
        out: dict[str, tuple] = {}
        for section in ("sources", "parties", "subjects", "systems", "activities", "flows", "controls"):
            for i, item in enumerate(getattr(self, section)):
                out.setdefault(item.id, (section, i))
        return out

    # -- derived facts --------------------------------------------------------------------------
    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the model's canonical content: same content, same fingerprint, whatever the
        formatting, comments or file layout."""
        with _paused_gc():  # performance only: a large tree of new objects, no cycles
            data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
            text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def categories_used(self) -> list[str]:
        """Every data category named by an activity or flow, sorted."""
        keys = {c for a in self.activities for c in a.categories}
        keys |= {c for f in self.flows for c in (f.categories or [])}
        return sorted(keys)

    def summary(self) -> dict[str, int]:
        """Counts for a quick look: parties, subjects, categories, activities, flows, transfers."""
        leaving = [self.leaves_eea(f) for f in self.flows]
        return {
            "parties": len(self.parties),
            "subject_groups": len(self.subjects),
            "systems": len(self.systems),
            "data_categories": len(self.categories_used()),
            "activities": len(self.activities),
            "flows": len(self.flows),
            "third_country_flows": sum(1 for x in leaving if x is True),
            "flows_to_unknown_locations": sum(1 for x in leaving if x is None),
            "controls": len(self.controls),
        }

    def iter_elements(self) -> Iterator[tuple[str, BaseModel]]:
        """(kind, element) for every element with an id, in file order."""
        for kind, section in (("source", "sources"), ("party", "parties"), ("subject", "subjects"),
                              ("system", "systems"), ("activity", "activities"), ("flow", "flows"),
                              ("control", "controls")):
            for item in getattr(self, section):
                yield kind, item


# --- loading ----------------------------------------------------------------------------------

def load(path: str | Path) -> Model:
    """Load and validate a model from a YAML file or a folder of YAML files.

    Raises :class:`~pia.errors.ModelError` listing every problem found.
    """
    with _paused_gc():  # performance only: the collector would scan the growing model again and again
        return _load(path)


def _load(path: str | Path) -> Model:
    name = str(path)
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.suffix in MODEL_SUFFIXES and f.is_file()
                       and not any(part.startswith(".") for part in f.relative_to(p).parts))
        if not files:
            raise ModelError([Problem(name, message="the folder holds no .yaml or .yml file",
                                      accepted="a model file, or a folder of model files")])
        parts = []
        problems: list[Problem] = []
        for f in files:
            display = str(Path(name) / f.relative_to(p))
            try:
                parts.append((display, *read_yaml(f, display)))
            except ModelError as exc:
                problems += exc.problems
        if problems:
            raise ModelError(problems)
        data, positions = _merge(parts)
    else:
        if not p.exists():
            raise ModelError([Problem(name, message="no such file or folder")])
        raw, pos = read_yaml(p, name)
        data, positions = _merge([(name, raw, pos)])
    return _validate(data, positions, name)


def loads(text: str, name: str = "<model>") -> Model:
    """Load a model from YAML text (handy in tests and notebooks)."""
    from .yamlio import parse_yaml

    with _paused_gc():
        raw, pos = parse_yaml(text, name)
        data, positions = _merge([(name, raw, pos)])
        return _validate(data, positions, name)


def _merge(parts: list[tuple[str, Any, dict]]) -> tuple[dict, dict]:
    data: dict[str, Any] = {}
    positions: dict[tuple, tuple[str, int, int]] = {}
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for name, raw, pos in parts:
        if not isinstance(raw, dict):
            line, col = pos.get((), (0, 0))
            problems.append(Problem(name, line, col, "", "the top level must be a mapping of sections",
                                    "sections " + ", ".join(_MAP_SECTIONS + _LIST_SECTIONS)))
            continue
        positions.setdefault((), (name, *pos.get((), (1, 1))))
        taken: dict[str, int] = {}  # section -> offset of this file's items in the merged list
        for key, value in raw.items():
            offset = 0
            if key in _LIST_SECTIONS and key in data and isinstance(data[key], list) and isinstance(value, list):
                offset = len(data[key])
                data[key] = data[key] + value
            elif key in data and key in _LIST_SECTIONS:
                if isinstance(value, list):  # the earlier file holds the section as a non-list
                    bad_name, line, col = positions.get((key,), (owner[key], 0, 0))
                else:
                    bad_name, (line, col) = name, pos.get((key,), (0, 0))
                problems.append(Problem(bad_name, line, col, key, "expected a list (several files may each hold "
                                        f"part of '{key}', as lists)", "a YAML list (- item)"))
                continue
            elif key in data:
                line, col = pos.get((key,), (0, 0))
                problems.append(Problem(name, line, col, key, f"section '{key}' is already defined in {owner[key]}",
                                        "each of assessment, taxonomy and notice in one file only"))
                continue
            else:
                data[key] = value
                owner[key] = name
            taken[key] = offset
        for path, (line, col) in pos.items():  # one pass over the positions, not one per section
            if path and path[0] in taken:
                offset = taken[path[0]]
                if offset and len(path) > 1 and isinstance(path[1], int):
                    path = (path[0], path[1] + offset, *path[2:])
                positions[path] = (name, line, col)
    if problems:
        raise ModelError(problems)
    return data, positions


def _validate(data: dict, positions: dict, name: str) -> Model:
    try:
        model = Model.model_validate(data)
    except ValidationError as exc:
        raise ModelError([_problem_from_pydantic(err, positions, name) for err in exc.errors()]) from None
    model._positions = positions
    model._path = name
    problems = [_located(positions, name, path, msg, accepted) for path, msg, accepted in _check(model)]
    if problems:
        raise ModelError(problems)
    return model


def _located(positions: dict, name: str, path: tuple, message: str, accepted: str = "") -> Problem:
    def nearest(probe: tuple) -> tuple:
        while probe and probe not in positions:
            probe = probe[:-1]
        return probe

    found = nearest(tuple(path))
    if "evidence" in path:  # `evidence: {...}` written without a list: the [0] is not in the file
        i = path.index("evidence")
        if path[i + 1:i + 2] == (0,):
            shorthand = nearest(tuple(path[:i + 1]) + tuple(path[i + 2:]))
            if len(shorthand) >= len(found):
                found = shorthand
    file, line, col = positions.get(found, (name, 0, 0))
    return Problem(file, line, col, one_line(format_path(tuple(path))), one_line(message), one_line(accepted))


_PYDANTIC_TEXT = {
    "missing": "required field is missing",
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "date_type": "expected a date",
    "date_parsing": "invalid date",
    "date_from_datetime_parsing": "invalid date",
    "date_from_datetime_inexact": "expected a date without a time",
}
_PYDANTIC_ACCEPTED = {
    "bool_type": "true, false", "bool_parsing": "true, false", "date_type": "YYYY-MM-DD",
    "date_parsing": "YYYY-MM-DD", "date_from_datetime_parsing": "YYYY-MM-DD",
    "date_from_datetime_inexact": "YYYY-MM-DD", "list_type": "a YAML list (- item)",
    "dict_type": "a YAML mapping (key: value)", "model_type": "a YAML mapping (key: value)",
}


#: Steps pydantic adds to an error's location that are not keys of the model ('[key]' for a bad
#: mapping key, 'function-plain[...]' and the like inside unions): dropped from the field path.
_PYDANTIC_STEP = re.compile(r"^(\[key\]|(function-[a-z]+|[a-z-]*union|nullable|lax-or-strict|json-or-python|chain)\[.*\])$")


def _problem_from_pydantic(err: dict, positions: dict, name: str) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and _PYDANTIC_STEP.match(p)))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    accepted = ctx.get("accepted", _PYDANTIC_ACCEPTED.get(kind, ""))
    if kind == "extra_forbidden":
        field_names = _fields_at(loc[:-1])
        bad = str(loc[-1])
        close = difflib.get_close_matches(bad, field_names, n=1, cutoff=0.6)
        what = "section" if len(loc) == 1 else "field"
        message = f"unknown {what} '{bad}'" + (f"; did you mean '{close[0]}'?" if close else "")
        accepted = ", ".join(field_names)
    elif kind == "pia_choice":
        message = err["msg"]
    elif kind in _PYDANTIC_TEXT:
        message = _PYDANTIC_TEXT[kind]
        if kind == "missing":
            accepted = ""
    else:
        message = err["msg"].removeprefix("Value error, ")
    if kind not in ("missing", "extra_forbidden", "pia_choice") and "input" in err and not isinstance(err["input"], (dict, list)):
        shown = _shown(err["input"])
        if shown not in message:
            message += f" (got {shown})"
    return _located(positions, name, loc, message, accepted)


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML, for messages: ``nothing``, ``true``, ``2026-01-01 10:00:00``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    text = repr(str(value))
    return text if len(text) <= 60 else text[:57] + "...'"


def _fields_at(loc: tuple) -> list[str]:
    """Field names (YAML spelling) of the schema class found at ``loc``."""
    import typing

    def unwrap(ann: Any) -> Any:
        """Optional[X] / Annotated[X, ...] / Union[X, str] -> X (the first pydantic class if any)."""
        for _ in range(6):
            if typing.get_origin(ann) is typing.Annotated:
                ann = typing.get_args(ann)[0]
                continue
            if typing.get_origin(ann) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
                args = [a for a in typing.get_args(ann) if a is not type(None)]
                models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
                ann = models[0] if models else args[0]
                continue
            break
        return ann

    ann: Any = Model
    parts = list(loc)
    while parts:
        ann = unwrap(ann)
        origin = typing.get_origin(ann)
        if origin is list:
            ann = typing.get_args(ann)[0]
            if isinstance(parts[0], int):
                parts.pop(0)
            continue
        if origin is dict:
            ann = typing.get_args(ann)[1]
            parts.pop(0)  # the key
            continue
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return []
        part = parts.pop(0)
        fields = ann.model_fields
        field = fields.get(part) or {f.alias: f for f in fields.values() if f.alias}.get(part)
        if field is None:
            return []
        ann = field.annotation
    ann = unwrap(ann)
    while typing.get_origin(ann) is list:
        ann = unwrap(typing.get_args(ann)[0])
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [f.alias or n for n, f in ann.model_fields.items()]
    return []


# --- cross-reference checks -------------------------------------------------------------------

def _build_taxonomy(m: ModelSchema) -> Taxonomy:
    t = Taxonomy.default()
    for c in m.taxonomy.data_categories:
        t.add("data_category", Term(c.key, c.name, c.parent, c.description, c.special, frozenset(c.kinds), custom=True))
    for s in m.taxonomy.data_subjects:
        t.add("data_subject", Term(s.key, s.name, None, s.description, None, frozenset(s.kinds), s.vulnerable, custom=True))
    for u in m.taxonomy.data_uses:
        t.add("data_use", Term(u.key, u.name, u.parent, u.description, custom=True))
    return t


def _check(m: Model) -> list[tuple[tuple, str, str]]:
    """Every cross-reference, key and code problem, as (path, message, accepted)."""
    out: list[tuple[tuple, str, str]] = []
    default = Taxonomy.default()
    tax = m.vocabulary

    # taxonomy extensions
    for kind, section in (("data_category", "data_categories"), ("data_subject", "data_subjects"), ("data_use", "data_uses")):
        seen: set[str] = set()
        for i, ext in enumerate(getattr(m.taxonomy, section)):
            path = ("taxonomy", section, i, "key")
            if ext.key in seen:
                out.append((path, f"key '{ext.key}' is declared twice", "each key once"))
            elif default.has(kind, ext.key):
                out.append((path, f"key '{ext.key}' already exists in fideslang's taxonomy", "a new key"))
            seen.add(ext.key)
            parent = getattr(ext, "parent", None)
            if parent is not None and not tax.has(kind, parent):
                out.append((("taxonomy", section, i, "parent"), *_unknown_key(tax, kind, parent, ext.key)))
            elif parent is not None and not ext.key.startswith(parent + "."):
                out.append((path, f"key '{ext.key}' must start with its parent '{parent}.'",
                            f"{parent}.<name>"))

    # unique ids across all elements
    first: dict[str, tuple] = {}
    for section in ("sources", "parties", "subjects", "systems", "activities", "flows", "controls"):
        for i, item in enumerate(getattr(m, section)):
            if item.id in first:
                where = format_path(first[item.id])
                file, line, _col = m._positions.get(first[item.id], ("", 0, 0))
                mine = m._positions.get((section, i), ("", 0, 0))[0]
                if line:
                    where += f" (line {line})" if file == mine else f" ({file}:{line})"
                out.append(((section, i, "id"), f"id '{item.id}' is already used by {where}", "ids unique across the model"))
            else:
                first[item.id] = (section, i)

    ids = {
        "party": {p.id for p in m.parties},
        "subject": {s.id for s in m.subjects},
        "system": {s.id for s in m.systems},
        "activity": {a.id for a in m.activities},
        "flow": {f.id for f in m.flows},
        "source": {s.id for s in m.sources},
    }
    nodes = ids["party"] | ids["subject"] | ids["system"]
    every = set(first)
    pools: dict[tuple[str, ...], set[str]] = {("any",): every}
    told: dict[tuple, tuple[str, str]] = {}

    def ref(path: tuple, value: str | None, kinds: tuple[str, ...]) -> None:
        if value is None:
            return
        pool = pools.get(kinds)
        if pool is None:  # built once per combination of kinds: linear, not once per reference
            pool = pools[kinds] = set().union(*(ids[k] for k in kinds))
        if value not in pool:
            said = told.get((value, kinds))
            if said is None:  # the same dangling id is often used many times: explain it once
                what = _or([_LABELS[k][0] for k in kinds])
                where = _or([_LABELS[k][1] for k in kinds])
                ordered = sorted(pool)
                close = difflib.get_close_matches(value, ordered, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                listed = ", ".join(ordered[:12]) + (", ..." if len(pool) > 12 else "")
                said = told[(value, kinds)] = (
                    f"unknown {what} '{value}'{hint}",
                    f"an id declared under {where}: {listed}" if pool else f"an id declared under {where} (none declared yet)")
            out.append((path, *said))

    def key(path: tuple, kind: str, value: str) -> None:
        if not tax.has(kind, value):
            out.append((path, *_unknown_key(tax, kind, value)))

    def evidence(path: tuple, items: list) -> None:
        for j, ev in enumerate(items):
            if ev.source is not None:
                ref(path + ("evidence", j, "source"), ev.source, ("source",))
            elif not m.sources:
                out.append((path + ("evidence", j), "evidence needs a source, and the model has no `sources`",
                            "a `sources` section, or evidence with a source id"))

    if m.assessment.controller is not None:
        ref(("assessment", "controller"), m.assessment.controller, ("party",))
    for i, p in enumerate(m.parties):
        evidence(("parties", i), p.evidence)
    for i, s in enumerate(m.subjects):
        key(("subjects", i, "category"), "data_subject", s.category)
        evidence(("subjects", i), s.evidence)
    for i, s in enumerate(m.systems):
        ref(("systems", i, "operator"), s.operator, ("party",))
        evidence(("systems", i), s.evidence)
    for i, a in enumerate(m.activities):
        base = ("activities", i)
        key(base + ("purpose",), "data_use", a.purpose)
        for j, s in enumerate(a.subjects):
            ref(base + ("subjects", j), s, ("subject",))
        for j, c in enumerate(a.categories):
            key(base + ("categories", j), "data_category", c)
        for party in a.roles:
            ref(base + ("roles", party), party, ("party",))
        for j, s in enumerate(a.systems):
            ref(base + ("systems", j), s, ("system",))
        if a.source is not None:
            if a.source.kind == "party" and a.source.party is None:
                out.append((base + ("source",), "source kind 'party' needs the party's id", "source: {kind: party, party: <id>}"))
            ref(base + ("source", "party"), a.source.party, ("party",))
        if a.retention is not None:
            evidence(base + ("retention",), a.retention.evidence)
        evidence(base, a.evidence)
    activities = {a.id: a for a in m.activities}
    for i, f in enumerate(m.flows):
        base = ("flows", i)
        ref(base + ("from",), f.source, ("subject", "system", "party"))
        ref(base + ("to",), f.to, ("subject", "system", "party"))
        if f.source == f.to:
            out.append((base + ("to",), f"a flow cannot go from '{f.source}' to itself", "two different nodes"))
        ref(base + ("activity",), f.activity, ("activity",))
        activity = activities.get(f.activity)
        for j, c in enumerate(f.categories or []):
            key(base + ("categories", j), "data_category", c)
            if activity is not None and tax.has("data_category", c) and activity.categories and not any(
                    tax.is_a(c, ac) or tax.is_a(ac, c) for ac in activity.categories):
                out.append((base + ("categories", j), f"category '{c}' is not among the categories of activity '{f.activity}'",
                            ", ".join(activity.categories)))
        for j, s in enumerate(f.subjects or []):
            ref(base + ("subjects", j), s, ("subject",))
        evidence(base, f.evidence)
    for i, c in enumerate(m.controls):
        for j, target in enumerate(c.covers):
            ref(("controls", i, "covers", j), target, ("any",))
        evidence(("controls", i), c.evidence)
    if m.notice is not None:
        ref(("notice", "source"), m.notice.source, ("source",))
        for party in m.notice.recipients:
            ref(("notice", "recipients", party), party, ("party", "system"))
        for item, st in m.notice.items.items():
            evidence(("notice", "items", item), st.evidence)
    for i, acc in enumerate(m.accepted):
        for j, e in enumerate(acc.elements):
            ref(("accepted", i, "elements", j), e, ("any",))
    return out


#: Reference kind -> (what it is called in messages, the section that declares it).
_LABELS = {
    "party": ("party", "parties"), "subject": ("subject group", "subjects"), "system": ("system", "systems"),
    "activity": ("activity", "activities"), "flow": ("flow", "flows"), "source": ("source", "sources"),
    "any": ("element", "parties, subjects, systems, activities, flows, controls or sources"),
}


def _or(words: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b or c"``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _unknown_key(tax: Taxonomy, kind: str, value: str, own: str | None = None) -> tuple[str, str]:
    label = kind.replace("_", " ")
    close = [k for k in tax.suggest(value, kind) if k != own and not (own and k.startswith(own + "."))]
    hint = f"; did you mean '{close[0]}'?" if close else ""
    section = {"data_category": "data_categories", "data_subject": "data_subjects", "data_use": "data_uses"}[kind]
    return (f"unknown {label} '{value}'{hint}",
            f"fideslang {label} keys, or keys declared under taxonomy.{section}")
