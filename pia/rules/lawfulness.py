"""Lawfulness: a legal basis for every activity, and consent that is real (GDPR Art. 6, 7)."""
from __future__ import annotations

from ..schema import LEGAL_BASES, is_known
from .engine import Hit, rule
from .predicates import Ctx, join

RULES: list = []

#: Purposes for which a basis does not fit (EDPB Guidelines 2/2019 on Art. 6(1)(b)).
_CONTRACT_MISFITS = ("analytics", "marketing", "personalize.profiling", "third_party_sharing", "train_ai_system")
_TRACKING = ("analytics", "marketing.advertising", "personalize")


def _tracking(ctx: Ctx, a) -> bool:
    """Activities whose consent is judged under ePrivacy Art. 5(3) by TRK-01 instead."""
    return ctx.purpose_is(a, *_TRACKING) and bool(ctx.with_kind(ctx.cats(a), "online_identifier"))


@rule(RULES, id="LAW-01", title="No legal basis recorded", linddun="Non-compliance",
      refs=["GDPR Art. 6(1)", "GDPR Art. 5(1)(a)", "GDPR Art. 5(2)", "GDPR Art. 13(1)(c)"],
      severity=3, likelihood=3,
      severity_reason="Processing without a basis is unlawful as a whole, and people cannot know or contest why their data is used.",
      likelihood_reason="A basis may exist but is not documented: the controller cannot demonstrate it (Art. 5(2)) if asked.",
      recommendation="Choose and document one Art. 6(1) basis per activity (with the balancing test for legitimate interests) and state it in the privacy notice.")
def no_legal_basis(ctx: Ctx):
    """One finding for all the activities the controller runs without a recorded basis (the
    basis of an activity run as processor is the client's to choose)."""
    acts = [a for a in ctx.activities if not is_known(a.legal_basis)
            and ctx.role(ctx.controller, a) not in ("processor", "sub_processor")]
    if acts:
        n = len(acts)
        yield Hit([a.id for a in acts], f"No Art. 6(1) legal basis is recorded for {n} activit{'ies' if n > 1 else 'y'} "
                  f"of {ctx.controller_name}: {'; '.join(a.name for a in acts)}.",
                  missing=[f"the legal basis of '{a.name}'" for a in acts])


@rule(RULES, id="LAW-02", title="Consent that is not freely given, specific and unambiguous",
      linddun="Non-compliance",
      refs=["GDPR Art. 4(11)", "GDPR Art. 7(1)-(3)", "GDPR Recital 32", "CJEU C-673/17 (Planet49)", "EDPB Guidelines 05/2020"],
      severity=3, likelihood=4,
      severity_reason="Without valid consent the activity has no basis: people are processed without having chosen to be.",
      likelihood_reason="An implied, opt-out or pre-ticked mechanism fails for every person it is applied to.",
      recommendation="Ask for consent by a clear affirmative act (unticked box, explicit button), record it, and make withdrawal as easy as giving it; or rely on another, fitting basis.",
      mitigations={"consent_management": (0, 1)})
def invalid_consent(ctx: Ctx):
    for a in ctx.activities:
        if a.legal_basis != "consent" or _tracking(ctx, a) or ctx.purpose_is(a, "marketing.communications"):
            continue
        bad = {"implied", "opt_out", "pre_ticked", "none"}
        mech = [a.consent] + [f.consent for f in ctx.flows_of(a) if f.consent]
        flows = [f.id for f in ctx.flows_of(a) if f.consent in bad]
        if a.consent in bad or flows:
            how = join(sorted({m.replace("_", "-") for m in mech if m in bad}))
            yield Hit([a.id, *flows], f"The activity '{a.name}' relies on consent that is {how}: no clear affirmative act by "
                      f"{ctx.whose(a.subjects)}.")
        elif not is_known(a.consent):
            yield Hit([a.id], f"The activity '{a.name}' relies on consent, but how it is asked is not recorded.",
                      missing=[f"how consent is obtained for '{a.name}'"], likelihood=3)


@rule(RULES, id="LAW-03", title="Marketing e-mail without prior opt-in consent", linddun="Non-compliance",
      refs=["ePrivacy Art. 13(1)", "ePrivacy Art. 13(2)", "GDPR Art. 6(1)(a)", "GDPR Art. 21(2)-(3)"],
      severity=2, likelihood=4,
      severity_reason="Unwanted messages are a nuisance people can overcome, but they lose control of their inbox.",
      likelihood_reason="Every recipient who did not opt in receives the e-mails.",
      recommendation="Send marketing e-mail only to people who opted in (double opt-in), except existing customers for similar products who were offered an opt-out at collection (ePrivacy Art. 13(2)); keep an unsubscribe link in every message.",
      mitigations={})
def marketing_email(ctx: Ctx):
    for a in ctx.activities:
        if not ctx.purpose_is(a, "marketing.communications"):
            continue
        if a.legal_basis == "consent" and a.consent == "opt_in":
            continue
        why = (f"the basis is {LEGAL_BASES.get(a.legal_basis, 'not recorded')}" if a.legal_basis != "consent"
               else f"consent is {(a.consent or 'unknown').replace('_', '-')}")
        if a.legal_basis != "consent" and is_known(a.consent):
            why += f" and people can only {'opt out' if a.consent == 'opt_out' else 'consent by ' + a.consent.replace('_', '-') + ' means'}"
        missing = [] if is_known(a.consent) or a.legal_basis not in (None, "unknown", "consent") else [
            f"whether '{a.name}' is sent on opt-in consent"]
        yield Hit([a.id, *[f.id for f in ctx.flows_of(a)]],
                  f"Marketing e-mail of '{a.name}' goes to {ctx.whose(a.subjects)} although {why}: electronic marketing needs prior opt-in consent.",
                  missing=missing)


@rule(RULES, id="LAW-04", title="Legitimate interests without the interest and the balancing test",
      linddun="Non-compliance", refs=["GDPR Art. 6(1)(f)", "GDPR Art. 13(1)(d)", "GDPR Recital 47"],
      severity=2, likelihood=3,
      severity_reason="The basis may hold, but people cannot weigh or object to an interest that is not stated.",
      likelihood_reason="A supervisory authority or a complainant would ask for the interest and the balancing.",
      recommendation="Record the legitimate interest pursued, the balancing test against the people's interests and rights, and state the interest in the notice.")
def legitimate_interest_unstated(ctx: Ctx):
    for a in ctx.activities:
        if a.legal_basis == "legitimate_interests" and not is_known(a.legitimate_interest):
            yield Hit([a.id], f"The activity '{a.name}' relies on legitimate interests without saying which interest is pursued.",
                      missing=[f"the legitimate interest pursued by '{a.name}'"])


@rule(RULES, id="LAW-05", title="Contract basis for a purpose the contract does not need",
      linddun="Non-compliance", refs=["GDPR Art. 6(1)(b)", "EDPB Guidelines 2/2019 (Art. 6(1)(b))"],
      severity=3, likelihood=3,
      severity_reason="People cannot refuse or withdraw from processing wrongly tied to their contract.",
      likelihood_reason="Analytics, marketing and profiling are rarely necessary to perform a contract.",
      recommendation="Move the activity to a fitting basis (consent, or legitimate interests with a balancing test and an opt-out).")
def contract_misfit(ctx: Ctx):
    for a in ctx.activities:
        if a.legal_basis == "contract" and ctx.purpose_is(a, *_CONTRACT_MISFITS):
            yield Hit([a.id], f"The activity '{a.name}' serves {ctx.tax.name('data_use', a.purpose)}, which is not necessary to "
                      f"perform a contract with {ctx.whose(a.subjects)}, yet relies on GDPR Art. 6(1)(b).")
