"""Disclosures: to public authorities and to acquirers in a business transaction."""
from __future__ import annotations

from .. import geo
from ..schema import LEGAL_BASES, is_known
from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []


@rule(RULES, id="DSC-01", title="Disclosures to public authorities without a checked legal ground", linddun="Data disclosure",
      refs=["GDPR Art. 6(1)(c)", "GDPR Art. 6(3)", "GDPR Art. 48", "GDPR Art. 5(1)(b)"], severity=3, likelihood=2,
      severity_reason="Data handed to police or other authorities can lead to investigations or sanctions against the person.",
      likelihood_reason="Requests are occasional, but each one without a check of its legal ground is an unlawful disclosure.",
      recommendation="Disclose only on a binding order under Union or Member State law (Art. 6(3)); check each request (requesting authority, legal ground, scope), log it, disclose the minimum; refuse third-country requests not based on an international agreement (Art. 48).",
      mitigations={"logging_monitoring": (0, 1)})
def authority_disclosures(ctx: Ctx):
    by: dict[str, list] = {}
    for f in ctx.flows:
        party = ctx.receiver(f)
        if party and (ctx.is_authority(party) or ctx.receiver_role(f) == "public_authority"):
            by.setdefault(party, []).append(f)
    for party, flows in by.items():
        acts = list(dict.fromkeys(f.activity for f in flows))
        issues = []
        for aid in acts:
            a = ctx.m.get(aid)
            if a.legal_basis != "legal_obligation":
                issues.append(f"'{a.name}' relies on {LEGAL_BASES.get(a.legal_basis, 'no recorded basis')}, not a legal obligation")
        loc = ctx.m.location(party)
        if not is_known(loc):
            issues.append("the authorities' country is not recorded, so requests from outside the EU (Art. 48) are not excluded")
        elif geo.in_eea(loc) is False:
            issues.append(f"the authorities are {ctx.where(party)}, where Art. 48 bars disclosure without an international agreement")
        if not ctx.in_place(["logging_monitoring"], *[f.id for f in flows]):
            issues.append("no procedure to check and log requests is recorded")
        if not issues:
            continue
        yield Hit([party, *acts, *[f.id for f in flows]],
                  f"{ctx.controller_name} discloses {ctx.cat_labels({c for f in flows for c in ctx.cats(f)})} of "
                  f"{ctx.whose(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))} to {ctx.name(party)} "
                  f"for {join(ctx.purpose(a) for a in acts)}; {'; '.join(issues)}.",
                  missing=(["where the requesting authorities are"] if not is_known(loc) else []))


@rule(RULES, id="DSC-02", title="Data passed to an acquirer in a business transaction", linddun="Data disclosure",
      refs=["GDPR Art. 6(1)(f)", "GDPR Art. 6(4)", "GDPR Art. 13(3)", "GDPR Art. 14(4)", "GDPR Art. 5(1)(b)"],
      severity=3, likelihood=2,
      severity_reason="A new owner may use the whole customer base for purposes people never expected.",
      likelihood_reason="Transactions are occasional, but when one happens it concerns everyone at once.",
      recommendation="In due diligence share only anonymised or pseudonymised data; at the transfer, bind the acquirer to the original purposes, inform people before any change of purpose and let them object.",
      mitigations={"pseudonymisation": (1, 0), "minimisation": (1, 0), "privacy_notice_update": (0, 1)})
def acquirer_disclosure(ctx: Ctx):
    for a in ctx.activities:
        recipients = list(dict.fromkeys(ctx.receiver(f) for f in ctx.flows_of(a) if ctx.receiver(f) and not ctx.ours(ctx.receiver(f))))
        if ctx.purpose_is(a, "third_party_sharing.business_transfer") and recipients:
            yield Hit([a.id, *recipients, *[f.id for f in ctx.flows_of(a)]],
                      f"In a merger, acquisition or asset sale {ctx.controller_name} would pass {ctx.cat_labels(a.categories)} "
                      f"of {ctx.whose(a.subjects)} to {ctx.names(recipients)} "
                      f"{'on no recorded legal basis' if not is_known(a.legal_basis) else 'relying on ' + LEGAL_BASES[a.legal_basis]}, "
                      f"with nothing recorded to limit the new owner to the original purposes.",
                      missing=[f"the legal basis of '{a.name}'"] if not is_known(a.legal_basis) else [])
