"""A model as a networkx graph, and the queries later analyses need.

Nodes are subject groups, parties and systems (attribute ``kind``); edges are flows (key: the flow
id) carrying their attributes. All queries are plain functions taking the graph first.

>>> import pia
>>> m = pia.loads('''
... assessment: {id: shop, title: Web shop}
... sources: [{id: notice, title: Privacy notice}]
... parties:
...   - {id: shop, name: Shop, country: DE}
...   - {id: pay, name: PayCo, country: US, certifications: [dpf]}
...   - {id: bank, name: Bank, country: FR}
... subjects: [{id: buyers, name: Buyers, category: customer, country: EU}]
... systems: [{id: web, name: Web shop, operator: shop, location: DE}]
... activities:
...   - id: checkout
...     name: Checkout
...     purpose: essential.service.payment_processing
...     legal_basis: contract
...     subjects: [buyers]
...     categories: [user.contact.email, user.financial.credit_card]
...     roles: {shop: controller, pay: processor, bank: sub_processor}
... flows:
...   - {id: f1, from: buyers, to: web, activity: checkout}
...   - {id: f2, from: web, to: pay, activity: checkout, categories: [user.financial.credit_card], transfer: dpf}
...   - {id: f3, from: pay, to: bank, activity: checkout, categories: [user.financial]}
... ''')
>>> g = build(m)
>>> sorted(g.nodes)
['bank', 'buyers', 'pay', 'shop', 'web']
>>> recipients(g, "user.financial.credit_card")
['pay', 'web']
>>> recipients(g, "user.financial.credit_card", transitive=True)
['bank', 'pay', 'web']
>>> leaving_eea(g)
['f2']
>>> leaving_country(g, "DE")
['f2']
>>> flows_into(g, "pay"), flows_out_of(g, "pay")
(['f2'], ['f3'])
>>> [f for f in subject_flows(g, "buyers")]
['f1', 'f2', 'f3']
>>> parties_by_role(m)["checkout"]["processor"]
['pay']
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:  # pragma: no cover
    from .model import Model

__all__ = ["build", "recipients", "leaving_eea", "leaving_country", "subject_flows", "parties_by_role",
           "flows_into", "flows_out_of", "edges"]


def build(model: "Model") -> nx.MultiDiGraph:
    """Build the flow graph of a model.

    Node attributes: ``kind`` (subject, party, system), ``name``, ``location`` (country code, 'EU' or
    'unknown'), ``party`` (the party behind the node: itself, or a system's operator).
    Edge attributes (key = flow id): ``flow``, ``activity``, ``purpose``, ``legal_basis``,
    ``categories``, ``subjects``, ``encrypted``, ``transfer`` (mechanism or None), ``leaves_eea``
    (True/False/None for unknown), ``role`` (role of the receiving party in the activity).
    """
    g = nx.MultiDiGraph(assessment=model.assessment.id)
    for kind, items in (("subject", model.subjects), ("party", model.parties), ("system", model.systems)):
        for item in items:
            g.add_node(item.id, kind=kind, name=item.name, location=model.location(item.id),
                       party=model.party_of(item.id))
    activities = {a.id: a for a in model.activities}
    for f in model.flows:
        a = activities[f.activity]
        receiver = model.party_of(f.to)
        g.add_edge(
            f.source, f.to, key=f.id,
            flow=f.id, activity=a.id, purpose=a.purpose, legal_basis=a.legal_basis,
            categories=tuple(model.flow_categories(f)), subjects=tuple(model.flow_subjects(f)),
            encrypted=f.encrypted, transfer=f.transfer.mechanism if f.transfer else None,
            leaves_eea=model.leaves_eea(f), role=a.roles.get(receiver) if receiver else None,
        )
    g.graph["taxonomy"] = model.vocabulary
    g.graph["flow_order"] = [(f.source, f.to, f.id) for f in model.flows]
    return g


def edges(g: nx.MultiDiGraph):
    """(source, target, flow id, attributes) for every flow, in model order."""
    adj = g.adj
    for u, v, k in g.graph.get("flow_order") or g.edges(keys=True):
        yield u, v, k, adj[u][v][k]


def _carries(g: nx.MultiDiGraph, cats: tuple[str, ...], category: str, broader: bool) -> bool:
    tax = g.graph["taxonomy"]
    for c in cats:
        if tax.is_a(c, category) or (broader and tax.is_a(category, c)):
            return True
    return False


def recipients(g: nx.MultiDiGraph, category: str, *, transitive: bool = False) -> list[str]:
    """Nodes that receive data of ``category`` (or of a narrower category), sorted.

    With ``transitive=True`` the data is also followed through onward flows out of each node that
    received it, where such a flow carries the category or a broader one (a processor forwarding
    "financial data" forwards the card numbers it got). Cycles are handled. A key that is neither
    fideslang's nor the model's raises KeyError with the closest keys, rather than finding nobody.
    """
    tax = g.graph["taxonomy"]
    if not tax.has("data_category", category):
        close = tax.suggest(category, "data_category")
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown data category {category!r}{hint}")
    reached: set[str] = set()
    queue: deque[str] = deque()
    for u, v, _k, d in edges(g):
        if _carries(g, d["categories"], category, broader=False) and v not in reached:
            reached.add(v)
            queue.append(v)
    if transitive:
        while queue:
            node = queue.popleft()
            for _u, v, _k, d in g.out_edges(node, keys=True, data=True):
                if v not in reached and _carries(g, d["categories"], category, broader=True):
                    reached.add(v)
                    queue.append(v)
    return sorted(n for n in reached if g.nodes[n]["kind"] != "subject")


def leaving_eea(g: nx.MultiDiGraph, *, include_unknown: bool = False) -> list[str]:
    """Ids of flows leaving the EEA (with ``include_unknown``: also those to unknown places)."""
    return [k for _u, _v, k, d in edges(g) if d["leaves_eea"] is True or (include_unknown and d["leaves_eea"] is None)]


def leaving_country(g: nx.MultiDiGraph, country: str) -> list[str]:
    """Ids of flows from a node located in ``country`` to a node located elsewhere (or unknown)."""
    return [k for u, v, k, _d in edges(g)
            if g.nodes[u]["location"] == country and g.nodes[v]["location"] != country]


def subject_flows(g: nx.MultiDiGraph, subject: str) -> list[str]:
    """Ids of all flows carrying data of a subject group: collection and every onward flow."""
    return [k for _u, _v, k, d in edges(g) if subject in d["subjects"]]


def flows_into(g: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of flows arriving at a node."""
    return [k for _u, _v, k in g.in_edges(node, keys=True)]


def flows_out_of(g: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of flows leaving a node."""
    return [k for _u, _v, k in g.out_edges(node, keys=True)]


def parties_by_role(model: "Model", activity: str | None = None) -> dict:
    """Parties by role, per activity: ``{activity: {role: [party ids]}}``; with ``activity``, that
    activity's ``{role: [party ids]}`` only. Roles belong to activities, not to parties."""
    out: dict[str, dict[str, list[str]]] = {}
    for a in model.activities:
        roles: dict[str, list[str]] = {}
        for party, role in a.roles.items():
            roles.setdefault(role, []).append(party)
        out[a.id] = {r: sorted(p) for r, p in sorted(roles.items())}
    return out[activity] if activity is not None else out
