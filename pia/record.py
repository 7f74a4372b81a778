"""The GDPR Art. 30 record of processing activities (ROPA), derived from a model.

:func:`record` returns one row per processing activity with the columns a data protection officer
expects, as readable text: names rather than ids, legal bases with their article, taxonomy terms
with their key in brackets (``Name [user.name]``). A value the model does not give, or
gives as ``unknown``, is shown as ``unknown``: the record shows the gaps rather than hiding them.

The PIA report shows it as its Art. 30 table; ``pia export ropa`` writes it as CSV or Excel and
``pia import ropa`` reads such a sheet back (:mod:`pia.interop.ropa`).

>>> import pia
>>> from pia.record import record
>>> df = record(pia.load("data/cloud_connectors.yaml"))
>>> row = df.set_index("Reference").loc["web-analytics"]
>>> row["Legal basis"]
'Consent (GDPR Art. 6(1)(a))'
>>> row["Third parties"]
'Google Analytics (Google LLC)'
>>> row["Retention"]
'unknown'
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .schema import (ART9_CONDITIONS, DEROGATIONS, LEGAL_BASES, TRANSFER_MECHANISMS, UNKNOWN, Activity,
                     Flow, is_known)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .model import Model

__all__ = ["record", "COLUMNS", "LEGAL_BASIS_NAMES", "ART9_NAMES", "ROLE_COLUMNS", "SEPARATOR",
           "format_term", "format_retention", "dpia_required", "NONE"]

#: Separator between the items of a list in one cell.
SEPARATOR = "; "
#: What an empty list is shown as (the model says there is none).
NONE = "none"

#: Readable names of the Art. 6(1) bases (the article is added from :data:`pia.schema.LEGAL_BASES`).
LEGAL_BASIS_NAMES = {
    "consent": "Consent",
    "contract": "Contract",
    "legal_obligation": "Legal obligation",
    "vital_interests": "Vital interests",
    "public_task": "Public task",
    "legitimate_interests": "Legitimate interests",
}
#: Readable names of the Art. 9(2) / Art. 10 conditions.
ART9_NAMES = {
    "explicit_consent": "Explicit consent",
    "employment": "Employment and social security law",
    "vital_interests": "Vital interests",
    "not_for_profit": "Not-for-profit body",
    "made_public": "Made public by the data subject",
    "legal_claims": "Legal claims",
    "substantial_public_interest": "Substantial public interest",
    "health_care": "Health or social care",
    "public_health": "Public health",
    "archiving_research": "Archiving, research or statistics",
    "official_authority": "Under official authority",
    "authorised_by_law": "Authorised by Union or Member State law",
}
#: Role -> column listing the parties with that role (the recipients, by role).
ROLE_COLUMNS = {
    "processor": "Processors",
    "sub_processor": "Sub-processors",
    "third_party": "Third parties",
    "public_authority": "Public authorities",
}

#: The columns of the record, in order.
COLUMNS = [
    "Reference",
    "Activity",
    "Description",
    "Controller",
    "Controller contact",
    "Joint controllers",
    "DPO",
    "Purpose",
    "Legal basis",
    "Legitimate interest",
    "Categories of data subjects",
    "Categories of personal data",
    "Special-category condition",
    *ROLE_COLUMNS.values(),
    "Third-country transfers",
    "Transfer safeguards",
    "Retention",
    "Security measures",
    "Source of the data",
    "Automated decisions and profiling",
    "DPIA required",
]

_STATUS = {"in_place": "in place", "planned": "planned", UNKNOWN: "status unknown"}
_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}


def record(model: "Model", sep: str = SEPARATOR) -> "pd.DataFrame":
    """The Art. 30 record of ``model``: one row per activity, :data:`COLUMNS` as columns.

    Every cell is text; the items of a list are joined with ``sep`` (``"; "``; spreadsheets use a
    new line). Costs are linear in the number of activities, flows and control targets.
    """
    import pandas as pd

    ctx = _Context(model, sep)
    rows = [ctx.row(a) for a in model.activities]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


# --- formatting helpers (also used by the importers/exporters) ------------------------------------

def format_term(name: str, key: str) -> str:
    """``Name [user.name]``; just the key when the name adds nothing or is missing."""
    if not name or name == key:
        return key
    return f"{name} [{key}]"


def format_retention(retention: Any) -> str:
    """``2 years``, ``P1Y6M``, ``unlimited``, ``unknown``; criteria appended after `` — ``."""
    if retention is None:
        return UNKNOWN
    period = retention.period
    import re

    m = re.fullmatch(r"P(\d+)([YMWD])", period)
    if m:
        n, unit = int(m.group(1)), _UNITS[m.group(2)]
        period = f"{n} {unit}{'' if n == 1 else 's'}"
    if retention.criteria:
        return f"{period} — {retention.criteria}"
    return period


def _legal_basis(value: str | None) -> str:
    if not is_known(value):
        return UNKNOWN
    return f"{LEGAL_BASIS_NAMES[value]} ({LEGAL_BASES[value]})"


def _tri(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return UNKNOWN


def _join(items: list[str], sep: str = SEPARATOR) -> str:
    return sep.join(items) if items else NONE


def _mechanism(flow: Flow) -> str:
    t = flow.transfer
    if t is None:
        return TRANSFER_MECHANISMS[UNKNOWN]
    text = TRANSFER_MECHANISMS[t.mechanism]
    if t.derogation:
        text += f", {t.derogation.replace('_', ' ')} ({DEROGATIONS[t.derogation]})"
    return text


# --- DPIA required -------------------------------------------------------------------------------

def dpia_required(model: "Model", activity: Activity, flows: list[Flow] | None = None) -> str:
    """Whether a DPIA is needed, as text: the verdict of :func:`pia.screening.screen` (it covers the
    whole assessment), then the WP248 criteria this activity meets (through itself, its subjects,
    systems or flows) and those the model leaves undecided for it.
    """
    verdict, criteria = _screening(model)
    if flows is None:
        flows = [f for f in model.flows if f.activity == activity.id]
    mine = {activity.id, *activity.subjects, *activity.systems, *(f.id for f in flows)}
    met = [n for n, state, elements in criteria if state is True and elements & mine]
    open_ = [n for n, state, elements in criteria if state is None and activity.id in elements]
    text = verdict
    if met:
        text += f"; WP248 criteria met by this activity: {', '.join(map(str, met))}"
    if open_:
        text += f"; undecided for it: {', '.join(map(str, open_))}"
    return text


def _screening(model: "Model") -> tuple[str, list[tuple[int, Any, frozenset]]]:
    cache = model._private
    if "record_screening" not in cache:
        from .screening import screen

        result = screen(model)
        cache["record_screening"] = (result.verdict, [(c.number, c.met, frozenset(c.elements)) for c in result.criteria])
    return cache["record_screening"]


# --- the row builder -----------------------------------------------------------------------------

class _Context:
    """Look-ups computed once per model, so that each row costs its own size only."""

    def __init__(self, model: "Model", sep: str = SEPARATOR) -> None:
        self.m = model
        self.sep = sep
        self.tax = model.vocabulary
        self.flows: dict[str, list[Flow]] = {}
        for f in model.flows:
            self.flows.setdefault(f.activity, []).append(f)
        self.controls: dict[str, list] = {}
        for c in model.controls:
            for target in c.covers:
                self.controls.setdefault(target, []).append(c)
        a = model.assessment
        dpo = a.dpo
        if dpo is None:
            self.dpo = UNKNOWN
        else:
            parts = [p for p in (dpo.name, dpo.contact) if is_known(p)]
            self.dpo = ", ".join(parts) if parts else UNKNOWN

    def name(self, element_id: str) -> str:
        return self.m.name(element_id)

    def contact(self, party_id: str | None) -> str:
        if party_id is None:
            return UNKNOWN
        party = self.m.index.get(party_id)
        value = getattr(party, "contact", None)
        return value if is_known(value) else UNKNOWN

    def row(self, a: Activity) -> dict[str, str]:
        m, tax = self.m, self.tax
        by_role: dict[str, list[str]] = {}
        for party, role in a.roles.items():
            by_role.setdefault(role, []).append(party)
        controllers = by_role.get("controller") or ([m.assessment.controller] if m.assessment.controller else [])
        flows = self.flows.get(a.id, [])
        row: dict[str, str] = {
            "Reference": a.id,
            "Activity": a.name,
            "Description": a.description.strip(),
            "Controller": _join([self.name(p) for p in controllers], self.sep) if controllers else UNKNOWN,
            "Controller contact": _join([self.contact(p) for p in controllers], self.sep) if controllers else UNKNOWN,
            "Joint controllers": _join([self.name(p) for p in by_role.get("joint_controller", [])], self.sep),
            "DPO": self.dpo,
            "Purpose": format_term(tax.name("data_use", a.purpose), a.purpose),
            "Legal basis": _legal_basis(a.legal_basis),
            "Legitimate interest": self._interest(a),
            "Categories of data subjects": self._subjects(a),
            "Categories of personal data": _join([format_term(tax.name("data_category", c), c) for c in a.categories], self.sep)
            if a.categories else UNKNOWN,
            "Special-category condition": self._special(a),
        }
        for role, column in ROLE_COLUMNS.items():
            row[column] = _join([self.name(p) for p in by_role.get(role, [])], self.sep)
        row["Third-country transfers"], row["Transfer safeguards"] = self._transfers(flows)
        row["Retention"] = format_retention(a.retention)
        row["Security measures"] = self._measures(a, flows)
        row["Source of the data"] = self._source(a)
        row["Automated decisions and profiling"] = (
            f"automated decisions: {_tri(a.automated_decisions)}; profiling: {_tri(a.profiling)}")
        row["DPIA required"] = dpia_required(m, a, flows)
        return row

    def _interest(self, a: Activity) -> str:
        if a.legitimate_interest:
            return a.legitimate_interest
        if a.legal_basis == "legitimate_interests":
            return UNKNOWN
        return "not applicable"

    def _subjects(self, a: Activity) -> str:
        if not a.subjects:
            return UNKNOWN
        out = []
        for s in a.subjects:
            group = self.m.index.get(s)
            out.append(format_term(group.name, group.category) if group is not None else s)
        return _join(out, self.sep)

    def _special(self, a: Activity) -> str:
        if is_known(a.special_condition):
            return f"{ART9_NAMES[a.special_condition]} ({ART9_CONDITIONS[a.special_condition]})"
        if a.special_condition == UNKNOWN or any(self.tax.special(c) for c in a.categories):
            return UNKNOWN
        return "not applicable"

    def _transfers(self, flows: list[Flow]) -> tuple[str, str]:
        places: dict[str, list[str]] = {}
        safeguards: list[str] = []
        for f in flows:
            leaves = self.m.leaves_eea(f)
            if leaves is False:
                continue
            where = self.m.location(f.to)
            country = _country(where) if leaves else "unknown location"
            names = places.setdefault(country, [])
            recipient = self.name(f.to)
            if recipient not in names:
                names.append(recipient)
            text = f"{recipient} ({country}): {_mechanism(f)}"
            if text not in safeguards:
                safeguards.append(text)
        if not places:
            return NONE, "not applicable"
        dest = [f"{country}: {', '.join(sorted(names))}" for country, names in sorted(places.items())]
        return self.sep.join(dest), self.sep.join(sorted(safeguards))

    def _measures(self, a: Activity, flows: list[Flow]) -> str:
        targets = [a.id, *a.systems, *(f.id for f in flows)]
        seen: dict[str, Any] = {}
        for t in targets:
            for c in self.controls.get(t, ()):
                seen.setdefault(c.id, c)
        if not seen:
            return NONE
        return self.sep.join(f"{c.name} ({_STATUS[c.status]})" for c in sorted(seen.values(), key=lambda c: c.name))

    def _source(self, a: Activity) -> str:
        s = a.source
        if s is None or s.kind == UNKNOWN:
            return UNKNOWN
        if s.kind == "data_subject":
            text = "the data subjects"
        elif s.kind == "party":
            text = self.name(s.party) if s.party else "another party"
        elif s.kind == "public":
            text = "publicly available sources"
        else:
            text = "another system"
        return f"{text} — {s.description}" if s.description else text


def _country(code: str) -> str:
    from . import geo

    return f"{geo.country_name(code)} ({code})"
