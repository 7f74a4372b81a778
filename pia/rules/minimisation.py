"""Data minimisation: only the data a purpose needs; no identifier spread that enables linking."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []

#: Purposes and the category branches they do not need (checked on each activity).
UNNEEDED = {
    "analytics": ("user.contact", "user.name", "user.financial", "user.payment", "user.government_id",
                  "user.authorization", "user.health_and_medical", "user.biometric"),
    "marketing.communications": ("user.financial", "user.payment", "user.government_id", "user.authorization",
                                 "user.health_and_medical", "user.biometric", "user.criminal_history"),
    "essential.service.operations.support": ("user.financial", "user.payment", "user.government_id",
                                             "user.authorization", "user.biometric"),
    "employment.recruitment": ("user.health_and_medical", "user.demographic", "user.biometric", "user.financial"),
}
#: Categories that identify a person across recipients (LINDDUN linking).
IDENTIFIERS = ("user.device.ip_address", "user.device.cookie_id", "user.device.device_id", "user.unique_id",
               "user.contact.email", "user.contact.phone_number", "user.government_id")


@rule(RULES, id="MIN-01", title="Data the purpose does not need", linddun="Data disclosure",
      refs=["GDPR Art. 5(1)(c)", "GDPR Art. 25(2)"], severity=2, likelihood=3,
      severity_reason="Extra data adds to what a breach or misuse exposes without any benefit to the purpose.",
      likelihood_reason="Data collected is data at risk for as long as it is kept.",
      recommendation="Stop collecting (or strip before use) the categories the purpose does not need.",
      mitigations={"minimisation": (1, 1), "pseudonymisation": (1, 0)})
def unneeded_categories(ctx: Ctx):
    for a in ctx.activities:
        for purpose, branches in UNNEEDED.items():
            if ctx.purpose_is(a, purpose):
                extra = [c for c in a.categories if ctx.is_a(c, *branches)]
                if extra:
                    yield Hit([a.id], f"The activity '{a.name}' ({ctx.tax.name('data_use', a.purpose).lower()}) collects "
                              f"{ctx.cat_labels(extra)} of {ctx.whose(a.subjects)}, which that purpose does not need.")
                break


@rule(RULES, id="MIN-02", title="One identifier sent to several independent recipients", linddun="Linking",
      refs=["GDPR Art. 5(1)(c)", "GDPR Art. 25(1)", "GDPR Recital 30", "LINDDUN: Linking"], severity=3, likelihood=3,
      severity_reason="Recipients holding the same identifier can join their records into a profile the person never agreed to.",
      likelihood_reason="Regular flows of the same identifier make joining easy for any recipient that wants to.",
      recommendation="Send each recipient a different pseudonym (or none), truncate IP addresses, and bind recipients by contract not to combine data.",
      mitigations={"pseudonymisation": (1, 1), "ip_anonymisation": (1, 1), "minimisation": (0, 1)})
def linkable_identifier(ctx: Ctx):
    reach: dict[str, dict[str, list]] = {}
    for f in ctx.flows:
        party = ctx.receiver(f)
        role = ctx.receiver_role(f)
        if not party or ctx.ours(party) or role in ("processor", "sub_processor") or f.systematic is False:
            continue
        for c in ctx.cats(f):
            if ctx.is_a(c, *IDENTIFIERS):
                reach.setdefault(c, {}).setdefault(party, []).append(f.id)
    for cat, parties in reach.items():
        if len(parties) >= 2:
            flows = [fid for p in parties for fid in parties[p]]
            yield Hit(sorted(parties) + flows, f"The {ctx.cat_label(cat)} of the same people reaches "
                      f"{len(parties)} independent recipients ({join(ctx.name(p) for p in sorted(parties))}), "
                      f"who can link their records through it.")
