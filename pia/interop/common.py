"""Helpers shared by the importers and exporters: ids, readable YAML, atomic writes, summaries.

>>> slug("Demo Analytics System")
'demo-analytics-system'
>>> slug("   ")
'item'
>>> unique_id("web", {"web", "web-2"})
'web-3'
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

_PERIOD = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$")
_HUMAN = re.compile(r"^(\d+)\s*(day|week|month|year)s?$", re.I)

__all__ = ["parse_retention", "slug", "short_slug", "unique_id", "ImportSummary", "write_atomic", "model_yaml", "SECTION_ORDER", "suggest"]

#: Order of the sections in a written model.
SECTION_ORDER = ("assessment", "sources", "taxonomy", "parties", "subjects", "systems", "activities", "flows",
                 "controls", "notice", "accepted")


def slug(text: str) -> str:
    """An id made of lower-case letters, digits and '-' (``item`` when nothing is left)."""
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s or "item"


def short_slug(text: str, limit: int = 48) -> str:
    """:func:`slug` cut at a word boundary to at most ``limit`` characters.

    >>> short_slug("Buyer or merger partner in a business transaction", 30)
    'buyer-or-merger-partner-in-a'
    """
    s = slug(text)
    if len(s) <= limit:
        return s
    cut = s[:limit].rsplit("-", 1)[0]
    return cut or s[:limit]


def parse_retention(text: str | None) -> Any:
    """Retention as model data, from ``2 years``, ``P2Y``, ``unlimited``, ``unknown``, each optionally
    followed by `` — criteria``; any other text becomes the criteria with the period unknown.

    >>> parse_retention("2 years"), parse_retention("P6M — after the contract ends")
    ('P2Y', {'period': 'P6M', 'criteria': 'after the contract ends'})
    >>> parse_retention("until the account is closed")
    {'period': 'unknown', 'criteria': 'until the account is closed'}
    """
    if not text or not text.strip() or text.strip().lower() == "unknown":
        return "unknown"
    t = text.strip()
    period, _, criteria = t.partition(" — ")
    period = period.strip()
    if period.lower() == "unknown":
        return {"period": "unknown", "criteria": criteria.strip()} if criteria.strip() else "unknown"
    m = _HUMAN.match(period)
    if m:
        period = f"P{m.group(1)}{m.group(2)[0].upper()}"
    if period == "unlimited" or (_PERIOD.match(period) and period != "P"):
        return {"period": period, "criteria": criteria.strip()} if criteria else period
    return {"period": "unknown", "criteria": t}


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def suggest(value: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a close match, else an empty string."""
    import difflib

    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class ImportSummary:
    """What an import could not fill from its input (left ``unknown``) and what it set aside."""

    source: str
    gaps: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _seen: dict[str, set] = field(default_factory=dict, repr=False, compare=False)
    _noted: set = field(default_factory=set, repr=False, compare=False)

    def gap(self, what: str, where: str) -> None:
        """Record that ``what`` (e.g. 'country') is unknown for ``where`` (an element id)."""
        seen = self._seen.setdefault(what, set())
        if where not in seen:
            seen.add(where)
            self.gaps.setdefault(what, []).append(where)

    def note(self, text: str) -> None:
        if text not in self._noted:
            self._noted.add(text)
            self.notes.append(text)

    def lines(self) -> list[str]:
        """The summary as readable lines (deterministic order)."""
        out = [f"Imported from {self.source}."]
        if self.gaps:
            out.append("Left unknown (the input cannot say; the assessment shows these gaps):")
            for what in sorted(self.gaps):
                items = self.gaps[what]
                shown = ", ".join(items[:8]) + (f" and {len(items) - 8} more" if len(items) > 8 else "")
                out.append(f"  - {what}: {len(items)} ({shown})")
        if self.notes:
            out.append("Notes:")
            out += [f"  - {n}" for n in self.notes]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file all at once: to a temporary file in the same folder, then rename it over."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _dump(value: Any) -> str:
    """YAML with lists of plain values and short mappings of plain values on one line."""
    import yaml

    class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # the C emitter where libyaml is present
        pass

    def _scalar(v: Any) -> bool:
        return v is None or isinstance(v, (str, int, float, bool))

    def _str(dumper, data):
        style = "|" if "\n" in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def _list(dumper, data):
        flow = all(_scalar(v) and "\n" not in str(v) for v in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    def _dict(dumper, data):
        flow = (all(_scalar(v) and "\n" not in str(v) for v in data.values())
                and sum(len(str(k)) + len(str(v)) + 4 for k, v in data.items()) <= 80)
        return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)

    _Dumper.add_representer(str, _str)
    _Dumper.add_representer(list, _list)
    _Dumper.add_representer(dict, _dict)
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def model_yaml(data: dict[str, Any], header: list[str], comments: dict[tuple[str, str], str] | None = None) -> str:
    """Readable, deterministic YAML of a model given as plain data.

    ``header`` lines become a comment block at the top; ``comments[(section, id)]`` is written as a
    comment line above that element (e.g. the manifest it came from).
    """
    comments = comments or {}
    out = [f"# {line}".rstrip() if line else "#" for line in header]
    for section in SECTION_ORDER:
        if section not in data:
            continue
        value = data[section]
        if isinstance(value, list):
            if not value:
                continue
            out.append("")
            out.append(f"{section}:")
            for item in value:
                note = comments.get((section, str(item.get("id", "")))) if isinstance(item, dict) else None
                if note:
                    out.append(f"  # {note}")
                text = _dump([item]).rstrip("\n")
                out += ["  " + line if line else line for line in text.splitlines()]
        else:
            out.append("")
            text = _dump({section: value}).rstrip("\n")
            out += text.splitlines()
    return "\n".join(out) + "\n"
