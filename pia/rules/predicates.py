"""The small vocabulary rules are written in: questions about a model, and words to describe it.

:class:`Ctx` wraps a :class:`pia.model.Model` with the look-ups rules share (categories and their
risk kinds, roles, receivers, controls covering an element, what the notice says) and with
helpers that turn ids into readable phrases, so that every finding explains itself in a sentence
built from the model.
"""
from __future__ import annotations

import functools
from typing import Iterable

from .. import geo
from ..schema import UNKNOWN, Activity, Flow, Party, SubjectGroup, System, is_known

__all__ = ["Ctx", "join", "SENSITIVE_KINDS"]

#: Kinds (pia/data/risk_kinds.yaml or the model's taxonomy) that call for stronger security.
SENSITIVE_KINDS = ("credentials", "financial", "biometric", "government_id", "unspecified")

#: Readable labels for fideslang keys whose names read badly in a sentence.
_LABELS = {
    "user.contact.email": "e-mail address",
    "user.contact.phone_number": "phone number",
    "user.contact.organization": "organisation",
    "user.contact.address": "postal address",
    "user.authorization.credentials": "login credentials",
    "user.authorization.password": "password",
    "user.account.username": "username",
    "user.device.ip_address": "IP address",
    "user.device.cookie_id": "cookie identifier",
    "user.device.cookie": "cookies",
    "user.device.device_id": "device identifier",
    "user.unique_id": "unique identifier",
    "user.behavior.browsing_history": "browsing history",
    "user.behavior.purchase_history": "purchase history",
    "user.financial": "financial data",
    "user.payment": "payment data",
    "user.name": "name",
    "user.job_title": "job title",
}


def join(items: Iterable[str], conj: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``.

    >>> join(["a"]), join(["a", "b"]), join(["a", "b", "c"], "or")
    ('a', 'a and b', 'a, b or c')
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def _lower(name: str) -> str:
    words = name.split(" ")
    return " ".join(w if (len(w) > 1 and w[:2].isupper()) else w[:1].lower() + w[1:] for w in words)


class Ctx:
    """A model seen through the questions rules ask."""

    def __init__(self, model) -> None:
        self.m = model
        self.tax = model.vocabulary
        self.controller = model.assessment.controller
        # answers remembered per flow id / element id: rules ask the same questions of the same
        # flows many times over, and the model does not change while a Ctx looks at it
        self._receiver_role: dict[str, str | None] = {}
        self._outside: dict[str, bool] = {}
        self._scope: dict[str, frozenset[str]] = {}
        self._leaves: dict[str, bool | None] = {}
        self._location: dict[str, str] = {}
        self._is_a: dict[tuple, bool] = {}
        self._sensitive: dict[str, bool] = {}
        self._ctl_in_scope: dict[str, frozenset[int]] = {}
        self._cats: dict[str, list[str]] = {}
        self._subjects: dict[str, list[str]] = {}
        self._name: dict[str, str] = {}
        self._labels: dict[tuple, str] = {}

    # -- elements -------------------------------------------------------------------------------
    @property
    def activities(self) -> list[Activity]:
        return list(self.m.activities)

    @property
    def flows(self) -> list[Flow]:
        return list(self.m.flows)

    def activity(self, flow: Flow) -> Activity:
        return self.m.get(flow.activity)

    @functools.cached_property
    def _flows_by_activity(self) -> dict[str, list[Flow]]:
        out: dict[str, list[Flow]] = {}
        for f in self.m.flows:
            out.setdefault(f.activity, []).append(f)
        return out

    def flows_of(self, activity: Activity | str) -> list[Flow]:
        aid = activity if isinstance(activity, str) else activity.id
        return list(self._flows_by_activity.get(aid, ()))

    def is_subject(self, node: str) -> bool:
        return isinstance(self.m.index.get(node), SubjectGroup)

    @functools.cached_property
    def _party_of(self) -> dict[str, str | None]:
        return {n: self.m.party_of(n) for n in self.m.index if not isinstance(self.m.index[n], (Activity, Flow))}

    def receiver(self, flow: Flow) -> str | None:
        """The party receiving a flow (the party itself, or the operator of a system)."""
        return self._party_of.get(flow.to)

    @functools.cached_property
    def _roles_of(self) -> dict[str, dict]:
        return {a.id: a.roles for a in self.m.activities}

    def sender(self, flow: Flow) -> str | None:
        return self._party_of.get(flow.source)

    @functools.cached_property
    def transfers(self) -> list:
        """(flow, Adequacy) for flows that leave the EEA or go to an unknown place, excluding flows to
        people and flows between others (see :meth:`outside`)."""
        out = []
        by_node: dict[str, geo.Adequacy] = {}  # location and receiver follow from the node
        for f in self.m.flows:
            if self.leaves_eea(f) is False or self.is_subject(f.to) or self.outside(f):
                continue
            adq = by_node.get(f.to)
            if adq is None:
                p = self.party(self.receiver(f))
                adq = by_node[f.to] = geo.adequacy(self.location(f.to), p.certifications if p else None)
            out.append((f, adq))
        return out

    def location(self, node: str) -> str:
        """:meth:`pia.model.Model.location`, remembered per node."""
        try:
            return self._location[node]
        except KeyError:
            loc = self._location[node] = self.m.location(node)
            return loc

    def leaves_eea(self, flow: Flow) -> bool | None:
        """:meth:`pia.model.Model.leaves_eea`, remembered per flow."""
        try:
            return self._leaves[flow.id]
        except KeyError:
            src, dst = geo.in_eea(self.location(flow.source)), geo.in_eea(self.location(flow.to))
            out = False if src is False else None if dst is None else not dst  # as Model.leaves_eea
            self._leaves[flow.id] = out
            return out

    def role(self, party: str | None, activity: Activity | str) -> str | None:
        if party is None:
            return None
        aid = activity if isinstance(activity, str) else activity.id
        roles = self._roles_of.get(aid)
        return roles.get(party) if roles is not None else self.m.role(party, aid)

    def receiver_role(self, flow: Flow) -> str | None:
        try:
            return self._receiver_role[flow.id]
        except KeyError:
            out = self._receiver_role[flow.id] = self.role(self.receiver(flow), flow.activity)
            return out

    def party(self, pid: str | None) -> Party | None:
        item = self.m.index.get(pid) if pid else None
        return item if isinstance(item, Party) else None

    def is_authority(self, pid: str | None) -> bool:
        p = self.party(pid)
        return bool(p and p.kind == "authority")

    def ours(self, pid: str | None) -> bool:
        """True for the assessment's controller."""
        return pid is not None and pid == self.controller

    # -- data -------------------------------------------------------------------------------------
    def cats(self, item: Flow | Activity) -> list[str]:
        if isinstance(item, Flow):
            known = self._cats.get(item.id)
            if known is None:
                known = self._cats[item.id] = self.m.flow_categories(item)
            return list(known)
        return list(item.categories)

    def subjects(self, item: Flow | Activity) -> list[str]:
        if isinstance(item, Flow):
            known = self._subjects.get(item.id)
            if known is None:
                known = self._subjects[item.id] = self.m.flow_subjects(item)
            return list(known)
        return list(item.subjects)

    def kinds(self, cat: str) -> frozenset[str]:
        return self.tax.kinds(cat)

    def special(self, cats: Iterable[str], which: str = "art9") -> list[str]:
        """Categories among ``cats`` that are special (``art9`` or ``art10``)."""
        return [c for c in cats if self.tax.special(c) == which]

    def with_kind(self, cats: Iterable[str], *kinds: str) -> list[str]:
        return [c for c in cats if self.kinds(c) & set(kinds)]

    def unspecified(self, cats: Iterable[str]) -> list[str]:
        """Categories whose kinds are left to someone else (may hold special data)."""
        return self.with_kind(cats, "unspecified")

    def sensitive(self, cats: Iterable[str]) -> list[str]:
        """Special categories, and credentials, financial, biometric, identity-document or
        unspecified data."""
        known = self._sensitive
        out = []
        for c in cats:
            yes = known.get(c)
            if yes is None:
                yes = known[c] = bool(self.tax.special(c) or self.kinds(c) & set(SENSITIVE_KINDS))
            if yes:
                out.append(c)
        return out

    def is_a(self, cat: str, *ancestors: str) -> bool:
        key = (cat, ancestors)
        known = self._is_a.get(key)
        if known is None:
            known = self._is_a[key] = any(self.tax.is_a(cat, a) for a in ancestors)
        return known

    def purpose_is(self, activity: Activity, *prefixes: str) -> bool:
        return any(self.tax.is_a(activity.purpose, p, "data_use") for p in prefixes)

    def subject_kinds(self, subject: str) -> frozenset[str]:
        s = self.m.get(subject)
        return self.tax.kinds(s.category, "data_subject")

    def children(self, subjects: Iterable[str]) -> list[str]:
        return [s for s in subjects if "children" in self.subject_kinds(s)]

    def employees(self, subjects: Iterable[str]) -> list[str]:
        return [s for s in subjects if "employee" in self.subject_kinds(s)
                or self.m.get(s).category in ("employee", "job_applicant", "trainee")]

    # -- controls ---------------------------------------------------------------------------------
    def scope(self, element: str) -> set[str]:
        """Ids a control may name to cover ``element``: the element, a flow's activity, nodes and
        the parties behind them, a system's operator."""
        known = self._scope.get(element)
        if known is not None:
            return set(known)
        item = self.m.index.get(element)
        out = {element}
        if isinstance(item, Flow):
            out |= {item.activity, item.source, item.to}
            out |= {p for p in (self.sender(item), self.receiver(item)) if p}
        elif isinstance(item, System) and item.operator:
            out.add(item.operator)
        elif isinstance(item, Activity):
            out |= set(item.roles) | set(item.systems)
        self._scope[element] = frozenset(out)
        return out

    def _scope_of(self, element: str) -> frozenset[str]:
        """:meth:`scope`, shared (not to be changed by the caller)."""
        known = self._scope.get(element)
        if known is None:
            self.scope(element)
            known = self._scope[element]
        return known

    def targets(self, elements: list[str]) -> list[str]:
        """What a finding is about, for coverage by controls: its flows if it names any, else its
        activities, else its first element (subject groups and parties named beside are context)."""
        index = self.m.index
        flows = [e for e in elements if isinstance(index.get(e), Flow)]
        if flows:
            return flows
        acts = [e for e in elements if isinstance(index.get(e), Activity)]
        return acts or elements[:1]

    def controls(self, kinds: Iterable[str], elements: Iterable[str], status: str | None = None) -> list:
        """Controls of ``kinds`` covering any of ``elements`` (through their scope), in model order."""
        kinds = set(kinds)
        controls = self.m.controls
        by_target = self._controls_by_target
        found: set[int] = set()
        for e in elements:
            ids = self._ctl_in_scope.get(e)
            if ids is None:
                ids = self._ctl_in_scope[e] = frozenset(i for target in self._scope_of(e)
                                                        for i in by_target.get(target, ()))
            found |= ids
        # filter before sorting: few of the controls in scope are of the kinds asked for
        return [controls[i] for i in sorted(i for i in found if controls[i].kind in kinds
                                            and (status is None or controls[i].status == status))]

    @functools.cached_property
    def _controls_by_target(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, c in enumerate(self.m.controls):
            for t in c.covers:
                out.setdefault(t, []).append(i)
        return out

    def in_place(self, kinds: Iterable[str], *elements: str) -> bool:
        return bool(self.controls(kinds, elements, "in_place"))

    def control_gap(self, kinds: Iterable[str], elements: Iterable[str], what: str) -> list[str]:
        """The 'missing' sentences when no control of ``kinds`` is in place for ``elements``."""
        pending = [c for c in self.controls(kinds, elements) if c.status != "in_place"]
        if pending:
            return [f"whether {what} is in place ('{c.name}' is recorded as {c.status.replace('_', ' ')})"
                    for c in pending]
        return []

    # -- notice -----------------------------------------------------------------------------------
    def notice_status(self, item: str) -> str:
        """stated / partly / not_stated / unknown (no notice or item not recorded)."""
        n = self.m.notice
        if n is None or item not in n.items:
            return UNKNOWN
        return n.items[item].status

    def notice_note(self, item: str) -> str:
        n = self.m.notice
        if n is None or item not in n.items:
            return ""
        return n.items[item].note

    def disclosure(self, party: str) -> str:
        n = self.m.notice
        if n is None:
            return UNKNOWN
        return n.recipients.get(party, "not_stated" if n.recipients else UNKNOWN)

    # -- evidence ---------------------------------------------------------------------------------
    def evidence(self, elements: Iterable[str], anchor: str = "") -> list[str]:
        """Source sections the elements cite ("Section" for the first source, "source: Section"
        otherwise), in order, without repeats."""
        first = self.m.sources[0].id if self.m.sources else None
        out: list[str] = []
        elements = list(elements)
        # the controller's own entry cites where the company is named: context, not evidence
        items = [self.m.index.get(e) for e in elements if e != self.controller or len(elements) == 1]
        if anchor.startswith("notice.items."):
            items = []  # a notice finding rests on what the notice says about that item
            st = self.m.notice.items.get(anchor.rsplit(".", 1)[-1]) if self.m.notice is not None else None
            if st is not None:
                items.append(st)
                if st.section:
                    out.append(st.section)
            if not out and not (st and st.evidence):
                src = self.m.notice.source if self.m.notice is not None and self.m.notice.source else first
                title = getattr(self.m.index.get(src), "title", src) if src else "the privacy notice"
                out.append(f"{title} (no section covers this item)")
        for item in items:
            for ev in getattr(item, "evidence", None) or []:
                src = ev.source or first
                text = ev.section if src == first else f"{src}: {ev.section}"
                if text not in out:
                    out.append(text)
        return out

    # -- words ------------------------------------------------------------------------------------
    def name(self, element: str | None) -> str:
        if not element:
            return "an unknown party"
        known = self._name.get(element)
        if known is None:
            known = self._name[element] = self.m.name(element)
        return known

    def names(self, elements: Iterable[str]) -> str:
        return join([self.name(e) for e in elements])

    def cat_label(self, cat: str) -> str:
        if cat in _LABELS:
            return _LABELS[cat]
        term = self.tax.get("data_category", cat)
        if term is None:
            return cat
        return _lower(term.name.removeprefix("User "))

    def cat_labels(self, cats: Iterable[str], limit: int = 6) -> str:
        if isinstance(cats, (set, frozenset)):  # no order of its own: make one, so wording is stable
            cats = sorted(cats)
        key = (tuple(cats), limit)
        known = self._labels.get(key)
        if known is not None:
            return known
        labels = list(dict.fromkeys(self.cat_label(c) for c in key[0]))
        if len(labels) > limit:
            out = ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"
        else:
            out = join(labels)
        self._labels[key] = out
        return out

    def purpose(self, activity: Activity | str) -> str:
        """The activity's name, quoted, for use inside a sentence."""
        a = self.m.get(activity) if isinstance(activity, str) else activity
        return f"'{a.name}'"

    def where(self, node: str) -> str:
        """'in the United States', 'at an unknown location'."""
        loc = self.location(node)
        if not is_known(loc):
            return "at an unknown location"
        if loc == "EU":
            return "in the EU/EEA"
        name = geo.country_name(loc)
        the = "the " if name.startswith(("United", "Netherlands", "Czech", "Philippines")) else ""
        return f"in {the}{name}"

    def who(self, flow: Flow) -> str:
        """Readable name of a flow's receiver, with the party behind a system."""
        to = flow.to
        party = self.receiver(flow)
        if party and party != to:
            return f"{self.short(to)} ({self.short(party)})"
        return self.name(to)

    def whose(self, subjects: Iterable[str]) -> str:
        """Short names of subject groups ("Registered users and Minors")."""
        return join([self.short(s) for s in subjects])

    def short(self, element: str | None) -> str:
        """A name without its parenthesised explanation."""
        return self.name(element).split(" (")[0]

    def outside(self, flow: Flow) -> bool:
        """True for a flow between others in an activity the controller runs for someone else
        (e.g. a client collecting from its own users before sending the data to its processor)."""
        known = self._outside.get(flow.id)
        if known is None:
            role = self.role(self.controller, flow.activity)
            known = self._outside[flow.id] = (role in ("processor", "sub_processor")
                                              and self.controller not in (self.sender(flow), self.receiver(flow)))
        return known

    @functools.cached_property
    def controller_name(self) -> str:
        return self.name(self.controller) if self.controller else "the controller"
