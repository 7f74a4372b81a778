"""Vulnerable people: children (Art. 8) and people in an unequal relationship (employees, applicants)."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []


@rule(RULES, id="VUL-01", title="Children's data without age checks or parental consent", linddun="Non-compliance",
      refs=["GDPR Art. 8(1)", "GDPR Art. 8(2)", "GDPR Recital 38"], severity=3, likelihood=3,
      severity_reason="Children are less aware of risks; their data collected without parental say can follow them for years.",
      likelihood_reason="Without any check, children reach the service like anyone else.",
      recommendation="Add an age check proportionate to the risk and, under 16 (or the national age), obtain and verify parental consent; or design the service so children's data is not collected.",
      mitigations={"age_verification": (0, 2), "parental_consent": (0, 2), "minimisation": (1, 0)})
def children_unchecked(ctx: Ctx):
    for a in ctx.activities:
        kids = ctx.children(a.subjects) or ([s for s in a.subjects] if ctx.with_kind(a.categories, "children") else [])
        if not kids:
            continue
        scope = [a.id, *kids, *[f.id for f in ctx.flows_of(a) if set(ctx.subjects(f)) & set(kids)]]
        if ctx.in_place(["age_verification", "parental_consent"], *scope):
            continue
        other = [c.name for c in ctx.controls(["other"], kids, "in_place")]
        yield Hit([a.id, *kids], f"{ctx.whose(kids)} can take part in {ctx.purpose(a)} with no age check or "
                  f"parental consent in place" + (f" (only: {'; '.join(other)})" if other else "") + ".",
                  missing=ctx.control_gap(["age_verification", "parental_consent"], scope, "an age check or parental consent"))


@rule(RULES, id="VUL-02", title="Children's data used for analytics, marketing or profiling", linddun="Detecting",
      refs=["GDPR Recital 38", "GDPR Recital 71", "GDPR Art. 8(1)", "EDPB Guidelines 05/2020"], severity=3, likelihood=3,
      severity_reason="Tracking or profiling children shapes what they see and builds records before they can judge it.",
      likelihood_reason="The activity treats children's data like anyone else's.",
      recommendation="Exclude children's data from analytics, marketing and profiling (or obtain parental consent and switch off profiling for them).",
      mitigations={"ip_anonymisation": (1, 0), "minimisation": (1, 0), "age_verification": (0, 1)})
def children_tracked(ctx: Ctx):
    for a in ctx.activities:
        kids = ctx.children(a.subjects)
        if kids and (ctx.purpose_is(a, "analytics", "marketing", "personalize") or a.profiling is True):
            yield Hit([a.id, *kids], f"{ctx.purpose(a)[:1].upper() + ctx.purpose(a)[1:]} also covers {ctx.whose(kids)}: "
                      f"their {ctx.cat_labels(a.categories)} are used for {ctx.tax.name('data_use', a.purpose).lower()}.")


@rule(RULES, id="VUL-03", title="Employees or applicants: consent or automated assessment in an unequal relationship",
      linddun="Non-compliance", refs=["GDPR Art. 88", "GDPR Art. 7(4)", "GDPR Art. 22", "EDPB Guidelines 05/2020 (consent), para. 21"],
      severity=3, likelihood=3,
      severity_reason="Employees and applicants cannot refuse freely; an assessment can cost them a job.",
      likelihood_reason="The imbalance exists in every employment relationship.",
      recommendation="Do not rely on consent for employment purposes (use contract, legal obligation or legitimate interests); ensure a human reviews decisions about applicants and explain the criteria.")
def employment_imbalance(ctx: Ctx):
    for a in ctx.activities:
        staff = ctx.employees(a.subjects)
        if not staff or not ctx.purpose_is(a, "employment"):
            continue
        if a.legal_basis == "consent":
            yield Hit([a.id, *staff], f"The activity '{a.name}' relies on the consent of {ctx.whose(staff)}, who cannot refuse it freely.")
        elif a.profiling is True or a.automated_decisions is True:
            yield Hit([a.id, *staff], f"The activity '{a.name}' profiles or decides automatically about {ctx.whose(staff)}.")
