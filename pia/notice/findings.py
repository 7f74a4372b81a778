"""Transparency findings from a notice check: what the notice omits, blurs or denies.

Rules (each finding names the flow or party ids, cites the notice sentence and the GDPR item):

- ``notice.flow-contradicted``: the notice denies a flow the model has (Art. 5(1)(a), 13(1)(e)).
- ``notice.flow-omitted``: the notice does not mention a recipient the model sends data to.
- ``notice.flow-vague``: the recipient or the data appear only through a broader term.
- ``notice.practice-missing``: the notice states a practice no flow of the model matches.
- ``notice.item-missing.<item>`` / ``notice.item-incomplete.<item>``: an Art. 13/14 item (a key of
  ``pia.schema.NOTICE_ITEMS``) is absent from the text or only touched; ``notice.item-disagrees.<item>``:
  the model's ``notice`` section records more than the text gives (e.g. "stated" where the text is
  silent). Their element is the notice's source id.
"""
from __future__ import annotations

from dataclasses import replace

from ..findings import Finding
from ..schema import NOTICE_ITEMS, UNKNOWN

__all__ = ["notice_findings", "fold"]

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


#: statement actions as a reviewer reads them in a sentence
_ACTION_WORDS = {"collect": "collects", "use": "uses", "share": "receives", "receive": "receives", "transfer": "receives",
                 "retain": "keeps", "sell": "buys"}

#: how much a notice item status claims is given (model vs text)
_STRICTNESS = {"not_stated": 0, "partly": 1, "stated": 2}


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
            out.append(Finding(
                rule="notice.flow-vague",
                title=f"The notice is vague about the data {name} {'collects' if _is_first(model, recipient) else 'receives'}",
                description=_vague_text(model, name, flows, flow_words) + note
                            + (f" Closest statements: {'; '.join(evidence[:3])}." if evidence else ""),
                severity=2, likelihood=3,
                refs=[_RECIPIENTS, "GDPR Art. 12(1)", "WP29 Guidelines on transparency (WP260 rev.01), Annex: Art. 13(1)(e)"],
                elements=[*ids, recipient],
                recommendation=f"State in the notice that {name} (or its category of recipient, named specifically) "
                               f"{'collects' if _is_first(model, recipient) else 'receives'} "
                               f"{_cat_names(model, cats) or 'these data'}, in terms people understand.",
                linddun="Unawareness", category="transparency", evidence=evidence))
    groups: dict[tuple, list[dict]] = {}
    for mp in nc.missing_practices:
        groups.setdefault(tuple(mp["model_parties"]) or (src,), []).append(mp)
    for elements, mps in sorted(groups.items()):
        evs = [_cite(mp["evidence"]) for mp in mps]
        said = "; ".join(f"{mp['party_text'].removeprefix('name:')} {_ACTION_WORDS.get(mp['action'], mp['action'])} "
                         f"{_cat_names(model, [mp['data']])}" for mp in mps)
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
        # a disagreement matters when the model claims more than the text gives: the rules then stay
        # quiet on an item people are not told. Where the model is the stricter reading, its own
        # transparency findings already carry the risk (the checklist still shows the difference).
        if row.get("agreement") is False and _STRICTNESS.get(row.get("model"), 0) > _STRICTNESS.get(found, 0):
            out.append(Finding(
                rule=f"notice.item-disagrees.{item}",
                title=f"The model and the notice differ on {what}",
                description=f"The model's notice section says '{row['model']}' for {item}; the text reads as "
                            f"'{found}'" + (f": {'; '.join(ev)}" if ev else "") + ".",
                severity=1, likelihood=2, refs=[row["article"]], elements=[src],
                recommendation="Re-read the notice and correct the model's notice section (or the notice).",
                linddun="Unawareness", category="transparency", evidence=ev))
    return out


def _is_first(model, party: str) -> bool:
    return model is not None and party == model.assessment.controller


def _cat_names(model, keys) -> str:
    names = [model.vocabulary.name("data_category", k) if model is not None else k for k in keys]
    return ", ".join(dict.fromkeys(names))


def _vague_text(model, name: str, flows: list[dict], flow_words: str) -> str:
    """Why a recipient's flows are vague, in one or two sentences with the categories' names."""
    by_label: dict[str, list[str]] = {"clear": [], "vague": [], "omitted": []}
    for f in flows:
        for r in f["categories"]:
            if r["label"] in by_label and r["category"] not in by_label[r["label"]]:
                by_label[r["label"]].append(r["category"])
    vague, omitted, clear = (_cat_names(model, by_label[k]) for k in ("vague", "omitted", "clear"))
    verb = "collect" if _is_first(model, flows[0]["recipient"]) else "receive"
    if any(f.get("mentioned") for f in flows):
        carry = "carries" if len(flows) == 1 else "carry"
        text = f"The notice names {name}, but of the data the model's {flow_words} {carry}"
        parts = []
        if vague:
            parts.append(f"it mentions {vague} only through broader terms (such as 'personal information')")
        if omitted:
            parts.append(f"it does not mention {omitted} at all")
        text += ", " + " and ".join(parts) + "." if parts else "."
    else:
        text = (f"The notice covers {name} only through a catch-all such as 'third parties'; it does not say "
                f"that this recipient {verb}s {vague or omitted or 'these data'} (the model's {flow_words}).")
    if clear:
        text += f" Stated clearly: {clear}."
    return text


def _source_id(model) -> str:
    if model is None:
        return "notice"
    if model.notice is not None and model.notice.source:
        return model.notice.source
    return model.sources[0].id if model.sources else "notice"


def fold(rule_findings: list[Finding], notice_findings: list[Finding]) -> list[Finding]:
    """Rule findings and notice-check findings together, without saying the same thing twice.

    A notice-check finding that an Art. 13/14 item is missing or only touched on, where the rule
    catalogue already reports that item from the model's ``notice`` section (the finding anchored at
    ``notice.items.<item>``), becomes evidence of that rule finding; so does a recipient the notice
    text omits where a rule already reports that recipient as undisclosed. Everything else (vague or
    contradicted flows, practices missing from the model, disagreements between the model and the
    text) is kept as its own finding.

    >>> from pia.findings import Finding
    >>> rule = Finding("TRN-08", "Notice does not state retention periods", "...", 2, 3, [], ["signup"], "...",
    ...                anchor="notice.items.retention")
    >>> text = Finding("notice.item-missing.retention", "...", "Nothing in the notice states it.", 2, 3, [],
    ...                ["policy"], "...")
    >>> [(f.rule, f.evidence) for f in fold([rule], [text])]
    [('TRN-08', ['Checked against the notice text: Nothing in the notice states it.'])]
    """
    by_anchor = {f.anchor: i for i, f in enumerate(rule_findings) if f.anchor}
    by_party: dict[str, int] = {}
    for i, f in enumerate(rule_findings):
        if f.rule == "TRN-14":
            for e in f.elements:
                by_party.setdefault(e, i)
    out = list(rule_findings)
    kept: list[Finding] = []
    for nf in notice_findings:
        target = None
        if nf.rule.startswith(("notice.item-missing.", "notice.item-incomplete.")):
            target = by_anchor.get("notice.items." + nf.rule.split(".", 2)[2])
        elif nf.rule == "notice.flow-omitted" and nf.elements:
            target = by_party.get(nf.elements[-1])
        if target is None:
            kept.append(nf)
            continue
        rf = out[target]
        said = nf.evidence or [nf.description]
        out[target] = replace(rf, evidence=[*rf.evidence, *(f"Checked against the notice text: {e}" for e in said)])
    return out + kept
