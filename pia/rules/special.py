"""Special categories: Art. 9 and Art. 10 data need a condition besides an Art. 6 basis."""
from __future__ import annotations

from ..schema import is_known
from .engine import Hit, rule
from .predicates import Ctx

RULES: list = []

_ART9 = {"explicit_consent", "employment", "vital_interests", "not_for_profit", "made_public", "legal_claims",
         "substantial_public_interest", "health_care", "public_health", "archiving_research"}
_ART10 = {"official_authority", "authorised_by_law"}


@rule(RULES, id="SPC-01", title="Special-category data without an Art. 9(2) condition", linddun="Non-compliance",
      refs=["GDPR Art. 9(1)", "GDPR Art. 9(2)", "GDPR Art. 35(3)(b)"], severity=4, likelihood=3,
      severity_reason="Misuse of health, biometric, belief or similar data can cause discrimination or lasting harm.",
      likelihood_reason="Without a recorded condition the processing is prohibited by Art. 9(1) as it stands.",
      recommendation="Identify the Art. 9(2) condition (often explicit consent) for each special category, or stop collecting it; record it in the model and the notice.")
def art9_without_condition(ctx: Ctx):
    for a in ctx.activities:
        special = ctx.special(a.categories, "art9")
        if special and a.special_condition not in _ART9:
            yield Hit([a.id], f"The activity '{a.name}' processes {ctx.cat_labels(special)} of {ctx.whose(a.subjects)}, special "
                      f"categories under Art. 9(1), with no Art. 9(2) condition recorded.",
                      missing=[] if is_known(a.special_condition) else [f"the Art. 9(2) condition of '{a.name}'"])


@rule(RULES, id="SPC-02", title="Data of unspecified kinds that may include special categories",
      linddun="Non-compliance", refs=["GDPR Art. 9(1)", "GDPR Art. 28(3)(c)", "GDPR Art. 32(1)", "GDPR Art. 35(1)"],
      severity=3, likelihood=3,
      severity_reason="If health, children's or financial data pass unnoticed, they get neither the condition nor the protection they need.",
      likelihood_reason="Nothing limits what is sent: it is possible that some senders include such data.",
      recommendation="Ask each controller which kinds of data it sends (or restrict them contractually), record special categories and their Art. 9(2) condition, and size security to the most sensitive data allowed.",
      mitigations={"minimisation": (1, 1), "encryption_at_rest": (1, 0), "access_control": (0, 1)})
def unspecified_kinds(ctx: Ctx):
    for a in ctx.activities:
        unspecified = ctx.unspecified(a.categories)
        if not unspecified or is_known(a.special_condition):
            continue
        ours = ctx.role(ctx.controller, a)
        controllers = [p for p, r in a.roles.items() if r in ("controller", "joint_controller") and p != ctx.controller]
        if ours in ("processor", "sub_processor") and controllers:
            who = (f"{ctx.names(controllers)}, as controller{'s' if len(controllers) > 1 else ''}, decide what it holds; "
                   f"{ctx.controller_name}, as {ours.replace('_', '-')}, does not know whether it handles special "
                   f"categories and so cannot match its security to them")
        else:
            who = "no Art. 9(2) condition is recorded in case it does"
        yield Hit([a.id], f"The activity '{a.name}' handles {ctx.cat_labels(unspecified)} of {ctx.whose(a.subjects)}, whose kinds are "
                  f"not specified and may include special categories: {who}.",
                  missing=[f"which kinds of data '{a.name}' handles, and whether special categories are among them"])


@rule(RULES, id="SPC-03", title="Criminal-offence data without official authority or legal authorisation",
      linddun="Non-compliance", refs=["GDPR Art. 10", "GDPR Art. 6(1)"], severity=4, likelihood=3,
      severity_reason="Records of offences can exclude people from work, housing or services for years.",
      likelihood_reason="Art. 10 allows such processing only under official authority or a specific law; none is recorded.",
      recommendation="Name the Union or Member State law that authorises the processing (with its safeguards), or stop processing offence data.")
def art10_without_authority(ctx: Ctx):
    for a in ctx.activities:
        crim = ctx.special(a.categories, "art10")
        if crim and a.special_condition not in _ART10:
            yield Hit([a.id], f"The activity '{a.name}' processes {ctx.cat_labels(crim)} of {ctx.whose(a.subjects)} without a recorded "
                      f"official authority or legal authorisation (Art. 10).",
                      missing=[] if is_known(a.special_condition) else [f"the Art. 10 authority for '{a.name}'"])
