"""Who receives which personal data, where and why: the disclosure register and its views.

The register has one row per (data subject group, data category, recipient). A recipient is any
party or system that data reaches, directly from the person or through onward flows: data that a
processor passes to a sub-processor, or a third party passes on, is disclosed to both. Onward
flows are followed per subject group and category with a breadth-first search over
(node, category) states, so cycles end and the cost stays linear in flows x categories.

>>> import pia
>>> m = pia.loads('''
... assessment: {id: shop, title: Web shop, controller: shop}
... sources: [{id: notice, title: Privacy notice}]
... parties:
...   - {id: shop, name: Shop, country: DE}
...   - {id: pay, name: PayCo, country: US, certifications: [dpf]}
...   - {id: bank, name: Bank, country: IN}
... subjects: [{id: buyers, name: Buyers, category: customer, country: EU}]
... systems: [{id: web, name: Web shop, operator: shop, location: DE}]
... activities:
...   - id: checkout
...     name: Checkout
...     purpose: essential.service.payment_processing
...     legal_basis: contract
...     subjects: [buyers]
...     categories: [user.contact.email, user.financial.bank_account]
...     roles: {shop: controller, pay: processor, bank: sub_processor}
... flows:
...   - {id: f1, from: buyers, to: web, activity: checkout}
...   - {id: f2, from: web, to: pay, activity: checkout, categories: [user.financial.bank_account], transfer: dpf}
...   - {id: f3, from: pay, to: bank, activity: checkout, categories: [user.financial]}
... notice: {recipients: {pay: stated}}
... ''')
>>> r = register(m)
>>> r[["category", "recipient", "role", "direct", "path"]].to_string(index=False)
'                  category recipient          role  direct                 path\\n     user.contact.email       web    controller    True           buyers > web\\n            user.financial      bank sub_processor   False    buyers > pay > bank\\nuser.financial.bank_account      bank sub_processor   False buyers > web > pay > bank\\nuser.financial.bank_account       pay     processor   False          buyers > web > pay\\nuser.financial.bank_account       web    controller    True           buyers > web'
>>> list(r.loc[r.recipient == "bank", "disclosed_in_notice"])
['not_stated', 'not_stated']
"""
from __future__ import annotations

import difflib
import re
from collections import deque
from typing import TYPE_CHECKING, Any

from . import geo
from .errors import ModelError, Problem
from .schema import UNKNOWN, SubjectGroup

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .model import Model

__all__ = ["COLUMNS", "FOCUS_KINDS", "register", "by_subject", "by_category", "by_recipient", "by_country", "readable",
           "category_group", "focus", "parse_focus", "third_country_without_adequacy"]

#: Columns of :func:`register`, in order.
COLUMNS = [
    "subject", "subject_name", "category", "category_name", "category_group", "recipient",
    "recipient_name", "recipient_kind", "party", "role", "activity", "purpose", "legal_basis",
    "country", "country_name", "leaves_eea", "adequacy", "transfer_mechanism", "direct", "path",
    "path_flows", "via_flows", "disclosed_in_notice", "purpose_name", "route",
]
FOCUS_KINDS = ("subject", "category", "recipient")

# Category groups for labels: the first matching rule wins.
_KIND_GROUPS = (("credentials", "credentials"), ("financial", "financial"), ("children", "children's data"),
                ("government_id", "government ids"), ("biometric", "biometric"),
                ("online_identifier", "online identifiers"), ("location", "location"),
                ("communications", "private communications"))
_PREFIX_GROUPS = (
    ("user.contact", "contact"), ("user.name", "identity"), ("user.unique_id", "online identifiers"),
    ("user.device", "online identifiers"), ("user.behavior", "behaviour"), ("user.account", "account"),
    ("user.job_title", "employment"), ("user.workplace", "employment"), ("user.demographic", "demographic"),
    ("user.content", "content"), ("user.social", "social"), ("user.telemetry", "device data"),
    ("user.sensor", "device data"), ("user.user_sensor", "device data"), ("user.location", "location"),
    ("user.privacy_preferences", "preferences"), ("system", "system data"),
)


def category_group(model: "Model", category: str) -> str:
    """A short group label for a data category, as used on the map's edges.

    >>> import pia
    >>> m = pia.load("data/cloud_connectors.yaml")
    >>> [category_group(m, c) for c in ("user.contact.email", "user.device.ip_address",
    ...  "user.payment", "user.authorization.credentials", "user.client_data")]
    ['contact', 'online identifiers', 'financial', 'credentials', 'client data']
    """
    tax = model.vocabulary
    special = tax.special(category)
    if special == "art9":
        return "special category (Art. 9)"
    if special == "art10":
        return "criminal records (Art. 10)"
    kinds = tax.kinds(category)
    for kind, label in _KIND_GROUPS:
        if kind in kinds:
            return label
    for prefix, label in _PREFIX_GROUPS:
        if category == prefix or category.startswith(prefix + "."):
            return label
    chain = tax.ancestors(category)
    top = chain[-2] if len(chain) >= 2 else chain[-1]  # the ancestor just below the root
    name = re.sub(r"\s*\(.*\)\s*$", "", tax.name("data_category", top)).strip()
    return name.lower() or top


def _notice_status(model: "Model", node: str, party: str | None) -> str:
    if party is not None and party == model.assessment.controller:
        return "not_applicable"  # the controller is not a recipient of its own data
    if model.notice is None:
        return UNKNOWN
    recipients = model.notice.recipients
    if node in recipients:
        return recipients[node]
    if party is not None and party in recipients:
        return recipients[party]
    return "not_stated"


def _certifications(model: "Model", party: str | None):
    if party is None:
        return None
    item = model.index.get(party)
    return getattr(item, "certifications", None)


def third_country_without_adequacy(row: Any) -> bool:
    """True for a register row whose data leaves the EEA for a place without adequacy."""
    return row["leaves_eea"] is True and row["adequacy"] not in ("eea", "adequate")


def register(model: "Model") -> "pd.DataFrame":
    """The disclosure register of a model: one row per (subject group, category, recipient).

    Columns (see :data:`COLUMNS`): ``role`` is the receiving party's role in the activity (a
    system stands for its operator); ``direct`` is True when the recipient gets the data straight
    from the person; ``path`` shows the shortest route (``visitors > website > user-store``);
    ``via_flows`` lists every flow delivering it; ``leaves_eea`` is True/False/None (unknown);
    ``disclosed_in_notice`` is stated, vague, not_stated (also when the notice does not name the
    recipient), unknown (no notice in the model) or not_applicable (the controller itself).
    Rows reached through several activities join their activities, purposes, bases and roles
    with "; ". Row order: subject groups in model order, then category, then recipient.
    """
    cached = model._private.get("disclosure_register")
    if cached is not None:
        return cached.copy()
    from .yamlio import _paused_gc

    with _paused_gc():  # performance only: the collector would walk the whole model again and again
        frame = _register(model)
    model._private["disclosure_register"] = frame
    return frame.copy()


def _register(model: "Model") -> "pd.DataFrame":
    import pandas as pd

    tax = model.vocabulary
    flows_by_subject: dict[str, list] = {s.id: [] for s in model.subjects}
    for f in model.flows:
        if isinstance(model.index.get(f.to), SubjectGroup):
            continue  # data going back to people is not a disclosure to a recipient
        for s in model.flow_subjects(f):
            if s in flows_by_subject:
                flows_by_subject[s].append(f)
    activities = {a.id: a for a in model.activities}
    flow_cats = {f.id: model.flow_categories(f) for f in model.flows}

    rows = []
    for order, subject in enumerate(model.subjects):
        arrivals = _trace(subject.id, flows_by_subject[subject.id], flow_cats, tax)
        for (node, cat), info in arrivals.items():
            rows.append(_row(model, subject, order, node, cat, info, activities))
    frame = pd.DataFrame(rows, columns=["_order", *COLUMNS])
    frame = frame.sort_values(["_order", "category", "recipient"], kind="stable").drop(columns="_order")
    frame = frame.reset_index(drop=True)
    for col in ("leaves_eea", "transfer_mechanism", "party", "role", "legal_basis"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def _trace(subject: str, flows: list, flow_cats: dict[str, list[str]], tax) -> dict:
    """Breadth-first search over (node, category) states for one subject group.

    Returns {(node, category): {"path": [nodes], "path_flows": [flow ids], "via": [flows],
    "direct": bool}}. Roots are the person, then every flow whose sender was not reached by a
    traced route (the model says the data is there: it is disclosed from there on).
    """
    out_of: dict[str, list] = {}
    for f in flows:
        out_of.setdefault(f.source, []).append(f)
    states: dict[tuple[str, str], dict] = {}
    via_ids: dict[tuple[str, str], set[str]] = {}  # ids of each state's "via" flows, for the repeat check
    relation: dict[tuple[str, str], int] = {}  # (flow category, category) -> 1 narrower, 2 broader, 0 neither
    queue: deque[tuple[str, str]] = deque()

    def arrive(f, cat: str, path: list[str], path_flows: list[str]) -> None:
        key = (f.to, cat)
        info = states.get(key)
        if info is None:
            states[key] = {"path": path + [f.to], "path_flows": path_flows + [f.id], "via": [f],
                           "direct": f.source == subject}
            via_ids[key] = {f.id}
            queue.append(key)
        else:
            seen = via_ids[key]
            if f.id not in seen:
                seen.add(f.id)
                info["via"].append(f)
            info["direct"] = info["direct"] or f.source == subject

    def follow(node: str, cat: str, path: list[str], path_flows: list[str]) -> None:
        for f in out_of.get(node, ()):
            if f.to in path:
                continue
            for fc in flow_cats[f.id]:
                how = relation.get((fc, cat))
                if how is None:
                    how = relation[(fc, cat)] = 1 if tax.is_a(fc, cat) else 2 if tax.is_a(cat, fc) else 0
                if how == 1:  # forwards this category or a narrower part of it
                    arrive(f, fc, path, path_flows)
                elif how == 2:  # forwards a broader category: it includes this one
                    arrive(f, cat, path, path_flows)

    def drain() -> None:
        while queue:
            node, cat = queue.popleft()
            info = states[(node, cat)]
            follow(node, cat, info["path"], info["path_flows"])

    for f in out_of.get(subject, ()):
        for fc in flow_cats[f.id]:
            arrive(f, fc, [subject], [])
    drain()
    for f in flows:  # declared onward flows whose sender holds data we could not trace there
        if f.source == subject:
            continue
        for fc in flow_cats[f.id]:
            arrive(f, fc, [subject, f.source], [])
        drain()
    return states


def _join(values) -> Any:
    seen = list(dict.fromkeys(v for v in values if v is not None))
    if not seen:
        return None
    return "; ".join(str(v) for v in seen)


def _row(model: "Model", subject, order: int, node: str, cat: str, info: dict, activities: dict) -> dict:
    tax = model.vocabulary
    party = model.party_of(node)
    via = info["via"]
    acts = [activities[f.activity] for f in via]
    country = model.location(node)
    certs = _certifications(model, party)
    adequacy = geo.adequacy(country, certs if isinstance(certs, list) else None).status
    dest_eea = geo.in_eea(country)
    if dest_eea is None:
        leaves = None
    elif dest_eea:
        leaves = False
    else:
        places = [geo.in_eea(subject.country)] + [geo.in_eea(model.location(n)) for n in info["path"][1:-1]]
        leaves = not all(p is False for p in places)
    # mechanisms recorded on the route from where it leaves the EEA on (onward transfers included)
    mechanisms, out = [], False
    for fid in info["path_flows"]:
        f = model.get(fid)
        out = out or model.leaves_eea(f) is not False or geo.in_eea(model.location(f.source)) is not True
        if out and f.transfer is not None:
            mechanisms.append(f.transfer.mechanism)
    mechanism = _join(mechanisms)
    if mechanism is None and leaves is not False:
        mechanism = _join(f.transfer.mechanism if f.transfer else None for f in via)
    if leaves is False:
        mechanism = None  # no Chapter V transfer on the way to this recipient
    return {
        "_order": order,
        "subject": subject.id,
        "subject_name": subject.name,
        "category": cat,
        "category_name": tax.name("data_category", cat),
        "category_group": category_group(model, cat),
        "recipient": node,
        "recipient_name": model.name(node),
        "recipient_kind": model.kind_of(node),
        "party": party,
        "role": _join(a.roles.get(party) if party else None for a in acts),
        "activity": _join(a.id for a in acts),
        "purpose": _join(a.purpose for a in acts),
        "legal_basis": _join(a.legal_basis if a.legal_basis is not None else UNKNOWN for a in acts),
        "country": country,
        "country_name": geo.country_name(country),
        "leaves_eea": leaves,
        "adequacy": adequacy,
        "transfer_mechanism": mechanism,
        "direct": bool(info["direct"]),
        "path": " > ".join(info["path"]),
        "path_flows": ", ".join(info["path_flows"]),
        "via_flows": ", ".join(f.id for f in via),
        "disclosed_in_notice": _notice_status(model, node, party),
        "purpose_name": _join(tax.name("data_use", a.purpose) for a in acts),
        "route": " → ".join(model.name(n) for n in info["path"]),
    }


# --- focus ------------------------------------------------------------------------------------

def _candidates(model: "Model", kind: str) -> list[str]:
    if kind == "subject":
        return [s.id for s in model.subjects]
    if kind == "category":
        return sorted(set(register(model)["category"]) | set(model.categories_used()))
    reg = register(model)
    return sorted(set(reg["recipient"]) | {p for p in reg["party"] if p is not None})


def parse_focus(model: "Model", spec: str) -> tuple[str, str]:
    """Check a focus written ``KIND:ID`` (kind: subject, category or recipient) against a model.

    Raises :class:`~pia.errors.ModelError` saying what is wrong and what is accepted.

    >>> import pia
    >>> m = pia.load("data/cloud_connectors.yaml")
    >>> parse_focus(m, "recipient:google-analytics")
    ('recipient', 'google-analytics')
    >>> parse_focus(m, "recipient:google-analytic")
    Traceback (most recent call last):
    ...
    pia.errors.ModelError: 1 problem found:
      data/cloud_connectors.yaml: --focus: unknown recipient 'google-analytic'; did you mean 'google-analytics'? (accepted: acquirer, client-data-centres, cloud-connectors, customers, google-analytics, law-enforcement, us-hosting, cew-platform, support-portal, user-store, website)
    """
    kind, sep, ident = spec.partition(":")
    kind, ident = kind.strip(), ident.strip()
    if not sep or kind not in FOCUS_KINDS or not ident:
        close = difflib.get_close_matches(kind, FOCUS_KINDS, n=1, cutoff=0.6) if sep else []
        hint = f"; did you mean '{close[0]}:{ident}'?" if close else ""
        if not sep:  # a bare id: say which kind it is
            kinds = [k for k in FOCUS_KINDS if kind in _candidates(model, k)]
            hint = f"; did you mean '{kinds[0]}:{kind}'?" if kinds else ""
        raise ModelError([Problem(model.path, field="--focus", message=f"invalid focus {spec!r}{hint}",
                                  accepted="KIND:ID with KIND subject, category or recipient, e.g. recipient:google-analytics")])
    check_focus(model, kind, ident)
    return kind, ident


def check_focus(model: "Model", kind: str, ident: str) -> None:
    """Raise ModelError unless ``ident`` is a known subject group, category or recipient."""
    if kind not in FOCUS_KINDS:
        raise ModelError([Problem(model.path, field="focus", message=f"invalid focus kind {kind!r}",
                                  accepted=", ".join(FOCUS_KINDS))])
    pool = _candidates(model, kind)
    if kind == "category" and model.vocabulary.has("data_category", ident) and any(
            model.vocabulary.is_a(c, ident) for c in pool):
        return
    if ident in pool:
        return
    close = difflib.get_close_matches(ident, pool, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(_ordered_pool(model, kind, pool)[:20]) + (", ..." if len(pool) > 20 else "")
    raise ModelError([Problem(model.path, field="--focus", message=f"unknown {kind} '{ident}'{hint}",
                              accepted=listed or f"no {kind} in this model")])


def _ordered_pool(model: "Model", kind: str, pool: list[str]) -> list[str]:
    if kind != "recipient":
        return pool
    parties = [p.id for p in model.parties if p.id in pool]
    systems = [s.id for s in model.systems if s.id in pool and s.id not in parties]
    return sorted(parties) + sorted(systems)


def _records(model: "Model") -> list[dict]:
    """The register's rows as dicts, made once per model (read-only: views copy what they keep)."""
    cached = model._private.get("disclosure_records")
    if cached is None:
        cached = register(model).to_dict("records")
        model._private["disclosure_records"] = cached
    return cached


def _focus_rows(model: "Model", kind: str, ident: str) -> list[dict]:
    check_focus(model, kind, ident)
    rows = _records(model)
    if kind == "subject":
        return [r for r in rows if r["subject"] == ident]
    if kind == "category":
        tax = model.vocabulary
        return [r for r in rows if tax.is_a(r["category"], ident)]
    return [r for r in rows if r["recipient"] == ident or r["party"] == ident]


def focus(model: "Model", kind: str, ident: str) -> "pd.DataFrame":
    """Register rows about one subject group, one category (with narrower ones) or one recipient
    (a party: also the systems it operates)."""
    check_focus(model, kind, ident)
    reg = register(model)
    if kind == "subject":
        mask = reg["subject"] == ident
    elif kind == "category":
        tax = model.vocabulary
        mask = reg["category"].map(lambda c: tax.is_a(c, ident))
    else:
        mask = (reg["recipient"] == ident) | (reg["party"] == ident)
    return reg[mask.astype(bool)].reset_index(drop=True)


# --- views ------------------------------------------------------------------------------------
#
# Built from the register's rows in plain Python (pandas' groupby and sort cost more than the
# work at the size of a real model, and the report asks for one view per subject group).

def _group(rows: list[dict], keys: list[str], lists: dict[str, str], firsts: list[str]) -> "pd.DataFrame":
    """One row per value of ``keys`` (in order of first appearance): the first value of each
    ``firsts`` column, the distinct "; "-separated pieces of each ``lists`` column, and whether
    any row is direct / leaves the EEA."""
    import pandas as pd

    parts: dict[tuple, list[dict]] = {}
    for r in rows:
        parts.setdefault(tuple(r[k] for k in keys), []).append(r)
    out = []
    for key, part in parts.items():
        row = dict(zip(keys, key))
        for col in firsts:
            row[col] = part[0][col]
        for name, col in lists.items():
            values: list[str] = []
            for r in part:
                v = r[col]
                for piece in (str(v).split("; ") if v is not None else ["—"]):
                    if piece not in values:
                        values.append(piece)
            row[name] = ", ".join(values)
        row["direct"] = any(bool(r["direct"]) for r in part)
        row["leaves_eea"] = _any_tri(r["leaves_eea"] for r in part)
        row["disclosed_in_notice"] = part[0]["disclosed_in_notice"]
        out.append(row)
    columns = keys + firsts + list(lists) + ["direct", "leaves_eea", "disclosed_in_notice"]
    return pd.DataFrame(out, columns=columns)


def _any_tri(values) -> bool | None:
    vals = list(values)
    if any(v is True for v in vals):
        return True
    if any(v is None for v in vals):
        return None
    return False


def by_subject(model: "Model", subject: str) -> "pd.DataFrame":
    """"Who gets my data": one row per recipient of a subject group's data, with the categories."""
    rows = _recipient_order(_focus_rows(model, "subject", subject))
    return _group(rows, ["recipient"], {"categories": "category_name", "purposes": "purpose_name",
                                         "legal_bases": "legal_basis", "paths": "path"},
                  ["recipient_name", "role", "country_name", "adequacy", "transfer_mechanism", "route"])


def by_category(model: "Model", category: str) -> "pd.DataFrame":
    """Who gets a data category (narrower categories included), about whom: one row per recipient."""
    rows = _recipient_order(_focus_rows(model, "category", category))
    return _group(rows, ["recipient"], {"subjects": "subject_name", "categories": "category_name",
                                         "purposes": "purpose_name"},
                  ["recipient_name", "role", "country_name", "adequacy", "transfer_mechanism"])


def by_recipient(model: "Model", recipient: str) -> "pd.DataFrame":
    """What a recipient (party or system) gets, about whom: one row per subject group and node."""
    rows = _focus_rows(model, "recipient", recipient)
    return _group(rows, ["subject", "recipient"], {"categories": "category_name", "purposes": "purpose_name",
                                                    "legal_bases": "legal_basis", "paths": "path"},
                  ["subject_name", "recipient_name", "role", "country_name", "adequacy", "transfer_mechanism", "route"])


def by_country(model: "Model") -> "pd.DataFrame":
    """One row per country data reaches: adequacy, recipients, subject groups, mechanisms."""
    import pandas as pd

    parts: dict[str, list[dict]] = {}
    for r in _records(model):
        if isinstance(r["country"], str):  # as pandas' groupby, rows without a country form no group
            parts.setdefault(r["country"], []).append(r)
    out = []
    for country in sorted(parts):
        part = parts[country]
        recips = list(dict.fromkeys(r["recipient_name"] for r in part))
        mechs = sorted({m for r in part if r["transfer_mechanism"] is not None for m in r["transfer_mechanism"].split("; ")})
        out.append({
            "country": country,
            "country_name": geo.country_name(country),
            "in_eea": geo.in_eea(country),
            "adequacy": ", ".join(sorted({r["adequacy"] for r in part})),
            "recipients": ", ".join(recips),
            "n_recipients": len(recips),
            "subjects": ", ".join(dict.fromkeys(r["subject_name"] for r in part)),
            "n_categories": len({r["category"] for r in part}),
            "transfer_mechanisms": ", ".join(mechs) if mechs else (
                "not needed" if geo.in_eea(country) else "none given"),
            "leaves_eea": _any_tri(r["leaves_eea"] for r in part),
            "not_in_notice": ", ".join(dict.fromkeys(
                r["recipient_name"] for r in part if r["disclosed_in_notice"] in ("not_stated", UNKNOWN))),
        })
    if not out:
        return pd.DataFrame(out)
    worst = ["none", "conditional", "unknown", "adequate", "eea"]
    out.sort(key=lambda row: (min(worst.index(s) for s in row["adequacy"].split(", ")), row["country_name"]))
    return pd.DataFrame(out)


def _recipient_order(rows: list[dict]) -> list[dict]:
    """Recipients that get the data straight from the person first, then by recipient id (stable)."""
    return sorted(rows, key=lambda r: (not r["direct"], r["recipient"]))


# --- for people ---------------------------------------------------------------------------------

_HEADERS = {
    "subject": "Group id", "subject_name": "Whose data", "category": "Category key",
    "category_name": "Data", "categories": "Data", "category_group": "Kind of data",
    "recipient": "Recipient id", "recipient_name": "Recipient", "recipient_kind": "Recipient is a",
    "party": "Organisation id", "role": "Role", "activity": "Activity", "purpose": "Purpose",
    "purposes": "Purposes", "legal_basis": "Legal basis", "legal_bases": "Legal bases", "country": "Country code",
    "country_name": "Country", "leaves_eea": "Leaves the EEA", "adequacy": "Adequacy",
    "transfer_mechanism": "Transfer mechanism", "transfer_mechanisms": "Transfer mechanisms",
    "direct": "Straight from the person", "path": "Route", "paths": "Route", "path_flows": "Flows on the route",
    "via_flows": "Arrives by flows", "disclosed_in_notice": "Named in the privacy notice",
    "purpose_name": "Purpose", "route": "Route (shortest)",
    "subjects": "Whose data", "recipients": "Recipients", "n_recipients": "Number of recipients",
    "n_categories": "Number of data categories", "in_eea": "In the EEA", "not_in_notice": "Not named in the notice",
}
_VALUES = {
    "role": {"third_party": "third party", "public_authority": "public authority", "sub_processor": "sub-processor",
             "joint_controller": "joint controller"},
    "adequacy": {"eea": "EEA", "adequate": "adequacy decision", "conditional": "only if certified (not known)",
                 "none": "no adequacy decision", "unknown": "unknown"},
    "disclosed_in_notice": {"stated": "yes", "vague": "only vaguely", "not_stated": "no", "unknown": "unknown",
                            "not_applicable": "— (the controller)"},
    "legal_basis": {"legitimate_interests": "legitimate interests", "legal_obligation": "legal obligation",
                    "vital_interests": "vital interests", "public_task": "public task"},
}
_VALUES["legal_bases"] = _VALUES["legal_basis"]
_NAN = float("nan")


def readable(frame: "pd.DataFrame", columns: list[str] | None = None) -> "pd.DataFrame":
    """A register or view with plain-language headers and values, for reports and notebooks.

    True/False read yes/no; None (unknown or not recorded) stays None so reports show it as such.
    """
    import pandas as pd

    frame = frame if columns is None else frame[[c for c in columns if c in frame.columns]]
    data = []
    for col in frame.columns:
        mapping = _VALUES.get(col)

        def convert(v, mapping=mapping, col=col):
            if v is True:
                return "yes"
            if v is False:
                return "no"
            if v is None or not isinstance(v, str) or mapping is None:
                return v
            return "; ".join(mapping.get(p, p.replace("_", " ") if col == "role" else p) for p in v.split("; "))

        values = [convert(v) for v in frame[col].tolist()]
        if all(v is None or isinstance(v, str) for v in values):  # the usual case: text
            if None in values and any(isinstance(v, str) for v in values):
                values = [_NAN if v is None else v for v in values]  # as pandas' map makes text columns
            data.append(pd.Series(values, index=frame.index, dtype=object))
        else:  # numbers: as pandas' map infers them (e.g. ints with NaN become floats)
            data.append(frame[col].map(convert).astype(object))
    out = pd.DataFrame(dict(enumerate(data)), index=frame.index) if data else frame.copy()
    out.columns = [_HEADERS.get(c, c) for c in frame.columns]
    return out
