"""Transparency findings from a notice check: what the notice omits, blurs or denies.

Rules (each finding names the flow or party ids, cites the notice sentence and the GDPR item):

- ``notice.flow-contradicted``: the notice denies a flow the model has (Art. 5(1)(a), 13(1)(e)).
- ``notice.flow-omitted``: the notice does not mention a recipient the model sends data to.
- ``notice.flow-vague``: the recipient or the data appear only through a broader term.
- ``notice.practice-missing``: the notice states a practice no flow of the model matches.
- ``notice.item-missing.<item>`` / ``notice.item-incomplete.<item>``: an Art. 13/14 item (a key of
  ``pia.schema.NOTICE_ITEMS``) is absent from the text or only touched; ``notice.item-disagrees.<item>``:
  the text and the model's ``notice`` section differ. Their element is the notice's source id.
"""
from __future__ import annotations

from ..findings import Finding
from ..schema import NOTICE_ITEMS, UNKNOWN

__all__ = ["notice_findings"]

_RECIPIENTS = NOTICE_ITEMS["recipients"]
_ITEM_NAMES = {
    "controller_identity": "the controller's identity and contact details",
    "dpo_contact": "the data protection officer's contact details",
    "purposes": "the purposes of the processing",
    "legal_basis": "the legal basis of each purpose",
    "legitimate_interests": "the legitimate interests pursued",
    "data_categories": "the categories of personal data",
    "recipients": "the recipients or categories of recipients",
    "transfers": "transfers to third countries and their safeguards",
    "retention": "how long data is kept, or the criteria for it",
    "rights": "the rights of access, rectification, erasure, restriction, objection and portability",
    "withdraw_consent": "the right to withdraw consent at any time",
    "complaint": "the right to complain to a supervisory authority",
    "statutory_requirement": "whether giving the data is required, and what happens if not",
    "automated_decisions": "automated decision-making and profiling",
    "source": "where the data comes from, when not from the person",
}


def _cite(ev: dict) -> str:
    head = f"'{ev['heading']}'" if ev.get("heading") else "(before the first heading)"
    return f"{head}, paragraph {ev['paragraph']}: \"{ev['sentence']}\""


def _applies(item: str, model) -> bool:
    """Conditional items only matter when the model (or its silence) makes them relevant."""
    if model is None:
        return item not in ("legitimate_interests", "automated_decisions", "source", "withdraw_consent")
    acts = model.activities
    if item == "legitimate_interests":
        return any(a.legal_basis in (None, UNKNOWN, "legitimate_interests") for a in acts)
    if item == "withdraw_consent":
        return any(a.legal_basis in (None, UNKNOWN, "consent") for a in acts)
    if item == "automated_decisions":
        return any(a.automated_decisions in (None, UNKNOWN, True) or a.profiling in (None, UNKNOWN, True) for a in acts)
    if item == "source":
        return any(a.source is None or a.source.kind != "data_subject" for a in acts)
    return True


def notice_findings(nc) -> list[Finding]:
    """The findings of a :class:`~pia.notice.check.NoticeCheck`, in a stable order."""
    model = nc.model
    src = _source_id(model)
    policy = nc.policy
    if model is not None and src in model.index and getattr(model.index[src], "title", None):
        policy = f"“{model.index[src].title}”"
    out: list[Finding] = []
    # one finding per recipient and label, listing its flows (a reviewer reads recipients, not edges)
    by_recipient: dict[tuple[str, str], list[dict]] = {}
    for f in nc.flows:
        if f["label"] != "clear":
            by_recipient.setdefault((f["label"], f["recipient"]), []).append(f)
    order = {"contradicted": 0, "omitted": 1, "vague": 2}
    for (label, recipient), flows in sorted(by_recipient.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        name = flows[0]["recipient_name"]
        ids = [f["flow"] for f in flows]
        cats = list(dict.fromkeys(r["category"] for f in flows for r in f["categories"] if r["label"] != "clear"))
        evidence = list(dict.fromkeys(_cite(e) for f in flows for e in f["evidence"]))
        model_says = flows[0].get("model_says")
        note = ""
        if model_says == "stated" and label in ("omitted", "vague"):
            note = f" The model's notice section records this recipient as '{model_says}', which the text does not bear out."
        flow_words = ("flow " if len(ids) == 1 else "flows ") + ", ".join(f"'{i}'" for i in ids)
        if label == "contradicted":
            out.append(Finding(
                rule="notice.flow-contradicted",
                title=f"The notice denies the flow to {name}",
                description=f"The model's {flow_words} send{'s' if len(ids) == 1 else ''} {', '.join(cats)} to {name}, "
                            f"but the notice says it does not: {'; '.join(evidence)}. People are told the opposite of what happens.",
                severity=3, likelihood=4,
                refs=["GDPR Art. 5(1)(a) (transparency)", _RECIPIENTS, "GDPR Art. 12(1)"],
                elements=[*ids, recipient],
                recommendation=f"Either stop the {flow_words} or correct the notice so that it states that "
                               f"{name} receives these data, and for what purpose.",
                linddun="Unawareness", category="transparency", evidence=evidence))
        elif label == "omitted":
            out.append(Finding(
                rule="notice.flow-omitted",
                title=f"The notice does not mention {name}",
                description=f"The model's {flow_words} send{'s' if len(ids) == 1 else ''} {', '.join(cats) or 'personal data'} "
                            f"to {name}, but the notice ({policy}) names neither this recipient nor any category of "
                            f"recipients it belongs to.{note}",
                severity=3, likelihood=3,
                refs=[_RECIPIENTS, "GDPR Art. 12(1)"],
                elements=[*ids, recipient],
                recommendation=f"Name {name} in the notice, or at least its category of recipient, with the data it "
                               "receives and why.",
                linddun="Unawareness", category="transparency", missing=["recipient in the notice"]))
        else:
            reasons = " ".join(dict.fromkeys(f["reason"] for f in flows))
            out.append(Finding(
                rule="notice.flow-vague",
                title=f"The notice is vague about the data {name} receives",
                description=f"{reasons} ({flow_words}).{note}" + (f" Closest statements: {'; '.join(evidence[:3])}." if evidence else ""),
                severity=2, likelihood=3,
                refs=[_RECIPIENTS, "GDPR Art. 12(1)", "WP29 Guidelines on transparency (WP260 rev.01), Annex: Art. 13(1)(e)"],
                elements=[*ids, recipient],
                recommendation=f"State in the notice that {name} (or its category of recipient, named specifically) "
                               f"receives {', '.join(cats) or 'these data'}, in terms people understand.",
                linddun="Unawareness", category="transparency", evidence=evidence))
    groups: dict[tuple, list[dict]] = {}
    for mp in nc.missing_practices:
        groups.setdefault(tuple(mp["model_parties"]) or (src,), []).append(mp)
    for elements, mps in sorted(groups.items()):
        evs = [_cite(mp["evidence"]) for mp in mps]
        said = "; ".join(f"{mp['party_text']} {mp['action']} {mp['data']}" for mp in mps)
        if elements == (src,):
            title = "The notice states practices with parties the model does not have"
            where = "no party of the model matches"
        else:
            title = f"The notice states practices the model lacks for {', '.join(model.name(e) for e in elements)}"
            where = "no flow of the model carries these data to this party"
        out.append(Finding(
            rule="notice.practice-missing",
            title=title,
            description=f"The notice says: {said}; but {where}. The model, and so the assessment, may be "
                        f"incomplete. Sentences: {'; '.join(dict.fromkeys(evs))}.",
            severity=2, likelihood=2,
            refs=["GDPR Art. 35(7)(a)", "GDPR Art. 30(1)"],
            elements=list(elements),
            recommendation="Add the flows to the model (with activity, categories and recipient) or, if a "
                           "practice no longer exists, remove it from the notice.",
            linddun="Non-compliance", category="transparency", evidence=list(dict.fromkeys(evs))))
    for row in nc.checklist:
        item, found = row["item"], row["found"]
        what = _ITEM_NAMES.get(item, item)
        if not _applies(item, model):
            continue
        ev = [_cite(e) for e in row["evidence"]]
        if found == "not_stated":
            out.append(Finding(
                rule=f"notice.item-missing.{item}",
                title=f"The notice does not give {what}",
                description=f"Nothing in the notice ({policy}) states {what}, which {row['article']} requires.",
                severity=2, likelihood=3, refs=[row["article"]], elements=[src],
                recommendation=f"Add {what} to the notice.", linddun="Unawareness", category="transparency",
                missing=[item]))
        elif found == "partly":
            out.append(Finding(
                rule=f"notice.item-incomplete.{item}",
                title=f"The notice only touches on {what}",
                description=f"The notice mentions {what} without giving it in full ({row['article']}): {'; '.join(ev)}.",
                severity=2, likelihood=2, refs=[row["article"]], elements=[src],
                recommendation=f"State {what} completely and plainly.", linddun="Unawareness",
                category="transparency", missing=[item], evidence=ev))
        if row.get("agreement") is False:
            out.append(Finding(
                rule=f"notice.item-disagrees.{item}",
                title=f"The model and the notice differ on {what}",
                description=f"The model's notice section says '{row['model']}' for {item}; the text reads as "
                            f"'{found}'" + (f": {'; '.join(ev)}" if ev else "") + ".",
                severity=2, likelihood=2, refs=[row["article"]], elements=[src],
                recommendation="Re-read the notice and correct the model's notice section (or the notice).",
                linddun="Unawareness", category="transparency", evidence=ev))
    return out


def _source_id(model) -> str:
    if model is None:
        return "notice"
    if model.notice is not None and model.notice.source:
        return model.notice.source
    return model.sources[0].id if model.sources else "notice"
