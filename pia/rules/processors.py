"""Processors and sub-processors: Art. 28 contracts, flow-down, and processors that decide."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []


@rule(RULES, id="PRC-01", title="Processor without an Art. 28 contract", linddun="Non-compliance",
      refs=["GDPR Art. 28(3)", "GDPR Art. 28(1)", "GDPR Art. 28(9)"], severity=3, likelihood=3,
      severity_reason="Without binding instructions the processor may reuse, keep or pass on the data; people lose the guarantees of Art. 28.",
      likelihood_reason="Nothing in writing binds the processor: misuse or loss is possible and cannot be enforced against.",
      recommendation="Sign an Art. 28(3) contract (subject matter, duration, instructions, confidentiality, security, sub-processors, assistance, deletion, audits) and record the contract as a measure in the assessment.",
      mitigations={"art28_contract": (0, 2), "vendor_assessment": (0, 1)})
def processor_without_contract(ctx: Ctx):
    by_party: dict[str, list[str]] = {}
    for a in ctx.activities:
        for pid, role in a.roles.items():
            if role == "processor" and not ctx.in_place(["art28_contract"], pid, a.id):
                by_party.setdefault(pid, []).append(a.id)
    for pid, aids in by_party.items():
        ctrl = {p for a in aids for p, r in ctx.m.get(a).roles.items() if r in ("controller", "joint_controller") and p != pid}
        yield Hit([pid, *aids], f"{ctx.name(pid)} processes personal data as processor for "
                  f"{ctx.names(sorted(ctrl)) or 'the controller'} in {join(ctx.purpose(a) for a in aids)} "
                  f"with no Art. 28 contract in place.",
                  missing=ctx.control_gap(["art28_contract"], [pid, *aids], "an Art. 28 contract")
                  or [f"whether an Art. 28 contract binds {ctx.name(pid)}"])


@rule(RULES, id="PRC-02", title="Sub-processor without flow-down of the processor's obligations",
      linddun="Non-compliance", refs=["GDPR Art. 28(2)", "GDPR Art. 28(4)"], severity=3, likelihood=3,
      severity_reason="The people's data ends up with an organisation nobody bound to the controller's instructions.",
      likelihood_reason="Each extra link in the chain without a contract is a place where data can be reused or lost.",
      recommendation="Have the controller authorise the sub-processor (specifically or generally with notice of changes) and impose the same data protection obligations by contract; record that contract as a measure in the assessment.",
      mitigations={"sub_processor_flow_down": (0, 2), "vendor_assessment": (0, 1)})
def sub_processor_without_flow_down(ctx: Ctx):
    for a in ctx.activities:
        for pid, role in a.roles.items():
            if role == "sub_processor" and not ctx.in_place(["sub_processor_flow_down"], pid, a.id):
                yield Hit([pid, a.id], f"{ctx.name(pid)} is a sub-processor in {ctx.purpose(a)} with no record that the "
                          f"processor's Art. 28 obligations were passed on to it or that the controller authorised it.",
                          missing=ctx.control_gap(["sub_processor_flow_down"], [pid, a.id], "a flow-down contract")
                          or [f"whether {ctx.name(pid)} is bound by the processor's obligations"])


@rule(RULES, id="PRC-03", title="Processor that also uses the data for its own purposes", linddun="Non-compliance",
      refs=["GDPR Art. 28(10)", "GDPR Art. 28(3)(a)", "EDPB Guidelines 07/2020"], severity=3, likelihood=3,
      severity_reason="The processor turns into a controller nobody told the people about, with its own uses of their data.",
      likelihood_reason="The model records the same party receiving the same people's data in a role that is not processor.",
      recommendation="Either keep the party strictly to instructions (and remove the other use), or treat it as a controller: basis, notice and a controller-to-controller agreement.")
def processor_deciding(ctx: Ctx):
    for pid in sorted({p for a in ctx.activities for p, r in a.roles.items() if r == "processor"}):
        if ctx.ours(pid):
            continue
        as_proc = [a for a in ctx.activities if a.roles.get(pid) == "processor"]
        own = [a for a in ctx.activities if a.roles.get(pid) in ("controller", "joint_controller", "third_party")]
        shared = [(p, o) for p in as_proc for o in own if set(p.subjects) & set(o.subjects)]
        if shared:
            p, o = shared[0]
            yield Hit([pid, p.id, o.id], f"{ctx.name(pid)} is processor in {ctx.purpose(p)} but "
                      f"{o.roles[pid].replace('_', ' ')} in {ctx.purpose(o)}, for the same {ctx.whose(set(p.subjects) & set(o.subjects))}: "
                      f"it decides purposes of its own.")


@rule(RULES, id="PRC-04", title="Recipient whose role is not recorded", linddun="Non-compliance",
      refs=["GDPR Art. 4(7)-(10)", "GDPR Art. 26", "GDPR Art. 28", "EDPB Guidelines 07/2020"], severity=2, likelihood=3,
      severity_reason="Without a role nobody knows who answers for the data there, or which contract is needed.",
      likelihood_reason="Data reaches the recipient regularly while its obligations are undefined.",
      recommendation="Decide the recipient's role for the activity (processor, joint controller, third party) and put the matching agreement in place.")
def role_unknown(ctx: Ctx):
    seen: dict[tuple, list] = {}
    for f in ctx.flows:
        party = ctx.receiver(f)
        if party and not ctx.ours(party) and ctx.role(party, f.activity) is None:
            seen.setdefault((party, f.activity), []).append(f.id)
    for (party, aid), flows in seen.items():
        yield Hit([party, aid, *flows], f"{ctx.name(party)} receives data in {ctx.purpose(aid)} but has no role "
                  f"recorded for that activity.", missing=[f"the role of {ctx.name(party)} in '{ctx.m.get(aid).name}'"])
