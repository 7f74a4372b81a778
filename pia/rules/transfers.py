"""Transfers to third countries (GDPR Chapter V)."""
from __future__ import annotations

from .. import geo
from ..schema import DEROGATIONS, TRANSFER_MECHANISMS
from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []

_ART46 = ("scc", "bcr", "code_of_conduct", "certification")


def _certs(ctx: Ctx, party: str | None):
    p = ctx.party(party)
    return p.certifications if p else None


def _mech(f) -> str:
    return f.transfer.mechanism if f.transfer else "unknown"


def _transfer_flows(ctx: Ctx):
    """(flow, adequacy) for flows that leave the EEA or go to an unknown place."""
    return ctx.transfers


@rule(RULES, id="TRF-01", title="Transfer to a third country without adequacy or Art. 46 safeguards",
      linddun="Data disclosure",
      refs=["GDPR Art. 44", "GDPR Art. 45(1)", "GDPR Art. 46(1)", "CJEU C-311/18 (Schrems II)"],
      severity=3, likelihood=3,
      severity_reason="Abroad, people may have no enforceable rights or remedy against access by public authorities.",
      likelihood_reason="The data goes there as a matter of course; only the legal frame is missing.",
      recommendation="Use an adequacy decision where one applies (for US recipients: DPF certification), otherwise sign SCCs (Decision (EU) 2021/914) with a transfer impact assessment and supplementary measures; or keep the data in the EEA.",
      mitigations={"transfer_safeguard": (0, 2), "transfer_impact_assessment": (0, 1), "pseudonymisation": (1, 0), "ip_anonymisation": (1, 0)})
def no_transfer_tool(ctx: Ctx):
    by: dict[str, list] = {}
    for f, adq in _transfer_flows(ctx):
        if ctx.receiver_role(f) == "sub_processor":
            continue  # TRF-04
        mech = _mech(f)
        if adq.status in ("adequate", "eea") or mech in _ART46 or mech == "derogation":
            continue
        if mech in ("adequacy", "dpf") and adq.status == "conditional":
            continue  # TRF-02
        by.setdefault((ctx.receiver(f) or f.to, ctx.location(f.to)), []).append((f, adq))
    for (party, _loc), items in by.items():
        flows = [f for f, _ in items]
        adq = items[0][1]
        place = ctx.where(flows[0].to)
        cats = list(dict.fromkeys(c for f in flows for c in ctx.cats(f)))
        subjects = list(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))
        senders = ("their devices" if all(ctx.is_subject(f.source) for f in flows)
                   else join(list(dict.fromkeys(ctx.short(f.source) for f in flows))))
        mechs = {_mech(f) for f in flows}
        how = "with no transfer mechanism recorded" if mechs <= {"unknown"} else (
            "with no transfer mechanism" if mechs <= {"none"} else "with no transfer mechanism (or none) recorded")
        why = {"none": f"{geo.country_name(adq.country)} has no adequacy decision",
               "conditional": f"{ctx.name(party)} is not known to be certified under the EU-US Data Privacy Framework",
               "unknown": "the destination is not known"}.get(adq.status, "")
        missing = [f"the transfer mechanism of flow '{f.id}'" for f in flows if _mech(f) == "unknown"]
        if adq.status == "unknown":
            missing.insert(0, f"where {ctx.name(flows[0].to)} is located")
        if adq.status == "conditional" and not isinstance(_certs(ctx, party), list):
            missing.append(f"whether {ctx.name(party)} is certified under the Data Privacy Framework")
        yield Hit([*[f.id for f in flows], party],
                  f"The {ctx.cat_labels(cats)} of {ctx.whose(subjects)} go from {senders} to {ctx.who(flows[0])} {place} "
                  f"for {join(list(dict.fromkeys(ctx.purpose(f.activity) for f in flows)))}, {how}; {why}.",
                  missing=missing)


@rule(RULES, id="TRF-02", title="US recipient relied on as adequate without DPF certification",
      linddun="Data disclosure",
      refs=["GDPR Art. 45(1)", "Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)", "GDPR Art. 44"],
      severity=3, likelihood=3,
      severity_reason="If the recipient is not certified, the transfer has no legal frame and US access safeguards may not apply.",
      likelihood_reason="The adequacy decision only covers organisations on the DPF list; certification lapses happen.",
      recommendation="Check the recipient on the DPF list (dataprivacyframework.gov) for the right data (HR / non-HR), record the certification, or sign SCCs.",
      mitigations={"transfer_safeguard": (0, 2), "vendor_assessment": (0, 1)})
def us_without_dpf(ctx: Ctx):
    for f, adq in _transfer_flows(ctx):
        if _mech(f) in ("adequacy", "dpf") and adq.status == "conditional":
            party = ctx.receiver(f)
            yield Hit([f.id, party], f"Flow {f.id} to {ctx.who(f)} {ctx.where(f.to)} relies on "
                      f"{TRANSFER_MECHANISMS[_mech(f)]}, but {ctx.name(party)} is not recorded as DPF-certified.",
                      missing=[] if isinstance(_certs(ctx, party), list) else [f"whether {ctx.name(party)} is DPF-certified"])


@rule(RULES, id="TRF-03", title="Art. 49 derogation used for systematic transfers", linddun="Non-compliance",
      refs=["GDPR Art. 49(1)", "GDPR Recital 111", "EDPB Guidelines 2/2018 on Art. 49 derogations"],
      severity=3, likelihood=4,
      severity_reason="Derogations give people no safeguards abroad; used routinely they replace the protection Chapter V requires.",
      likelihood_reason="The transfers are regular, so the derogation is relied on for every one of them.",
      recommendation="Frame regular transfers with adequacy or Art. 46 safeguards (SCCs with a transfer impact assessment); keep derogations for occasional, specific cases. Consent to a transfer must be explicit and informed of the risks (Art. 49(1)(a)).",
      mitigations={"transfer_impact_assessment": (0, 1)})
def systematic_derogation(ctx: Ctx):
    by: dict[str, list] = {}
    for f, adq in _transfer_flows(ctx):
        if _mech(f) == "derogation" and f.systematic is not False and adq.status != "adequate":
            by.setdefault(ctx.receiver(f) or f.to, []).append(f)
    for party, flows in by.items():
        ders = sorted({DEROGATIONS.get(f.transfer.derogation, "Art. 49 (derogation not named)") if f.transfer.derogation
                       else "Art. 49 (derogation not named)" for f in flows})
        deemed = [f for f in flows if f.transfer.derogation == "explicit_consent" and f.consent != "opt_in"]
        subjects = list(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))
        text = (f"Data of {ctx.whose(subjects)} goes to {ctx.who(flows[0])} {ctx.where(flows[0].to)} in "
                f"{len(flows)} regular flow{'s' if len(flows) > 1 else ''} ({join(f.id for f in flows)}) on "
                f"{join(ders)}, a derogation meant for occasional transfers")
        if deemed:
            text += "; the consent relied on is not explicit (no opt-in is recorded on these flows)"
        yield Hit([*[f.id for f in flows], party], text + ".",
                  missing=[f"whether flow '{f.id}' is systematic" for f in flows if f.systematic is not True])


@rule(RULES, id="TRF-04", title="Onward transfer through a sub-processor without a recorded safeguard",
      linddun="Data disclosure", refs=["GDPR Art. 44", "GDPR Art. 28(4)", "GDPR Art. 46(1)"], severity=3, likelihood=3,
      severity_reason="Data passed down the chain can end up in a country without protection, outside the controller's view.",
      likelihood_reason="The sub-processor's location or the safeguard for it is not recorded, so nothing prevents it.",
      recommendation="List each sub-processor's location; for those outside the EEA, require SCCs (module 3, processor to processor) or adequacy, and let the controller object to changes.",
      mitigations={"transfer_safeguard": (0, 2), "sub_processor_flow_down": (0, 1)})
def onward_via_sub_processor(ctx: Ctx):
    for f, adq in _transfer_flows(ctx):
        if ctx.receiver_role(f) == "sub_processor" and adq.status not in ("adequate", "eea") and _mech(f) not in _ART46:
            party = ctx.receiver(f)
            missing = [f"where {ctx.name(f.to)} is located"] if adq.status == "unknown" else []
            if _mech(f) == "unknown":
                missing.append(f"the transfer mechanism of flow '{f.id}'")
            yield Hit([f.id, party], f"The {ctx.cat_labels(ctx.cats(f))} of {ctx.whose(ctx.subjects(f))} pass from "
                      f"{ctx.name(f.source)} to the sub-processor {ctx.who(f)} {ctx.where(f.to)} with no transfer "
                      f"safeguard recorded.", missing=missing)


@rule(RULES, id="TRF-05", title="Transfer safeguard without a transfer impact assessment", linddun="Data disclosure",
      refs=["GDPR Art. 46(1)", "CJEU C-311/18 (Schrems II)", "EDPB Recommendations 01/2020"], severity=3, likelihood=2,
      severity_reason="SCCs do not bind the destination's authorities: without an assessment, access may go unchecked.",
      likelihood_reason="Whether local law undermines the clauses depends on the country and the data: possible, not certain.",
      recommendation="Carry out and document a transfer impact assessment per destination, with supplementary measures (encryption with keys kept in the EEA, pseudonymisation) where needed.",
      mitigations={"transfer_impact_assessment": (0, 1)})
def no_tia(ctx: Ctx):
    for f, adq in _transfer_flows(ctx):
        if _mech(f) in _ART46 and adq.status in ("none", "conditional") and not ctx.in_place(["transfer_impact_assessment"], f.id):
            yield Hit([f.id, ctx.receiver(f)], f"Flow {f.id} to {ctx.who(f)} {ctx.where(f.to)} relies on "
                      f"{TRANSFER_MECHANISMS[_mech(f)]} with no transfer impact assessment in place.",
                      missing=ctx.control_gap(["transfer_impact_assessment"], [f.id], "a transfer impact assessment"))
