"""Profiling and automated decisions (GDPR Art. 21, 22)."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []


def _ours(ctx: Ctx, a) -> bool:
    return ctx.role(ctx.controller, a) not in ("processor", "sub_processor")


@rule(RULES, id="PRF-01", title="Profiling of people", linddun="Detecting",
      refs=["GDPR Art. 4(4)", "GDPR Art. 21(1)-(2)", "GDPR Art. 13(2)(f)", "GDPR Recital 71"], severity=2, likelihood=3,
      severity_reason="Profiles infer traits people did not disclose and steer what they are offered.",
      likelihood_reason="Where profiling is recorded (or cannot be excluded) it applies to everyone in the activity.",
      recommendation="Record whether each activity profiles people; where it does, inform them, offer the right to object (absolute for direct marketing) and minimise the inputs.",
      mitigations={"rights_request_process": (0, 1), "minimisation": (1, 0)})
def profiling(ctx: Ctx):
    for a in ctx.activities:
        if a.profiling is True and _ours(ctx, a):
            yield Hit([a.id], f"The activity '{a.name}' profiles {ctx.whose(a.subjects)} using {ctx.cat_labels(a.categories)}.")
    unknown = [a for a in ctx.activities if a.profiling in (None, "unknown") and _ours(ctx, a)]
    if unknown:
        yield Hit([a.id for a in unknown], f"Whether people are profiled is not recorded for {len(unknown)} "
                  f"activit{'ies' if len(unknown) > 1 else 'y'}: {'; '.join(a.name for a in unknown)}.",
                  missing=[f"whether '{a.name}' profiles people" for a in unknown], likelihood=2)


@rule(RULES, id="PRF-02", title="Solely automated decisions with legal or similarly significant effect",
      linddun="Unawareness", refs=["GDPR Art. 22(1)-(3)", "GDPR Art. 13(2)(f)", "GDPR Art. 35(3)(a)", "CJEU C-634/21 (SCHUFA)"],
      severity=4, likelihood=3,
      severity_reason="A decision by a machine can refuse people a job, credit or service without a human ever looking.",
      likelihood_reason="Where such decisions exist they apply to everyone assessed; where unknown they cannot be excluded.",
      recommendation="Use solely automated decisions only under an Art. 22(2) exception, with human intervention on request, the right to contest and an explanation; otherwise put a human in the loop and record automated_decisions: false.",
      mitigations={"rights_request_process": (1, 0)})
def automated_decisions(ctx: Ctx):
    for a in ctx.activities:
        if a.automated_decisions is True and _ours(ctx, a):
            yield Hit([a.id], f"The activity '{a.name}' takes solely automated decisions with legal or similar effect on {ctx.whose(a.subjects)}.")
    unknown = [a for a in ctx.activities if a.automated_decisions in (None, "unknown") and _ours(ctx, a)]
    if unknown:
        yield Hit([a.id for a in unknown], f"Whether solely automated decisions are taken is not recorded for "
                  f"{len(unknown)} activit{'ies' if len(unknown) > 1 else 'y'}: {'; '.join(a.name for a in unknown)}.",
                  missing=[f"whether '{a.name}' takes solely automated decisions" for a in unknown], severity=3, likelihood=2)
