"""The privacy taxonomy: fideslang's data categories, data uses and data subjects, plus a model's own.

Keys are fideslang keys (``user.contact.email``, ``analytics.reporting``, ``visitor``). A model may
extend the taxonomy with its own keys, each with a parent. Special categories (GDPR Art. 9/10) and
other high-risk kinds (credentials, financial data, children's data, ...) are derived from the key
and its ancestors, using ``pia/data/risk_kinds.yaml``.

>>> from pia.taxonomy import Taxonomy
>>> t = Taxonomy.default()
>>> t.is_a("user.contact.email", "user.contact")
True
>>> t.special("user.health_and_medical.genetic")
'art9'
>>> sorted(t.kinds("user.authorization.password"))
['credentials']
>>> t.suggest("user.contact.emial", "data_category")[0]
'user.contact.email'
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["Taxonomy", "Term"]

KINDS = ("data_category", "data_use", "data_subject")


@dataclass
class Term:
    """One taxonomy entry."""

    key: str
    name: str
    parent: str | None = None
    description: str = ""
    special: str | None = None  # art9 / art10 (data categories)
    kinds: frozenset[str] = frozenset()
    vulnerable: bool = False  # data subjects
    custom: bool = False  # declared by the model, not by fideslang


@dataclass
class Taxonomy:
    """Lookup over the three vocabularies, with inheritance of special/kind flags."""

    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    #: Answers already worked out (ancestors, special, kinds): rules ask the same questions about
    #: the same few dozen keys hundreds of thousands of times. Emptied by :meth:`add`.
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @staticmethod
    @functools.cache
    def _fideslang_terms() -> tuple[tuple[str, Term], ...]:
        from fideslang import DEFAULT_TAXONOMY
        from .yamlio import load_data

        flags = load_data(resources.files("pia").joinpath("data/risk_kinds.yaml").read_text(encoding="utf-8"))
        out: list[tuple[str, Term]] = []
        for kind, items in (
            ("data_category", DEFAULT_TAXONOMY.data_category),
            ("data_use", DEFAULT_TAXONOMY.data_use),
            ("data_subject", DEFAULT_TAXONOMY.data_subject),
        ):
            extra = flags.get({"data_category": "data_categories", "data_use": "data_uses", "data_subject": "data_subjects"}[kind], {}) or {}
            for item in items:
                f = extra.get(item.fides_key, {})
                out.append((kind, Term(
                    key=item.fides_key,
                    name=item.name or item.fides_key,
                    parent=getattr(item, "parent_key", None),
                    description=(item.description or "").strip(),
                    special=f.get("special"),
                    kinds=frozenset(f.get("kinds", [])),
                    vulnerable=bool(f.get("vulnerable", False)),
                )))
        return tuple(out)

    @classmethod
    def default(cls) -> "Taxonomy":
        """fideslang's default taxonomy with pia's risk flags."""
        t = cls({k: {} for k in KINDS})
        for kind, term in cls._fideslang_terms():
            t.terms[kind][term.key] = Term(**{**term.__dict__})
        return t

    def add(self, kind: str, term: Term) -> None:
        """Add a model's own term (``custom=True``)."""
        self.terms[kind][term.key] = term
        self._memo.clear()

    def __contains__(self, item: tuple[str, str]) -> bool:
        kind, key = item
        return key in self.terms[kind]

    def has(self, kind: str, key: str) -> bool:
        return key in self.terms[kind]

    def get(self, kind: str, key: str) -> Term | None:
        return self.terms[kind].get(key)

    def name(self, kind: str, key: str) -> str:
        term = self.terms[kind].get(key)
        return term.name if term else key

    def _chain(self, key: str, kind: str) -> tuple[str, ...]:
        memo = ("chain", kind, key)
        chain = self._memo.get(memo)
        if chain is None:
            found: list[str] = []
            current: str | None = key
            while current and current not in found:
                found.append(current)
                term = self.terms[kind].get(current)
                current = term.parent if term else None
            chain = self._memo[memo] = tuple(found)
        return chain

    def ancestors(self, key: str, kind: str = "data_category") -> list[str]:
        """The key itself, then its parent, grandparent, ... (cycles cut)."""
        return list(self._chain(key, kind))

    def is_a(self, key: str, ancestor: str, kind: str = "data_category") -> bool:
        """True when ``key`` equals ``ancestor`` or descends from it."""
        return ancestor in self._chain(key, kind)

    def special(self, key: str) -> str | None:
        """``"art9"``, ``"art10"`` or None, inherited from the nearest flagged ancestor."""
        memo = ("special", key)
        if memo in self._memo:
            return self._memo[memo]
        found = None
        for k in self._chain(key, "data_category"):
            term = self.terms["data_category"].get(k)
            if term and term.special:
                found = term.special
                break
        self._memo[memo] = found
        return found

    def kinds(self, key: str, kind: str = "data_category") -> frozenset[str]:
        """High-risk kinds of a category (or subject), gathered over its ancestors."""
        memo = ("kinds", kind, key)
        found = self._memo.get(memo)
        if found is None:
            out: set[str] = set()
            for k in self._chain(key, kind):
                term = self.terms[kind].get(k)
                if term:
                    out |= term.kinds
            found = self._memo[memo] = frozenset(out)
        return found

    def vulnerable(self, subject_key: str) -> bool:
        term = self.terms["data_subject"].get(subject_key)
        return bool(term and (term.vulnerable or "children" in term.kinds))

    def suggest(self, key: str, kind: str, n: int = 3) -> list[str]:
        """Close matches for a mistyped key ("did you mean ...")."""
        return difflib.get_close_matches(key, list(self.terms[kind]), n=n, cutoff=0.75)
