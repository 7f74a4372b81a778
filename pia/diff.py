"""Change reports: what changed between two versions of a model, and whether the notice must change.

:func:`compare` takes two models (or :func:`load_version` reads them from files, folders or
``REV:PATH`` git revisions) and returns a :class:`Change`: added, removed and changed elements with
field-level before/after; the notice-relevant facts (recipients and their roles, purposes, data
categories, destination countries, legal bases per purpose, retention); new, resolved and re-scored
findings; and whether the change is *material* for the privacy notice, with the reasons.

A change is material when the new version has a recipient or category of recipient, a purpose, a
category of personal data, a third country (or a destination nobody knows) or a legal basis for a
purpose that the old version did not have: GDPR Art. 13/14 require the notice to say each of them,
and Art. 13(3)/14(4) require telling people before data is used for a new purpose.

>>> import pia
>>> from pia.diff import compare
>>> text = '''
... assessment: {id: shop, title: Shop, controller: shop}
... parties: [{id: shop, name: Shop, country: DE}, {id: mail, name: MailCo, country: FR}]
... subjects: [{id: buyers, name: Buyers, category: customer, country: EU}]
... activities:
...   - {id: news, name: Newsletter, purpose: marketing.communications.email, legal_basis: consent,
...      subjects: [buyers], categories: [user.contact.email], roles: {shop: controller, mail: processor}}
... flows: [{id: f1, from: buyers, to: mail, activity: news}]
... '''
>>> old = pia.loads(text)
>>> new = pia.loads(text.replace("name: MailCo, country: FR", "name: MailCo, country: US"))  # MailCo moves to the US
>>> change = compare(old, new, findings=False)
>>> change.material, [r.kind for r in change.reasons]
(True, ['third_country'])
>>> change.reasons[0].text
'Personal data now goes to United States, a third country outside the EEA (to MailCo).'
>>> [(e.section, e.id, [(f.field, f.before, f.after) for f in e.fields]) for e in change.elements]
[('parties', 'mail', [('country', 'FR', 'US')])]
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from . import geo
from .errors import ModelError, Problem
from .schema import LEGAL_BASES, NOTICE_ITEMS, UNKNOWN, SubjectGroup

if TYPE_CHECKING:  # pragma: no cover
    from .model import Model

__all__ = ["Change", "ElementChange", "FieldChange", "Reason", "compare", "load_version", "diff",
           "write_change", "format_text", "SECTIONS"]

#: Sections compared element by element, in the order the report lists them, with their titles.
SECTIONS = {
    "activities": "Processing activities",
    "flows": "Data flows",
    "parties": "Parties (organisations, groups, authorities)",
    "systems": "Systems",
    "subjects": "Groups of data subjects",
    "controls": "Controls (measures)",
    "notice": "The privacy notice, as recorded in the model",
    "assessment": "The assessment",
    "sources": "Sources",
    "taxonomy": "The model's own taxonomy terms",
    "accepted": "Accepted findings",
}

#: The notice item each kind of material change concerns.
_ITEM_OF = {
    "recipient": "recipients",
    "recipient_category": "recipients",
    "purpose": "purposes",
    "data_category": "data_categories",
    "third_country": "transfers",
    "legal_basis": "legal_basis",
}
_KIND_TITLES = {
    "recipient": "New recipient",
    "recipient_category": "New category of recipient",
    "purpose": "New purpose",
    "data_category": "New category of personal data",
    "third_country": "New third country",
    "legal_basis": "New legal basis",
}
#: How the report names each notice item.
ITEM_NAMES = {
    "controller_identity": "who the controller is", "dpo_contact": "the DPO's contact details",
    "purposes": "purposes", "legal_basis": "legal bases", "legitimate_interests": "legitimate interests",
    "data_categories": "categories of personal data", "recipients": "recipients",
    "transfers": "transfers to third countries", "retention": "retention periods", "rights": "people's rights",
    "withdraw_consent": "withdrawing consent", "complaint": "complaints to a supervisory authority",
    "statutory_requirement": "whether providing data is required", "automated_decisions": "automated decisions and profiling",
    "source": "where the data comes from",
}
_ROLE_NAMES = {
    "controller": "controller", "joint_controller": "joint controller", "processor": "processor",
    "sub_processor": "sub-processor", "third_party": "third party", "public_authority": "public authority",
    UNKNOWN: "role not given",
}


# --- the result -------------------------------------------------------------------------------

@dataclass
class FieldChange:
    """One field of one element, before and after (``None``: not given). For lists of plain
    values, ``added`` and ``removed`` hold the items that came and went."""

    field: str
    before: Any
    after: Any
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class ElementChange:
    """An element added, removed or changed; ``fields`` lists the changed fields."""

    section: str
    id: str
    name: str
    change: str  # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Reason:
    """Why a change is material for the privacy notice: the kind, a sentence built from the model,
    the notice item concerned (a key of :data:`pia.schema.NOTICE_ITEMS`) and the elements."""

    kind: str
    text: str
    notice_item: str
    ref: str
    elements: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def title(self) -> str:
        return _KIND_TITLES[self.kind]


@dataclass
class Change:
    """Everything that changed between two versions of a model."""

    old: dict
    new: dict
    elements: list[ElementChange]
    facets: dict[str, dict[str, list]]
    reasons: list[Reason]
    findings: dict[str, Any]
    checks: list[dict] = field(default_factory=list)

    @property
    def material(self) -> bool:
        """True when the privacy notice must be updated."""
        return bool(self.reasons)

    @property
    def unchanged(self) -> bool:
        """True when no element was added, removed or changed (formatting, comments and the order
        of entries do not count)."""
        return not self.elements

    @property
    def notice_items(self) -> list[dict]:
        """The notice items to update (from the reasons), then those to check, each once."""
        out: dict[str, dict] = {}
        for r in self.reasons:
            out.setdefault(r.notice_item, {"item": r.notice_item, "ref": NOTICE_ITEMS[r.notice_item], "action": "update"})
        for c in self.checks:
            out.setdefault(c["notice_item"], {"item": c["notice_item"], "ref": NOTICE_ITEMS[c["notice_item"]], "action": "check"})
        return list(out.values())

    def counts(self) -> dict[str, dict[str, int]]:
        """Per section: how many elements were added, removed, changed."""
        out: dict[str, dict[str, int]] = {}
        for e in self.elements:
            row = out.setdefault(e.section, {"added": 0, "removed": 0, "changed": 0})
            row[e.change] += 1
        return out

    def as_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "unchanged": self.unchanged,
            "material": self.material,
            "reasons": [asdict(r) for r in self.reasons],
            "notice_items": self.notice_items,
            "checks": self.checks,
            "facets": self.facets,
            "counts": self.counts(),
            "elements": [asdict(e) for e in self.elements],
            "findings": self.findings,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, sort_keys=False, ensure_ascii=False, default=str) + "\n"


# --- reading versions -------------------------------------------------------------------------

def load_version(spec: str) -> "Model":
    """Load one version of a model: a file, a folder, or ``REV:PATH`` (a git revision).

    ``PATH`` in ``REV:PATH`` is relative to the current directory, as in ``git show``. Raises
    :class:`~pia.errors.ModelError` (with ``spec`` as the file name) for a bad revision or path.
    """
    from .model import load, loads

    if Path(spec).exists():
        return load(spec)
    rev, sep, path = spec.partition(":")
    if not sep or not rev or not path:
        raise ModelError([Problem(spec, message="no such file or folder",
                                  accepted="a model file, a folder of model files, or REV:PATH for a git revision")])
    git = shutil.which("git")
    if git is None:
        raise ModelError([Problem(spec, message="git is not installed, so a revision cannot be read",
                                  accepted="a model file or folder")])

    def run(*args: str, binary: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run([git, *args], capture_output=True, text=not binary)

    inside = run("rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise ModelError([Problem(spec, message="the current folder is not inside a git repository, so a revision cannot be read",
                                  accepted="a model file or folder, or REV:PATH run inside a git repository")])
    if run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise ModelError([Problem(spec, message=f"unknown git revision '{rev}'",
                                  accepted="a commit, branch or tag, e.g. HEAD~1:model.yaml or main:models/")])
    rel = path if path.startswith(("./", "../", "/")) else "./" + path
    obj = f"{rev}:{rel}"
    kind = run("cat-file", "-t", obj)
    if kind.returncode != 0:
        raise ModelError([Problem(spec, message=f"'{path}' does not exist in revision '{rev}'",
                                  accepted="a path to a model file or folder as it was in that revision")])
    if kind.stdout.strip() == "blob":
        blob = run("cat-file", "blob", obj, binary=True)
        return loads(blob.stdout, spec)  # parse_yaml accepts bytes
    with tempfile.TemporaryDirectory(prefix="pia-diff-") as tmp:
        tar = subprocess.run([git, "archive", "--format=tar", obj], capture_output=True)
        if tar.returncode != 0:
            raise ModelError([Problem(spec, message=f"cannot read folder '{path}' from revision '{rev}'")])
        import io
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archive:
            archive.extractall(tmp, filter="data")
        try:
            model = load(tmp)
        except ModelError as exc:
            raise ModelError([replace(p, file=spec.rstrip("/") + p.file[len(tmp):] if p.file.startswith(tmp) else p.file)
                              for p in exc.problems]) from None
    model._path = spec
    return model


# --- comparing --------------------------------------------------------------------------------

def diff(old_spec: str, new_spec: str, *, findings: bool = True) -> Change:
    """Load two versions (see :func:`load_version`) and :func:`compare` them. Problems of both
    versions are reported together."""
    models, problems = [], []
    for spec in (old_spec, new_spec):
        try:
            models.append(load_version(spec))
        except ModelError as exc:
            problems += exc.problems
    if problems:
        raise ModelError(problems)
    return compare(*models, findings=findings)


def compare(old: "Model", new: "Model", *, findings: bool = True,
            old_findings: Iterable | None = None, new_findings: Iterable | None = None) -> Change:
    """Compare two models. With ``findings`` (default) both are analysed by :mod:`pia.analysis`
    when it is available, unless the findings are given."""
    facets = {
        "recipients": _diff_recipients(old, new),
        "purposes": _diff_keyed(_purposes(old), _purposes(new)),
        "data_categories": _diff_keyed(_categories(old), _categories(new)),
        "countries": _diff_keyed(_countries(old), _countries(new)),
        "legal_bases": _diff_keyed(_legal_bases(old), _legal_bases(new)),
        "retention": _diff_retention(old, new),
    }
    reasons = _reasons(new, facets)
    checks = _checks(old, new, facets)
    if old_findings is None and new_findings is None and findings:
        old_findings, new_findings = _analyse(old), _analyse(new)
    return Change(
        old=_describe(old),
        new=_describe(new),
        elements=_diff_elements(old, new),
        facets=facets,
        reasons=reasons,
        findings=_diff_findings(old_findings, new_findings, old, new),
        checks=checks,
    )


def _describe(m: "Model") -> dict:
    a = m.assessment
    from .text import shown_path

    return {"label": shown_path(m.path), "id": a.id, "title": a.title, "version": a.version, "fingerprint": m.fingerprint}


def _names(m: "Model", ids: Iterable[str]) -> str:
    names = [f"'{m.name(i)}'" for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# the notice-relevant facts of one model ---------------------------------------------------------

def _recipients(m: "Model") -> dict[str, dict]:
    """Parties other than the controller that receive personal data (by a flow or a role)."""
    controller = m.assessment.controller
    out: dict[str, dict] = {}

    def entry(pid: str) -> dict:
        p = m.get(pid)
        return out.setdefault(pid, {"id": pid, "name": p.name, "country": p.country, "roles": set(), "activities": set()})

    for a in m.activities:
        for pid, role in a.roles.items():
            if pid != controller:
                e = entry(pid)
                e["roles"].add(role)
                e["activities"].add(a.id)
    for f in m.flows:
        if isinstance(m.index.get(f.to), SubjectGroup):
            continue
        pid = m.party_of(f.to)
        if pid is None or pid == controller:
            continue
        role = m.get(f.activity).roles.get(pid)
        e = entry(pid)
        e["roles"].add(role or UNKNOWN)
        e["activities"].add(f.activity)
    return {k: {**v, "roles": sorted(v["roles"]), "activities": sorted(v["activities"])} for k, v in out.items()}


def _purposes(m: "Model") -> dict[str, dict]:
    out: dict[str, dict] = {}
    for a in m.activities:
        e = out.setdefault(a.purpose, {"key": a.purpose, "name": m.vocabulary.name("data_use", a.purpose), "activities": []})
        e["activities"].append(a.id)
    return _sorted_lists(out)


def _categories(m: "Model") -> dict[str, dict]:
    out: dict[str, dict] = {}
    for a in m.activities:
        for c in a.categories:
            e = out.setdefault(c, {"key": c, "name": m.vocabulary.name("data_category", c), "activities": []})
            e["activities"].append(a.id)
    for f in m.flows:
        for c in f.categories or []:
            e = out.setdefault(c, {"key": c, "name": m.vocabulary.name("data_category", c), "activities": []})
            e["activities"].append(f.activity)
    return _sorted_lists(out)


def _countries(m: "Model") -> dict[str, dict]:
    """Countries personal data goes to: where flows end (other than at data subjects), and where
    recipients are."""
    out: dict[str, dict] = {}

    def add(code: str, who: str) -> None:
        code = code or UNKNOWN
        inside = geo.in_eea(code)
        e = out.setdefault(code, {"code": code, "name": geo.country_name(code),
                                  "third_country": None if inside is None else not inside, "recipients": []})
        e["recipients"].append(who)

    for f in m.flows:
        if isinstance(m.index.get(f.to), SubjectGroup):
            continue
        add(m.location(f.to), f.to)
    for pid, r in _recipients(m).items():
        add(r["country"], pid)
    return _sorted_lists(out)


def _legal_bases(m: "Model") -> dict[str, dict]:
    """(purpose, legal basis) pairs: the notice states the basis of each purpose."""
    out: dict[str, dict] = {}
    for a in m.activities:
        basis = a.legal_basis or UNKNOWN
        key = f"{a.purpose} / {basis}"
        e = out.setdefault(key, {"key": key, "purpose": a.purpose, "purpose_name": m.vocabulary.name("data_use", a.purpose),
                                 "basis": basis, "ref": LEGAL_BASES.get(basis, "not recorded"), "activities": []})
        e["activities"].append(a.id)
    return _sorted_lists(out)


def _sorted_lists(d: dict[str, dict]) -> dict[str, dict]:
    return {k: {kk: sorted(set(vv)) if isinstance(vv, list) else vv for kk, vv in v.items()} for k, v in d.items()}


def _diff_keyed(old: dict[str, dict], new: dict[str, dict]) -> dict[str, list]:
    return {
        "added": [new[k] for k in sorted(set(new) - set(old))],
        "removed": [old[k] for k in sorted(set(old) - set(new))],
        "changed": [],
    }


def _diff_recipients(old: "Model", new: "Model") -> dict[str, list]:
    o, n = _recipients(old), _recipients(new)
    out = _diff_keyed(o, n)
    for k in sorted(set(o) & set(n)):
        if o[k]["roles"] != n[k]["roles"] or o[k]["country"] != n[k]["country"]:
            out["changed"].append({"id": k, "name": n[k]["name"], "roles_before": o[k]["roles"], "roles_after": n[k]["roles"],
                                   "country_before": o[k]["country"], "country_after": n[k]["country"]})
    return out


def _diff_retention(old: "Model", new: "Model") -> dict[str, list]:
    def periods(m: "Model") -> dict[str, dict]:
        return {a.id: {"activity": a.id, "name": a.name,
                       "period": a.retention.period if a.retention else None,
                       "criteria": a.retention.criteria if a.retention else ""} for a in m.activities}

    o, n = periods(old), periods(new)
    out = _diff_keyed(o, n)
    for k in sorted(set(o) & set(n)):
        if (o[k]["period"], o[k]["criteria"]) != (n[k]["period"], n[k]["criteria"]):
            out["changed"].append({"activity": k, "name": n[k]["name"], "before": o[k]["period"], "after": n[k]["period"],
                                   "criteria_before": o[k]["criteria"], "criteria_after": n[k]["criteria"]})
    return out


def _checks(old: "Model", new: "Model", facets: dict) -> list[dict]:
    """Changes that do not make the notice wrong by omission, but that it may need to follow:
    retention periods, and things the notice may still mention although they stopped."""
    out: list[dict] = []
    for r in facets["retention"]["changed"]:
        out.append({"notice_item": "retention", "elements": [r["activity"]],
                    "text": f"Retention for '{r['name']}' changed from {_period(r['before'])} to {_period(r['after'])}."})
    for r in facets["retention"]["added"]:
        out.append({"notice_item": "retention", "elements": [r["activity"]],
                    "text": f"New activity '{r['name']}' keeps data for {_period(r['period'])}."})
    gone = [("recipients", "recipients", lambda r: r["name"], lambda r: [r["id"]]),
            ("purposes", "purposes", lambda r: f"{r['name']} ({r['key']})", lambda r: r["activities"]),
            ("data_categories", "data_categories", lambda r: f"{r['name']} ({r['key']})", lambda r: r["activities"]),
            ("countries", "transfers", lambda r: r["name"], lambda r: r["recipients"])]
    for facet, item, show, elements in gone:
        removed = [r for r in facets[facet]["removed"] if facet != "countries" or r["third_country"] is not False]
        if removed:
            out.append({"notice_item": item, "elements": sorted({e for r in removed for e in elements(r)}),
                        "text": "No longer in the model: " + "; ".join(show(r) for r in removed)
                        + ". If the notice still mentions it, remove it so that the notice stays accurate."})
    return out


def _period(p: str | None) -> str:
    """A retention period in words.

    >>> _period("P2Y"), _period("P1Y6M"), _period("30 days"), _period("unknown"), _period(None)
    ('2 years', '1 year 6 months', '30 days', 'an unknown period', 'a period not given')
    """
    import re

    if p is None:
        return "a period not given"
    if p == UNKNOWN:
        return "an unknown period"
    m = re.match(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$", p)
    if m and any(m.groups()):
        parts = [f"{int(n)} {unit}{'s' if int(n) != 1 else ''}"
                 for n, unit in zip(m.groups(), ("year", "month", "week", "day")) if n]
        return " ".join(parts)
    return p


def _reasons(new: "Model", facets: dict) -> list[Reason]:
    out: list[Reason] = []

    def reason(kind: str, text: str, elements: list[str], note: str = "") -> None:
        item = _ITEM_OF[kind]
        out.append(Reason(kind, text, item, NOTICE_ITEMS[item], sorted(set(elements)), note))

    disclosed = new.notice.recipients if new.notice is not None else {}
    for r in facets["recipients"]["added"]:
        roles = ", ".join(_ROLE_NAMES.get(x, x) for x in r["roles"])
        note = ""
        if disclosed.get(r["id"]) == "stated":
            note = "The model records that the notice already names this recipient; check that the published text says so."
        reason("recipient", f"{r['name']} ({roles}, {geo.country_name(r['country'])}) now receives personal data "
               f"in {_names(new, r['activities'])}.", [r["id"], *r["activities"]], note)
    for r in facets["recipients"]["changed"]:
        added_roles = [x for x in r["roles_after"] if x not in r["roles_before"] and x != UNKNOWN]
        if added_roles:
            before = ", ".join(_ROLE_NAMES.get(x, x) for x in r["roles_before"]) or "no role"
            reason("recipient_category", f"{r['name']} now acts as {', '.join(_ROLE_NAMES.get(x, x) for x in added_roles)} "
                   f"(before: {before}).", [r["id"]])
    for p in facets["purposes"]["added"]:
        reason("purpose", f"Personal data is now used for {p['name']} ({p['key']}) in {_names(new, p['activities'])}.",
               [*p["activities"]])
    for c in facets["data_categories"]["added"]:
        reason("data_category", f"{c['name']} ({c['key']}) is now processed, in {_names(new, c['activities'])}.",
               [*c["activities"]])
    for c in facets["countries"]["added"]:
        to = ", ".join(new.name(x) for x in c["recipients"])
        if c["third_country"] is True:
            reason("third_country", f"Personal data now goes to {c['name']}, a third country outside the EEA (to {to}).",
                   [*c["recipients"]])
        elif c["third_country"] is None:
            reason("third_country", f"Personal data now goes to a place the model does not know (to {to}); it may be a "
                   "third country, and the information is missing.", [*c["recipients"]])
    for b in facets["legal_bases"]["added"]:
        if b["basis"] == UNKNOWN:
            continue  # nothing to tell people; the findings flag the missing basis
        basis = b["basis"].replace("_", " ")
        reason("legal_basis", f"{b['purpose_name']} ({b['purpose']}) now relies on {basis} ({b['ref']}), in "
               f"{_names(new, b['activities'])}.", [*b["activities"]])
    return out


# element by element ---------------------------------------------------------------------------

def _elements(m: "Model") -> dict[str, dict[str, tuple[str, dict]]]:
    """section -> id -> (name, flattened fields)."""
    out: dict[str, dict[str, tuple[str, dict]]] = {s: {} for s in SECTIONS}
    for section in ("activities", "flows", "parties", "systems", "subjects", "controls", "sources"):
        for item in getattr(m, section):
            data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
            data.pop("id", None)
            if section == "flows":
                name = _element_name(m, item.id)
            else:
                name = getattr(item, "name", None) or getattr(item, "title", None) or item.id
            out[section][item.id] = (name, _flatten(data))
    a = m.assessment.model_dump(mode="json", by_alias=True, exclude_none=True)
    out["assessment"]["assessment"] = ("The assessment", _flatten(a))
    if m.notice is not None:
        out["notice"]["notice"] = ("The privacy notice", _flatten(m.notice.model_dump(mode="json", by_alias=True, exclude_none=True)))
    for kind in ("data_categories", "data_subjects", "data_uses"):
        for t in getattr(m.taxonomy, kind):
            out["taxonomy"][t.key] = (t.name, _flatten(t.model_dump(mode="json", exclude_none=True)))
    for acc in m.accepted:
        key = acc.rule + ":" + ",".join(acc.elements)
        out["accepted"][key] = (f"{acc.rule} accepted by {acc.by}", _flatten(acc.model_dump(mode="json", exclude_none=True)))
    return out


def _flatten(data: dict, prefix: str = "") -> dict:
    """Nested mappings become dotted fields; lists stay whole values."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out.update(_flatten(v, path + "."))
        elif isinstance(v, dict):
            continue  # an empty mapping says nothing
        else:
            out[path] = v
    return out


def _diff_elements(old: "Model", new: "Model") -> list[ElementChange]:
    o, n = _elements(old), _elements(new)
    out: list[ElementChange] = []
    for section in SECTIONS:
        before, after = o[section], n[section]
        for eid in sorted(set(before) | set(after)):
            if eid not in before:
                name, fields = after[eid]
                out.append(ElementChange(section, eid, name, "added", [FieldChange(k, None, v) for k, v in fields.items()]))
            elif eid not in after:
                name, fields = before[eid]
                out.append(ElementChange(section, eid, name, "removed", [FieldChange(k, v, None) for k, v in fields.items()]))
            else:
                (_, fb), (name, fa) = before[eid], after[eid]
                changes = []
                for k in sorted(set(fb) | set(fa)):
                    vb, va = fb.get(k), fa.get(k)
                    if vb == va:
                        continue
                    fc = FieldChange(k, vb, va)
                    if _plain_list(vb) and _plain_list(va):
                        fc.added = [x for x in va if x not in vb]
                        fc.removed = [x for x in vb if x not in va]
                        if not fc.added and not fc.removed:
                            continue  # the same items in another order
                    changes.append(fc)
                if changes:
                    out.append(ElementChange(section, eid, name, "changed", changes))
    return out


def _plain_list(v: Any) -> bool:
    return isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v)


# findings -------------------------------------------------------------------------------------

def _analyse(m: "Model") -> list | None:
    import importlib.util

    if importlib.util.find_spec("pia.analysis") is None:
        return None
    from .analysis import analyse

    # the rule catalogue only: a model read from a git revision has no notice text beside it, and a
    # change report compares two versions of the model, not of the notice
    return list(analyse(m, notice=False).findings)


def _element_name(m: "Model", element_id: str) -> str:
    """Readable name of an element; a flow is named by its ends ("Web shop → PayCo")."""
    from .schema import Flow

    item = m.index.get(element_id)
    if isinstance(item, Flow):
        return f"{m.name(item.source)} → {m.name(item.to)}"
    return m.name(element_id) if item is not None else element_id


def _key(f) -> str:
    return f.rule + ":" + ",".join(sorted(f.elements))


def _finding_row(f, m: "Model") -> dict:
    return {"key": f.key, "rule": f.rule, "title": f.title, "description": f.description, "elements": list(f.elements),
            "element_names": [_element_name(m, e) for e in f.elements],
            "severity": f.severity, "likelihood": f.likelihood, "risk": f.risk,
            "residual_severity": f.residual_severity, "residual_likelihood": f.residual_likelihood,
            "residual_risk": f.residual_risk, "status": f.status, "recommendation": f.recommendation}


_SCORED = ("severity", "likelihood", "risk", "residual_severity", "residual_likelihood", "residual_risk", "status")


def _diff_findings(old: Iterable | None, new: Iterable | None, old_model: "Model", new_model: "Model") -> dict[str, Any]:
    if old is None or new is None:
        return {"available": False, "new": [], "resolved": [], "rescored": []}
    from .findings import level_rank

    # Finding.key (rule + elements), with the elements sorted: the order of entries in the model
    # file does not make a finding new
    o = {_key(f): _finding_row(f, old_model) for f in old}
    n = {_key(f): _finding_row(f, new_model) for f in new}

    def order(row: dict) -> tuple:
        return (-level_rank(row["residual_risk"]), -level_rank(row["risk"]), row["key"])

    rescored = []
    for k in sorted(set(o) & set(n)):
        if any(o[k][s] != n[k][s] for s in _SCORED):
            before = {s: o[k][s] for s in _SCORED}
            after = {s: n[k][s] for s in _SCORED}
            sb = o[k]["residual_severity"] * o[k]["residual_likelihood"]
            sa = n[k]["residual_severity"] * n[k]["residual_likelihood"]
            direction = "higher" if sa > sb else "lower" if sa < sb else "same"
            rescored.append({**{x: n[k][x] for x in ("key", "rule", "title", "elements", "element_names", "recommendation")},
                             "residual_risk": n[k]["residual_risk"], "risk": n[k]["risk"],
                             "before": before, "after": after, "direction": direction})
    return {
        "available": True,
        "new": sorted((n[k] for k in set(n) - set(o)), key=order),
        "resolved": sorted((o[k] for k in set(o) - set(n)), key=order),
        "rescored": sorted(rescored, key=order),
    }


# --- output -----------------------------------------------------------------------------------

def format_text(change: Change) -> str:
    """A short plain-text summary for the terminal."""
    o, n = change.old, change.new
    lines = [f"{o['label']} -> {n['label']}: '{n['title']}' (version {o['version']} -> {n['version']})"]
    if change.unchanged:
        lines.append("  no change: both versions describe the same processing")
    if change.material:
        lines.append("  MATERIAL change for the privacy notice; update it:")
        for r in change.reasons:
            lines.append(f"    - {r.title}: {r.text}")
    else:
        lines.append("  no material change for the privacy notice")
    for c in change.checks:
        lines.append(f"  check: {c['text']}")
    counts = change.counts()
    if counts:
        parts = []
        for section, row in counts.items():
            bits = [f"{v} {k}" for k, v in row.items() if v]
            parts.append(f"{section}: {', '.join(bits)}")
        lines.append("  elements: " + "; ".join(parts))
    f = change.findings
    if f["available"]:
        lines.append(f"  findings: {len(f['new'])} new, {len(f['resolved'])} resolved, {len(f['rescored'])} re-scored")
    return "\n".join(lines)


def render_html(change: Change, *, toolkit_version: str | None = None) -> str:
    """change.html: self-contained (inline style, no script, nothing loaded from outside)."""
    import jinja2

    from . import __version__

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pia", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["show"] = _show
    env.filters["role"] = lambda r: _ROLE_NAMES.get(r, r)
    env.filters["label"] = lambda f: f.replace("_", " ").replace(".", " › ")
    env.filters["showf"] = _show_field
    return env.get_template("change.html.j2").render(
        c=change, d=change.as_dict(), sections=SECTIONS, item_names=ITEM_NAMES,
        version=toolkit_version or __version__, country_name=geo.country_name,
    )


def _show_field(value: Any, name: str) -> str:
    """A field's value; country codes also by name.

    >>> _show_field("US", "country"), _show_field("EU", "location"), _show_field("P1Y", "retention.period")
    ('United States (US)', 'European Union / EEA (EU)', 'P1Y')
    """
    if name.split(".")[-1] in ("country", "location") and isinstance(value, str) and value != UNKNOWN and geo.is_country(value):
        return f"{geo.country_name(value)} ({value})"
    return _show(value)


def _show(value: Any) -> str:
    """A value as a reviewer reads it."""
    if value is None:
        return "(not given)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        if not value:
            return "(none)"
        return "; ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items() if v not in ("", None, [], {}))
    return str(value)


def write_change(change: Change, out_dir: str | Path) -> list[Path]:
    """Write change.html and change.json into ``out_dir``; both appear whole or not at all."""
    out = Path(out_dir)
    files = {"change.json": change.as_json().encode("utf-8"), "change.html": render_html(change).encode("utf-8")}
    return write_files_atomic(out, files)


def write_files_atomic(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name in ``out`` first, then rename each into place."""
    out.mkdir(parents=True, exist_ok=True)
    mask = os.umask(0)
    os.umask(mask)
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~mask)
            temps.append((name, Path(tmp)))
        for name, tmp in temps:
            os.replace(tmp, out / name)
    finally:
        for _, tmp in temps:
            if tmp.exists():
                tmp.unlink()
    return [out / name for name in files]
