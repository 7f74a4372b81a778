"""Third-party analytics and tracking: ePrivacy Art. 5(3) consent, identifiers sent to third parties."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []

_TRACKING = ("analytics", "marketing.advertising", "personalize")
_DEVICE = ("user.device.cookie_id", "user.device.cookie", "user.device.device_id", "user.unique_id")


@rule(RULES, id="TRK-01", title="Cookies or trackers without prior opt-in consent", linddun="Detecting",
      refs=["ePrivacy Art. 5(3)", "GDPR Art. 4(11)", "GDPR Art. 7", "CJEU C-673/17 (Planet49)", "EDPB Guidelines 05/2020"],
      severity=2, likelihood=4,
      severity_reason="People are followed across visits without having agreed; the harm grows with what is inferred.",
      likelihood_reason="The trackers are set on every visit, whatever the person does.",
      recommendation="Set non-essential cookies only after an opt-in (equal 'accept' and 'refuse', no pre-ticked boxes, no cookie wall); record the consent and offer withdrawal at any time.",
      mitigations={"consent_management": (0, 2)})
def tracker_consent(ctx: Ctx):
    for a in ctx.activities:
        device = [c for c in a.categories if ctx.is_a(c, *_DEVICE)]
        if not device or not ctx.purpose_is(a, *_TRACKING):
            continue
        mechs = {a.consent} | {f.consent for f in ctx.flows_of(a) if f.consent}
        if a.legal_basis == "consent" and mechs == {"opt_in"}:
            continue
        how = (f"consent is {join(sorted(m.replace('_', '-') for m in mechs if m))}" if a.legal_basis == "consent" and any(mechs)
               else f"the basis is {a.legal_basis or 'not recorded'}".replace("unknown", "not recorded"))
        where = ctx.names(a.systems) if a.systems else ctx.controller_name
        yield Hit([a.id], f"{where} store{'s' if len(a.systems) <= 1 else ''} or read{'s' if len(a.systems) <= 1 else ''} "
                  f"{ctx.cat_labels(device)} on the devices of {ctx.whose(a.subjects)} for "
                  f"{ctx.tax.name('data_use', a.purpose).lower()} ({ctx.purpose(a)}), and {how}: ePrivacy Art. 5(3) "
                  f"needs prior opt-in consent for trackers that are not strictly necessary.",
                  missing=[f"how consent for the trackers of '{a.name}' is obtained"] if a.consent in (None, "unknown") and a.legal_basis == "consent" else [])


@rule(RULES, id="TRK-02", title="Identifiers and browsing data sent to a third-party analytics or tracking provider",
      linddun="Linking",
      refs=["GDPR Art. 26", "CJEU C-40/17 (Fashion ID)", "GDPR Recital 30",
            "Austrian DSB decision on Google Analytics (D155.027, 2022)", "CNIL formal notice on Google Analytics (Feb 2022)",
            "Garante decision on Google Analytics (9 June 2022)"],
      severity=3, likelihood=3,
      severity_reason="The provider can link people's visits across sites and to its own accounts; IP truncation alone is only pseudonymisation.",
      likelihood_reason="The provider receives the data on every page view and uses it under its own terms.",
      recommendation="Configure the provider as a processor (data processing terms, no data sharing), truncate IP addresses, proxy the calls server-side, or use an EU-hosted analytics tool; define the joint-controller arrangement if it keeps own purposes.",
      mitigations={"ip_anonymisation": (1, 0), "art28_contract": (0, 1), "pseudonymisation": (1, 0), "consent_management": (0, 1)})
def third_party_tracking(ctx: Ctx):
    by: dict[str, list] = {}
    for f in ctx.flows:
        a = ctx.activity(f)
        party = ctx.receiver(f)
        if not party or ctx.ours(party) or not ctx.purpose_is(a, *_TRACKING):
            continue
        if ctx.with_kind(ctx.cats(f), "online_identifier", "behaviour") and ctx.receiver_role(f) != "processor":
            by.setdefault(party, []).append(f)
    for party, flows in by.items():
        role = ctx.receiver_role(flows[0]) or "no recorded role"
        cats = list(dict.fromkeys(c for f in flows for c in ctx.cats(f)))
        yield Hit([*[f.id for f in flows], party], f"The {ctx.cat_labels(cats)} of "
                  f"{ctx.whose(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))} go from {'their devices' if all(ctx.is_subject(f.source) for f in flows) else join(dict.fromkeys(ctx.short(f.source) for f in flows))} to "
                  f"{ctx.name(party)} {ctx.where(flows[0].to)}, acting as {role.replace('_', ' ')} in "
                  f"{join(dict.fromkeys(ctx.purpose(f.activity) for f in flows))}"
                  + (", free to use them for its own purposes." if role in ("third_party", "controller") else "."))
