"""Transparency: what the privacy notice must tell people (GDPR Art. 12-14).

One rule per Art. 13/14 item (each with its own paragraph), each firing when the model records the
item as not stated, partly stated or unknown, and only where the item applies (e.g. legitimate
interests only when an activity relies on them or its basis is unknown). Then undisclosed
recipients and data obtained from other parties.
"""
from __future__ import annotations

from ..schema import is_known
from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []

_STATUS = {"not_stated": "does not state", "partly": "only partly states", "unknown": "is not recorded as stating"}


def _applies_all(ctx: Ctx):
    return [a.id for a in ctx.activities if ctx.role(ctx.controller, a) not in ("processor", "sub_processor")]


def _notice_rule(rid: str, item: str, title: str, refs: list[str], what: str, severity: int, likelihood: int,
                 severity_reason: str, recommendation: str, applies=_applies_all):
    """Declare the rule for one notice item; ``applies(ctx)`` gives the activities it concerns."""

    @rule(RULES, id=rid, title=title, linddun="Unawareness", refs=refs, severity=severity, likelihood=likelihood,
          severity_reason=severity_reason,
          likelihood_reason="Everyone who reads the notice misses the information; 'partly' lowers the likelihood by one.",
          recommendation=recommendation, mitigations={"privacy_notice_update": (0, 2)}, theme="transparency")
    def check(ctx: Ctx):
        status = ctx.notice_status(item)
        concerned = applies(ctx)
        if status == "stated" or not concerned:
            return
        note = ctx.notice_note(item)
        text = f"The privacy notice {_STATUS[status]} {what}" + (f" ({note.rstrip('.')})" if note else "") + "."
        missing = [f"what the notice says about {what}"] if status == "unknown" else []
        yield Hit(concerned, text, missing=missing, anchor=f"notice.items.{item}",
                  likelihood=likelihood - 1 if status == "partly" and likelihood > 1 else None)

    return check


def _uses_basis(*bases):
    return lambda ctx: [a.id for a in ctx.activities if (a.legal_basis in bases or not is_known(a.legal_basis))
                        and ctx.role(ctx.controller, a) not in ("processor", "sub_processor")]


def _from_others(ctx: Ctx):
    return [a.id for a in ctx.activities if a.source is not None and a.source.kind in ("party", "public", "system", "unknown")
            and ctx.role(ctx.controller, a) not in ("processor", "sub_processor")]


def _automated(ctx: Ctx):
    return [a.id for a in ctx.activities if a.automated_decisions is not False and ctx.role(ctx.controller, a) not in ("processor", "sub_processor")]


def _transfers(ctx: Ctx):
    return [f.id for f in ctx.flows if ctx.leaves_eea(f) is not False and not ctx.is_subject(f.to) and not ctx.outside(f)]


def _recipients(ctx: Ctx):
    return [f.id for f in ctx.flows if not ctx.is_subject(f.to) and ctx.receiver(f) and not ctx.ours(ctx.receiver(f))
            and not ctx.outside(f)]


def _controller(ctx: Ctx):
    return [ctx.controller] if ctx.controller else _applies_all(ctx)


TRN_01 = _notice_rule("TRN-01", "controller_identity", "Notice lacks the controller's identity and contact details",
                      ["GDPR Art. 13(1)(a)", "GDPR Art. 14(1)(a)"], "who the controller is and how to contact it",
                      3, 4, "People cannot reach the organisation responsible, so every right becomes hard to use.",
                      "Give the controller's legal name, postal address and an e-mail or form, and the EU representative if Art. 27 applies.",
                      _controller)
TRN_02 = _notice_rule("TRN-02", "dpo_contact", "Notice lacks the DPO's contact details",
                      ["GDPR Art. 13(1)(b)", "GDPR Art. 37(7)"], "how to contact the data protection officer",
                      2, 3, "People lose the direct channel to the person who oversees compliance.",
                      "Publish the DPO's contact details (a function mailbox is enough), or record that no DPO is required and why.",
                      _controller)
TRN_03 = _notice_rule("TRN-03", "purposes", "Notice does not state the purposes fully",
                      ["GDPR Art. 13(1)(c)", "GDPR Art. 14(1)(c)", "GDPR Art. 5(1)(b)"], "the purposes of the processing",
                      2, 4, "People cannot foresee what their data is used for.",
                      "List each purpose in plain words, activity by activity.")
TRN_04 = _notice_rule("TRN-04", "legal_basis", "Notice does not state the legal bases",
                      ["GDPR Art. 13(1)(c)", "GDPR Art. 14(1)(c)"], "the legal basis of each purpose",
                      2, 4, "People cannot tell which rights apply (objection, withdrawal, portability depend on the basis).",
                      "State the Art. 6(1) basis for each purpose.")
TRN_05 = _notice_rule("TRN-05", "legitimate_interests", "Notice does not state the legitimate interests pursued",
                      ["GDPR Art. 13(1)(d)", "GDPR Art. 14(2)(b)"], "the legitimate interests pursued",
                      2, 3, "People cannot weigh the interest against their own or object on that ground.",
                      "Name each legitimate interest relied on.", _uses_basis("legitimate_interests"))
TRN_06 = _notice_rule("TRN-06", "recipients", "Notice does not name the recipients or their categories",
                      ["GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)", "CJEU C-154/21 (Österreichische Post)"],
                      "the recipients or categories of recipients", 2, 3,
                      "People cannot know who else holds their data, or ask them.",
                      "Name the recipients (or precise categories: hosting, analytics, payment, authorities) per purpose.",
                      _recipients)
TRN_07 = _notice_rule("TRN-07", "transfers", "Notice does not explain third-country transfers and their safeguards",
                      ["GDPR Art. 13(1)(f)", "GDPR Art. 14(1)(f)"],
                      "the transfers to third countries and the safeguard relied on (and how to get a copy)", 2, 3,
                      "People do not learn that their data leaves the EEA or what protects it there.",
                      "Name each destination country, the mechanism (adequacy, SCCs...) and how to obtain a copy of the safeguards.",
                      _transfers)
TRN_08 = _notice_rule("TRN-08", "retention", "Notice does not state retention periods",
                      ["GDPR Art. 13(2)(a)", "GDPR Art. 14(2)(a)"], "how long data is kept, or the criteria", 2, 3,
                      "People cannot tell when their data will be gone.", "State a period or criteria per purpose.")
TRN_09 = _notice_rule("TRN-09", "rights", "Notice does not list the data subject rights",
                      ["GDPR Art. 13(2)(b)", "GDPR Art. 14(2)(c)", "GDPR Art. 12(2)"],
                      "the rights of access, rectification, erasure, restriction, objection and portability", 3, 4,
                      "People who do not know their rights do not use them.",
                      "List every right with the way to exercise it (address, form) and the one-month answer time.")
TRN_10 = _notice_rule("TRN-10", "withdraw_consent", "Notice does not explain how to withdraw consent",
                      ["GDPR Art. 13(2)(c)", "GDPR Art. 14(2)(d)", "GDPR Art. 7(3)"],
                      "the right to withdraw consent at any time and how", 2, 3,
                      "People stay in processing they no longer want.", "Explain how to withdraw, as easily as consent was given.",
                      _uses_basis("consent"))
TRN_11 = _notice_rule("TRN-11", "complaint", "Notice does not mention the right to complain to a supervisory authority",
                      ["GDPR Art. 13(2)(d)", "GDPR Art. 14(2)(e)", "GDPR Art. 77"],
                      "the right to lodge a complaint with a supervisory authority", 2, 3,
                      "People do not learn of their independent remedy.", "Add the right to complain, with the lead authority's contact.")
TRN_12 = _notice_rule("TRN-12", "statutory_requirement", "Notice does not say whether providing data is required",
                      ["GDPR Art. 13(2)(e)"],
                      "whether providing the data is a legal or contractual requirement and what happens if people refuse", 1, 3,
                      "People may give more than they must, but the harm is limited.",
                      "Mark required fields and say what happens if they are left out.",
                      lambda ctx: [a for a in _applies_all(ctx) if (ctx.m.get(a).source is None or ctx.m.get(a).source.kind == "data_subject")])
TRN_13 = _notice_rule("TRN-13", "automated_decisions", "Notice is silent on automated decisions and profiling",
                      ["GDPR Art. 13(2)(f)", "GDPR Art. 14(2)(g)", "GDPR Art. 22"],
                      "whether automated decisions or profiling take place, with the logic and consequences", 2, 3,
                      "People cannot contest decisions they do not know are automated.",
                      "Say whether solely automated decisions or profiling take place; if so, explain the logic, significance and consequences.",
                      _automated)
@rule(RULES, id="TRN-14", title="Recipient not disclosed in the notice", linddun="Unawareness",
      refs=["GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)", "GDPR Art. 5(1)(a)"], severity=2, likelihood=4,
      severity_reason="People cannot know, object to or ask this recipient about their data.",
      likelihood_reason="The data reaches the recipient for everyone concerned, without their knowledge.",
      recommendation="Name the recipient (or its precise category) in the notice, with the purpose for which it receives data.",
      mitigations={"privacy_notice_update": (0, 2)})
def recipient_undisclosed(ctx: Ctx):
    by: dict[str, list] = {}
    for f in ctx.flows:
        party = ctx.receiver(f)
        if not party or ctx.ours(party) or ctx.is_subject(f.to) or ctx.outside(f):
            continue
        status = ctx.disclosure(party)
        if status != "stated":
            by.setdefault(party, []).append(f)
    for party, flows in by.items():
        status = ctx.disclosure(party)
        how = {"vague": "mentions only vaguely", "not_stated": "does not mention", "unknown": "is not recorded as disclosing"}[status]
        yield Hit([party, *[f.id for f in flows]], f"The notice {how} {ctx.name(party)}, which receives "
                  f"{ctx.cat_labels({c for f in flows for c in ctx.cats(f)})} of "
                  f"{ctx.whose(dict.fromkeys(s for f in flows for s in ctx.subjects(f)))} for {join(dict.fromkeys(ctx.purpose(f.activity) for f in flows))}.",
                  missing=[f"whether the notice discloses {ctx.name(party)}"] if status == "unknown" else [],
                  likelihood=3 if status == "vague" else None)


@rule(RULES, id="TRN-15", title="Data obtained from another party without Art. 14 information", linddun="Unawareness",
      refs=["GDPR Art. 14(1)", "GDPR Art. 14(2)", "GDPR Art. 14(3)"], severity=2, likelihood=4,
      severity_reason="People whose data was passed on by someone else do not know the controller holds it.",
      likelihood_reason="Nobody informs them: the notice is only shown to people who visit the controller.",
      recommendation="Inform these people directly (e.g. at the first communication or in the account-creation e-mail) with the Art. 14 items, within one month.",
      mitigations={"privacy_notice_update": (0, 2)})
def art14_missing(ctx: Ctx):
    for a in ctx.activities:
        if a.source is None or a.source.kind not in ("party", "unknown") or ctx.role(ctx.controller, a) in ("processor", "sub_processor"):
            continue
        if ctx.notice_status("source") == "stated" and ctx.notice_status("data_categories") == "stated":
            continue
        src = ctx.name(a.source.party) if a.source.party else "an unknown source"
        yield Hit([a.id, *([a.source.party] if a.source.party else [])],
                  f"{ctx.controller_name} obtains {ctx.cat_labels(a.categories)} of {ctx.whose(a.subjects)} from {src} "
                  f"for {ctx.purpose(a)}, and nothing records that these people receive the Art. 14 information "
                  f"(source and categories of data).",
                  missing=[f"where the data of '{a.name}' comes from"] if a.source.kind == "unknown" else [])
