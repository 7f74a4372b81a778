"""Security of processing: sensitive data protected in transit and at rest (Art. 32)."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []


def _group(flows, ctx):
    by: dict[str, list] = {}
    for f in flows:
        by.setdefault(f.activity, []).append(f)
    return by


@rule(RULES, id="SEC-01", title="Sensitive data sent without (known) encryption in transit", linddun="Data disclosure",
      refs=["GDPR Art. 32(1)(a)", "GDPR Art. 5(1)(f)", "GDPR Art. 34"], severity=3, likelihood=3,
      severity_reason="Intercepted credentials, payment or special data lead to account take-over, fraud or exposure.",
      likelihood_reason="Unencrypted traffic can be read on any network it crosses.",
      recommendation="Encrypt every transmission of these data (TLS 1.2+ with current ciphers, HSTS) and record it on the flows.",
      mitigations={"encryption_in_transit": (0, 2)})
def sensitive_in_transit(ctx: Ctx):
    bad = [f for f in ctx.flows if f.encrypted is not True and ctx.sensitive(ctx.cats(f)) and not ctx.outside(f)]
    for aid, flows in _group(bad, ctx).items():
        cats = sorted({c for f in flows for c in ctx.sensitive(ctx.cats(f))})
        unknown = [f for f in flows if f.encrypted is not False]
        yield Hit([aid, *[f.id for f in flows]],
                  f"The {ctx.cat_labels(cats)} in {ctx.purpose(aid)} travel "
                  f"{'; '.join(f'from {ctx.name(f.source)} to {ctx.who(f)}' for f in flows)} "
                  f"{'without encryption' if not unknown else 'with no encryption recorded'}.",
                  missing=[f"whether flow '{f.id}' is encrypted in transit" for f in unknown])


@rule(RULES, id="SEC-02", title="Sensitive data stored without (known) encryption at rest", linddun="Data disclosure",
      refs=["GDPR Art. 32(1)(a)", "GDPR Art. 34(3)(a)", "GDPR Art. 5(1)(f)"], severity=3, likelihood=3,
      severity_reason="A stolen copy of credentials, payment or special data can be used for fraud or exposure.",
      likelihood_reason="Stores, copies and backups are prime targets; unknown protection counts as none.",
      recommendation="Encrypt these data at rest (keys managed apart from the data), hash passwords with a slow salted function, and record the control.",
      mitigations={"encryption_at_rest": (0, 2), "access_control": (0, 1), "pseudonymisation": (1, 0)})
def sensitive_at_rest(ctx: Ctx):
    stores: dict[str, set] = {}
    for f in ctx.flows:
        item = ctx.m.index.get(f.to)
        if getattr(item, "kind", None) in ("datastore", "platform", "system") and ctx.sensitive(ctx.cats(f)):
            stores.setdefault(f.to, set()).update(ctx.sensitive(ctx.cats(f)))
    for sid, cats in stores.items():
        if ctx.in_place(["encryption_at_rest"], sid):
            continue
        yield Hit([sid], f"{ctx.name(sid)} {ctx.where(sid)} stores {ctx.cat_labels(sorted(cats))} with no encryption "
                  f"at rest in place.",
                  missing=ctx.control_gap(["encryption_at_rest"], [sid], "encryption at rest")
                  or [f"whether {ctx.name(sid)} encrypts stored data"])


@rule(RULES, id="SEC-03", title="Personal data sent without (known) encryption", linddun="Data disclosure",
      refs=["GDPR Art. 32(1)(a)", "GDPR Art. 5(1)(f)"], severity=2, likelihood=3,
      severity_reason="Intercepted contact or browsing data exposes people to spam, phishing or tracking.",
      likelihood_reason="Traffic over the internet without encryption can be read or altered on the way.",
      recommendation="Encrypt the transmissions (HTTPS/TLS) and record it on the flows.",
      mitigations={"encryption_in_transit": (0, 2)})
def personal_in_transit(ctx: Ctx):
    """One finding for all such flows: the fix (TLS everywhere) is one decision."""
    bad = [f for f in ctx.flows if f.encrypted is not True and not ctx.sensitive(ctx.cats(f)) and not ctx.outside(f)]
    if bad:
        unknown = [f for f in bad if f.encrypted is not False]
        listing = "; ".join(f"{ctx.cat_labels(ctx.cats(f), 3)} from {ctx.short(f.source)} to {ctx.short(f.to)}" for f in bad)
        yield Hit([f.id for f in bad], f"{len(bad)} flow{'s' if len(bad) > 1 else ''} of personal data "
                  f"{'have no encryption recorded' if unknown else 'are not encrypted'}: {listing}.",
                  missing=[f"whether flow '{f.id}' is encrypted in transit" for f in unknown])
