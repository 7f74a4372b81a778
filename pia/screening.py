"""Does the processing need a DPIA? The WP248 rev.01 screening, evaluated from the model.

Each of the nine WP248 criteria is met (True), not met (False) or cannot be told (None: the model
leaves a value unknown that decides it); each comes with evidence sentences built from the model,
the element ids it rests on and what information is missing. The verdict follows WP248's rule of
thumb: two or more criteria met, or any Art. 35(3) case, -> "DPIA required"; when the unknowns
could change that -> "cannot tell" (saying what is missing); otherwise "likely not required".
Thresholds and purpose lists are data (``pia/data/screening.yaml``).

>>> import pia
>>> s = screen(pia.load("data/cloud_connectors.yaml"))
>>> s.verdict, [c.number for c in s.criteria if c.met]
('DPIA required', [3, 4, 6, 7])
"""
from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from importlib import resources

from .schema import is_known

__all__ = ["Criterion", "Screening", "screen", "settings", "CRITERIA"]

#: The nine WP248 criteria of processing "likely to result in a high risk".
CRITERIA = {
    1: "Evaluation or scoring, including profiling and predicting",
    2: "Automated decision-making with legal or similarly significant effect",
    3: "Systematic monitoring",
    4: "Sensitive data or data of a highly personal nature",
    5: "Data processed on a large scale",
    6: "Matching or combining datasets",
    7: "Data concerning vulnerable data subjects",
    8: "Innovative use or applying new technological or organisational solutions",
    9: "Processing that prevents people from exercising a right or using a service or a contract",
}


@functools.cache
def settings() -> dict:
    """The screening settings (large-scale threshold, purpose lists) from pia/data/screening.yaml."""
    from .yamlio import load_data

    return load_data(resources.files("pia").joinpath("data/screening.yaml").read_text(encoding="utf-8"))


@dataclass
class Criterion:
    number: int
    name: str
    met: bool | None
    evidence: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        return {True: "met", False: "not met", None: "cannot tell"}[self.met]


@dataclass
class Screening:
    criteria: list[Criterion]
    art35_3: list[str]
    verdict: str
    reasons: list[str]
    large_scale: int = 0

    @property
    def met(self) -> list[Criterion]:
        return [c for c in self.criteria if c.met is True]

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "art35_3": list(self.art35_3),
            "large_scale_threshold": self.large_scale,
            "criteria": [{**asdict(c), "answer": c.answer} for c in self.criteria],
        }


def _purpose_in(ctx, a, keys) -> bool:
    return ctx.purpose_is(a, *keys) if keys else False


def screen(model) -> Screening:
    """Screen ``model`` against the nine WP248 criteria and Art. 35(3)."""
    from .rules.predicates import Ctx, join

    ctx = Ctx(model)
    cfg = settings()
    threshold = int(cfg["large_scale"]["people"])
    acts = ctx.activities
    out: list[Criterion] = []

    def crit(n, met, evidence, elements, missing):
        out.append(Criterion(n, CRITERIA[n], met, evidence, list(dict.fromkeys(elements)), missing))

    def tri(n, yes, unknown, yes_text, unknown_text, no_text):
        if yes:
            crit(n, True, [yes_text(a) for a in yes], [a.id for a in yes], [])
        elif unknown:
            crit(n, None, [], [a.id for a in unknown], [unknown_text(a) for a in unknown])
        else:
            crit(n, False, [no_text], [], [])

    # 1 evaluation or scoring
    yes = [a for a in acts if a.profiling is True or _purpose_in(ctx, a, cfg["scoring_purposes"])]
    yes_ids = {id(a) for a in yes}  # by identity: ids are unique, so equal activities are the same one
    unk = [a for a in acts if not is_known(a.profiling) and id(a) not in yes_ids]
    tri(1, yes, unk, lambda a: f"'{a.name}' profiles or scores {ctx.whose(a.subjects)}.",
        lambda a: f"whether '{a.name}' involves profiling",
        "No activity profiles or scores people (profiling recorded as false throughout).")
    # 2 automated decisions
    yes = [a for a in acts if a.automated_decisions is True]
    unk = [a for a in acts if not is_known(a.automated_decisions)]
    tri(2, yes, unk, lambda a: f"'{a.name}' takes solely automated decisions with legal or similar effect on {ctx.whose(a.subjects)}.",
        lambda a: f"whether '{a.name}' takes solely automated decisions",
        "No activity takes solely automated decisions with legal or similar effect.")
    # 3 systematic monitoring
    ev, els = [], []
    for a in acts:
        obs = ctx.with_kind(a.categories, "online_identifier", "behaviour", "location")
        if obs and _purpose_in(ctx, a, cfg["monitoring_purposes"]):
            flows = [f for f in ctx.flows_of(a) if f.systematic is not False]
            if flows or not ctx.flows_of(a):
                ev.append(f"'{a.name}' observes {ctx.whose(a.subjects)} through their {ctx.cat_labels(obs)} "
                          f"for {ctx.tax.name('data_use', a.purpose).lower()}.")
                els += [a.id, *[f.id for f in flows]]
    crit(3, bool(ev), ev or ["No activity observes people's online behaviour, location or devices for analytics, advertising, personalisation or security monitoring."], els, [])
    # 4 sensitive or highly personal data
    ev, els, unk_ev, unk_els = [], [], [], []
    for a in acts:
        special = [c for c in a.categories if ctx.tax.special(c)]
        personal = ctx.with_kind(a.categories, *cfg["highly_personal_kinds"])
        if special or personal:
            ev.append(f"'{a.name}' processes {ctx.cat_labels(special + personal)}"
                      + (" (special categories, GDPR Art. 9/10)." if special else " (data of a highly personal nature)."))
            els.append(a.id)
        elif ctx.unspecified(a.categories) and not is_known(a.special_condition):
            unk_ev.append(f"whether the {ctx.cat_labels(ctx.unspecified(a.categories))} handled by '{a.name}' include special or highly personal data")
            unk_els.append(a.id)
    if ev:
        crit(4, True, ev, els, [])
    elif unk_ev:
        crit(4, None, [], unk_els, unk_ev)
    else:
        crit(4, False, ["No special-category, financial, location, communications or identity data is recorded."], [], [])
    # 5 large scale
    big = [a for a in acts if isinstance(a.scale, int) and a.scale >= threshold]
    unk = [a for a in acts if not is_known(a.scale)]
    tri(5, big, unk, lambda a: f"'{a.name}' concerns about {a.scale:,} people, at or above the large-scale threshold of {threshold:,}.",
        lambda a: f"how many people '{a.name}' concerns (scale)",
        f"Every activity concerns fewer than {threshold:,} people (pia's large-scale threshold).")
    # 6 matching or combining datasets
    ev, els = [], []
    by_node: dict[str, dict[str, set]] = {}
    for f in ctx.flows:
        if ctx.is_subject(f.to) or ctx.is_authority(ctx.receiver(f)):
            continue
        for s in ctx.subjects(f):
            by_node.setdefault(f.to, {}).setdefault(s, set()).add(f.activity)
    for node, per_subject in by_node.items():
        for s, aids in per_subject.items():
            purposes = sorted({model.get(a).purpose for a in aids})
            distinct = [p for p in purposes if not any(q != p and ctx.tax.is_a(p, q, "data_use") for q in purposes)]
            if len(distinct) >= 2:
                ev.append(f"{ctx.name(node)} receives data of {ctx.short(s)} from {join(sorted(repr(model.get(a).name) for a in aids))}, "
                          f"collected for different purposes.")
                els += [node, *sorted(aids)]
    third: dict[str, list] = {}
    for f in ctx.flows:
        if ctx.receiver_role(f) == "third_party" and _purpose_in(ctx, ctx.activity(f), cfg["monitoring_purposes"]):
            third.setdefault(ctx.receiver(f), []).append(f)
    for party, flows in third.items():
        ev.append(f"{ctx.name(party)} receives {ctx.cat_labels(dict.fromkeys(c for f in flows for c in ctx.cats(f)))} of "
                  f"{ctx.whose(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))} as a third party for its own "
                  f"purposes, where it can combine them with data it gathers elsewhere.")
        els += [*[f.id for f in flows], party]
    crit(6, bool(ev), ev or ["No recipient brings together data collected for different purposes or by different controllers."], els, [])
    # 7 vulnerable people
    vul = [s for s in model.subjects if ctx.tax.vulnerable(s.category) or ctx.children([s.id]) or ctx.employees([s.id])]
    crit(7, bool(vul), [f"{s.name}" + (": children." if ctx.children([s.id]) else ": employees or applicants, in an unequal relationship with their (prospective) employer." if ctx.employees([s.id]) else f": {ctx.tax.name('data_subject', s.category)}, vulnerable.") for s in vul]
         or ["No group of people is recorded as children, employees, patients or otherwise vulnerable."], [s.id for s in vul], [])
    # 8 innovative technology
    yes = [a for a in acts if _purpose_in(ctx, a, cfg["innovative_purposes"]) or ctx.with_kind(a.categories, *cfg["innovative_kinds"])]
    if yes:
        crit(8, True, [f"{a.name} uses {ctx.tax.name('data_use', a.purpose).lower()} or biometric data." for a in yes], [a.id for a in yes], [])
    else:
        crit(8, None, [], [], ["whether the processing uses new technology or new organisational solutions (the model has no field for it: decide and record it in the DPIA)"])
    # 9 prevents exercising a right or using a service
    yes = [a for a in acts if a.automated_decisions is True or _purpose_in(ctx, a, cfg["gatekeeping_purposes"])]
    unk = [a for a in acts if not is_known(a.automated_decisions)]
    tri(9, yes, unk, lambda a: f"'{a.name}' can decide whether {ctx.whose(a.subjects)} get access to a service or contract.",
        lambda a: f"whether '{a.name}' decides on access to a service or contract",
        "No activity decides on people's access to a service, a contract or a right.")

    # Art. 35(3)
    art, art_unknown = [], []
    for a in acts:
        if (a.profiling is True or _purpose_in(ctx, a, cfg["scoring_purposes"])) and a.automated_decisions is True:
            art.append(f"Art. 35(3)(a): {a.name} evaluates people systematically and decides automatically with legal or similar effect.")
        special = [c for c in a.categories if ctx.tax.special(c)]
        if special and isinstance(a.scale, int) and a.scale >= threshold:
            art.append(f"Art. 35(3)(b): {a.name} processes special-category data ({ctx.cat_labels(special)}) of about {a.scale:,} people.")
        elif (special or (ctx.unspecified(a.categories) and not is_known(a.special_condition))) and not isinstance(a.scale, int):
            art_unknown.append(f"Art. 35(3)(b) for '{a.name}': its scale and whether it holds special-category data")

    met = [c for c in out if c.met is True]
    unknown = [c for c in out if c.met is None]
    names = lambda cs: join([f"{c.number} ({c.name.lower()})" for c in cs])
    reasons: list[str] = []
    if art or len(met) >= 2:
        verdict = "DPIA required"
        if art:
            reasons += art
        if met:
            reasons.append(f"{len(met)} of the 9 WP248 criteria are met: {names(met)}.")
    elif len(met) + len(unknown) >= 2 or art_unknown:
        verdict = "cannot tell"
        reasons.append(f"{len(met)} criterion met{': ' + names(met) if met else ''}; "
                       f"{len(unknown)} cannot be told from the model: {names(unknown)}. Two criteria met would require a DPIA.")
        reasons += [f"Missing: {m}." for c in unknown for m in c.missing] + [f"Missing: {m}." for m in art_unknown]
    else:
        verdict = "likely not required"
        reasons.append(f"{len(met)} WP248 criterion met{': ' + names(met) if met else ''}, and no Art. 35(3) case. "
                       "Record this screening; one criterion can still warrant a DPIA where the risk is high.")
    return Screening(out, art, verdict, reasons, threshold)
