"""Rights of access, erasure and objection, and who answers requests (GDPR Art. 12, 15-22, 26(3))."""
from __future__ import annotations

from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []


@rule(RULES, id="RGT-01", title="No way to exercise access, erasure and objection", linddun="Unawareness",
      refs=["GDPR Art. 12(2)-(3)", "GDPR Art. 15", "GDPR Art. 17", "GDPR Art. 21"], severity=3, likelihood=3,
      severity_reason="People cannot see, correct or remove their data, or stop its use.",
      likelihood_reason="Without a process, requests are lost or not answered within the month Art. 12(3) allows.",
      recommendation="Set up a request process (contact point, identity check, one-month deadline, log) covering every activity, and record the process as a measure in the assessment.",
      mitigations={"rights_request_process": (0, 2)})
def no_rights_process(ctx: Ctx):
    acts = [a for a in ctx.activities if ctx.role(ctx.controller, a) not in ("processor", "sub_processor")
            and not ctx.in_place(["rights_request_process"], a.id)]
    if acts:
        yield Hit([a.id for a in acts], f"No process to handle access, erasure or objection requests is in place for "
                  f"{len(acts)} activit{'ies' if len(acts) > 1 else 'y'}: {'; '.join(a.name for a in acts)}.",
                  missing=sorted(set(ctx.control_gap(["rights_request_process"], [a.id for a in acts], "a rights request process")))
                  or ["how people exercise access, erasure and objection for these activities"])


@rule(RULES, id="RGT-02", title="People sent to another controller to exercise their rights", linddun="Unawareness",
      refs=["GDPR Art. 26(1)-(3)", "GDPR Art. 12(2)", "CJEU C-210/16 (Wirtschaftsakademie)"], severity=2, likelihood=3,
      severity_reason="People bounce between organisations and give up on their requests.",
      likelihood_reason="Nothing records an arrangement saying who answers them, so each request risks falling between the two.",
      recommendation="Conclude an Art. 26 arrangement (who informs, who answers), publish its essence, and accept requests from people whichever controller they contact.",
      mitigations={"rights_request_process": (0, 1), "privacy_notice_update": (0, 1)})
def other_controller(ctx: Ctx):
    for a in ctx.activities:
        if ctx.role(ctx.controller, a) not in ("controller", "joint_controller"):
            continue
        others = [p for p, r in a.roles.items() if r in ("controller", "joint_controller") and not ctx.ours(p)]
        if others and any(ctx.disclosure(p) != "stated" for p in others):
            yield Hit([a.id, *others], f"{ctx.names(others)} and {ctx.controller_name} both decide on "
                      f"{ctx.purpose(a)}, but no arrangement says which of them answers {ctx.whose(a.subjects)}, "
                      f"and the notice does not set one out.", missing=[f"the Art. 26 arrangement for '{a.name}'"])


@rule(RULES, id="RGT-03", title="No way to object to direct marketing", linddun="Unawareness",
      refs=["GDPR Art. 21(2)-(3)", "ePrivacy Art. 13(2)"], severity=2, likelihood=4,
      severity_reason="People keep receiving marketing they do not want.",
      likelihood_reason="Without an opt-out in every message, everyone on the list is affected.",
      recommendation="Put an unsubscribe link in every message and honour objections at once (Art. 21(3)); record it as a control.")
def marketing_objection(ctx: Ctx):
    for a in ctx.activities:
        if ctx.purpose_is(a, "marketing") and not ctx.in_place(["consent_management", "rights_request_process"], a.id):
            yield Hit([a.id], f"The activity '{a.name}' reaches {ctx.whose(a.subjects)} with no recorded way to object or unsubscribe.")
