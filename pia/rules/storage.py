"""Storage limitation: every activity needs a retention period or the criteria that set it."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []

#: CNIL guidance on cookies and trackers (2020): 25 months at most for data collected by trackers.
TRACKING_MAX_DAYS = 25 * 30


@rule(RULES, id="STO-01", title="Retention period unknown", linddun="Non-compliance",
      refs=["GDPR Art. 5(1)(e)", "GDPR Art. 13(2)(a)", "GDPR Art. 30(1)(f)"], severity=2, likelihood=4,
      severity_reason="Data kept without limit piles up: a later breach or misuse reaches more people and older data.",
      likelihood_reason="Without a period nothing triggers deletion, so data is in practice kept indefinitely.",
      recommendation="Set a period (or objective criteria) per activity, write it in a retention schedule, delete or anonymise on expiry, and state it in the notice.",
      mitigations={"retention_schedule": (0, 2)})
def retention_unknown(ctx: Ctx):
    """One finding for all activities with no period, as one retention schedule fixes them."""
    acts = [a for a in ctx.activities if a.retention is None or (a.retention.period == "unknown" and not a.retention.criteria)]
    if acts:
        n = len(acts)
        yield Hit([a.id for a in acts], f"No retention period or criteria are recorded for {n} activit{'ies' if n > 1 else 'y'}: "
                  f"{'; '.join(a.name for a in acts)}.", missing=[f"how long '{a.name}' keeps its data" for a in acts])


@rule(RULES, id="STO-02", title="Data kept without time limit", linddun="Non-compliance",
      refs=["GDPR Art. 5(1)(e)", "GDPR Art. 17(1)(a)"], severity=3, likelihood=4,
      severity_reason="Indefinite storage means every future breach or change of purpose reaches all past data.",
      likelihood_reason="Unlimited retention is a stated choice: it happens for everyone.",
      recommendation="Replace 'unlimited' by a period tied to the purpose; archive with restricted access only where a law requires it.",
      mitigations={"retention_schedule": (0, 2), "pseudonymisation": (1, 0)})
def retention_unlimited(ctx: Ctx):
    for a in ctx.activities:
        if a.retention is not None and a.retention.period == "unlimited":
            yield Hit([a.id], f"The activity '{a.name}' keeps {ctx.cat_labels(a.categories)} of {ctx.whose(a.subjects)} without time limit.")


@rule(RULES, id="STO-03", title="Tracking data kept longer than 25 months", linddun="Linking",
      refs=["GDPR Art. 5(1)(e)", "ePrivacy Art. 5(3)", "CNIL Guidelines on cookies and other trackers (2020)"],
      severity=2, likelihood=3,
      severity_reason="Long-lived identifiers let browsing be linked over years.",
      likelihood_reason="Trackers keep working as long as the data exists.",
      recommendation="Keep analytics and tracking data at most 25 months and cookie lifetimes at most 13 months.",
      mitigations={"retention_schedule": (0, 2), "ip_anonymisation": (1, 0)})
def tracking_too_long(ctx: Ctx):
    for a in ctx.activities:
        ids = ctx.with_kind(a.categories, "online_identifier")
        days = a.retention.days if a.retention is not None else None
        if ids and ctx.purpose_is(a, "analytics", "marketing.advertising", "personalize") and days and days > TRACKING_MAX_DAYS:
            yield Hit([a.id], f"The activity '{a.name}' keeps {ctx.cat_labels(ids)} of {ctx.whose(a.subjects)} for {a.retention.period}, "
                      f"longer than the 25 months recommended for tracking data.")
