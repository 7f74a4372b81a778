"""Statements from notice segments: who collects or receives which data, for what, and whether not.

Rule-based and deterministic, in the spirit of PoliCheck (USENIX Security 2020): a sentence is cut
into groups of coordinated verbs ("collect, monitor and analyse"); the words before a group are its
subject, the words after it (up to the next group) its object. For a *collect* verb the party is the
subject (default: the first party); for a *disclose* verb the parties are those in the object
("with Stripe"); for a *store* verb the first party keeps the data and the parties after "with"
receive it. Data comes from the object, else the subject (passives), else from "this information"
pointing back to the data named just before in the same section, else from the sentence that
introduces a list. Negations ("we do not sell") are kept with the statement, and so are
conditions ("if required by law") and exceptions ("except as described").

Beyond that, readings that hold for any notice rather than phrases of particular ones:
nominalisations ("disclosure of ... to"), passives ("is processed by"); verbs in purpose clauses
("so that we can send"), infinitives of purpose and rights ("the right to access") are not
statements; the person as subject ("when you register") is not a party; a question heading gives
its answer the verb and data ("Do you sell my data?" - "No."), a heading with a disclosure verb
introduces the list under it; recipients as subjects, coordinated ("Stripe, Adyen and PayPal
receive"), in apposition ("our payment provider, Stripe"), before ", which", as "it"/"they", in
brackets ("couriers (DPD, GLS)"); a catch-all class with a noun in front ("our cleaning
contractor") is a specific recipient; data after a colon specifies the data before it and data
carries over to the next "and" clause; a negation's scope ends at the clause.

>>> from pia.notice.segment import segment_text
>>> segs = segment_text("We share your email address with Mailchimp to send newsletters.", "text")
>>> [(s.party, s.action, s.data, s.purpose, s.negated) for s in extract(segs)]
[('mailchimp', 'share', 'user.contact.email', 'marketing.communications.email', False)]
>>> segs = segment_text("We do not sell your personal information.", "text")
>>> [(s.party, s.action, s.data, s.negated) for s in extract(segs)]
[('third_parties', 'sell', 'user', True)]
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, Match, Token, Tokens, tokenize_text
from .segment import Segment, sentences

__all__ = ["Statement", "extract"]

_COORD = {",", "and", "or", "as", "well", "also", "/", "then", "may", "will", "can", "otherwise"}
_BREAK = {";", ":"}
_DEFAULT_RECIPIENT_VERBS = {"share", "disclose", "sell", "sold", "rent", "trade", "make", "made", "pass", "lease",
                            "disclosure", "sale"}
_USER_SUBJECT = {"you", "your", "yourself"}


@dataclass
class Statement:
    """One (party, action, data) statement of the notice, with what qualifies it and where it is."""

    party: str  #: first_party, a named vendor id, a class id, or "name:<as written>"
    party_text: str
    party_kind: str  #: first_party, named, class, vague
    action: str  #: collect, receive, use, share, sell, transfer, retain
    data: str  #: fideslang data category key
    data_text: str
    purpose: str | None = None
    purpose_text: str = ""
    negated: bool = False
    condition: str = ""
    sentence: str = ""
    heading: str = ""
    section: str = ""
    paragraph: int = 0
    lead: str = ""
    id: str = ""

    @property
    def evidence(self) -> dict:
        out = {"sentence": self.sentence, "heading": self.heading, "section": self.section, "paragraph": self.paragraph}
        if self.lead:
            out["lead"] = self.lead
        return out

    def as_dict(self) -> dict:
        return {"id": self.id, "party": self.party, "party_text": self.party_text, "party_kind": self.party_kind,
                "action": self.action, "data": self.data, "data_text": self.data_text, "purpose": self.purpose,
                "purpose_text": self.purpose_text, "negated": self.negated, "condition": self.condition,
                "evidence": self.evidence}


@dataclass
class _Unit:
    text: str
    seg: Segment
    lead: str = ""
    # for table rows: pre-assigned column contents
    party_text: str | None = None
    data_text: str | None = None
    purpose_text: str | None = None
    negative_cell: bool = False


@dataclass
class _Context:
    last_data: dict[str, list[Match]] = field(default_factory=dict)  #: section -> data of last sentence
    last_agent: dict[int, Match] = field(default_factory=dict)  #: segment index -> last party named as a subject
    lead_result: dict[str, tuple] = field(default_factory=dict)  #: lead text -> (groups info)
    mentioned: dict[int, list[Match]] = field(default_factory=dict)  #: segment index -> third parties named in the last sentence naming one
    sent_items: dict[int, tuple[set[str], list, bool]] = field(default_factory=dict)  #: segment index -> (words of what was sent, recipients, sent as the subject)
    term_of: dict[int, Match] = field(default_factory=dict)  #: segment index -> recipient its term line names (round 6)
    defined: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  #: defined term -> ("data"|"party", values)
    kept_record: dict[int, str] = field(default_factory=dict)  #: segment index -> the record noun we keep (round 9)
    described: dict[str, Match] = field(default_factory=dict)  #: "laboratory" -> Helix Sequencing GmbH (round 9)
    members: dict[int, tuple[str, str, list]] = field(default_factory=dict)  #: segment -> (sentence, class, its members)
    prev_emitters: dict[int, list[tuple]] = field(default_factory=dict)  #: segment -> who collected/used in the last sentence


def extract(segments: list[Segment], lexicon: Lexicon | None = None) -> list[Statement]:
    """All statements of a segmented notice, in reading order, numbered S1, S2, ..."""
    lex = lexicon or Lexicon.default()
    lex = lex.with_first_party(self_names(segments, lex))
    ctx = _Context(term_of=_term_recipients(segments, lex), defined=_definitions(segments, lex),
                   described=_described_names(segments, lex))
    out: list[Statement] = []
    seen: set[tuple] = set()
    for seg in segments:
        for unit in _units(seg):
            for st in _unit_statements(unit, lex, ctx):
                key = (st.party, st.action, st.data, st.negated, st.sentence, st.paragraph)
                if key in seen:
                    continue
                seen.add(key)
                out.append(st)
    subjects = _notice_subjects(segments, lex)
    kept = []
    for st in out:
        if st.party.startswith("name:") and subjects.data_subject(st.party[5:]) \
                and not (re.match(r"(?i)(?:the\s+)?other\s", st.party[5:]) and not st.negated):
            # ("other members see your photo": the others are not the reader; round 10)
            if not (st.negated and lex.data_subject(st.party[5:]) and _GENERIC_PEOPLE & set(st.party[5:].lower().split())):
                continue  # the people the notice is about receive nothing from it
            # "shall not be disclosed to any person": a denial to everyone else
            st.party, st.party_text, st.party_kind = "third_parties", lex.party_names["third_parties"], "vague"
        kept.append(st)
    things = _defined_things(segments, lex)
    out = [st for st in kept if not (st.party.startswith("name:") and (
        _not_a_party(st.party[5:]) or re.sub(r"^(?:the|our|your)\s+", "", st.party[5:].lower()) in things
        # "a visit led to a booking or an order": what something leads to is an outcome, no recipient (round 10)
        or re.search(r"(?i)\b(?:led|leads?|leading)\s+to\s+(?:(?:a|an|the|any)\s+)?(?:\w+\s+(?:or|and)\s+(?:(?:a|an|the)\s+)?)?"
                     + re.escape(st.party[5:]) + r"\b", st.sentence)))]
    out = _own_people_and_full_names(out, segments, lex)
    out = _short_common_names(out, segments, lex)
    out = _plural_class_names(out, segments)
    out = _defined_recipients(out, ctx.defined)
    out = _not_retention_or_transfer([s for s in out if s.data != _UNKNOWN_RECORDS], lex)
    out = _label_gives_way(out, {seg.index: seg.text for seg in segments})
    out = _these_partners(out, lex, {seg.index: seg.text for seg in segments})
    kinds = {seg.index: seg.kind for seg in segments}
    own_tools = _self_hosted(segments, out, lex)
    for st in out:
        if st.party in own_tools:
            # "We use Matomo ... Matomo runs on our own servers": the tool's maker receives nothing (GUIDELINES.md)
            st.party, st.party_text, st.party_kind = "first_party", lex.party_names.get("first_party", "first_party"), "first_party"
    out = [st for st in out if not (kinds.get(st.paragraph) != "table_row" and _retention_line(st))]
    for st in out:
        clause = next((c for c in re.split(r",\s*(?:and|but)\s+|;\s*", st.sentence) if _UNLESS_YOU_AGREE.search(c)), "")
        if st.negated and clause and st.data_text and st.data_text.lower() in clause.lower():
            # "X is not told unless you agree", "we never send your CV anywhere without asking you first": a disclosure
            # on a condition, the positive line (GUIDELINES.md, "Doubtful cases"; round 9)
            st.negated = False
    for st in out:
        if not st.negated and st.data_text and st.party != "first_party" and re.search(
                r"(?i)\bwithout\s+(?:your|the|any|their|a|an)?\s*(?:[\w-]+\s+){0,2}?" + re.escape(st.data_text) + r"\b", st.sentence):
            # "damage reports and photos, without your contact details": what goes without is denied (round 10)
            st.negated = True
    positive = {(st.party, st.data) for st in out if not st.negated}
    # "we do not ask about your health, except for any disability you tell us about", "shall not collect health
    # information otherwise than with consent": a denial with an exception is the positive line only (GUIDELINES.md,
    # "Doubtful cases"; round 9)
    out = [st for st in out if not (st.negated and st.data != "user" and (st.party, st.data) in positive
                                    and _EXCEPTION_MARKER.search(st.sentence))]
    out += _pay_with(segments, lex, out)
    out += _entered_or_added(segments, lex, out)
    out += _sign_in_with(segments, lex, out)
    out += _coordinated_unknown_names(out, lex)
    out += _these_named_before(segments, lex, out)
    out += _our_pages_on(out, lex)
    out += _all_before_who(out, lex)
    out += _stored_there(segments, out, lex)
    out = [x for st in out for x in _place_of_servers(st, lex)]
    specific = {st.party for st in out if st.data != "user" and not st.negated}
    # "[X, user]" means data not named: written only when the notice names no category for X ("we share the
    # telematics data and your details with X", "X may process personal data in the USA" add nothing where X's
    # data is named; GUIDELINES.md, "A generic repeat"; round 9)
    out = [st for st in out if not (st.data == "user" and not st.negated and st.party in specific and (
        st.data_text == "" or st.party.startswith("name:") or lex.party_kind(st.party) == "named"))]
    # (a class gathers bodies the notice names apart - "the police" and "HMRC" are both law enforcement - so its
    # broad statement stays, unless it was read from no data at all)
    for st in out:
        if st.party.startswith("name:") and re.fullmatch(r"(?:the\s+|a\s+|any\s+)?(?:new\s+|potential\s+)?buyers?",
                                                          st.party[5:].lower()) and _BUSINESS_SALE.search(st.sentence):
            # "if we are sold, your data may pass to the buyer": a buyer of the business (round 7); a buyer of
            # tickets is a customer, so "buyer" alone is no lexicon phrase
            st.party, st.party_kind = "acquirers", lex.party_kind("acquirers")
        if st.party.startswith("name:") and re.fullmatch(r"(?:the\s+)?(?:companies|entities|businesses|organisations|organizations)",
                                                          st.party[5:].lower()) and re.search(
                r"(?i)\b(?:companies|entities|businesses|organi[sz]ations)\s+(?:within|in|of|belonging to|forming part of)\s+"
                r"(?:the|our)\s+(?:[A-Z][\w&-]*\s+){0,3}group\b", st.sentence):
            # "companies within the Northvane group": the group's companies (round 10)
            st.party, st.party_text, st.party_kind = "affiliates", lex.party_names.get("affiliates", "affiliates"), lex.party_kind("affiliates")
        if st.party.startswith("name:") and _POLICE_WORDS & set(st.party[5:].lower().split()):
            # "Police Scotland", "the Thames Valley Police": a police force is law enforcement (round 7)
            st.party, st.party_kind = "law_enforcement", lex.party_kind("law_enforcement")
    out = list({(s.party, s.action, s.data, s.negated, s.sentence, s.paragraph): s for s in reversed(out)}.values())[::-1]
    # "publish the registrant's name", "that third party's own marketing": a common noun in the possessive
    # owns what follows, it receives nothing (round 7; "Sainsbury's" keeps its capital)
    out = [s for s in out if not (s.party_kind in ("named", "vague") and re.fullmatch(r"[a-z][\w\s-]*['’]s", s.party_text.strip().removeprefix("name:")))]
    stated = {s.data for s in out if s.party == "first_party" and not s.negated and not _restating_section(s)}
    out = _drop_subsumed_first_party([s for s in out if not (_restating_section(s) and any(
        d.startswith(s.data + ".") for d in stated))])
    for i, st in enumerate(out, 1):
        st.id = f"S{i}"
    return out


#: "on Linode servers in Frankfurt, which store ...": the place the servers are in
_SERVERS_IN = r"(?:(?P<owner>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2})\s+)?(?:servers?|data cent(?:re|er)s?|cloud)\s+in\s+(?:the\s+)?%s\s*,\s*(?:which|where|that)\b"


def _place_of_servers(st: Statement, lex: Lexicon) -> list[Statement]:
    """Round 9b: "on Linode servers in Frankfurt, which store your name": a place after "servers in" before a
    relative clause is where the servers are; the servers' owner, when named, is who stores the data."""
    if not st.party.startswith("name:"):
        return [st]
    m = re.search(_SERVERS_IN % re.escape(st.party[5:]), st.sentence)
    if m is None:
        return [st]
    if not m.group("owner"):
        return []
    owner = m.group("owner")
    toks = tokenize_text(owner)
    h = lex.parties.match_at(toks, 0) if toks else None
    if h and h[0] == len(toks):
        if h[1] == "first_party":
            return [dataclasses.replace(st, party="first_party", party_text=lex.party_names.get("first_party", "first_party"),
                                        party_kind="first_party")]
        return [dataclasses.replace(st, party=h[1], party_text=lex.party_names.get(h[1], owner), party_kind=lex.party_kind(h[1]))]
    return [dataclasses.replace(st, party="name:" + owner, party_text=owner)]


#: "you can pay with Klarna", "pay by card using Stripe": the person paying through a named vendor
_PAY_WITH = re.compile(r"\b(?:you|customers?|members?|guests?)\s+(?:\w+\s+){0,2}?pay(?:s|ing)?\s+(?:\w+\s+){0,3}?"
                       r"(?:with|using|through|via)\s+([^.;:]+)", re.I)


def _pay_with(segments: list[Segment], lex: Lexicon, out: list[Statement]) -> list[Statement]:
    """Round 9b: "You can pay with Klarna": a named vendor the person pays through, with no data named, is the
    person's data in general ("a recipient named with no data is `user`", GUIDELINES.md); the generic-repeat
    rule drops it where the vendor's data is named elsewhere. Only vendors the recipient list knows by name."""
    have = {(st.party, st.sentence) for st in out}
    res: list[Statement] = []
    for seg in segments:
        for sent in sentences(seg.text):
            m = _PAY_WITH.search(sent)
            if m is None or re.search(r"\b(?:not|never|cannot|can't|no longer)\b", sent[:m.end(1)], re.I):
                continue
            if any(d.value != "user" for d in lex.data.find(tokenize_text(sent))) \
                    or re.search(r"\b(?:card|cards|details|data|information)\b", sent, re.I):
                continue  # "pay with X, which handles the card": data named, not the person's data in general
            toks = tokenize_text(m.group(1))
            i = 0
            while i < len(toks):
                h = lex.parties.match_at(toks, i)
                if h and lex.party_kind(h[1]) == "named" and (h[1], sent) not in have:
                    have.add((h[1], sent))
                    res.append(Statement(h[1], lex.party_names.get(h[1], h[1]), "named", "use", "user", "",
                                         sentence=sent, heading=seg.heading, section=" > ".join(seg.path),
                                         paragraph=seg.index, lead=seg.lead))
                i += h[0] if h else 1
    return res


_ADDED_TO = re.compile(r"\b(?:add|refer)(?:s|red|ed|ing)?\s+(?:you|your\s+child|them|him|her)\s+to\s+(?P<p>[^,.;]+?)\s+"
                       r"(?:with|using)\s+(?P<d>[^.;]+)", re.I)
_REGISTER_WITH = re.compile(r"\bregister(?:s|ed|ing)?\s+(?:you|your\s+(?:child|children|son|daughter|family|dependants?)|them|him|her|"
                            r"each\s+(?:player|member|child|pupil|student))\s+with\s+(?P<p>[^,.;]+?)"
                            r"(?=\s*[,.;]|\s+(?:through|via|using|so|to|for|before|when|online)\b)(?P<d>[^.;]*)", re.I)
_PAY_BY_CARD = re.compile(r"\bpay(?:s|ing)?\b[^.;]*?\bby\s+(?:credit\s+or\s+debit\s+|credit\s+|debit\s+|bank\s+)?card\b"
                          # ("pay by card for one-off things, those payments go through SumUp"; round 10)
                          r"(?:[^.;]*?\b(?:go|goes|are\s+processed|is\s+processed|are\s+taken|is\s+taken))?\s+"
                          r"(?:through|with|via|using|by)\s+(?P<p>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2})")
_ENTERED_INTO = re.compile(r"\b(?:type|enter|key|put|submit)s?\s+(?:in\s+)?(?P<d>[^.;]+?)\s+(?:into|in|on|through|via)\s+(?:the\s+)?"
                           r"(?P<p>[A-Z][^.;,]*?)(?:['’]s)?\s+(?:own\s+)?(?:secure\s+)?(?:online\s+)?(?:payment\s+)?"
                           r"(?:form|app|website|site|page|system|portal|platform|checkout)\b")


def _entered_or_added(segments: list[Segment], lex: Lexicon, out: list[Statement]) -> list[Statement]:
    """Round 10: "the coach adds you to TeamSnap with your name and email", "you type your bank details into
    GoCardless's own form": the service one is added to, or whose form one fills in, receives the data named.
    The service is a party the recipient list knows or a capitalised name; nothing when denied."""
    have = {(st.party, st.data, st.sentence) for st in out}
    res: list[Statement] = []
    for seg in segments:
        for sent in sentences(seg.text):
            for rx in (_ADDED_TO, _ENTERED_INTO, _PAY_BY_CARD, _REGISTER_WITH):
                m = rx.search(sent)
                if m is None or re.search(r"\b(?:not|never|cannot|can't|don't|no)\b", sent[:m.end()], re.I):
                    continue
                targets = []
                # "refer you to your GP or to the hospital eye service": each one named
                for part in re.split(r"\s+(?:or|and)\s+(?:to\s+)?", m.group("p")):
                    part = re.sub(r"^(?:the|our|your)\s+", "", part.strip(), flags=re.I)
                    ptoks = tokenize_text(part)
                    known = [p for p in lex.parties.find(ptoks) if p.value != "first_party"]
                    if known:
                        targets.append((known[0].value, lex.party_names.get(known[0].value, known[0].value),
                                        lex.party_kind(known[0].value)))
                        continue
                    name = re.match(r"([A-Z][\w&'’-]*(?:\s+(?:(?:&|and|of|for)\s+)?[A-Z][\w&'’-]*){0,4})", part)
                    if name is None and rx is _ADDED_TO and re.fullmatch(r"[a-z][a-z-]+(?:\s[a-z][a-z-]+){0,3}", part):
                        targets.append(("name:" + part, part, "named"))  # "your GP", "the hospital eye service"
                        continue
                    if name is None or lex.parties.find(tokenize_text(name.group(1))):
                        continue
                    targets.append(("name:" + re.sub(r"['’]s$", "", name.group(1)), re.sub(r"['’]s$", "", name.group(1)), "named"))
                if rx is _PAY_BY_CARD:
                    data = [Match("user.financial.credit_card", 0, 0, "card")]
                elif rx is _REGISTER_WITH:
                    # "we register your child with the county FA, giving their name and date of birth" (round 10)
                    given = re.search(r"\b(?:giving|providing|sending|passing|including|with)\b(.*)$", m.group("d"), re.I)
                    data = [d for d in lex.data.find(tokenize_text(given.group(1)))] if given else []
                    data = [d for d in data if d.value != "user"] or [Match("user", 0, 0, "")]
                else:
                    data = [d for d in lex.data.find(tokenize_text(m.group("d")))]
                    data = [d for d in data if d.value != "user"] or data
                for (party, text, kind), d in [(t, d) for t in targets for d in data]:
                    if (party, d.value, sent) in have:
                        continue
                    have.add((party, d.value, sent))
                    res.append(Statement(party, text, kind, "receive", d.value, d.text, sentence=sent, heading=seg.heading,
                                         section=" > ".join(seg.path), paragraph=seg.index, lead=seg.lead))
    return res


_SIGN_IN_WITH = re.compile(r"\b(?:sign|log)(?:s|ged|ging)?[\s-]*(?:in|on|up)\s+(?:with|using|through|via)\s+(?:your\s+)?([^.;:()]+)", re.I)


def _sign_in_with(segments: list[Segment], lex: Lexicon, out: list[Statement]) -> list[Statement]:
    """Round 10: "You can sign in with Apple or Google": the service one signs in with handles the login
    (``user.authorization.credentials``). Services the recipient list knows, or capitalised names in the list
    after "with"; nothing when denied."""
    have = {(st.party, st.data, st.sentence) for st in out}
    res: list[Statement] = []
    for seg in segments:
        for sent in sentences(seg.text):
            m = _SIGN_IN_WITH.search(sent)
            if m is None or re.search(r"\b(?:not|never|cannot|can't|no)\b", sent[:m.start(1)], re.I):
                continue
            body = re.split(r"\s+(?:instead|rather|to|so|if|when|which|because|for)\b|,\s*(?!or\b|and\b)", m.group(1))[0]
            found = []
            for part in re.split(r",|\s+or\s+|\s+and\s+", body):
                part = re.sub(r"\s+(?:account|login|ID)s?$", "", part.strip())
                known = [p for p in lex.parties.find(tokenize_text(part)) if p.value != "first_party"]
                if known:
                    found.append((known[0].value, lex.party_names.get(known[0].value, known[0].value), lex.party_kind(known[0].value)))
                elif re.fullmatch(r"[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2}", part) and not _not_a_party(part):
                    found.append(("name:" + part, part, "named"))
            for party, text, kind in found:
                if (party, "user.authorization.credentials", sent) in have:
                    continue
                have.add((party, "user.authorization.credentials", sent))
                res.append(Statement(party, text, kind, "receive", "user.authorization.credentials", m.group(0), sentence=sent,
                                     heading=seg.heading, section=" > ".join(seg.path), paragraph=seg.index, lead=seg.lead))
    return res


_THESE_TOLD = re.compile(r"\b(?:tell|tells|told|inform|informs|let|lets|send|sends|give|gives|pass|passes|share|shares|report|reports)\s+"
                         r"(?:\w+\s+){0,3}?(?:these|those|both)\s+(?:platforms|companies|services|networks|partners|providers|sites|apps|firms)\b", re.I)


def _these_named_before(segments: list[Segment], lex: Lexicon, out: list[Statement]) -> list[Statement]:
    """Round 10: "We advertise on Meta and TikTok. ... we let these platforms know ..., using your advertising
    identifier": "these <kind>" told something are the vendors the sentence before names (vendors the
    recipient list knows), even when that sentence names no data; they receive the data this one names."""
    have = {(st.party, st.data, st.sentence) for st in out}
    res: list[Statement] = []
    for seg in segments:
        sents = sentences(seg.text)
        for k in range(1, len(sents)):
            m = _THESE_TOLD.search(sents[k])
            if m is None or re.search(r"\b(?:not|never|no)\b|n't\b", sents[k], re.I):
                continue
            named = list(dict.fromkeys(p.value for p in lex.parties.find(tokenize_text(sents[k - 1]))
                                       if p.value != "first_party" and lex.party_kind(p.value) == "named"))
            data = [d for d in lex.data.find(tokenize_text(sents[k][m.end():])) if d.value != "user"]
            if len(named) < 1 or not data:
                continue
            for party in named:
                for d in data:
                    if (party, d.value, sents[k]) in have:
                        continue
                    have.add((party, d.value, sents[k]))
                    res.append(Statement(party, lex.party_names.get(party, party), "named", "share", d.value, d.text,
                                         sentence=sents[k], heading=seg.heading, section=" > ".join(seg.path),
                                         paragraph=seg.index, lead=seg.lead))
    return res


_OUR_PAGES = re.compile(r"\b(?:on|to|in)\s+our\s+((?:[A-Z][\w-]*(?:\s+|\s*,\s*|\s+(?:and|or|&)\s+)){1,4})"
                        r"(?:pages?|accounts?|channels?|feeds?|profiles?|groups?)\b")


def _our_pages_on(out: list[Statement], lex: Lexicon) -> list[Statement]:
    """Round 10: "Match photos go on our Facebook and Instagram pages": what the organisation puts on its
    pages of a platform the recipient list knows, that platform holds too."""
    have = {(st.party, st.data, st.negated, st.sentence) for st in out}
    res: list[Statement] = []
    for st in out:
        if st.party != "first_party":
            continue
        m = _OUR_PAGES.search(st.sentence)
        if m is None:
            continue
        for p in dict.fromkeys(p.value for p in lex.parties.find(tokenize_text(m.group(1)))
                               if p.value != "first_party" and lex.party_kind(p.value) == "named"):
            if (p, st.data, st.negated, st.sentence) not in have:
                have.add((p, st.data, st.negated, st.sentence))
                res.append(dataclasses.replace(st, party=p, party_text=lex.party_names.get(p, p), party_kind="named"))
    return res


_WHO_SEES = re.compile(r"[,–—-]?\s*\bwho\s+(?:may|might|can|could|will|would)?\s*(?:also\s+)?(?:see|sees|receive|receives|access|have access|has access|process|processes|handle|handles)\b")
_RELY_ON = re.compile(r"\b(?:rely|relies|relying|depend|depends)\s+on\s+|\b(?:use|uses|engage|engages|work with|works with)\s+", re.I)


def _all_before_who(out: list[Statement], lex: Lexicon) -> list[Statement]:
    """Round 10: "we rely on trusted partners and service providers - IT support, printing and mailing houses,
    secure document shredding, our auditors - who may see personal data": every recipient the phrase before
    "who" lists receives what the relative clause says, not only the last; the items of a dash insertion too."""
    have = {(st.party, st.data, st.negated, st.sentence) for st in out}
    res: list[Statement] = []
    for st in out:
        if st.party == "first_party" or st.negated:
            continue
        w = _WHO_SEES.search(st.sentence)
        if w is None:
            continue
        heads = list(_RELY_ON.finditer(st.sentence[:w.start()]))
        if not heads:
            continue
        span = st.sentence[heads[-1].end():w.start()]
        found: list[tuple[str, str, str]] = []
        for p in lex.parties.find(tokenize_text(span)):
            if p.value != "first_party":
                found.append((p.value, lex.party_names.get(p.value, p.value), lex.party_kind(p.value)))
        inner = re.search(r"\s[–—-]\s(.+?)\s*$", span)
        if inner:
            for item in re.split(r",\s*", inner.group(1)):
                item = re.sub(r"^(?:and|or)\s+", "", item.strip())
                if item and not lex.parties.find(tokenize_text(item)) and re.fullmatch(r"[A-Za-z][a-z -]{2,50}", item) \
                        and len(item.split()) <= 5:
                    found.append(("name:" + item, item, "named"))
        for party, text, kind in dict.fromkeys(found):
            if (party, st.data, st.negated, st.sentence) not in have:
                have.add((party, st.data, st.negated, st.sentence))
                res.append(dataclasses.replace(st, party=party, party_text=text, party_kind=kind))
    return res


def _coordinated_unknown_names(out: list[Statement], lex: Lexicon) -> list[Statement]:
    """Round 10: "paid through Apple or Google, which handle your payment details", "Quillpay and Stripe receive
    your card number": a capitalised name the recipient list does not know, joined by "or"/"and" to a vendor
    it knows, shares that vendor's statement."""
    have = {(st.party, st.data, st.negated, st.sentence) for st in out}
    res: list[Statement] = []
    for st in out:
        if st.party.startswith("name:") or st.party == "first_party" or lex.party_kind(st.party) != "named":
            continue
        toks = tokenize_text(st.sentence)
        for p in lex.parties.find(toks):
            if p.value != st.party:
                continue
            names = []
            if p.i >= 2 and toks[p.i - 1].word in ("or", "and"):
                k = p.i - 2
                if st.sentence[toks[k].start:toks[k].start + 1].isupper() and toks[k].word.isalpha() and k > 0 \
                        and not (k >= 1 and st.sentence[toks[k - 1].start:toks[k - 1].start + 1].isupper()) \
                        and toks[k - 1].word not in ("in", "at", "from", "near", "of", "outside", "inside", "across"):
                    names.append(st.sentence[toks[k].start:toks[k].end])
            if p.j + 1 < len(toks) and toks[p.j].word in ("or", "and") and toks[p.j + 1].word.isalpha() \
                    and st.sentence[toks[p.j + 1].start:toks[p.j + 1].start + 1].isupper() \
                    and not (p.j + 2 < len(toks) and st.sentence[toks[p.j + 2].start:toks[p.j + 2].start + 1].isupper()):
                names.append(st.sentence[toks[p.j + 1].start:toks[p.j + 1].end])
            for name in names:
                if lex.parties.find(tokenize_text(name)) or _not_a_party(name) or name.lower() in _country_names() \
                        or name.lower() in _FIRST_PERSON or ("name:" + name, st.data, st.negated, st.sentence) in have:
                    continue
                have.add(("name:" + name, st.data, st.negated, st.sentence))
                res.append(dataclasses.replace(st, party="name:" + name, party_text=name, party_kind="named"))
    return res


_THERE = re.compile(r"\b(?:stored|kept|held|saved|hosted|processed)\s+there\b", re.I)


def _stored_there(segments: list[Segment], out: list[Statement], lex: Lexicon) -> list[Statement]:
    """Round 10: "The site is built on Pitchero. Your name and message are stored there.": "there" is the one
    service the sentence before names; the data stored there are that service's too."""
    res: list[Statement] = []
    for seg in segments:
        sents = sentences(seg.text)
        for k in range(1, len(sents)):
            if not _THERE.search(sents[k]):
                continue
            before = {(st.party, st.party_text, st.party_kind) for st in out
                      if st.paragraph == seg.index and st.sentence == sents[k - 1] and st.party != "first_party" and not st.negated}
            if not before:
                # "The website is built on Pitchero.": a service the sentence names after a preposition
                toks = tokenize_text(sents[k - 1])
                before = {(p.value, lex.party_names.get(p.value, p.value), lex.party_kind(p.value))
                          for p in lex.parties.find(toks) if p.value != "first_party"}
                for m in re.finditer(r"\b(?:on|by|with|in|through|using|via)\s+([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})", sents[k - 1]):
                    if not lex.parties.find(tokenize_text(m.group(1))) and not _not_a_party(m.group(1)) \
                            and m.group(1).lower() not in _country_names():
                        before.add(("name:" + m.group(1), m.group(1), "named"))
            if len({b[0] for b in before}) != 1:
                continue
            party, text, kind = next(iter(before))
            for st in out:
                if st.paragraph == seg.index and st.sentence == sents[k] and not st.negated and st.party == "first_party":
                    res.append(dataclasses.replace(st, party=party, party_text=text, party_kind=kind))
    return res


def _these_partners(out: list[Statement], lex: Lexicon, texts: dict[int, str]) -> list[Statement]:
    """Round 7: "... such as social media platforms and advertising networks. These partners receive your
    device identifiers": a vague class word after "these"/"those" points back to the recipients the
    sentence before named in the same paragraph."""
    res: list[Statement] = []
    for n, st in enumerate(out):
        word = st.party_text.split()[-1] if st.party_text.split() else ""
        if st.party in lex.vague_classes and word and re.search(
                rf"\b(?:these|those)\s+(?:\w+\s+)?{re.escape(word)}\b", st.sentence, re.I):
            before = [o for o in out[:n] if o.paragraph == st.paragraph and o.sentence != st.sentence
                      and o.party not in lex.vague_classes and o.party != "first_party"]
            sents = [x.strip() for x in sentences(texts.get(st.paragraph, ""))]
            k = sents.index(st.sentence.strip()) if st.sentence.strip() in sents else -1
            before = [o for o in before if k > 0 and o.sentence.strip() == sents[k - 1]]  # the sentence just before
            if before:
                last = before[-1].sentence
                for party in dict.fromkeys(o.party for o in before if o.sentence == last):
                    src = next(o for o in before if o.party == party)
                    res.append(dataclasses.replace(st, party=party, party_text=src.party_text, party_kind=src.party_kind))
                continue
        res.append(st)
    return res


_BUSINESS_SALE = re.compile(r"\b(?:sold|sells?|merged|merges?|merger|acquired|acquisition|takeover|sale of (?:our|the) (?:business|company)|"
                            r"restructur\w*|insolven\w*)\b", re.I)
_POLICE_WORDS = {"police", "constabulary", "gardai", "garda"}
_NUMBER_WORDS = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty|sixty|ninety)"
#: how long something is kept ("for six years", "12 months after", "until you withdraw", "How long:")
_RETENTION_PERIOD = re.compile(rf"\b{_NUMBER_WORDS}(?:[- ]\w+)?\s*(?:\(\d+\)\s*)?(?:years?|months?|weeks?|days?)\b"
                               r"|\buntil you\b|\bas long as\b|\bwhile your account\b|\bhow long\b|\bretention period",
                               re.I)
#: a sentence about where data goes abroad and on what basis ("in the United States", "Standard Contractual Clauses")
_TRANSFER = re.compile(r"\b(?:in|to|outside|from)\s+(?:the\s+)?(?:United States|USA|US|EEA|EU|UK|European Union|"
                       r"European Economic Area|United Kingdom)\b|\bStandard Contractual Clauses\b|\badequacy\b|"
                       r"\bData Privacy Framework\b|\binternational transfers?\b", re.I)


#: "Account details: while your account is open", "Crash reports: 90 days": a label, a colon, how long
_RETENTION_LINE = re.compile(r"\s*(?:[-*•]\s*)?([A-Za-z][\w'’ ,/&()-]{0,60}?)\s*:\s+(.+)$", re.S)


_SELF_HOSTED = re.compile(r"\b(?:runs?|is run|are run|is hosted|are hosted|hosted|installed|is installed|operated|is operated)\s+"
                          r"(?:entirely\s+|only\s+)?(?:on|in)\s+(?:our\s+own|our)\s+(?:\w+\s+)?(?:servers?|infrastructure|systems?|"
                          r"data cent(?:re|er)s?)\b|\bself-hosted\b|\bwe host (?:it|them) ourselves\b", re.I)


_HOSTED_ON_NAMED = re.compile(r"\b(?:runs?|hosted|installed|operated)\s+(?:on|in)\s+(?:the\s+)?([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3}?)"
                              r"(?:['’]s)?\s+(?:own\s+)?(?:servers?|infrastructure|systems?|data cent(?:re|er)s?)\b")


def _is_publisher(name: str, lex: Lexicon) -> bool:
    """Whether a name, or "the" and the name ("Council" for "the Council"), is the publisher's."""
    for form in (name, "the " + name):
        t = tokenize_text(form)
        h = lex.parties.match_at(t, 0) if t else None
        if h and h[0] == len(t) and h[1] == "first_party":
            return True
    return False


def _self_hosted(segments: list[Segment], out: list[Statement], lex: Lexicon) -> set[str]:
    """Round 9: vendors whose tool the notice says runs on the organisation's own servers ("Matomo runs on our
    own servers", "a self-hosted copy of Matomo"): what the tool does, the organisation does."""
    found: set[str] = set()
    vendors = {st.party: st.party_text for st in out if st.party != "first_party"
               and (st.party.startswith("name:") or lex.party_kind(st.party) == "named")}
    for seg in segments:
        for sent in sentences(seg.text):
            m = _SELF_HOSTED.search(sent)
            if m is None:
                # "Matomo, hosted on Council servers": servers of the publisher, by its own name (round 9)
                m = next((x for x in _HOSTED_ON_NAMED.finditer(sent) if _is_publisher(x.group(1), lex)), None)
            if m is None:
                continue
            before = sent[:m.start()]
            for pid, ptext in vendors.items():
                names = {ptext, lex.party_names.get(pid, ""), pid[5:] if pid.startswith("name:") else ""}
                if any(n and re.search(r"\b%s\b" % re.escape(n), before, re.I) for n in names) \
                        and not re.search(r"\b(?:not|never)\b", before[-40:]):
                    found.add(pid)
    return found


#: a denial lifted by the person's own say ("unless you agree", "without asking you first")
_UNLESS_YOU_AGREE = re.compile(r"\bunless\s+(?:you|your)\s+(?:\w+\s+){0,2}?(?:agree|agrees|consent|consents|ask|asks|tell|tells|"
                               r"choose|chooses|opt|opts|give|gives|allow|allows|authori[sz]e|want|wish|request)\w*\b|"
                               r"\bwithout\s+(?:first\s+)?(?:asking\s+you|your\s+(?:\w+\s+)?(?:consent|permission|agreement|say-so))\b", re.I)
_EXCEPTION_MARKER = re.compile(r"\b(?:otherwise than|save as|save that|save where|save for|except|other than|unless|"
                               r"apart from|with the exception)\b", re.I)


def _retention_line(st: Statement) -> bool:
    """Round 9: a line that only says how long something is kept ("Payment records: six years, for the
    tax office", "Visit logs: 2 years after the care ends (or until a child's 25th birthday for anyone ...)")
    gives nothing to anyone it names: a retention period is not a statement (GUIDELINES.md). The first
    party's own restatements there are left to `_restating_section` (data named nowhere else stays, as
    round 4 decided); denials and table rows are left alone."""
    m = _RETENTION_LINE.match(st.sentence)
    if st.negated or m is None or len(m.group(1).split()) > 6:
        return False
    return bool(_RETENTION_PERIOD.match(re.sub(r"^(?:kept\s+|retained\s+)?(?:for\s+)?(?:up to\s+)?", "", m.group(2), flags=re.I)))


def _not_retention_or_transfer(out: list[Statement], lex: Lexicon) -> list[Statement]:
    """Round 7: what a notice says about how long it keeps data, or about the country a recipient
    processes it in, restates what was said elsewhere; it states no new flow.

    - the publisher not using for a purpose data it says it collects ("we use your location to find a
      charger ... we do not use your location to show ads") limits the flow, it does not deny it;

    - the publisher keeping data for a period ("Invoices: 10 years", "Account data is kept for two years
      after you close your account") is not the publisher collecting it;
    - "personal data" going to a recipient in another country (a recipient that receives something
      named elsewhere in the notice) is that recipient's data, not all of the person's data."""
    named = {s.party for s in out if s.data != "user" and not s.negated}
    held = {s.data for s in out if s.party == "first_party" and not s.negated}
    kept = []
    for st in out:
        if st.negated and st.party == "first_party" and st.action == "use" and (st.data in held or any(
                st.data != "user" and (h.startswith(st.data + ".") or st.data.startswith(h + ".")) for h in held)):  # (same kind: round 9)
            continue  # "we use your location to find a charger (and do not keep it)": how long or what for, not a denial
        if not st.negated and st.action == "retain" and _RETENTION_PERIOD.search(st.sentence) \
                and st.party != "first_party" and st.data == "user":
            continue
        if not st.negated and st.data == "user" and st.party != "first_party" and st.party in named \
                and _TRANSFER.search(st.sentence):
            continue
        kept.append(st)
    return kept


#: words that end a phrase naming data or a place, never an organisation ("small amounts of data")
_DATA_HEADS = {"data", "information", "info", "details", "particulars", "records", "files", "cookies"}
_PLACES = {"eu", "eea", "uk", "us", "usa", "european union", "european economic area", "united states of america",
           "abroad", "overseas"}


_ANIMALS = {"animal", "animals", "pet", "pets", "dog", "dogs", "cat", "cats", "horse", "horses", "puppy", "puppies",
            "kitten", "kittens", "rabbit", "rabbits", "livestock"}


def _not_a_party(name: str) -> bool:
    """Whether an unknown recipient's words name data or a place, not an organisation: "transfer ... to the
    United States" says where data goes (the Art. 13/14 checklist reads transfers), not who receives it.

    >>> [_not_a_party(n) for n in ("the United States", "small amount of data", "Canada", "Civica UK Limited")]
    [True, True, True, False]
    """
    words = name.lower().removeprefix("the ").split()
    if not words or words[-1] in _DATA_HEADS or words[-1] in _ANIMALS:
        return True  # ("the treatment your animals receive": a pet receives no data, round 8)
    if re.search(r"[\"“”]|\bmeans$", name):
        return True  # '"Processor" means any person who ...': a definition's term, no recipient (round 9)
    plain = " ".join(words)
    return plain in _PLACES or plain in _country_names()


@functools.cache
def _country_names() -> frozenset[str]:
    from ..geo import countries

    return frozenset(n.lower().removeprefix("the ") for n in countries().values())


_CAP = r"[A-Z][\w&'’.-]*"
_CAP_NAME = rf"{_CAP}(?:\s+(?:{_CAP}|&|and|of|for))*?"
_LEGAL_SUFFIX = r"(?:Ltd|Limited|GmbH|Inc|LLC|LLP|plc|PLC|B\.V\.|BV|AG|SA|S\.A\.|SAS|SARL|Pty Ltd|Oy|AB|ApS|S\.L\.|SRL|S\.r\.l\.)"
_SELF_PATTERNS = (
    # "the Council" means Ashcombe Borough Council / "Acme" refers to ...
    re.compile(rf"[“\"]((?:the |our )?{_CAP_NAME})[”\"]\s+(?:means|refers to|is)\s+(?:the\s+)?({_CAP}(?:\s+(?:{_CAP}|of))*)"),
    # Acme Bakery Ltd ("Acme", "we", "us") / Forkful (the "Company")
    re.compile(rf"((?:{_CAP}\s+){{0,4}}{_LEGAL_SUFFIX})?,?[^(.;]{{0,60}}?\((?:hereinafter\s+)?(?:the\s+)?[“\"]((?:the )?[\w ]+?)[”\"]"),
    # Forkful Ltd, 14 Canal Wharf, Leeds, is the controller of ...
    re.compile(rf"(?:^|[.;:]\s+)({_CAP_NAME})(?:,[^.;]{{0,120}}?,)?\s+(?:is|are|acts as|being)\s+the\s+(?:data\s+)?controller\b"),
    # The Harbour Cooperative ("we", "us" or "our"): a name without a legal form, glossed by the first person
    re.compile(rf"((?:The\s+)?{_CAP}(?:\s+(?:{_CAP}|&|and|of|for)){{0,5}})\s*\(\s*(?:hereinafter\s+)?(?:referred to as\s+)?"
               rf"[“\"](?:we|us|our)[”\"]"),
)
#: what the parentheses after a name must hold for their quoted term to name the publisher (pattern 2 of
#: _SELF_PATTERNS): the first person, or a publisher word; 'Acme services ("Services")' defines a thing
_SELF_GLOSS = re.compile(r"[“\"](?:we|us|our)[”\"]", re.I)
_DEFINED_PART = re.compile(rf"[“\"]((?:the |our )?{_CAP_NAME})[”\"]\s+(?:means|refers to)\s+(?:the|a|an|any)\s+"
                           rf"(?:department|division|team|unit|part|section|service|office|branch)s?\s+of\s+([^;.]{{0,120}})")
_OPENING_NAME = re.compile(rf"(?:^|[.!?]\s+|\bat\s+)((?:{_CAP}\s+){{0,3}}?{_CAP})\s+({_LEGAL_SUFFIX})(?=[\s,;.)]|$)")
_SELF_STOP = {"we", "us", "our", "you", "your", "the", "this", "these", "in", "if", "when", "where", "personal data",
              "data", "notice", "policy", "privacy notice", "controller", "company"}


_NOTICE_TITLE = re.compile(r"^\s*#*\s*((?:[A-Z][\w&'’.-]*\s+){0,4}[A-Z][\w&'’.-]*)\s*[—–:|-]+\s*privacy\s+"
                           r"(?:notice|policy|statement)\s*$", re.I)
_WELCOME_NAME = re.compile(r"\bWelcome to ((?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})\s*[.!,]")
_OPERATED_BY = re.compile(rf"\b(?:operated|owned|run|provided|published)\s+by\s+((?:{_CAP}\s+){{1,4}}{_LEGAL_SUFFIX})(?=[\s,;.)]|$)")


def self_names(segments: list[Segment], lex: Lexicon) -> list[str]:
    """The names a notice gives the organisation publishing it, read as the first party: defined terms
    ('"the Council" means Ashcombe Borough Council', 'Acme Ltd ("Acme", "we")'), the controller
    ("Forkful Ltd, 14 Canal Wharf, Leeds, is the controller") and a company with a legal form named in
    the opening paragraphs as a sentence's subject ("Nearby Doctor GmbH runs ...", not "we send it to Acme
Ltd"), each also without its legal form.
    Names the lexicon knows as vendors are never taken.

    >>> from pia.notice.segment import segment_text
    >>> self_names(segment_text('Quillby Ltd ("Quillby") runs this shop. We use Stripe.', "text"), Lexicon.default())
    ['Quillby Ltd', 'Quillby']
    """
    found: list[str] = []
    defined: list[tuple[str, str]] = []
    paragraphs = [s for s in segments if s.kind != "table_row"]
    for n, seg in enumerate(paragraphs):
        text = seg.text
        for n_pat, pat in enumerate(_SELF_PATTERNS):
            for m in pat.finditer(text):
                if n_pat == 0 and not _defines_publisher(m, text, lex):
                    continue  # '"the Service" means the Central Applications Service': another body defined
                if n_pat == 1 and not _names_the_legal_name(m) and not _glossed_as_publisher(m, text, lex):
                    continue  # 'our services ("Services")', 'under 18 ("Minor")': a defined thing or person
                found += [g for g in m.groups() if g]
        defined += _DEFINED_PART.findall(text)
        if n < 3:  # the opening introduces the organisation
            for m in _OPENING_NAME.finditer(text):
                if re.match(r"\s*,\s*(?:our|its|their)\s", text[m.end():]):
                    continue  # "Elmfield Trading Ltd, our trading subsidiary, ...": another company of ours (round 9)
                found += [f"{m.group(1)} {m.group(2)}", m.group(1)]
            # round 7: "ACME — PRIVACY NOTICE", "Welcome to The Acme Hall.", "operated by Acme Venues Ltd"
            for m in (*_NOTICE_TITLE.finditer(seg.heading or ""), *_NOTICE_TITLE.finditer(text.split("\n")[0]),
                      *_WELCOME_NAME.finditer(text), *_OPERATED_BY.finditer(text)):
                name = m.group(1).strip()
                if name and name.lower().removeprefix("the ").split()[0] not in _SELF_STOP | {"our", "this", "website", "app"}:
                    found.append(name)
    found += _publisher_short_names(segments, lex)
    # '"the Revenues Service" means the department of the Council ...': a part of the organisation
    own = [f.lower().removeprefix("the ") for f in found]
    found += [term for term, meaning in defined
              if re.search(r"\b(us|our|ourselves)\b", meaning, re.I) or any(o and o in meaning.lower() for o in own)]
    # the short name the notice also uses on its own ("Fernhill Garden Centre Ltd" ... "Provider: Fernhill")
    every = " ".join(s.text for s in segments)
    for name in list(found):
        words = re.sub(rf"\s+{_LEGAL_SUFFIX}$", "", name.strip(" ,.")).split()
        if len(words) >= 2 and len(words[0]) >= 4 and words[0][:1].isupper() and words[0].lower() not in _SELF_STOP \
                and re.search(rf"(?<![\w.])(?<!\.\s){re.escape(words[0])}(?!\s+{re.escape(words[1])})\b(?![’'-])", every):
            found.append(words[0])
    out: list[str] = []
    for name in found:
        name = re.sub(r"^\s*(?:the|our)\s+(?=[a-z])", "the ", name.strip(" ,.")).strip()
        bare = re.sub(rf"\s+{_LEGAL_SUFFIX}$", "", name)
        # "The Cloud Collective" is also written "Cloud Collective collects ..."
        plain = [re.sub(r"^The\s+(?=[A-Z])", "", f) for f in (name, bare)]
        for form in dict.fromkeys((name, bare, *plain)):
            toks = tokenize_text(form)
            if not toks or form.lower() in _SELF_STOP or form.lower().split()[0] in ("we", "us", "our", "you", "your"):
                continue
            hit = lex.parties.match_at(toks, 0)
            if hit and hit[1] != "first_party" and hit[0] == len(toks):
                continue  # a vendor the lexicon knows is not the publisher
            if lex.data.match_at(toks, 0) or form in out:
                continue
            out.append(form)
    return out


def _defined_things(segments: list[Segment], lex: Lexicon) -> set[str]:
    """Terms the notice defines in brackets that are not its publisher ('our platform ("Services")', 'under
    18 ("Minor")', '"Client Data"'): things or people of the notice, never recipients.

    >>> from pia.notice.segment import segment_text
    >>> sorted(_defined_things(segment_text('Acme (the "Company") runs our apps ("Services").', "text"), Lexicon.default()))
    ['services']
    """
    out = set()
    for seg in segments:
        for m in _SELF_PATTERNS[1].finditer(seg.text):
            if not _names_the_legal_name(m) and not _glossed_as_publisher(m, seg.text, lex):
                out.add(re.sub(r"^(?:the|our)\s+", "", m.group(2).lower()))
        for m in _DEFINED_THING.finditer(seg.text):
            out.add(m.group(1).lower())  # '"the Platform" means the website at ...' (round 7)
    return out


#: '"the Platform" means the website ...', '"Services" refers to our apps': a term that names a thing
_DEFINED_THING = re.compile(r"[“\"](?:[Tt]he |[Oo]ur )?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})[”\"]\s+(?:means|shall mean|refers to)"
                            r"\s+(?:the|our|any|all|a|an|each)?\s*(?:\w+\s+){0,2}?(?:website|websites|app|apps|application|"
                            r"applications|service|services|platform|software|site|sites|terms|agreement|statement|"
                            r"policy|notice|programme|program|product|products|course|courses|device|devices)\b")


def _names_the_legal_name(m: re.Match) -> bool:
    """Whether the bracketed term of pattern 2 of _SELF_PATTERNS glosses the legal name before it
    ('Acme Ltd ("Acme")', 'Acme Ltd, of Leeds, ("Acme")'), not a thing named in between ('Acme Ltd offers
    its booking tools ("Tools")')."""
    if not m.group(1):
        return False
    between = m.string[m.end(1):m.string.find("(", m.end(1))]
    return len(re.findall(r"[a-z]\w*", between)) <= 2


def _glossed_as_publisher(m: re.Match, text: str, lex: Lexicon) -> bool:
    """Whether a quoted term in brackets without a legal name before it names the publisher: the
    brackets also say "we"/"us"/"our", or the term is a publisher word ("the Company").

    >>> lex = Lexicon.default()
    >>> [bool(_glossed_as_publisher(m, t, lex)) for t in ('Forkful (the "Company") sells food.', 'our services ("Services").')
    ...  for m in [_SELF_PATTERNS[1].search(t)]]
    [True, False]
    """
    close = text.find(")", m.end())
    inside = text[text.rfind("(", 0, m.end()):close if close >= 0 else len(text)]
    if _SELF_GLOSS.search(inside):
        return True
    words = m.group(2).lower().split()
    return bool(words) and words[-1] in lex.publisher_nouns


def _defines_publisher(m: re.Match, text: str, lex: Lexicon) -> bool:
    """Whether a definition ('"X" means Y') names the publisher (round 5): X is a proper name ("Acme"),
    or a publisher word ("the University", "the Council"), or the definition speaks of "we"/"us"/"our"
    or the controller; '"the Service" means the Central Applications Service' defines another body."""
    term = m.group(1).strip()
    head = term.split()[-1]
    # the definition ends at ";" or at the end of its sentence (round 8: not in the next sentence's "we")
    clause = re.split(r"[.!?]\s+(?=[A-Z])", text[m.start():m.end() + 160].split(";")[0])[0]
    speaks_of_us = bool(re.search(r"\b(we|us|our|controller)\b", clause, re.I))
    if not term.lower().startswith(("the ", "our ")):
        return True
    if head.lower() in lex.publisher_nouns:
        # '"the Referencing Agency" means HomeCheck Ltd': a publisher word with a qualifier of its own names
        # another body, unless the definition speaks of us (round 8); "the Agency" alone is the publisher
        return len(term.split()) <= 2 or speaks_of_us
    return speaks_of_us


_TITLE_NAME = re.compile(r"[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)+")
_SHORT_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\bthe ([A-Z][a-z]+)\b(?!\s+(?:of\b|[A-Z&]))")


def _publisher_short_names(segments: list[Segment], lex: Lexicon) -> list[str]:
    """The publisher's short name (round 5): "the University", "the Practice", "the Carrier" written with
    a capital in running text (the word in the lexicon's ``publisher_nouns``, not opening a longer
    proper name such as "the Bank of England" or "the Charity Commission"), and the name in the title
    or first heading when it ends with such a word ("Brightfield Dental Practice").

    >>> from pia.notice.segment import segment_text
    >>> _publisher_short_names(segment_text("# Larkspur Veterinary Clinic privacy notice\\n\\nWe keep your pet's records. "
    ...     "The vets of the Clinic read them. We tell the Charity Commission nothing.", "md"), Lexicon.default())
    ['Larkspur Veterinary Clinic', 'the Clinic']
    """
    out: list[str] = []
    title = next((s.path[0] for s in segments if s.path), "")
    for m in _TITLE_NAME.finditer(title):
        words = m.group(0).split()
        last = max((n for n, w in enumerate(words) if w.lower() in lex.publisher_nouns and n > 0), default=0)
        if last:
            out += [" ".join(words[:last + 1]), "the " + words[last]]
            break
    #: '"the Landlord" means the owner of the property': a term defined as a description is another party (round 8)
    described = {m.group(1).lower() for seg in segments for m in _DEFINED_AS_DESCRIPTION.finditer(seg.text)}
    for seg in segments:
        for m in _SHORT_NAME.finditer(seg.text):
            if m.group(1).lower() in lex.publisher_nouns and "the " + m.group(1) not in out \
                    and m.group(1).lower() not in described:
                out.append("the " + m.group(1))
    return out


_DEFINED_AS_DESCRIPTION = re.compile(r"[\"“]the ([A-Z][a-z]+)[\"”],?\s+(?:means|refers to|is)\s+(?:the|a|an|any|each)\s+[a-z]")


_GENERIC_PEOPLE = {"person", "persons", "people", "individual", "individuals"}
_ALWAYS_SUBJECTS = {"you", "yourself", "person", "individual", "people", "data subject", "user", "visitor"}


def _notice_subjects(segments: list[Segment], lex: Lexicon) -> Lexicon:
    """The data-subject nouns this notice is about (round 5): a noun of the lexicon's ``data_subjects`` list
    counts when the notice names the people it is for with it (in the title, the first paragraphs or a
    definition) or when it writes of their data with a possessive ("the applicant's name", "drivers'
    vehicles"); "you", "person", "individual" always count. A courier's notice for drivers that shares
    data "with the customer" keeps the customer as a recipient.

    >>> from pia.notice.segment import segment_text
    >>> lex = _notice_subjects(segment_text("# Notice for drivers\\n\\nWe share the driver's name with customers.", "md"), Lexicon.default())
    >>> lex.data_subject("the driver"), lex.data_subject("customers"), lex.data_subject("the person")
    (True, False, True)
    """
    title = " ".join(dict.fromkeys(h for s in segments for h in s.path[:1]))
    # the opening sentences that say whom the notice is for ("This notice is for employees and agency workers")
    opening = " ".join(x for seg in segments[:3] for x in sentences(seg.text)
                       if re.search(r"\b(notice|policy|statement|applies|apply|is for|are for|explains)\b", x, re.I)
                       # ("Drivers have a separate notice": they are not whom this one is for, round 9)
                       and not re.search(r"\b(?:separate|another|different|their own|own)\s+(?:privacy\s+)?(?:notice|policy|statement)\b"
                                         r"|\bnot (?:for|apply|applies|cover|covers)\b|\bdoes not\b", x, re.I))
    every = " ".join(s.text for s in segments)
    own = set(_ALWAYS_SUBJECTS)
    for noun in lex.data_subjects:
        plural = noun + ("es" if noun.endswith(("s", "sh", "ch")) else "s")
        forms = rf"(?:{re.escape(noun)}|{re.escape(plural)}|{re.escape(noun[:-1] + 'ren') if noun == 'child' else re.escape(plural)})"
        if re.search(rf"\b{forms}\b", title + " " + opening, re.I) \
                or any(_possessed_data(every[m.end():], lex) for m in re.finditer(rf"\b{forms}(?:['’]s?|s['’])(?=\s)", every, re.I)) \
                or re.search(rf"[“\"](?:the |a |an )?{forms}[”\"]\s+(?:means|refers to)", every, re.I):
            own.add(noun)
    # '"Client" or "you" means any natural person ...', '"you" or "the Member" means': a term defined as the
    # reader is the people the notice is about (round 10)
    for m in re.finditer(r"[“\"](?:the\s+)?([A-Za-z]+)[”\"]\s*(?:,|or|and)\s*[“\"](?:you|your)[”\"]\s+(?:means|refers to|shall mean)"
                         r"|[“\"](?:you|your)[”\"]\s*(?:,|or|and)\s*[“\"](?:the\s+)?([A-Za-z]+)[”\"]\s+(?:means|refers to|shall mean)"
                         r"|[“\"](?:the\s+)?([A-Za-z]+)[”\"]\s+(?:means|refers to|shall mean)\s+you\b", every, re.I):
        noun = next(g for g in m.groups() if g).lower()
        own.add(noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun)
    return dataclasses.replace(lex, data_subjects=frozenset(own)) if lex.data_subjects else lex


def _possessed_data(after: str, lex: Lexicon) -> bool:
    """Round 9: whether what a possessive owns is the person's data ("the applicant's name", "drivers'
    vehicles"), not another party ("the driver's insurer": the notice is not about the driver)."""
    words = tokenize_text(" ".join(after.split()[:4]))
    if not words:
        return False
    if lex.parties.match_at(words, 0) or (len(words) > 1 and lex.parties.match_at(words, 1)):
        return False
    return True


_SENTENCE_ADVERBS = ("then", "also", "next", "finally", "afterwards", "later", "sometimes", "occasionally", "usually",
                     "often", "otherwise", "however", "meanwhile", "thereafter", "additionally", "similarly", "likewise",
                     "separately", "currently", "today", "now")
#: the organisation's own people: as a subject they are the organisation acting ("Staff write down ...")
_OWN_PEOPLE = {"staff", "personnel", "our staff", "our people", "our team", "team", "staff members", "our staff members",
               "our employees", "our colleagues", "colleagues"}
_OWN_ROLES = {"agents", "advisers", "advisors", "staff", "employees", "colleagues", "officers", "managers", "clerks",
              "receptionists", "nurses", "pharmacists", "teachers", "recruiters", "engineers", "technicians", "team"}
_WORD_CAP = r"[A-Z][\w&'’-]*"
_FULL_NAME = re.compile(rf"\b((?:{_WORD_CAP}\s+){{0,3}}{_WORD_CAP}\s+{_LEGAL_SUFFIX}(?![\w])|(?:{_WORD_CAP}\s+){{1,3}}{_WORD_CAP})")


def _own_people_and_full_names(out: list[Statement], segments: list[Segment], lex: Lexicon) -> list[Statement]:
    """Round 5: "Staff write down ...": the organisation's own people collecting are the first party (what
    they receive from the organisation is no disclosure); and a one-word name ("Roadwise's platform") is
    the longer name the notice gives that company elsewhere ("Roadwise Telematics Ltd")."""
    every = " | ".join(re.sub(r"\*+|_+", "", s.text) for s in segments)  # (a name never runs into the next paragraph)
    every = re.sub(r"\s+", " ", every)
    by_first: dict[str, set[str]] | None = None  # full names by their first word, found once (linear in the text)
    kept = []
    for st in out:
        if st.party.startswith("name:"):
            bare = re.sub(r"^(the|our|your)\s+", "", st.party[5:].strip().lower())
            if bare in _OWN_PEOPLE or (bare.split()[-1] in _OWN_ROLES and re.search(
                    r"(?i)\bour\s+" + re.escape(st.party[5:].strip()), st.sentence)):
                # ("our customer service agents", "our support advisers": the organisation's people, round 6)
                if st.action in ("collect", "receive", "use", "retain"):
                    st.party, st.party_text, st.party_kind = "first_party", lex.party_names["first_party"], "first_party"
                else:
                    continue
            elif " " not in st.party[5:].strip():
                word = st.party[5:].strip()
                if by_first is None:
                    by_first = {}
                    for m in _FULL_NAME.finditer(every):
                        by_first.setdefault(m.group(1).split(" ", 1)[0], set()).add(m.group(1))
                    by_first = {k: {n for n in v if not lex.parties.find(tokenize_text(n))} for k, v in by_first.items()}
                longer = sorted(n for n in by_first.get(word, ()) if n.startswith(word + " "))
                if len(longer) == 1 or (longer and all(x.startswith(longer[0]) for x in longer)):
                    st.party = st.party_text = "name:" + longer[0]
        kept.append(st)
    return kept


def _label_gives_way(out: list[Statement], texts: dict[int, str]) -> list[Statement]:
    """Round 10: a bold label opening an item ("- **Account details.** When you sign up we ask for your name
    ...", "**Location.** The app reads your precise location") names the topic; what the item's sentences
    say the organisation collects is the statement. The label's own first-party lines are dropped when the
    item states other first-party data; a label over an item that names no data stays."""
    def label_of(st: Statement) -> bool:
        text, head = texts.get(st.paragraph, "").strip(), st.sentence.strip()
        return len(head.split()) <= 4 and head.endswith((".", ":")) and text.startswith(head) \
            and len(text) > len(head) + 10
    body = {(st.paragraph, st.data) for st in out if st.party == "first_party" and not st.negated and not label_of(st)}
    return [st for st in out if not (st.party == "first_party" and not st.negated and label_of(st)
                                     and any(p == st.paragraph and d != st.data for p, d in body))]


def _short_common_names(out: list[Statement], segments: list[Segment], lex: Lexicon) -> list[Statement]:
    """Round 10: a body named in full once and by its head noun afterwards ("the East Thames Youth League ...
    the league doesn't get your address") is one recipient, the full name. Only "the <noun>" (one lower-case
    word) whose capitalised name ending in that noun the notice gives once; a noun with two such names
    ("Royal County Hospital", "St Anne's Hospital") or a known party's name stays as written."""
    every = re.sub(r"\s+", " ", " | ".join(re.sub(r"\*+|_+", "", s.text) for s in segments))
    cache: dict[str, str | None] = {}
    for st in out:
        if not st.party.startswith("name:"):
            continue
        word = st.party[5:].strip()
        if not re.fullmatch(r"[a-z]{3,}", word) or not re.search(r"(?i)\bthe\s+" + re.escape(word) + r"\b", st.sentence):
            continue
        if word not in cache:
            full = set()
            for m in re.finditer(rf"\b((?:{_WORD_CAP}\s+(?:(?:of|for|and|&)\s+)?){{1,4}}{word.capitalize()})\b", every):
                name = re.sub(r"^(?:The|A|An|Our|Your|This|That|These|Its|Their)\s+", "", m.group(1))
                if name.split()[0].lower() == word or len(name.split()) < 2:
                    continue
                if lex.parties.find(tokenize_text(name)):
                    full.add(None)  # a known party of that kind: not ours to rename
                    continue
                full.add(name)
            cache[word] = next(iter(full)) if len(full) == 1 else None
        if cache[word]:
            st.party = st.party_text = "name:" + cache[word]
    return out


_RESTATING_HEADING = re.compile(r"\b(legal|lawful) bas[ie]s\b|\bretention\b|\bhow long\b|\byour rights\b|"
                                r"\bstorage (period|time)s?\b|\bdeletion\b", re.I)


_DEFINITION = re.compile(r"[“\"](?:the )?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})[”\"]\s+(?:means|shall mean|refers to|has the meaning)\b"
                         r"(.*?)(?:;|\.(?:\s|$)|$)")


def _definitions(segments: list[Segment], lex: Lexicon) -> dict[str, tuple[str, list[str]]]:
    """Terms a notice defines ('"API Data" means the full name, date of birth and ...'; '"Partner" means
    any hotel group ...'): a term naming data stands for the data its definition lists; a capitalised
    catch-all word ("Partner") is a recipient of its own, not the lexicon's vague class (round 6)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for seg in segments:
        for m in _DEFINITION.finditer(seg.text):
            term, body = m.group(1), m.group(2)
            ttoks = tokenize_text(term)
            if ttoks[-1].word in _DATA_HEADS or ttoks[-1].word in ("data", "information", "details", "particulars"):
                ms = [d for d in lex.data.find(tokenize_text(body)) if d.value != "user"]
                # "the passport or national identity card": the broader of two coordinated phrases adds nothing
                found = list(dict.fromkeys(d.value for d in ms if not any(
                    e.value.startswith(d.value + ".") and abs(e.i - d.i) <= 5 for e in ms)))
                if len(found) >= 2:
                    out[term.lower()] = ("data", found)
                continue
            hit = lex.parties.match_at(ttoks, 0)
            if hit and hit[0] == len(ttoks) and hit[1] in lex.vague_classes:
                out[term.lower()] = ("party", ["name:" + term])
                continue
            legal = _LEGAL_NAME_BODY.match(body)
            if legal and m.group(0)[1:5].lower() == "the ":
                # '"the Referencing Agency" means HomeCheck Referencing Ltd': the term stands for that company
                # wherever the notice names it as an unknown recipient (round 8)
                out[term.lower()] = ("legal", ["name:" + legal.group(1)])
    return out


_LEGAL_NAME_BODY = re.compile(r"\s*([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,5}\s+(?:Ltd|Limited|LLP|plc|PLC|Inc|GmbH|LLC|"
                              r"B\.V\.|BV|AG|SA|SAS|SARL|Oy|AB|AS|ApS|NV|Srl))\b")


def _defined_recipients(out: list[Statement], defined: dict[str, tuple[str, list[str]]]) -> list[Statement]:
    """A defined catch-all ("Partner") named with its capital is that recipient; "the said Partner" after a
    company named earlier in the sentence is that company (round 6)."""
    parties = {k: v[1][0] for k, v in defined.items() if v[0] == "party"}
    legal = {k: v[1][0] for k, v in defined.items() if v[0] == "legal"}
    for st in out:
        if legal and st.party.startswith("name:"):
            key = re.sub(r"^(?:the|our|your)\s+", "", st.party[5:].strip(), flags=re.I).lower()
            if key in legal:
                st.party, st.party_text, st.party_kind = legal[key], legal[key][5:], "named"
    if not parties:
        return out
    for st in out:
        text = re.sub(r"^(?:the\s+)?(?:said|such)\s+", "", st.party_text.strip(), flags=re.I)
        if text.lower() not in parties or text[:1].islower():
            continue
        said = re.search(r"\bsaid\s+" + re.escape(text) + r"\b", st.sentence)
        if said:
            toks = tokenize_text(st.sentence[:said.start()])
            names = [(i, j) for i, j in _proper_names(st.sentence[:said.start()], toks)
                     if not set(t.word for t in toks[i:j]) & (_NOT_NAME_WORDS | {"miles", "member", "clause"})]
            if names:
                i, j = names[-1]
                name = st.sentence[toks[i].start:toks[j - 1].end]
                st.party, st.party_text, st.party_kind = "name:" + name, name, "named"
                continue
        st.party, st.party_text, st.party_kind = parties[text.lower()], text, "named"
    return out


def _plural_class_names(out: list[Statement], segments: list[Segment]) -> list[Statement]:
    """A recipient the lexicon does not know, written in lower case in the singular ("the client who is
    hiring", "your newsagent"), is one of a class the notice names in the plural elsewhere ("our clients",
    "local newsagents"): one recipient, named by its plural (round 6). Proper names are left as written."""
    alltext = re.sub(r"\s+", " ", " ".join(s.text + " " + s.heading for s in segments).lower())
    found: dict[str, bool] = {}
    for st in out:
        if not st.party.startswith("name:"):
            continue
        name = re.sub(r"^(?:the|your|our|their|each|every|a|an)\s+", "", st.party[5:], flags=re.I)
        if not name or name != name.lower() or not re.fullmatch(r"[a-z][a-z -]*[a-z]", name) \
                or set(name.split()) & _NAME_CONNECT:
            continue  # ("sponsors of the webinar": the head is not the last word)
        last = name.split()[-1]
        if last.endswith("s"):
            continue
        plural = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else \
            last + "es" if last.endswith(("ch", "sh", "x")) else last + "s"
        phrase = " ".join(name.split()[:-1] + [plural])
        if phrase not in found:
            found[phrase] = bool(re.search(r"\b%s\b" % re.escape(phrase), alltext))
        if found[phrase]:  # the whole phrase: "health insurers", not "insurers"
            st.party = "name:" + phrase
    return out


def _restating_section(st: Statement) -> bool:
    """A first-party statement under "Legal basis", "How long we keep it", "Your rights": it restates
    data; where the notice states narrower data of that kind elsewhere ("location points: 30 days" after
    "your precise location"), the broader restatement adds nothing and is dropped. (Third parties named
    there, denials, and data stated nowhere else stay.)"""
    return st.party == "first_party" and not st.negated and bool(_RESTATING_HEADING.search(st.section))


def _drop_subsumed_first_party(out: list[Statement]) -> list[Statement]:
    """"We process personal data ..." says no more than the notice's specific statements of what the
    organisation collects: a first-party statement about data in general ("user") is dropped when the
    notice states specific data the organisation itself collects. Negated and third-party ones stay.
    (Narrower categories stay beside broader ones: "your name" and "your first name" are both said.)"""
    specific = any(s.party == "first_party" and s.data != "user" and not s.negated for s in out)
    if not specific:
        return out
    return [s for s in out if not (s.party == "first_party" and s.data == "user" and not s.negated)]


_FIRST_PERSON = {"we", "us", "i", "me", "ourselves", "our", "ours"}
_RECIPIENT_LIST = re.compile(r"\s*(?:recipients|shared with|disclosed to|who receives it|who we share (?:it|your data|your "
                             r"information) with)\s*:\s*(.+)$", re.I)


def _split_items(body: str) -> list[str]:
    """Items of a running-text list, split at commas, semicolons and "and" outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in body:
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    items = []
    for it in out:
        items += [x for x in re.split(r"\s+and\s+(?![^()]*\))", it) if x.strip()]
    return items


_TERM_WORDS = re.compile(r"^(?:(?:[Yy]our|[Oo]ur|[Tt]he)\s+)?([A-Za-z][\w&'’.-]*(?:\s+[A-Za-z&][\w&'’.-]*){0,5})\s*:?$")


def _term_recipients(segments: list[Segment], lex: Lexicon) -> dict[int, Match]:
    """A definition list of recipients (HTML ``<dt>``/``<dd>``, a short line naming one, or a sub-heading
    naming one, then its paragraph): the term is a known vendor or a non-catch-all class, or a proper name
    under a heading about recipients, with no verb and no data; the paragraphs after it, under the same
    heading, are about it (round 6)."""
    out: dict[int, Match] = {}
    term: Match | None = None
    for a, b in zip([None, *segments], segments):
        if b.kind == "list_item":
            # the list under a term names what that recipient gets ("### Mailchimp" - "- your email address")
            if a is None or a.path != b.path:
                term = _term_of(b.heading, b.path[:-1], lex) if len(b.path) >= 2 else None
            elif a.kind == "paragraph" and len(a.text.split()) <= 7 and not a.text.rstrip().endswith((".", "!", "?", ":")):
                term = _term_of(a.text, a.path[:-1] + [a.heading], lex)
            if term is not None:
                out[b.index] = term
            continue
        if b.kind != "paragraph":
            term = None
            continue
        if a is not None and a.kind == "paragraph" and a.path == b.path and len(a.text.split()) <= 7:
            found = _term_of(a.text, a.path[:-1] + [a.heading], lex)
            if found is not None or not a.text.rstrip().endswith((".", "!", "?")):
                term = found  # a term line that names no recipient ends the one before (round 6)
        elif a is None or a.path != b.path:
            term = _term_of(b.heading, b.path[:-1], lex) if len(b.path) >= 2 else None
        if term is not None and len(b.text.split()) >= 4:
            out[b.index] = term
    return out


_RECIPIENT_SECTION = re.compile(r"shar|recipient|disclos|who |third|partner|supplier|processor|provider|vendor|"
                                r"service|receiv|access|pass|send|transfer|see|system|software|tool|platform|technolog",
                                re.I)
_TOPIC_WORDS = {"scope", "purpose", "overview", "summary", "contact", "consent", "law", "data", "general", "background",
                "marketing", "security", "storage", "retention", "children", "updates", "advertising", "hosting", "email",
                "payment", "billing", "support", "newsletter", "website", "app", "account", "profile", "legal", "other",
                "more", "help", "faq", "notes", "note", "glossary", "access", "location", "health", "privacy", "you", "us"}
#: last words of a lower-case term line that name an organisation or a person's role ("Deposit protection scheme")
_TERM_HEADS = {"scheme", "service", "services", "agency", "company", "provider", "bureau", "office", "authority", "body",
               "board", "team", "firm", "bank", "insurer", "school", "council", "hospital", "practice", "surgery",
               "doctor", "gp", "landlord", "lender", "employer", "club", "association", "society", "charity", "network",
               "platform", "system", "registry", "register", "court", "police", "inspectorate", "commission", "fund"}


def _term_of(line: str, above: list[str], lex: Lexicon) -> Match | None:
    text = line.strip().strip("*_").strip()
    m = _TERM_WORDS.match(text)
    if not m:
        return None
    name = m.group(1).strip().rstrip(".:")
    toks = tokenize_text(name)
    if not toks or lex.actions.find(toks) or any(not _org_word(d.text.split()[-1].lower()) for d in lex.data.find(toks)):
        return None
    found = lex.parties.find(toks)
    covered = {k for p in found for k in range(p.i, p.j)}
    if found and len({p.value for p in found}) == 1 and found[0].value != "first_party" and all(
            k in covered or t.word in ("and", "or", "&", ",", "the", "other", "our", "your", "any")
            for k, t in enumerate(toks)):
        # "Stripe", "Regulators and the police"; never a catch-all ("Our partners")
        return None if found[0].value in lex.vague_classes else Match(found[0].value, 0, len(toks), name)
    about_recipients = any(_RECIPIENT_SECTION.search(h) for h in above[-2:])
    if len(toks) == 1 and (re.search(r"(?:tion|sion|ity|ing|ment|ness|ics|ance|ence|ies|s|ary|ure)$", toks[0].word)
                           or toks[0].word in _TOPIC_WORDS):
        return None  # "Retention", "Security", "Payments", "Scope": a topic, not a company
    if len(toks) > 1 and (toks[0].word in _TOPIC_WORDS or toks[0].word in ("your", "our", "how", "what", "why", "when", "who")
                          and not found and not re.match(r"(?i)(your|our)\s", text)) \
            and re.search(r"(?:tion|sion|ity|ing|ment|ness|ics|ance|ence|s)$", toks[-1].word):
        return None  # "Data Retention", "Email Marketing", "Payment Processing": a topic heading
    if set(t.word for t in toks) & (_NOT_NAME_WORDS | _FIRST_PERSON) or (_contact_point(toks) and not (
            about_recipients and len(toks) >= 3)) or lex.data_subject(name) or any(p.value == "first_party" for p in found):
        return None  # ("Tallis Contact Centre" under "Who else sees your data" is a company, not our contact point)
    words = name.split()
    if about_recipients and words[0][:1].isupper() and all(
            w[:1].isupper() or w.lower() in _NAME_CONNECT or w.lower().rstrip(".") in _LEGAL_FORMS for w in words):
        return Match("name:" + name, 0, len(toks), name)  # "Swiftbox Couriers", "Medisure Dispensing Systems"
    if about_recipients and re.match(r"(?i)(your|our)\s", text) and len(toks) <= 3 and not found:
        return Match("name:" + name, 0, len(toks), name)  # "Your prescribing doctor"
    last = toks[-1].word
    if about_recipients and words[0][:1].isupper() and len(toks) <= 4 and not found \
            and not any(w in _NAME_CONNECT for w in name.lower().split()) and not name.endswith(".") \
            and (last.rstrip("s") in _TERM_HEADS or last in _TERM_HEADS
                 or re.search(r"(?:er|or|ist|ant|ent)s?$", last) and len(last) > 4):
        return Match("name:" + name, 0, len(toks), name)  # "Deposit protection scheme"
    return None


def _units(seg: Segment) -> list[_Unit]:
    if seg.kind == "table_row":
        roles = [_column_role(h) for h in seg.header]
        if roles.count("party") > 1:
            # "Sub-processor | Service | Data involved": the service column says what the recipient does (round 9)
            strong = [k for k, h in enumerate(seg.header) if roles[k] == "party" and not _SERVICE_COLUMN.fullmatch(h.strip().lower())]
            if strong:
                roles = ["purpose" if r == "party" and k not in strong else r for k, r in enumerate(roles)]
        parts: dict[str, list[str]] = {"party": [], "data": [], "purpose": [], "flag": [], "other": [], "cookie": []}
        negative = False
        for role, cell in zip(roles, seg.cells):
            parts[role].append(cell)
            if role == "flag" and re.fullmatch(r"(no|none|never|not \w+|-|—|n/a)\.?", cell.strip().lower()):
                negative = True
        if parts["party"] and all(re.fullmatch(r"(none|no one|nobody|not shared|-|—|n/a)( else)?\.?", c.strip().lower())
                                  for c in parts["party"]):
            negative = True
        text = "; ".join(f"{h}: {c}" for h, c in zip(seg.header, seg.cells) if c)
        if "data" not in roles and "cookie" in roles:
            roles.append("data")  # a cookie table: each row is a cookie, set by or sent to its provider
            # ("a random identifier to recognise a returning visitor": the cookie holds an identifier; round 10)
            parts["data"] = ["cookie identifier" if re.search(r"\bidentif|\bunique\s+(?:id|number)|\bID\b", " ".join(
                c for role, c in zip(roles, seg.cells) if role != "cookie")) else "cookie"]
        return [_Unit(text, seg, seg.lead, " ".join(parts["party"]) if "party" in roles else None,
                      " ".join(parts["data"]) if "data" in roles else None,
                      " ".join(parts["purpose"]) if "purpose" in roles else None, negative)]
    parts = sentences(seg.text)
    if seg.kind == "list_item":
        # "your first name only – we do not ask for surnames": a fragment, a dash, then a sentence of its own
        parts = [q for p in parts for q in _dash_parts(p)]
    return [_Unit(s, seg, seg.lead if seg.kind == "list_item" else "") for s in parts]


def _item_label(unit: _Unit, lex: Lexicon, lead_info: dict | None) -> Match | None:
    """Round 9: the recipient a list item's opening label names ("- **Your instructor.** ...", "- **Parents or
    guardians.** ...") under a sentence or heading that discloses: the label, not the units after it, says who
    receives. None for the label itself, for labels naming data or a purpose ("Text reminders."), or items
    that are one sentence."""
    if lead_info is None or lead_info["direction"] != "disclose":
        return None
    parts = sentences(unit.seg.text)
    first = parts[0].strip() if parts else ""
    if len(parts) < 2 or unit.text.strip() == first or not first.endswith(".") or len(first.split()) > 5:
        return None
    body = re.sub(r"^(?:your|our|the|a|an)\s+", "", first.rstrip(".").strip(), flags=re.I)
    words = tokenize_text(body)
    if not words or lex.data.find(words) or lex.purposes.find(words) or lex.actions.find(words) \
            or words[0].word in _FUNCTION_WORDS | _NAME_STOP or lex.data_subject(body):
        return None
    hit = lex.parties.match_at(words, 0)
    if hit and hit[0] == len(words):
        return None if hit[1] == "first_party" else Match(hit[1], 0, 0, body)
    return Match("name:" + body, 0, 0, body)


def _label_of_item(unit: _Unit) -> bool:
    """Round 7: "Insurers. When you make a claim we send them ...": a list item opening with a short label
    and explained by sentences of its own; the label is a heading of the item, not a statement."""
    text, body = unit.text.strip(), unit.seg.text.strip()
    return unit.seg.kind == "list_item" and len(text.split()) <= 6 and text.endswith((".", ":")) \
        and body.startswith(text) and len(body) > len(text) + 20


def _dash_parts(text: str) -> list[str]:
    """"your first name only – we do not ask for surnames": two statements; but "Stripe – payments"
    is one item (the dash glosses the vendor)."""
    m = re.match(r"^(.{3,80}?)\s+[–—]\s+(.+)$", text)
    if not m or len(m.group(1).split()) > 8 or m.group(2).split()[0].lower().strip(",") not in (
            "we", "i", "you", "they", "it", "no", "not", "never", "nothing"):
        return [text]
    return [m.group(1), m.group(2)]


#: a column header naming the service a recipient provides, not the recipient ("Service", "Services provided")
_SERVICE_COLUMN = re.compile(r"(?:the\s+)?(?:service|services)(?:\s+(?:provided|offered|used|description|type))?|"
                             r"(?:type|kind|description) of service")


def _column_role(header: str) -> str:
    h = header.lower()
    if re.search(r"\?|^(sold|shared|collected)\s*$|^do we", h.strip()):
        return "flag"  # ("Shared with" names recipients: round 6)
    if re.fullmatch(r"(name of (the )?)?cookies?( name)?|tracker|tag|pixel", h.strip()):
        return "cookie"
    if re.search(r"recipient|shared with|disclosed to|third part|provider|vendor|partner|processor|who |^who$|company|companies|service|party|organi[sz]ation"
                 # ("Set by", "Placed by", "Owner": whose cookie it is; round 10)
                 r"|^(?:set|placed|dropped|served|owned)\s+by\b|^owner\b", h.strip()):
        return "party"
    if re.search(r"purpose|why|used for|reason|use|what for|for what", h):
        return "purpose"
    if re.search(r"data|information|records?\b|categor|what|type|details|example|e\.g|such as|includ", h):
        return "data"
    return "other"


# --- the core -----------------------------------------------------------------------------------

@dataclass
class _Group:
    verbs: list[Match]
    start: int
    end: int


def _resolve(parties: list[Match], data: list[Match]) -> tuple[list[Match], list[Match]]:
    """Drop the shorter of overlapping party/data matches (ties go to the party)."""
    keep_d = []
    for d in data:
        clash = [p for p in parties if p.i < d.j and d.i < p.j]
        if clash and all((p.j - p.i) >= (d.j - d.i) for p in clash):
            continue
        keep_d.append(d)
    keep_p = [p for p in parties if not any(d.i < p.j and p.i < d.j and (d.j - d.i) > (p.j - p.i) for d in keep_d)]
    return keep_p, keep_d


def _groups(actions: list[Match], toks: list[Token]) -> list[_Group]:
    groups: list[_Group] = []
    for a in actions:
        if groups:
            g = groups[-1]
            gap = [t.word for t in toks[g.end:a.i]]
            if all(w in _COORD for w in gap) and len(gap) <= 4:
                g.verbs.append(a)
                g.end = a.j
                continue
        groups.append(_Group([a], a.i, a.j))
    return groups


#: words after which "to VERB" is the statement's verb ("we are required to disclose", "we may need to share")
_INFINITIVE_HOSTS = {"required", "obliged", "obligated", "compelled", "need", "needs", "have", "has", "had", "want",
                     "wants", "used", "going", "able", "likely", "continue", "choose", "chooses", "agree", "agrees",
                     "decide", "intend", "ought", "permitted", "allowed", "authorised", "authorized", "asked", "seek",
                     "wish", "plan", "expect", "try", "also", "directly", "then", "not", "never"}
_PURPOSE_OPENERS = (("so", "that"), ("in", "order"), ("so", "we"), ("so", "you"))


def _is_verb(a: Match, toks: list[Token]) -> bool:
    prev = toks[a.i - 1].word if a.i > 0 else ""
    nxt = toks[a.j].word if a.j < len(toks) else ""
    if prev in ("which", "what", "whose") and nxt in ("you", "we", "they", "i", "people", "visitors"):
        return False  # "which links you clicked", "what records we hold": a noun after a wh-word
    if toks[a.i].word in ("see", "read") and prev in ("(", "please", "[") :
        return False  # "(see section 4)", "please see our cookie notice": a cross-reference (round 9)
    if toks[a.i].word == "using" and prev not in _BE | {"also", "not", "then"}:
        return False  # "secure using encryption", "payments using Stripe": a preposition, not "we are using"
    if prev == "to":  # an infinitive of purpose ("cookies to analyse", ", to send") is not the statement's verb
        before = toks[a.i - 2].word if a.i > 1 else ""
        allowed = any(t.word in ("allow", "allows", "allowed", "permit", "permits", "authorise", "authorize",
                                 "authorises", "authorizes", "enable", "enables")
                      for t in toks[max(0, a.i - 6):a.i - 2]) and before not in ("you", "yourself")
        if before not in _INFINITIVE_HOSTS and not allowed:  # ("we allow Stripe to store": round 6)
            return False  # nor is a right ("you have the right to access your data")
    # a verb inside a purpose clause ("..., so that we can send you the link") states why, not what
    for k in range(a.i - 1, max(-1, a.i - 6), -1):
        if toks[k].word in (",", ";", ":", "."):
            break
        if k > 0 and (toks[k - 1].word, toks[k].word) in _PURPOSE_OPENERS \
                and not (k > 1 and toks[k - 2].word in ("do", "doing", "did", "done")):  # "to do so, we send"
            return False
    if prev in ("all", "each", "both") and a.i > 1 and toks[a.i - 2].word in _BE and toks[a.i].word.endswith(("ed", "kept", "held", "sent", "sold", "given", "shown", "told")):
        return True  # "are all kept in it", "are both sent": a floating quantifier inside a passive (round 6)
    if prev in _REPORT_MODIFIERS and a.i > 1 and toks[a.i - 2].word in ("a", "an", "the", "each", "every", "our", "your", "their"):
        return False  # "receives a monthly report listing ...", "an incident report goes to ...": a noun (round 6)
    if nxt in ("thereof", "hereof", "whereof"):
        return False  # "any retention or use thereof": a noun (round 6)
    if prev == "no" and a.i > 1 and toks[a.i - 2].word in _AUX | _BE | {"did", "was", "were", "had"}:
        return True  # "doesn't sell" is read "does no sell"
    # a verb form after a determiner is a noun or an adjective ("any forwarding address", "all processing")
    return prev not in ("the", "a", "an", "of", "its", "their", "such", "your", "our", "my", "any", "all", "each",
                        "every", "some", "these", "those", "this", "no")  # ("no record of ...": round 6)


def _actions(toks: list[Token], lex: Lexicon, parties: list[Match], data: list[Match]) -> list[Match]:
    """Verbs and nominalisations ("disclosure of ... to") not inside a party or data phrase."""
    fixed = lex.conditions.find(toks)  # "save as provided" is a condition, not the verb "save"
    nouns_here = getattr(toks, "nouns", frozenset())
    verbs = [a for a in lex.actions.find(toks) if _is_verb(a, toks) and not any(c.i <= a.i < c.j for c in fixed)
             and a.i not in nouns_here]
    for k, t in enumerate(toks):
        # "goes (straight) from the app to Adyen": a verb of going, its destination after "from ... to" (round 9)
        if t.word in ("go", "goes", "went", "gone", "going") and not any(a.i <= k < a.j for a in verbs):
            m = k + 1 + (k + 1 < len(toks) and toks[k + 1].word in ("straight", "directly"))
            if m < len(toks) and toks[m].word == "from" and any(toks[x].word == "to" for x in range(m + 2, min(len(toks), m + 6))):
                verbs.append(Match("transfer", k, k + 1, t.word))
    verbs.sort(key=lambda m: m.i)
    if lex.cookie_verbs is not None:  # "sets a cookie", "places cookies": a verb only with a cookie as its object
        verbs += [Match("collect", v.i, v.j, v.text) for v in lex.cookie_verbs.find(toks)
                  if _is_verb(v, toks) and not any(a.i < v.j and v.i < a.j for a in verbs)
                  and any(d.value in _COOKIE_KEYS and v.j <= d.i <= v.j + 5 for d in data)]
        verbs.sort(key=lambda m: m.i)
    nouns = [n for n in lex.action_nouns.find(toks)
             if n.j < len(toks) and toks[n.j].word in ("of", "to", "with")
             and not any(v.i < n.j and n.i < v.j for v in verbs)]
    # "Access to your data is limited", "Use of cookies": a sentence opening with the bare word is a noun
    verbs = [v for v in verbs if not (v.i == 0 and v.j < len(toks) and toks[v.j].word in ("to", "of"))]
    # "names, dates of birth, rent account balances": a word after a comma closing a data item is one more item
    data_ends = {d.j for d in data}
    verbs = [v for v in verbs if not (v.i >= 2 and toks[v.i - 1].word == "," and any(d.i == v.j for d in data)
                                      and (v.i - 1 in data_ends or ":" in [t.word for t in toks[:v.i]]))]
    # "the diagnosis code required by the insurer": a participle right after data describes it (a reduced
    # relative clause), when the sentence has another verb or is a list item read with its lead
    reduced = [v for v in verbs if v.j - v.i == 1 and toks[v.i].word.endswith("ed") and v.i in data_ends
               and v.j < len(toks) and toks[v.j].word in ("by", "for", "under", "in", "from", "with")]
    if reduced and (len(verbs) > len(reduced) or getattr(toks, "list_item", False)):
        verbs = [v for v in verbs if v not in reduced]
    # "... and the work required.": a participle closing the sentence after a noun describes it
    verbs = [v for v in verbs if not (v.j - v.i == 1 and toks[v.i].word.endswith("ed") and v.i > 0
                                      and (v.j == len(toks) or toks[v.j].word in (".", "!"))
                                      and toks[v.i - 1].word.isalpha() and toks[v.i - 1].word not in _AUX | _BE
                                      and toks[v.i - 1].word not in ("we", "i", "it", "they", "you", "he", "she"))]
    # a capitalised word inside a sentence is part of a name ("Campaign Monitor tells us"), not a verb
    src = getattr(toks, "source", None)
    if src:
        verbs = [v for v in verbs if not (v.i > 0 and src[toks[v.i].start:toks[v.i].start + 1].isupper()
                                          and src[toks[v.i - 1].start:toks[v.i - 1].start + 1].isupper())]
    out = sorted([*verbs, *nouns], key=lambda m: m.i)
    return [a for a in out if not any(m.i <= a.i < m.j for m in (*parties, *data))]


_VERB_OBJECT_START = {"your", "the", "a", "an", "all", "any", "when", "how", "which", "what", "whether", "our", "their"}


_META_SENTENCE = re.compile(r"(this|the|our) (privacy |data protection )?(notice|policy|statement|page|document)"
                            r"( also)? (explains|describes|sets out|tells|covers|applies|informs|outlines)\b", re.I)
#: one-word data phrases that name an organisation: data only when it is the person's ("your employer")
_ORG_WORDS = {"company", "organisation", "organization", "employer"}


_INFRASTRUCTURE = {"server", "servers", "system", "systems", "cloud", "platform", "platforms", "infrastructure",
                   "data", "database", "databases", "network", "services", "service", "tools", "tool", "centres",
                   "centers", "premises", "app", "apps", "website", "site"}


def _org_word(word: str) -> bool:
    """"company", "companies", "organisations", "employer"."""
    return re.sub(r"ies$", "y", word).rstrip("s") in _ORG_WORDS


def _not_numerals(parties: list[Match], toks: list[Token]) -> list[Match]:
    """"(i)", "i." in an enumeration is a numeral, not the first person."""
    return [p for p in parties if not (toks[p.i].word == "i" and p.j - p.i == 1 and (
        (p.i and toks[p.i - 1].word == "(") or (p.j < len(toks) and toks[p.j].word in (")", "."))))]


def _not_data_nouns(data: list[Match], toks: list[Token], lex: Lexicon | None = None) -> list[Match]:
    """"Speechmatics, a speech-recognition company": a company described, not the person's organisation;
    "a photo of your passport", "a copy of your ID": the document, not a picture of the person."""
    out = []
    ends = {e.j for e in data}
    specific_ends = {e.j for e in data if e.value != "user"}
    for d in data:
        if d.value == "user" and d.j - d.i == 1 and d.i in specific_ends:
            continue  # "disability information": the specific data, "information" only names its kind
        nxt = d.j + 2 if d.j + 2 < len(toks) and toks[d.j].word in ("and", "or") and toks[d.j + 1].word.isalpha() \
            and d.j + 1 not in {e.i for e in data} and not (lex and lex.actions.match_at(toks, d.j + 1)) \
            else d.j  # "vaccination and appointment reminders", not "bookings and sends reminders" (round 7)
        if nxt < len(toks) and toks[nxt].word in ("policy", "notice", "banner", "settings", "statement", "law", "laws",
                                                  "rules", "team", "officer", "page", "section", "form",
                                                  "reset", "resets", "reminder", "reminders", "manager", "managers"):
            continue  # "our cookie policy", "the cookie banner": a document or a place, not data
        k = d.i - 1
        while k >= 0 and toks[k].word in ("your", "the", "our", "their"):
            k -= 1
        if k >= 1 and toks[k].word == "for" and k in ends:
            continue  # "your bank details for salary payments": what the details are for, not more data
        if d.j - d.i == 1 and toks[d.i].word in ("phone", "telephone") and d.i >= 1 and (
                toks[d.i - 1].word in ("by", "via") or d.i >= 2 and toks[d.i - 1].word == "the"
                and toks[d.i - 2].word in ("over", "on", "by", "via")):
            continue  # "book over the phone", "pay by phone": the channel, not the person's phone number (round 8)
        if d.value == "user.content.self_image" and "of" in [t.word for t in toks[d.j:d.j + 2]] \
                and any(e.i > d.j and e.i - d.j <= 6 and e.value != d.value for e in data):
            continue
        if d.j - d.i == 1 and _org_word(toks[d.i].word):
            before = []
            for t in reversed(toks[max(0, d.i - 6):d.i]):  # the noun phrase: "your job title and employer"
                if t.word in ("to", "with", "by", "from", "via", "at", "in", "on", ";", ".", ":", ","):
                    break
                before.append(t.word)
            if not any(w in ("your", "their", "my", "his", "her", "s") for w in before):
                continue  # "to marketing companies", "utility companies": organisations, not the person's own
        out.append(d)
    return out


#: words before a bare "records" that leave it the person's records ("disclose records", "your records")
_RECORD_LEFT = {"your", "the", "our", "their", "his", "her", "its", "my", "any", "all", "such", "these", "those", "some",
                "relevant", "and", "or", "of", "to", "with", "from", "about", "s", "personal", "other", "certain"}
#: last words of an organisation's name ("the Medicines Directorate", "Records Office Ltd")
_ORG_TAILS = {"directorate", "agency", "authority", "office", "council", "service", "services", "commission", "board",
              "ltd", "limited", "inc", "llc", "gmbh", "plc", "department", "ministry", "institute", "bureau"}


_PEOPLE_WORDS = {"person", "people", "child", "children", "pupil", "pupils", "student", "students", "patient", "patients",
                 "member", "members", "customer", "customers", "visitor", "visitors", "guest", "guests", "driver",
                 "drivers", "passenger", "passengers", "participant", "participants", "applicant", "applicants",
                 "attendee", "attendees", "employee", "employees", "staff", "user", "users", "face", "faces"}
_UNKNOWN_RECORDS = "user.?records"  #: records of a kind the lexicon does not know; never reported


def _not_qualified_data(data: list[Match], toks: list[Token], text: str, lex: Lexicon) -> list[Match]:
    """Round 7: broad nouns that another word qualifies, and words inside an organisation's name.

    "session records", "ticket records": records of a kind the lexicon does not know are not all of
    the person's data ("records" alone is: "we disclose records to the police"); "the Veterinary
    Medicines Directorate": a word of an organisation's name, not data about the person."""
    starts = {d.i for d in data}
    ends = {d.j for d in data}
    out = []
    for d in data:
        if d.value == "user" and d.j - d.i == 1 and toks[d.i].word in ("records", "record") and d.i:
            prev = toks[d.i - 1]
            relative = d.i >= 2 and toks[d.i - 2].word in ("your", "their", "my") and d.i >= 3 \
                and toks[d.i - 3].word in ("nothing", "anything", "everything", "what", "whatever", "all")
            if prev.word.isalpha() and prev.word not in _RECORD_LEFT and d.i not in ends and not relative \
                    and not lex.actions.match_at(toks, d.i - 1) and prev.word not in ("keep", "keeps", "hold", "holds"):
                if isinstance(toks, Tokens):
                    toks.nouns = getattr(toks, "nouns", frozenset()) | {d.i}  # a noun here, not the verb "records"
                # still the object of its verb ("we give borrowing records to the police" takes no data from the
                # sentence before), but no category: the statement is dropped at the end
                out.append(Match(_UNKNOWN_RECORDS, d.i - 1, d.j, text[prev.start:toks[d.j - 1].end]))
                continue
        if d.value == "user.location" and d.j - d.i == 1 and d.i and toks[d.i - 1].word in (
                "a", "an", "each", "every", "another", "new", "busy", "which", "any"):
            continue  # "how busy a location is", "at each location": a place, not where the person is (round 7)
        if d.value == "user.content.self_image" and d.j + 2 < len(toks) and toks[d.j].word == "of" \
                and toks[d.j + 1].word in ("the", "a", "an", "any") and toks[d.j + 2].word not in _PEOPLE_WORDS:
            # "photos of the leak", "a picture of the damage": a picture of a thing, not of the person (round 7)
            out.append(Match("user.content", d.i, d.j, d.text))
            continue
        if d.i and d.j < len(toks) and all(text[t.start:t.start + 1].isupper() for t in toks[d.i:d.j]):
            before, after = toks[d.i - 1], toks[d.j]
            cap = lambda t: text[t.start:t.start + 1].isupper() and t.word.isalpha()  # noqa: E731
            if cap(before) and d.i - 1 not in ends and cap(after) and after.word in _ORG_TAILS and d.j not in starts:
                continue
        out.append(d)
    return out


_CONSENT_VERBS = {"accept", "accepted", "accepts", "agree", "agreed", "consent", "consented", "allow", "allowed",
                  "enable", "enabled", "opt", "opted", "choose", "chose", "chosen", "switch", "switched", "turn",
                  "turned", "tick", "ticked"}


def _not_consented_things(data: list[Match], toks: list[Token]) -> list[Match]:
    """Round 7: "... but only if you have accepted advertising cookies", "(if you allow location access)":
    what the person accepts or switches on is a condition of the flow, not the data that flows."""
    spans = []
    for k, t in enumerate(toks):
        if t.word not in ("if", "unless", "once", "provided"):
            continue
        m = k + 1
        if m < len(toks) and toks[m].word == "that":
            m += 1
        if m >= len(toks) or toks[m].word != "you":
            continue
        m += 1
        while m < len(toks) and toks[m].word in ("have", "do", "did", "also", "first", "explicitly", "already", "ve"):
            m += 1
        if m < len(toks) and toks[m].word in _CONSENT_VERBS:
            e = m + 1
            while e < len(toks) and toks[e].word not in (",", ";", ")", ".", ":", "and", "we", "but"):
                e += 1
            spans.append((m, e))
    return [d for d in data if not any(a < d.i < b for a, b in spans)]


def _device_word(d: Match, toks: list[Token]) -> bool:
    """"the location of your phone", "a cookie on your phone": the device, not its number."""
    if d.j - d.i != 1 or toks[d.i].word not in ("phone", "phones", "mobile", "mobiles", "telephone", "smartphone"):
        return False
    k = d.i - 1
    while k >= 0 and toks[k].word in _DETERMINERS | {"your", "my", "their", "his", "her"}:
        k -= 1
    if k >= 0 and toks[k].word in ("on", "of", "from", "in", "onto", "into", "to", "via", "through", "with"):
        return True
    if k >= 1 and toks[k].word == "for" and toks[k - 1].word in ("identifier", "id", "token", "code", "app", "apps", "key"):
        return True  # "an identifier for your phone" (round 6), but "we ask for your phone" is its number
    # "your phone's location", "your phone's model" (round 6): the phone owns what follows
    return d.j + 1 < len(toks) and toks[d.j].word == "s" and toks[d.j].start == toks[d.i].end + 1


def _verbs_not_data(data: list[Match], toks: list[Token], lex: Lexicon) -> list[Match]:
    """A one-word data phrase that is a verb here: "the app records crash reports", "logs the time"."""
    starts = {d.i for d in data}
    out = []
    for d in data:
        channels = ("email", "phone", "telephone", "post", "mail", "sms", "text", "letter")
        if d.j - d.i == 1 and d.i and toks[d.i].word in channels and (toks[d.i - 1].word in ("by", "via", "per", "through") or (
                d.i > 2 and toks[d.i - 1].word in ("or", "and") and toks[d.i - 2].word in channels
                and toks[d.i - 3].word in ("by", "via", "per", "through"))):
            continue  # "write to us by email", "by phone or email": a channel, not data
        nxt = toks[d.j].word if d.j < len(toks) else ""
        prev = toks[d.i - 1].word if d.i else ""
        if _device_word(d, toks):
            continue
        if d.j - d.i == 1 and d.i and toks[d.i - 1].word == "to" and nxt in ("you", "them", "us", "him", "her"):
            continue  # "to email you offers", "to text you": a verb
        if d.j - d.i == 1 and prev in _MODALS and nxt not in ("is", "are", "was", "were"):
            continue  # "readers can comment on stories", "we will email you": a verb after a modal (round 6)
        verbal = d.j - d.i == 1 and lex.actions.match_at(toks, d.i) and prev not in _DETERMINERS | {"your", "my", "of"} \
            and (nxt in _VERB_OBJECT_START or d.j in starts
                 or prev in {"it", "they", "we", "i", "he", "she", "who", "which", "also"} | _AUX - {"is", "are"})
        if not verbal:
            out.append(d)
    return out


_NEW_SUBJECTS = {"nobody", "no", "none", "nothing", "noone"}  # a negative subject opening a new clause
def _subject_clause(toks: list[Token], i: int, verb: int) -> bool:
    """The words from i to the verb are a short noun phrase, the verb's subject: no pronoun subject of a
    relative clause ("and any condition you tell us about") and no comma between (round 7)."""
    return 0 < verb - i <= 8 and not any(t.word in _PRONOUNS | {",", ";", "who", "which", "that"}
                                         for t in toks[i:verb])


#: words opening a noun phrase that, after ", and", begins a clause of its own when a verb follows (round 7)
_CLAUSE_OPENERS = {"the", "your", "our", "their", "his", "her", "its", "this", "these", "those", "any", "all"}
_REPORT_MODIFIERS = {"monthly", "weekly", "daily", "annual", "yearly", "quarterly", "final", "full", "short", "brief",
                     "written", "detailed", "summary", "incident", "crash", "error", "progress", "medical", "school",
                     "termly", "interim", "accident", "expense", "expenses", "activity", "usage", "status", "audit"}
_MODALS = {"can", "may", "could", "might", "will", "would", "shall", "must", "cannot"}
_AUX = {"may", "will", "can", "also", "then", "only", "might", "could", "would", "shall", "must", "inc", "ltd",
        "llc", "gmbh", "does", "do", "is", "are", "has", "have", "not", "never", "cannot", "ca", "wo",  # ca/wo: can't/won't
        "ll", "d", "already", "still", "usually", "normally", "always", "then", "now",  # "they'll see", "they already hold"
        "ve", "re", "had", "did", "ever"}  # round 8: "you've used", "you're using", "you had booked"
_NOT_RECIPIENT = {"policy", "law", "laws", "terms", "agreement", "contract", "request", "requests", "purpose",
                  "purposes", "extent", "time", "date", "page", "website", "site", "service", "services", "app",
                  "account", "section", "notice", "device", "browser", "computer", "server", "servers", "following",
                  "categories", "category", "recipients", "recipient", "types", "kinds", "countries", "country",
                  # where data is put, not who gets it ("we add your name to our mailing list"; round 5)
                  "list", "lists", "database", "databases", "file", "files", "profile", "profiles", "record", "records",
                  "system", "systems", "spreadsheet", "register", "calendar"}
_DETERMINERS = {"the", "a", "an", "any", "our", "its", "their", "relevant", "certain", "selected", "some", "other"}
_CHUNK_STOP = {"assigned", "allocated", "responsible", "along", "together", "so", "that", "for", "in", "when", "if", "who", "which", "to", "where", "because", "as", "under",
               "on", "at", "by", "within", "whenever", "unless", "only", "and", "or", "but", "this", "is", "are",
               # round 6: adverbs that end a recipient's name ("to the school first", "to the lab directly")
               "first", "directly", "instead", "too", "afterwards", "later", "immediately", "electronically", "securely",
               # round 8: a participle ends a recipient's name ("to plumbers engaged to fix leaks")
               "engaged", "hired", "appointed", "instructed", "contracted", "commissioned", "tasked"}
#: words opening a leading adverbial clause that a comma closes ("If you ..., the courier receives ...")
_LEADING_SUBORDINATORS = {"if", "when", "whenever", "once", "after", "before", "where", "while", "unless", "until", "because",
                          "since", "although", "though"}
_NAME_STOP = {"we", "our", "the", "your", "this", "these", "if", "when", "where", "you", "it", "they", "some",
              "all", "any", "no", "in", "for", "with", "as", "each", "to", "by", "a", "an", "please", "while"}


#: words before "to"/"with" that make it something other than a recipient ("the right to", "satisfied with")
_NOT_BEFORE_RECIPIENT = {"subject", "according", "due", "prior", "similar", "up", "relating", "related", "access",
                         "right", "rights", "able", "unable", "want", "wish", "free", "entitled", "need", "needs",
                         "have", "has", "had", "going", "used", "satisfied", "happy", "unhappy", "comply", "complies",
                         "accordance", "line", "agree", "agreed", "familiar", "consent", "respect", "regard", "compared",
                         "contrast", "addition", "order", "how", "what", "refer", "referred", "reply", "respond", "listen",
                         # verbs taking an infinitive: "ask to stay anonymous", "choose to opt out"
                         "ask", "asks", "asked", "choose", "chooses", "chose", "decide", "decides", "prefer", "prefers",
                         "try", "tries", "plan", "like", "would", "help", "helps", "allow", "allows", "enable",
                         "enables", "invite", "invites", "wish", "wishes", "forget", "remember", "continue", "begin",
                         "start", "stop", "fail", "fails", "refuse", "refuses", "expect", "hope", "intend", "mean",
                         # round 7: "along with the history", "the tutor assigned to a class": no recipient follows
                         "along", "together", "assigned", "allocated", "linked", "attached", "belonging", "connection",
                         "conjunction",
                         # round 8: "contractors engaged to carry out repairs": a task follows, not a recipient
                         "engaged", "hired", "appointed", "instructed", "contracted", "commissioned", "retained", "tasked",
                         "employed", "used", "authorised", "authorized", "trained", "qualified"}
#: numerals and quantifiers in front of a recipient ("to one or more credit reference agencies")
_QUANTIFIERS = {"one", "two", "three", "several", "many", "more", "most", "both", "each", "either", "every", "few",
                "multiple", "numerous", "such", "those", "these", "that", "this", "other", "another"}
#: first words of a phrase after "to"/"with" that never name a recipient of data: pronouns, people in general,
#: verbs of an infinitive ("to complain"), answers and requests ("with our reply")
_NOT_RECIPIENT_START = {"anyone", "anybody", "someone", "somebody", "everyone", "nobody", "none", "nothing", "anything",
                        "something", "everything", "him", "her", "himself", "herself", "yourself", "themselves",
                        "complain", "contact", "ask", "object", "lodge", "withdraw", "request", "reply", "answer",
                        "response", "respond", "questions", "question", "complaint", "complaints", "enquiries",
                        "inquiries", "feedback", "help", "support", "see", "make", "get", "find", "keep", "check",
                        "prevent", "protect", "establish", "confirm", "verify", "identify", "improve", "provide",
                        "comply", "meet", "fulfil", "fulfill", "perform", "run", "operate", "send", "receive",
                        "respect", "date", "day", "now", "time", "say", "learn", "know", "read", "write", "ensure"}
#: heads that are a contact point of the organisation itself, not a recipient
_CONTACT_HEADS = {"officer", "dpo", "team", "department", "desk", "inbox", "address", "helpdesk", "hotline",
                  "mailbox", "form", "portal", "centre", "center", "line", "reply", "answer", "response"}


#: parts of the organisation itself, never a third party ("to Head Office", "to Human Resources")
_INTERNAL_UNITS = {"head office", "human resources", "hr", "headquarters", "main office", "back office", "front desk",
                   "reception", "accounts", "finance", "payroll", "management", "the board", "board"}


#: heads after "other" that name no kind of recipient: anyone else ("other companies", "other outside company")
_GENERIC_OTHERS = {"company", "companies", "organisation", "organisations", "organization", "organizations", "business",
                   "businesses", "firm", "firms", "party", "parties", "body", "bodies", "entity", "entities", "people",
                   "persons", "person", "recipient", "recipients", "partner", "partners", "third", "one", "ones", "anyone"}


def _contact_point(words: list[Token]) -> bool:
    """"our Data Protection Officer", "our privacy team", "the support desk", "Head Office": where requests
    go or a part of the organisation, not a recipient."""
    if " ".join(t.word for t in words) in _INTERNAL_UNITS:
        return True
    head = words[-1].word
    if head in ("centre", "center") and not any(t.word in ("help", "contact", "support", "service", "call", "customer",
                                                           "privacy", "information", "enquiry", "enquiries") for t in words[:-1]):
        return False  # "the referral centre", "a garden centre": a place that is an organisation (round 9)
    # ("protection" only as "data protection": the Deposit Protection Service is a body of its own, round 8)
    return head in _CONTACT_HEADS or any(t.word in ("privacy", "support", "customer") or t.word == "protection" and k
                                         and words[k - 1].word == "data" for k, t in enumerate(words)) \
        and head in _CONTACT_HEADS | {"service", "services", "care"}


_PRONOUNS = {"you", "we", "i", "they", "he", "she", "it"}


def _unknown_recipients(text: str, toks: list[Token], lo: int, hi: int, parties: list[Match], lex: Lexicon) -> list[str]:
    """Recipients the lexicon does not know, named after "to"/"with" ("to the regional sports league")."""
    out = []
    starts = {p.i for p in parties}
    #: ends of recipients after "to"/"with" ("with insurers and reinsurers": "and" continues the list)
    party_ends = {p.j for p in parties if p.i and toks[p.i - 1].word in ("to", "with", "and", "or")}
    k = lo
    run: list[str] = []  #: the unknown names of the list being read
    while k < hi:
        coord = (toks[k].word in ("and", "or") or toks[k].word == "," and k + 1 < hi and (toks[k + 1].word in (
            "the", "our", "your", "their") or _list_goes_on(toks, k, hi))) and k in party_ends and k + 1 < hi \
            and toks[k + 1].word not in ("to", "with")
        if (toks[k].word in ("to", "with") or coord) and k + 1 < hi and (k == 0 or toks[k - 1].word not in _NOT_BEFORE_RECIPIENT
                                                                         or text[toks[k - 1].start].isupper()):
            # ("subject to the law" is no recipient, "the Data Subject to the florist" has one: a capital is a noun, round 9)
            if toks[k].word == "with" and k and toks[k - 1].word in _AGREEMENTS:
                k += 1
                continue  # "an agreement with Brightcell": no recipient (round 9)
            j = k + 1
            while j < hi and (toks[j].word in _DETERMINERS or toks[j].word in _QUANTIFIERS):
                j += 1
            e = j
            while e < hi and e not in starts and toks[e].word.isalnum() and toks[e].word not in _CHUNK_STOP \
                    and toks[e].word not in _PRONOUNS:  # "the pharmacy you pick": the name ends at the clause
                e += 1
            words = toks[j:e]
            if len(words) == 1 and j == k + 1 and not words[0].word.endswith("s") and not coord \
                    and not text[words[0].start:words[0].start + 1].isupper():
                words = []  # "which rooms to prepare": a bare singular word is a verb, not a recipient
            if toks[k].word == "to" and len(words) >= 2 and words[1].word in ("our", "your", "the", "their", "its", "a", "an") \
                    and not text[words[0].start:words[0].start + 1].isupper():
                words = []  # "to spread our risk", "to improve the service": an infinitive, not a recipient (round 6)
            if toks[k].word == "with" and toks[k + 1].word in ("their", "his", "her", "its") and k + 2 < hi and (
                    lex.data.match_at(toks, k + 2) or toks[k + 2].word in ("consent", "permission", "agreement", "nationality")):
                words = []  # "a card with their passport number", "with their consent": no recipient (round 6)
            if any(t.word in ("this", "that", "these", "those") for t in toks[k + 1:j]):
                words = []  # "to that number", "with these details": points back to something named, not a party
            elif words and toks[j - 1].word in ("other", "another") and len(words) <= 2 \
                    and not any(lex.data.match_at(toks, x) and not _org_word(toks[x].word) for x in range(j, e)):
                # "with other charities": others of a kind, unnamed; "with other companies in the Acme group":
                # the publisher's group companies (round 8)
                group = e < hi and toks[e].word in ("in", "of", "within") and any(
                    t.word in ("group", "family") for t in toks[e + 1:min(hi, e + 6)])
                if not group and words[-1].word not in _GENERIC_OTHERS:
                    # "with other charities", "to other participants": others of a kind the words name, not
                    # "third parties" (GUIDELINES.md: third_parties is for "third parties"/"partners"; round 9b)
                    out.append("name:" + text[toks[j - 1].start:words[-1].end])
                    k = max(e, k + 1)
                    continue
                out.append("affiliates" if group else "third_parties")
                k = max(e, k + 1)
                continue
            if any(p.i <= j < p.j for p in parties):
                words = []  # "to the University": the words are a known party (the publisher's short name) already
                # ("to pet shops, groomers or any other advertisers": the ones listed are examples of the class, so
                # each keeps its own line beside the class's - GUIDELINES.md, "Examples under a class"; round 9b)
            elif (e < hi and e in starts) or any(t.word in _NOT_RECIPIENT for t in toks[j:e]):
                words = []  # a modifier of a known party ("competent public authorities"), or not a party
            if words and (words[0].word in _NOT_RECIPIENT_START or _contact_point(words)):
                words = []  # "to complain", "with our reply", "to our Data Protection Officer": not a recipient of data
            if len(words) >= 2 and not text[words[0].start].isupper():
                cap = next((x for x in range(len(words)) if all(text[w.start].isupper() for w in words[x:])), None)
                if cap is not None and cap > 0 and not any(w.word == "s" for w in words[:cap]) and e < len(toks) \
                        and toks[e].word not in ("or", "and", "s"):  # ("your employer's HR or payroll team": no name)
                    words = words[cap:]  # "with the roaming platform ChargeLink Hub": the name, not its description (round 9)
                    j = e - len(words)
            if 0 < len(words) <= 4 and words[0].word not in ("you", "your", "us", "we", "me", "them", "it", "help", "do") \
                    and not any((lex.data.match_at(toks, x) and not _org_word(toks[x].word))
                                or lex.purposes.match_at(toks, x) or lex.actions.match_at(toks, x) for x in range(j, e)):
                out.append("name:" + text[toks[j].start:toks[e - 1].end])
                run = (run if coord else []) + [out[-1]]
                if e + 2 < hi and toks[e].word == "," and toks[e + 1].word in ("and", "or") \
                        and toks[e + 2].word not in ("to", "with") and e + 2 not in starts:
                    e += 1  # "to the florist, the minister, and the stonemason": a serial comma before the last one (round 9)
                if e + 1 < hi and (toks[e].word in ("and", "or") or toks[e].word == "," and (toks[e + 1].word in (
                        "the", "our", "your", "their") or _list_goes_on(toks, e, hi))) and toks[e + 1].word not in ("to", "with") \
                        and e + 1 not in starts:
                    k = e  # "with claims handlers and loss adjusters": the next one is a recipient too
                    party_ends.add(e)
                    continue
            k = max(e, k + 1)
        else:
            k += 1
    return out


def _list_goes_on(toks: list[Token], k: int, hi: int) -> bool:
    """", seed merchants or advertisers": after a recipient, a comma and a bare noun continue a list that an
    "and"/"or" closes within a few words (round 8)."""
    nxt = toks[k + 1].word if k + 1 < hi else ""
    if not nxt.isalpha() or nxt in _CHUNK_STOP or nxt in _NAME_STOP or nxt in _PRONOUNS or nxt in _DETERMINERS:
        return False
    for m in range(k + 2, min(hi, k + 6)):
        if toks[m].word in ("and", "or"):
            return True
        if not toks[m].word.isalpha() or toks[m].word in _CHUNK_STOP:
            return False
    return False


#: "we keep a care record for each client", "we open a file": a record of the organisation's own, its contents unnamed
_KEEPS_A_RECORD = re.compile(r"\b(?:we|i)\s+(?:also\s+|will\s+|then\s+)?(?:keep|keeps|hold|maintain|create|open|set up|start)\s+"
                             r"(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(record|file|profile|account|register|folder|chart)\b", re.I)
#: ways of sending a message, written with capitals ("by SMS", "via MMS", "by E-mail"), never a recipient after "by"
_CHANNELS = {"sms", "mms", "text", "email", "e mail", "e-mail", "post", "phone", "telephone", "fax", "letter", "push",
             "imessage", "rcs"}
#: tasks a class of recipients is described by ("providers who host our website") -> the class (GUIDELINES.md)
_TASKS = [
    (re.compile(r"\bhost(?:s|ing)?\b|\bcloud\b|\bdata cent(?:re|er)s?\b|\bservers?\b"), "hosting_providers"),
    (re.compile(r"\b(?:process|take|handle|collect|accept)\w*\s+(?:\w+\s+){0,2}payments?\b|\bpayment processing\b"),
     "payment_processors"),
    (re.compile(r"\bsend\w*\s+(?:\w+\s+){0,2}(?:e-?mails?|newsletters?)\b|\be-?mail (?:delivery|marketing)\b"), "email_providers"),
    (re.compile(r"\b(?:customer|guest|member) (?:service|support|care)\b|\bhelp ?desk\b|\banswer\w* your (?:questions|queries)\b"),
     "support_providers"),
    (re.compile(r"\banaly[sz]\w*\b|\bstatistics\b"), "analytics_providers"),
    (re.compile(r"\bdeliver\w*\b|\bship\w*\s+(?:\w+\s+)?(?:orders?|parcels?|goods)\b"), "delivery_providers"),
    (re.compile(r"\bsend\w*\s+(?:\w+\s+){0,2}(?:text messages?|sms)\b"), "communication_providers"),
    (re.compile(r"\bprint\w*\b"), "printing_providers"),
    (re.compile(r"\bcredit checks?\b|\bprevent\w* fraud\b|\bfraud (?:checks?|prevention)\b"), "credit_agencies"),
]
_TASK_SENTENCE = re.compile(r"\b(?:partners|providers|suppliers|companies|processors|sub-processors|contractors|vendors|"
                            r"organisations|organizations|firms|businesses)\s+(?:who|that|which)\s+(.*)$", re.I)


def _task_classes(text: str, lex: Lexicon) -> list[tuple[str, int, list]]:
    """Round 9: classes of recipients described by what they do for the organisation ("service providers who
    help us run our business, for example to host our reservation system, process card payments and send
    emails"): each task that names a kind of service is that class (GUIDELINES.md, "Classes described by their
    task"); the class the sentence names before "who" is one too. Tasks are read up to the sentence's end."""
    m = _TASK_SENTENCE.search(text)
    if m is None:
        return []
    body = m.group(1)
    # the tasks: after "help(s) us (to)", "to", "such as", or straight after "who": "who host our website"
    # ("who help us run our business, for example to host ...": the tasks are what follows; "who host our
    # platform, send our emails and help us with customer support": each part is one)
    tasks = re.sub(r"\b(?:help|helps|assist|assists)\s+us\s+(?:to\s+)?(?:run|operate|manage|deliver)\s+(?:our|the)\s+[\w-]+"
                   r"(?:\s+and\s+(?:our|the)\s+[\w-]+)?", " ", body, flags=re.I)
    out, seen = [], set()
    head = tokenize_text(text[:m.start(1)])
    before = lex.parties.find(head)
    named = [p for p in before if p.j >= len(head) - 2 and (p.value in lex.party_class or p.value in lex.vague_classes)]
    for part in re.split(r",|;|\band\b|\bor\b", tasks):
        for rx, cls in _TASKS:
            if rx.search(part.lower()) and cls not in seen:
                seen.add(cls)
                # ("process card payments": the card data the task handles; "send emails" names no data of the person)
                out.append((cls, m.start(1), [d for d in lex.data.find(tokenize_text(part))
                                                if d.value.startswith(("user.financial", "user.payment"))]))
                break
    if out and named and named[-1].value not in seen:
        out.append((named[-1].value, m.start(1), []))
    return out


_COLON_CLASS = re.compile(r"\b(?:service providers|providers|partners|suppliers|companies|organisations|organizations|"
                          r"contractors|processors|firms)\b[^:.;]*:\s*(.+?)\.?$", re.I)


def _colon_members(text: str, lex: Lexicon) -> tuple[str, list[str]] | None:
    """Round 9: a class of recipients, then a colon and the organisations it means ("service providers who help
    us: the mailing house that prints our newsletter, our database company, and a call centre"): (the class's id,
    the items, each a lexicon id or a name without its article)."""
    m = _COLON_CLASS.search(text)
    if m is None:
        return None
    head = tokenize_text(text[:m.start(1)])
    cls = [p for p in lex.parties.find(head) if p.value in lex.vague_classes or p.value in lex.party_class.values()]
    if not cls:
        return None
    items = []
    for part in re.split(r",\s*(?:and\s+|or\s+)?|;\s*", m.group(1)):
        part = re.split(r"\s+(?:that|who|which|to|for)\s+", part.strip())[0]
        part = re.sub(r"^(?:and|or)\s+", "", part)
        part = re.sub(r"^(?:the|our|a|an|their|its)\s+", "", part, flags=re.I).strip(" .")
        words = tokenize_text(part)
        if not words or len(words) > 6:
            return None
        if any(m.i == 0 and m.j == len(words) for m in (*lex.data.find(words), *lex.purposes.find(words))) \
                or _not_a_party(part) or lex.data.match_at(words, 0) and lex.data.match_at(words, 0)[0] == len(words):
            return None  # a list of data or purposes, not of organisations
        hit = lex.parties.match_at(words, 0)
        whole = next((p for p in lex.parties.find(words) if p.j == len(words)), None)
        if hit and hit[0] == len(words):
            items.append(hit[1])
        elif whole is not None and whole.i > 0 and not re.search(r"\band\b", part):
            items.append(whole.value)  # "the local mailing house": the class its last words name
        else:
            items.append("name:" + part)
    return (cls[-1].value, items) if len(items) >= 2 else None


def _negated_sentence(toks: list[Token], lex: Lexicon) -> bool:
    """A sentence that denies at its start ("We never use providers who ...")."""
    return any(t.word in ("never", "not", "no") for t in toks[:4])


#: documents one signs with a party ("an agreement with Acme"): the party is no recipient through them
_AGREEMENTS = {"agreement", "agreements", "contract", "contracts", "addendum", "clauses", "dpa", "terms", "arrangement",
               "arrangements"}
#: nouns naming software that keeps records ("the Casewise case management system", "our CRM, Pipeline")
_SYSTEM_NOUNS = {"system", "systems", "platform", "database", "software", "crm", "app", "tool", "portal", "service"}
#: a party the person names or appoints ("Where you have nominated an education agent", "if you appoint a solicitor")
_NOMINATED = re.compile(r"\b(?:nominated|nominate|appointed|appoint|authorised|authorized|authorise|authorize|named|"
                        r"instructed|instruct)\s+(?:an?|your|the)\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\b", re.I)
#: verbs of checking a person with another party ("run a credit check with Experian", "verify ... through Onfido")
_CHECK_VERBS = {"check", "checks", "checked", "checking", "verify", "verifies", "verified", "run", "runs", "carry", "carries"}
#: words opening a clause inside a noun phrase: "photos that you upload", "the details, if you give them"
_SUBORDINATE_OPENERS = {"that", "which", "who", "whom", "whose", "if", "when", "where", "whenever", "unless", "once", "("}


def _data_list_sentence(toks: list[Token], data: list[Match], actions: list[Match]) -> bool:
    """Round 9: a sentence that is a list of data, its main clause without a verb: it opens with data
    ("Your name, ...", "Your current usage ...") and every verb comes after a word opening a relative or
    conditional clause ("... that you upload", "...; and, if you take finance, ..."), or after the person
    or "we" as the subject of a clause inside the noun phrase ("the photos you take")."""
    if not data or not toks or (toks[0].word != "your" and (data[0].i > 2 or any(
            t.word not in ("the", "a", "an", "any", "current", "full", "all") for t in toks[:data[0].i]))):
        return False
    first_verb = actions[0].i if actions else len(toks)
    if sum(1 for d in data if d.i < first_verb) < 2 and not any(t.word == ";" for t in toks[:first_verb]):
        return False  # one datum and a verb: "Your email address is shared with ..." is a clause
    for a in actions:
        k = a.i - 1
        while k >= 0 and (toks[k].word in _AUX - _BE or toks[k].word in ("not", "never", "always", "also")):
            k -= 1
        window = {t.word for t in toks[max(0, k - 3):k + 1]}
        if not (window & _SUBORDINATE_OPENERS or (k >= 0 and toks[k].word in ("you", "we", "i", "they"))
                or k >= 1 and toks[k - 1].word in ("our", "your", "the") and toks[k].word.isalpha()
                and toks[k].word not in _BE | _AUX and not toks[k].word.endswith("s")):
            return False  # ("Readings from your watch are stored": a passive main clause; "the photos our surveyor takes": not)
    return True


def _drop_broad(dm: list[Match], toks: list[Token]) -> list[Match]:
    """"your data, including your contact details": the examples, not the broad term."""
    specific = [d for d in dm if d.value != "user"]
    if not specific:
        return dm
    out = []
    for d in dm:
        nxt = " ".join(t.word for t in toks[d.j:d.j + 3])
        if d.value == "user" and re.match(r"(, )?(including|such as|like|e\.g|namely|for example)", nxt):
            continue
        ahead = [t.word for t in toks[d.j:d.j + 9]]
        incl = next((n for n, w in enumerate(ahead) if w in ("including", "namely")), None)
        if d.value == "user" and incl is not None and not set(ahead[:incl]) & {";", ".", ":"} \
                and any(s.i > d.j + incl for s in specific):
            continue  # "information concerning claims, including the name ...": the items named
        if d.value == "user" and re.match(r"(about|on|of|regarding|concerning|relating to) ", nxt + " ") and any(
                s.i >= d.j and s.i - d.j <= 5 for s in specific):
            continue  # "information about your account and transactions": the transactions, not all data
        out.append(d)
    return out


_NEGATION_SCOPE_END = {",", ";", ":", "if", "when", "unless", "that", "which", "who", "but", "although", "while"}


def _enumerator_after(toks: list[Token], k: int) -> bool:
    """"(b)", "and (c)", "or (iii)" at token k: the next item of an enumeration."""
    if k < len(toks) and toks[k].word in ("and", "or"):
        k += 1
    return k + 2 < len(toks) and toks[k].word == "(" and toks[k + 2].word == ")" and len(toks[k + 1].word) <= 4 \
        and toks[k + 1].word.isalnum()


_CONDITION_OPENERS = {"if", "when", "unless", "once", "where", "whenever"}


def _conditional_insertion(toks: list[Token], g: _Group) -> bool:
    """A verb inside a short condition set off by commas in mid-sentence ("Acme stores your email address
    and, if you gave it, your first name"): the condition's verb is not a statement, and the data after it
    still belongs to the verb before."""
    k = g.start - 1
    while k >= 0 and g.start - k <= 3 and toks[k].word not in _CONDITION_OPENERS:
        k -= 1
    if k < 1 or toks[k].word not in _CONDITION_OPENERS:
        return False
    if all(t.word in ("the", "law", "laws", "regulation", "regulations", "court", "courts", "statute") or t.word in _AUX
           for t in toks[k + 1:g.start]) and g.start > k + 1:
        return True  # "... to a court where the law requires; ...": the condition's verb is not a statement
    if toks[k - 1].word not in (",", "and"):
        return False
    if not any(t.word in ("you", "we", "i", "they", "it") for t in toks[k + 1:g.start]):
        return False
    close = next((m for m in range(g.end, min(len(toks), g.end + 4)) if toks[m].word == ","), None)
    return close is not None and close + 1 < len(toks) and toks[close + 1].word not in ("we", "i", "you", "they")


def _negated(toks: list[Token], g: _Group, lo: int, lex: Lexicon) -> bool:
    """A negation word shortly before the verb group, in the same clause ("if you do not agree, we share"
    is not negated: the comma closes the negation's scope), or inside the verb phrase ("has no access to")."""
    if any(toks[k].word in lex.negation for v in g.verbs for k in range(v.i, v.j)):
        return True
    if g.start >= 3 and toks[g.start - 1].word == ",":
        # "shall not, in any circumstances, disclose": an insertion between the negation and the verb
        for k in range(g.start - 2, max(lo, g.start - 10) - 1, -1):
            if toks[k].word == ",":
                if k and toks[k - 1].word in ("not", "never"):
                    return True
                break
    for k in range(g.start - 1, max(lo, g.start - 4) - 1, -1):
        w = toks[k].word
        if w in _NEGATION_SCOPE_END:
            return False
        if w in lex.negation:
            return True
    # "nothing your devices measure ever goes to ...", "no record of what you read is sent to ...": a
    # negative subject opening the clause denies the verb (round 6)
    k = g.start - 1
    while k >= lo and toks[k].word not in (",", ";", "and", "but", "so", "also"):
        k -= 1
    k += 1
    if k < g.start and (toks[k].word in ("nothing", "none", "neither") or (
            toks[k].word == "no" and k + 1 < g.start and toks[k + 1].word.isalpha()
            and toks[k + 1].word not in ("longer", "later", "more", "matter", "one"))):
        if not any(t.word in _NEGATION_SCOPE_END for t in toks[k + 1:g.start] if t.word not in ("that", "which", "who")):
            return True
    if g.start and toks[g.start - 1].word in ("or", "nor"):
        # "we do not work with ad networks or pass data to them": the negation governs both verbs
        for k in range(g.start - 2, max(0, g.start - 14) - 1, -1):
            w = toks[k].word
            if w in _NEGATION_SCOPE_END or w == "and":
                return False
            if w in ("not", "never", "neither") or w == "n't":
                return True
    return False


_COORD_PARTIES = {",", "and", "or", "&", "as", "well", "nor"}


def _coordinated(subj_parties: list, toks: list[Token], named_ids=frozenset()) -> list:
    """The last subject party and those coordinated with it ("Stripe, Adyen and PayPal receive")."""
    out = [subj_parties[-1]]
    for p in reversed(subj_parties[:-1]):
        gap = [t.word for t in toks[p.j:out[-1].i]]
        if gap and gap[-1] in ("other", "similar") and len(gap) >= 2:
            gap = gap[:-1]  # "Meta, TikTok and other social networks do not receive ..." (round 9)
        if len(gap) >= 2 and gap[-1] in ("our", "the", "their", "its") and gap[-2] in ("and", "or"):
            gap = gap[:-1]  # "we and our partners use cookies" (round 9)
        if not gap or not all(w in _COORD_PARTIES for w in gap):
            break
        if p.i and toks[p.i - 1].word in ("to", "with", "by", "from", "via", "through"):
            break  # "Card numbers go straight to PayPal and we never see them": PayPal is no subject
        if gap == [","] and not p.value.startswith("name:") and p.value not in named_ids and (
                out[-1].value in named_ids or out[-1].value.startswith("name:")):
            break  # "our payment provider, Stripe, receives": Stripe names the provider (apposition)
        out.append(p)
    return list(reversed(out))


_MODIFIER_STOP = {"external", "outside", "trusted", "selected", "carefully", "reliable", "certain", "various", "approved",
                  "authorised", "authorized", "third", "specialised", "specialized", "own", "independent", "competent",
                  "relevant", "other", "such", "these", "those", "all", "your", "my", "their", "its", "his", "her",
                  "further", "additional", "several", "many", "few", "new", "potential", "prospective", "professional",
                  "reputable", "contracted", "appointed", "chosen", "data", "party"}


#: classes whose members the person does not choose: "your tax authority" is still the authority
_NOT_OWN_CLASSES = {"law_enforcement", "employers", "acquirers", "affiliates", "first_party"}


def _persons_own(p: Match, toks: list[Token], lex: Lexicon, taken: list[Match]) -> bool:
    """"your health insurer", "your insurer": a class word after "your" (and at most one modifier)."""
    if p.value in lex.vague_classes or p.value in _NOT_OWN_CLASSES or p.value in lex.party_class \
            or p.value.startswith("name:") or p.i == 0:
        return False
    if toks[p.i - 1].word == "your":
        return True
    k = p.i - 1
    return k >= 1 and toks[k - 1].word == "your" and toks[k].word.isalpha() and toks[k].word not in _MODIFIER_STOP \
        and not any(m.i <= k < m.j for m in taken)


def _capitalised_at(toks: list[Token], k: int) -> bool:
    """Token k is written with a capital letter."""
    src = getattr(toks, "source", None)
    return bool(src) and src[toks[k].start:toks[k].start + 1].isupper()


def _qualified_classes(parties: list[Match], toks: list[Token], lex: Lexicon, taken: list[Match]) -> list[Match]:
    """A catch-all class with a noun in front of it names a specific recipient the lexicon does not
    know: "our cleaning contractor" is not "service providers (unspecified)"."""
    out = []
    for p in parties:
        if _persons_own(p, toks, lex, taken):
            # "your health insurer", "your pharmacy": the person's own, a specific recipient, not a class
            src = getattr(toks, "source", None)
            b = p.i - 1 if toks[p.i - 1].word != "your" else p.i
            text = src[toks[b].start:toks[p.j - 1].end] if src else " ".join(t.word for t in toks[b:p.j])
            out.append(Match("name:" + text, b, p.j, text))
            continue
        def modifier(m: int) -> bool:
            w = toks[m].word
            return w.isalpha() and w not in _MODIFIER_STOP and w not in _DETERMINERS and w not in _CHUNK_STOP \
                and w not in _NAME_STOP and w not in _AUX and w not in _FUNCTION_WORDS and not w.endswith("ly") \
                and not any(t.i <= m < t.j for t in taken) and not any(q.i <= m < q.j for q in parties) \
                and not lex.actions.match_at(toks, m) and not lex.purposes.match_at(toks, m)
        b = p.i
        while b > 0 and p.i - b < 3 and modifier(b - 1) \
                and not (b >= 2 and toks[b - 2].word in _AUX | {"we", "i", "it", "they", "you", "to"}):
            b -= 1  # "debt recovery agents", "our cleaning contractor"; not "may instruct" (a verb after "may")
        nxt = p.j if p.j < len(toks) else None
        if p.value in lex.vague_classes and b == p.i and nxt is not None and toks[nxt].word.endswith("s") \
                and toks[nxt].word.isalpha() and modifier(nxt) and not lex.data.match_at(toks, nxt) \
                and not _capitalised_at(toks, nxt):
            # "our partner restaurants", "selected partner hotels": the noun after the class word is the recipient
            src = getattr(toks, "source", None)
            text = src[toks[p.i].start:toks[nxt].end] if src else " ".join(t.word for t in toks[p.i:nxt + 1])
            out.append(Match("name:" + text, p.i, nxt + 1, text))
            continue
        if p.value in lex.vague_classes and b < p.i:
            src = getattr(toks, "source", None)
            text = src[toks[b].start:toks[p.j - 1].end] if src else " ".join(t.word for t in toks[b:p.j])
            out.append(Match("name:" + text, b, p.j, text))
        else:
            out.append(p)
    return out


#: lower-case words inside a proper name ("Department for Work and Pensions", "HM Revenue and Customs")
_NAME_CONNECT = {"of", "for", "and", "&", "de", "du", "der", "von", "van", "on"}
#: capitalised words that make a phrase a law, a document, a place in the text or the organisation's
#: own product, never a recipient ("the Data Protection Act 2018", "Article 6", "Settings > Privacy")
_NOT_NAME_WORDS = {"act", "regulation", "regulations", "gdpr", "law", "directive", "article", "articles", "section",
                   "paragraph", "clause", "code", "policy", "notice", "terms", "conditions", "schedule", "annex",
                   "appendix", "chapter", "settings", "privacy", "cookie", "cookies", "app", "website", "account",
                   "dashboard", "menu", "page", "form", "button", "link", "standard", "contractual", "clauses",
                   "shield", "framework", "i", "monday", "friday", "january", "december"}
#: words before "to"/"with"/"by" after which a proper name is not a recipient ("complain to", "lodge ... with")
_NOT_BEFORE_NAME = _NOT_BEFORE_RECIPIENT | {"complain", "complaint", "written", "signed", "registered", "regulated",
                                            "authorised", "authorized", "licensed", "supervised", "made", "caused",
                                            "back", "welcome", "go", "goes", "sign", "log", "logged", "subscribe",
                                            # round 9: "clauses approved by the European Commission" (an authority's act)
                                            "approved", "adopted", "recognised", "recognized",
                                            "certified", "accredited", "endorsed"}


#: legal forms that are often written in lower case after a capitalised name
_LOWER_LEGAL_FORMS = {"plc", "ltd", "llc", "llp", "inc", "gmbh"}
_LEGAL_FORMS = {"ltd", "limited", "gmbh", "inc", "llc", "llp", "plc", "bv", "b.v", "ag", "sa", "s.a", "sas", "sarl",
                "oy", "ab", "aps", "srl", "co", "corp", "corporation", "ug", "kg", "nv", "n.v"}


_SHARED_HEADS = {"details", "number", "numbers", "address", "addresses", "information", "data"}


def _shared_heads(data: list[Match], toks: list[Token], lex: Lexicon) -> list[Match]:
    """"your card or bank details", "your home and work addresses": the word before "or"/"and" shares the
    head noun of the data phrase after it, when the two together are a data phrase (round 8)."""
    out = list(data)
    starts = {d.i for d in data}
    covered = {k for d in data for k in range(d.i, d.j)}
    for d in data:
        if toks[d.j - 1].word not in _SHARED_HEADS or d.i < 2 or toks[d.i - 1].word not in ("or", "and") \
                or d.i - 2 in covered or not toks[d.i - 2].word.isalpha():
            continue
        ntoks = tokenize_text(toks[d.i - 2].word + " " + toks[d.j - 1].word)
        hit = lex.data.match_at(ntoks, 0)
        if hit and hit[0] == len(ntoks) and d.i - 2 not in starts:
            out.append(Match(hit[1], d.i - 2, d.i - 1, toks[d.i - 2].word))
    return sorted(out, key=lambda m: (m.i, m.j))


def _condition_subject(toks: list[Token], p: Match, start: int) -> bool:
    """"... only if a court orders it", "if the police ask": the party opening a condition after the verb
    asks for the disclosure; it is not the one the data goes to (round 8)."""
    k = p.i - 1
    while k >= start and toks[k].word in _DETERMINERS:
        k -= 1
    return k >= start and toks[k].word in ("if", "unless", "when", "whenever", "where") \
        and p.j < len(toks) and toks[p.j].word in ("orders", "order", "requires", "require", "requests", "request",
                                                    "asks", "ask", "demands", "demand", "compels", "compel", "directs",
                                                    "direct", "instructs", "instruct", "obliges", "oblige", "rules")


def _group_companies(parties: list[Match], toks: list[Token]) -> list[Match]:
    """"other companies in the Acme group", "other businesses within our group": the publisher's group
    companies, not unnamed third parties (round 8)."""
    out = []
    for p in parties:
        if p.value == "third_parties" and p.j < len(toks) and toks[p.j].word in ("in", "of", "within"):
            k = p.j + 1
            while k < min(len(toks), p.j + 6) and toks[k].word not in (",", ";", ".", "group", "family"):
                k += 1
            if k < len(toks) and toks[k].word in ("group", "family"):
                p = Match("affiliates", p.i, p.j, p.text)
        out.append(p)
    return out


def _proper_names(text: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Spans of capitalised names, lower-case connectors inside them ("Department for Work and
    Pensions", "HM Revenue and Customs", "Civica UK Limited"), a possessive "'s" kept ("Information
    Commissioner's Office"); a capitalised determiner or pronoun opening a sentence is left out."""
    def cap(i: int) -> bool:
        t = toks[i]
        return t.word[:1].isalpha() and text[t.start:t.start + 1].isupper()
    spans, k, n = [], 0, len(toks)
    while k < n:
        if not cap(k):
            k += 1
            continue
        e = k + 1
        while e < n:
            if cap(e):
                e += 1
            elif toks[e].word in _NAME_CONNECT and e + 1 < n and cap(e + 1) and toks[e + 1].word not in _DETERMINERS \
                    and not (toks[e].word in ("and", "&") and toks[e - 1].word in _LEGAL_FORMS) \
                    and not (toks[e].word == "and" and e - k == 1 and (e + 2 >= n or not cap(e + 2))):
                e += 2  # (but "Boxwell GmbH and Tandem Oy", "DPD and Evri" are two companies each)
            elif text[toks[e - 1].end:toks[e].start] in ("-", "‐") and toks[e].word.isalnum():
                e += 1  # "Rent-a-Car", "Smith-Jones": a hyphenated name stays one (round 6)
            elif toks[e].word == "(" and e + 3 < n and cap(e + 1) and toks[e + 2].word == ")" \
                    and toks[e + 3].word in _LEGAL_FORMS | _LOWER_LEGAL_FORMS:
                e += 4  # "Worldpay (UK) Limited": a country in brackets inside a company's name (round 9)
            elif toks[e].word == "s" and text[toks[e].start - 1:toks[e].start] in ("'", "’") and e + 1 < n and cap(e + 1):
                e += 1
            elif toks[e].word in _LOWER_LEGAL_FORMS:
                e += 1  # "Harbour Mutual Assurance plc": a legal form written in lower case ends the name (round 8)
                break
            else:
                break
        b = k
        while b < e and (toks[b].word in _NAME_STOP or toks[b].word in _DETERMINERS or toks[b].word in _AUX
                         or toks[b].word in _CHUNK_STOP or toks[b].word in _USER_SUBJECT):
            b += 1  # "The Cabinet Office", "Our Partner": the capitalised determiner opens the sentence
        if b < e:
            # "Leeds City Council and York City Council": both parts end in the same head noun, two bodies (round 9)
            c = next((c for c in range(b + 2, e - 2) if toks[c].word in ("and", "&") and toks[c - 1].word == toks[e - 1].word),
                     None)
            if c is not None:
                spans += [(b, c), (c + 1, e)]
            else:
                spans.append((b, e))
        k = e
    return spans


def _proper_name_parties(text: str, toks: list[Token], parties: list[Match], data: list[Match],
                         lex: Lexicon) -> list[Match]:
    """Proper names as parties: a name that contains a class word is the named body, not the class
    ("HM Revenue and Customs" is not "customs authorities"); an unknown name after "to", "with", "by",
    "through" or "via" is a recipient ("is hosted by Civica UK Limited", "furnished to the Cabinet Office").
    Laws, documents, the organisation itself and contact points are not."""
    out = list(parties)
    #: where a recipient name ends (for names listed after it: "such as Twilio, Mailgun and Hetzner", round 6)
    ends: set[int] = {p.j for p in parties if p.value != "first_party" and p.value in lex.party_class}
    for i, j in _proper_names(text, toks):
        words = [t.word for t in toks[i:j]]
        if set(words) & _NOT_NAME_WORDS or any(d.i < j and i < d.j for d in data) or _contact_point(toks[i:j]):
            continue
        if i and toks[i - 1].word in ("by", "via", "through", "over") and " ".join(words) in _CHANNELS:
            continue  # "reminders by SMS", "via WhatsApp": how something is sent, not to whom (round 9)
        inside = [p for p in out if i <= p.i and p.j <= j]
        if any(p.value in lex.party_class or p.value == "first_party" for p in inside) \
                or any(p.i < j and i < p.j and not (i <= p.i and p.j <= j) for p in out):
            continue  # a known vendor ("Google Maps"), the organisation, or a name overlapping a party
        name = Match("name:" + text[toks[i].start:toks[j - 1].end], i, j, text[toks[i].start:toks[j - 1].end])
        if inside:
            covered = {k for p in inside for k in range(p.i, p.j)}
            own = [w for k, w in enumerate(words, i) if k not in covered and w not in _MODIFIER_STOP
                   and w not in _NAME_CONNECT and not lex.purposes.match_at(toks, k)]
            if j - i >= 2 and own:
                out = [p for p in out if p not in inside] + [name]
            continue
        k = i - 1
        while k >= 0 and toks[k].word in _DETERMINERS:
            k -= 1
        c = i - 1
        while c >= 0 and toks[c].word in (",", "and", "or", "&"):
            c -= 1
        listed = c < i - 1 and c + 1 in ends  # "with Quillmail Ltd, Boxwell GmbH and Tandem Oy"
        runs_on = k >= 1 and toks[k].word == "on" and toks[k - 1].word in (
            "run", "runs", "hosted", "built", "stored", "kept", "held", "managed")  # "bookings run on Slotwise" (round 6)
        runs_on = runs_on or (k >= 1 and toks[k].word == "on" and toks[k - 1].word in ("rely", "relies", "depend", "depends"))
        # "held in the Casewise case management system", "kept in our candidate database, Talentvault": a tool named
        # where data is kept holds it (round 9)
        runs_on = runs_on or (k >= 0 and toks[k].word in ("in", "on", "into") and j < len(toks)
                              and any(t.word in _SYSTEM_NOUNS for t in toks[j:j + 3]))
        runs_on = runs_on or (i >= 3 and toks[i - 1].word == "," and toks[i - 2].word in _SYSTEM_NOUNS
                              and any(t.word in ("in", "on", "into") for t in toks[max(0, i - 6):i - 2]))
        if (k >= 0 and (toks[k].word in ("to", "with", "by", "through", "via", "use", "uses", "run", "runs", "employ",
                                         "engage", "engages", "hire", "hires", "appoint", "appoints", "instruct",
                                         "instructs", "commission", "commissions") or runs_on)
                and not (k and toks[k - 1].word in _NOT_BEFORE_NAME and not (toks[k].word == "by" and toks[k - 1].word == "used"))
                and not (k and toks[k].word == "with" and toks[k - 1].word in _AGREEMENTS)
                or listed) and words[0] not in _NOT_RECIPIENT_START:  # ("used to", but "used by Acme Ltd": round 9)
            out.append(name)
            ends.add(j)
    return sorted(out, key=lambda m: m.i)


def _named_in_apposition(text: str, toks: list[Token], parties: list[Match], data: list[Match],
                         lex: Lexicon) -> list[Match]:
    """"our payment partner, Judopay, ...", "our delivery partners
    Parcelnet and Swiftpost": the names after the class word are the recipients; the class only says what
    kind they are. (A known vendor there is matched already; the class beside it is dropped elsewhere.)"""
    spans = {i: j for i, j in _proper_names(text, toks)}
    starts = {q.i for q in parties}

    def clean(i: int, j: int) -> bool:
        return not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS and not any(d.i < j and i < d.j for d in data) \
            and i not in starts

    ends = {j: i for i, j in spans.items()}
    out = []
    for p in parties:
        k = p.j
        # "Quillpay, our payment provider, receives ...": a name before the class in apposition (round 5)
        det = p.i - 1
        while det > p.i - 3 and det >= 2 and toks[det].word.isalpha() and toks[det].word not in (
                "our", "a", "an", "the", "their") and toks[det].word not in _CHUNK_STOP and not text[toks[det].start].isupper():
            det -= 1  # "Riverlight Trading Ltd, our trading subsidiary": a modifier before the class word (round 9)
        if toks[det].word not in ("our", "a", "an", "the", "their"):
            det = p.i - 1
        if p.value != "first_party" and p.value not in lex.party_class and det >= 2 \
                and toks[det].word in ("our", "a", "an", "the", "their") and toks[det - 1].word == "," \
                and any(q.j == det - 1 and q.value != "first_party" and q is not p for q in parties) \
                and (p.j == len(toks) or toks[p.j].word in (",", ".", ";", ")")):
            continue  # "Stripe, our payment provider, ...": the class only says what the named one is
        if p.value not in ("first_party",) and (p.value not in lex.party_class or lex.party_kind(p.value) != "named") and det >= 2 \
                and toks[det].word in ("our", "a", "an", "the", "their") and toks[det - 1].word == "," \
                and (det - 1) in ends and clean(ends[det - 1], det - 1) and p.j < len(toks) and toks[p.j].word in (",", ".", ";", ")"):
            # ("Elmfield Trading Ltd, our trading subsidiary, ...": a class glossing a name is the name, round 9)
            a = ends[det - 1]
            name = text[toks[a].start:toks[det - 2].end]
            out.append(Match("name:" + name, a, p.j, name))
            continue
        opener = toks[k].word if k < len(toks) else ""
        first = k + 1 if opener == "," else k  # ("carriers (DPD, GLS)": both, read elsewhere)
        if p.value == "first_party" or p.value in lex.party_class or text[toks[p.i].start:toks[p.i].start + 1].isupper() \
                or first not in spans or not clean(first, spans[first]):
            out.append(p)
            continue
        j = spans[first]
        if not (j == len(toks) or toks[j].word in (",", ".", ";", ")", "to", "so", "who", "which", "and", "or", "&")):
            out.append(p)
            continue
        names = [(first, j)]
        while j < len(toks) and toks[j].word in (",", "and", "or", "&"):  # "Parcelnet, Swiftpost and Boxline"
            m = j
            while m < len(toks) and toks[m].word in (",", "and", "or", "&"):
                m += 1
            if m not in spans or not clean(m, spans[m]):
                break
            names.append((m, spans[m]))
            j = spans[m]
        for n, (a, b) in enumerate(names):
            name = text[toks[a].start:toks[b - 1].end]
            out.append(Match("name:" + name, p.i if n == 0 else a, b, name))  # the first spans the class too
    seen: set[tuple[int, int]] = set()
    uniq = []
    for q in sorted(out, key=lambda m: (m.i, m.j)):
        if (q.i, q.j) not in seen:
            seen.add((q.i, q.j))
            uniq.append(q)
    return uniq


def _clause_text(source: str, toks: list[Token], i: int) -> str:
    j = i
    while j < len(toks) and toks[j].word not in (",", ";", ".", ":") or j == i:
        j += 1
        if j >= len(toks):
            break
    j = min(j, len(toks))
    return source[toks[i].start:toks[j - 1].end].strip()


def _unit_statements(unit: _Unit, lex: Lexicon, ctx: _Context) -> list[Statement]:
    term = ctx.term_of.get(unit.seg.index)
    if term is not None and unit.seg.index not in ctx.last_agent:
        ctx.last_agent[unit.seg.index] = term  # "Swiftbox Couriers" - "... They can call you": the term's recipient
    named_before = ctx.mentioned.get(unit.seg.index)
    out = _sentence_statements(unit, lex, ctx)
    before = ctx.prev_emitters.get(unit.seg.index)
    if before and not out and _THIS_INCLUDES.match(unit.text):
        # "We and our partners use cookies. This involves your IP address and the pages you look at.": who did what
        # the sentence before says did this (round 9)
        toks = tokenize_text(unit.text)
        data = _drop_broad(_not_data_nouns(lex.data.find(toks), toks, lex), toks)
        if data and not [p for p in lex.parties.find(toks) if p.value != "first_party"]:
            out = [Statement(pid, ptext, kind, action, d.value, d.text, None, "", False, "", unit.text, unit.seg.heading,
                             " > ".join(unit.seg.path), unit.seg.index, unit.lead)
                   for pid, ptext, kind, action in before for d in data]
    emitters = list(dict.fromkeys((s.party, s.party_text, s.party_kind, s.action) for s in out
                                  if not s.negated and s.action in ("collect", "use", "receive", "retain")))
    ctx.prev_emitters[unit.seg.index] = emitters
    if term is not None:
        for st in out:
            if st.party in lex.vague_classes and st.party != term.value and st.action in ("receive", "use", "collect") \
                    and st.party_text.lower().rstrip("s") in ("agent", "staff", "employee", "provider", "contractor", "partner"):
                # "Agents see your name" under a term line: that recipient's people (round 6)
                st.party, st.party_text, st.party_kind = term.value, term.text, (
                    "named" if term.value.startswith("name:") else lex.party_kind(term.value))
    if term is not None and not _FIRST_PERSON & {t.word for t in tokenize_text(unit.text)}:
        # a paragraph under a term line that names a recipient speaks of that recipient: what it would give
        # to the organisation by default ("The driver's app shows your name", "Records are kept in it") is the
        # recipient's, unless "we"/"us" is the subject (round 6)
        for st in out:
            if st.party == "first_party":
                st.party, st.party_text, st.party_kind = term.value, term.text, (
                    "named" if term.value.startswith("name:") else lex.party_kind(term.value))
    if ctx.mentioned.get(unit.seg.index) is named_before:
        # "your CV goes to the client who is hiring. They will see ...": a recipient the lexicon does not
        # know, found after "to"/"with", is what "they"/"it" in the next sentence points back to (round 6)
        unknown = list(dict.fromkeys(s.party for s in out if s.party.startswith("name:") and not s.negated))
        if len(unknown) == 1 and not any(s.party != "first_party" and not s.party.startswith("name:") for s in out):
            ctx.mentioned[unit.seg.index] = [Match(unknown[0], -1, -1, unknown[0][5:])]
        elif not out:
            # "Our personal trainers are self-employed. ..., they see ...": people outside the organisation
            # described by a sentence that states no practice are who "they" next points back to (round 6)
            m = re.match(r"(?:Our|The|Your)\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s)\s+(?:are|work)\s+"
                         r"(?:self-employed|independent|freelance|external|not employed|not our|not part|separate|contractors)",
                         unit.text.strip())
            if m and not lex.data.find(tokenize_text(m.group(1))) and not lex.data_subject(m.group(1)):
                ctx.mentioned[unit.seg.index] = [Match("name:" + m.group(1), -1, -1, m.group(1))]
    mem = ctx.members.get(unit.seg.index)
    if mem and mem[0] != unit.text and re.search(r"^\s*(?:they|these|those)\b|\b(?:with|to) them\b", unit.text, re.I):
        # "We work with providers who host our site and send our emails. They may see your name": the classes the
        # tasks or examples named are "they" too (round 9)
        for st in list(out):
            if st.party == mem[1]:
                out += [dataclasses.replace(st, party=m, party_text=lex.party_names.get(m, m.removeprefix("name:")),
                                            party_kind="named" if m.startswith("name:") else lex.party_kind(m))
                        for m in mem[2] if m != st.party]
    if unit.party_text is not None or unit.data_text is not None:
        return out
    return _vendor_cookies(unit, lex, out)


_COOKIE_KEYS = ("user.device.cookie", "user.device.cookie_id")


def _vendor_cookies(unit: _Unit, lex: Lexicon, out: list[Statement]) -> list[Statement]:
    """A vendor's name in front of "cookie" ("Google Analytics cookies", "the Hotjar cookie") says that
    vendor sets it: a statement of its own, and in a verbless item the cookie is not the organisation's."""
    toks = tokenize_text(unit.text)
    parties, data = _resolve(lex.parties.find(toks), lex.data.find(toks))
    found = []
    for p in parties:
        if p.value == "first_party" or p.value in lex.vague_classes:
            continue
        d = next((d for d in data if d.i == p.j and d.value in _COOKIE_KEYS), None)
        if d is None and p.i >= 2 and toks[p.i - 1].word in ("from", "by", "of"):
            d = next((d for d in data if d.j == p.i - 1 and d.value in _COOKIE_KEYS), None)  # "cookies from Vimeo"
        if d is not None:
            found.append(Statement(p.value, p.text, lex.party_kind(p.value), "collect", d.value, d.text,
                                   sentence=unit.text, heading=unit.seg.heading, section=" > ".join(unit.seg.path),
                                   paragraph=unit.seg.index, lead=unit.lead))
    for i, j in _proper_names(unit.text, toks):
        d = next((d for d in data if d.j == i - 1 and d.value in _COOKIE_KEYS and toks[i - 1].word in ("from", "by")), None)
        if d is not None and not any(p.i < j and i < p.j for p in parties) \
                and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS:
            name = unit.text[toks[i].start:toks[j - 1].end]
            found.append(Statement("name:" + name, name, "named", "collect", d.value, d.text, sentence=unit.text,
                                   heading=unit.seg.heading, section=" > ".join(unit.seg.path),
                                   paragraph=unit.seg.index, lead=unit.lead))
    if not found:
        return out
    if not _actions(toks, lex, parties, data):
        out = [s for s in out if not (s.party == "first_party" and s.data in _COOKIE_KEYS)]
    return out + found


def _sentence_statements(unit: _Unit, lex: Lexicon, ctx: _Context) -> list[Statement]:
    seg = unit.seg
    section = " > ".join(seg.path)
    toks = tokenize_text(unit.text)
    toks.list_item = seg.kind == "list_item" and bool(unit.lead)
    if unit.party_text is not None or unit.data_text is not None:
        return _drop_redundant_classes(_table_statements(unit, lex, ctx, section), lex)
    if _META_SENTENCE.match(unit.text.strip()):
        return []  # "This notice explains how ...": says what the notice covers, not a practice
    parties, data = _resolve(_not_numerals(lex.parties.find(toks), toks),
                             _verbs_not_data(_shared_heads(lex.data.find(toks), toks, lex), toks, lex))
    data = _not_consented_things(_not_qualified_data(_not_data_nouns(data, toks, lex), toks, unit.text, lex), toks)
    for term, (kind, values) in ctx.defined.items():
        if kind != "data":
            continue
        tt = [t.word for t in tokenize_text(term)]
        for k in range(len(toks) - len(tt) + 1):
            if [t.word for t in toks[k:k + len(tt)]] == tt and not unit.text[toks[k].start:toks[k].end + 1].endswith(("”", '"')):
                # "transmit the API Data of that Member": the data its definition lists (round 6)
                parties = [p for p in parties if not (p.i < k + len(tt) and k < p.j)]
                data = [d for d in data if not (d.i < k + len(tt) and k < d.j)] + [
                    Match(v, k, k + len(tt), unit.text[toks[k].start:toks[k + len(tt) - 1].end]) for v in values]
    data.sort(key=lambda d: d.i)
    data = [d for d in data if not any(p.i <= d.i < p.j for p in parties) and not _instead_of(toks, d)]
    parties = _qualified_classes(parties, toks, lex, data)
    parties = _group_companies(parties, toks)
    parties = _proper_name_parties(unit.text, toks, parties, data, lex)
    parties = _named_in_apposition(unit.text, toks, parties, data, lex)
    if ctx.described:
        parties = _described_again(toks, parties, data, ctx.described)
    # "the insurer's billing rules": a possessive modifies what follows, it names no recipient here
    parties = [p for p in parties if p.value == "first_party" or not (
        p.j + 1 < len(toks) and toks[p.j].word == "s" and unit.text[toks[p.j].start - 1:toks[p.j].start] in ("'", "’")
        and toks[p.j + 1].word not in _INFRASTRUCTURE)]  # ("Google's servers" are Google's: it hosts)
    mentioned_before = ctx.mentioned.get(seg.index, [])
    # the subject of the sentence before: "X will run a check with Y and Z. We pass them ...": them is X (round 9)
    agent_before = ctx.last_agent.get(seg.index)
    named_here = [p for p in parties if p.value in lex.party_class or p.value.startswith("name:")
                  or (p.value != "first_party" and p.value in lex.party_names)]
    if named_here:
        colon = next((k for k, t in enumerate(toks) if t.word == ":" and k > named_here[0].j), None)
        if len(named_here) > 1 and named_here[0].value in lex.class_cues and colon is not None \
                and all(p.i > colon for p in named_here[1:]):
            # "service providers who help us: the mailing house, our IT support company ...": the class
            # before the colon is what "they" in the next sentence points back to, not the last item (round 6)
            ctx.mentioned[seg.index] = named_here[:1]
        else:
            ctx.mentioned[seg.index] = named_here
    anaph = lex.anaphora.find(toks)
    # "These are shared with ...", "those are never passed on": a demonstrative standing alone (round 6)
    anaph += [Match("anaphora", k, k + 1, t.word) for k, t in enumerate(toks) if t.word in ("these", "those")
              and k + 1 < len(toks) and (toks[k + 1].word in _AUX | _BE | {".", ",", ";", "from", "with", "to"})
              and not any(a.i <= k < a.j for a in anaph)]
    data = [d for d in data if not any(a.i <= d.i < a.j for a in anaph)]
    # words taken by data or parties are not verbs ("payment data", "email service provider")
    actions = _actions(toks, lex, parties, data)
    purposes = _purposes(toks, lex, parties, data)
    conditions = [_clause_text(unit.text, toks, c.i) for c in lex.conditions.find(toks)]
    out: list[Statement] = []
    rights_match = _RIGHTS_SENTENCE.search(unit.text)
    rights = bool(rights_match)
    rights_at = next((k for k, t in enumerate(toks) if t.start >= rights_match.end()), None) if rights_match else None

    flip: list[int | None] = [None]  #: token after which the object is denied ("but not"), per verb group

    def emit(party: Match | str, action: str, dmatches: list[Match], negated: bool, cond: str, purpose):
        if isinstance(party, str):
            pid, ptext = party, lex.party_names.get(party, party)
        else:
            pid, ptext = party.value, party.text
        kind = "named" if pid.startswith("name:") else lex.party_kind(pid)
        if rights and pid == "first_party":
            return  # "you can ask for a copy of your data": what the person may ask, not a practice
        for d in dmatches:
            # "receives your mobile number, but not your email address": what follows "but not" is denied
            neg = negated or (flip[0] is not None and d.i > flip[0] and d in data)
            out.append(Statement(pid, ptext, kind, action, d.value, d.text,
                                 purpose[0] if purpose else None, purpose[1] if purpose else "",
                                 neg, cond, unit.text, seg.heading, section, seg.index, unit.lead))

    def through_vendor(own: list, dm: list[Match], negated: bool, cond: str, purpose) -> None:
        for p in own:  # "Crash logs, through Bugsnag": the vendor the data goes through
            if isinstance(p, Match) and _marker_before(toks, p, lex, words=("through", "via", "using")):
                emit(p, "use", dm, negated, cond, purpose)

    for p in _paid_through(unit.text, toks, parties, data, lex):
        # "We accept PayPal": the payment service gets data not named (round 9)
        emit(p, "receive", [Match("user", p.i, p.i, "")], False, "; ".join(conditions), None)
    tasks = _task_classes(unit.text, lex)
    for cls, task_at, task_data in tasks:
        # "service providers who help us run our business, for example to host our systems and send emails": the
        # classes the tasks name receive what the sentence names, or data in general (GUIDELINES.md; round 9)
        outside = [d for d in data if d.value != "user" and toks[d.i].start < task_at]  # not the tasks' own words
        dm = [Match(t.value, 0, 0, t.text) for t in task_data] or outside or [Match("user", 0, 0, "")]
        emit(cls, "share", dm, _negated_sentence(toks, lex), "; ".join(conditions), None)
    if len(tasks) > 1 and tasks[-1][2] == [] and lex.party_kind(tasks[-1][0]) == "vague":
        ctx.members[seg.index] = (unit.text, tasks[-1][0], [t[0] for t in tasks[:-1]])  # "They ..." next: them too
    classes_here = [p for p in parties if p.value in lex.vague_classes or p.value in lex.party_class.values()]
    examples_here = _examples_of_class(unit.text, toks, classes_here, parties, lex) if classes_here else []
    if examples_here:
        # "we run joint appeals with selected partners, such as local bookshops. ... we share your name with them"
        cls_p = next(p for p in classes_here if _examples_of_class(unit.text, toks, [p], parties, lex))
        ctx.members[seg.index] = (unit.text, cls_p.value, [getattr(x, "value", x) for x in examples_here])
    listed = _colon_members(unit.text, lex)
    if listed:
        # "service providers who help us: the mailing house, our IT company and a call centre. They use ...": the
        # items after the colon are "they" too (round 9)
        ctx.members[seg.index] = (unit.text, listed[0], listed[1])
    lead_info = _lead_info(unit, lex, ctx) if unit.lead else None
    if lead_info is None and seg.kind == "list_item" and seg.heading and not seg.heading.rstrip().endswith("?"):
        # a list straight under a heading ("Who we share data with") is introduced by the heading
        lead_info = _heading_info(seg.heading, lex, ctx)
    question = _question_info(seg.heading, lex, ctx) if seg.kind != "table_row" else None
    if data:
        ctx.last_data[section] = data

    if actions and question and seg.kind != "list_item" and question["direction"] == "disclose" and question["data"]:
        # "Do you share my location?" - "Only with the municipality that runs ...": the answer's recipient
        k = 0
        while k < len(toks) and toks[k].word in ("yes", "only", ",", "just"):
            k += 1
        if k < len(toks) and toks[k].word in ("with", "to") and k < actions[0].i:
            named = [p for p in parties if k < p.i < actions[0].i and p.value != "first_party"][:1] \
                or _unknown_recipients(unit.text, toks, k, actions[0].i, parties, lex)[:1]
            for p in named:
                emit(p, question["action"], question["data"], question["negated"], "; ".join(conditions), None)
            if named:
                question = None  # answered: the rest of the sentence speaks of its own data only

    carried = ctx.sent_items.pop(seg.index, None)
    record = ctx.kept_record.pop(seg.index, None)
    if record and data and len(toks) > 2:
        # "We keep a care record for each client. It includes your name, ...": what the record the organisation
        # keeps holds, the organisation holds (round 9)
        k = 1 if toks[0].word in ("it", "this", "that") else 2 if toks[0].word in ("the", "this", "that", "each", "every",
                                                                                  "your") and toks[1].word == record else 0
        while k and k < len(toks) and toks[k].word in _BE_ADVERBS | {"may", "will", "can", "usually"}:
            k += 1
        if k and k < len(toks) and toks[k].word in _CONTAINS_VERBS | {"records", "notes", "has"} \
                and not any(p.value != "first_party" for p in parties):
            neg = any(t.word in ("never", "not", "no") for t in toks[1:k + 1])
            emit("first_party", "retain", _drop_broad([d for d in data if d.i > k], toks), neg, "; ".join(conditions), None)
            ctx.kept_record[seg.index] = record  # "It also contains ...": the next sentence may go on
            return out
    m = _KEEPS_A_RECORD.search(unit.text)
    if m and not any(d for d in data if d.value != "user" and toks[d.i].start >= m.end()):
        ctx.kept_record[seg.index] = m.group(1).lower()  # (data naming the record itself, "a care record", may be there)
    if data and not _RIGHTS_SENTENCE.search(unit.text):
        # "Your email and mobile number let us send reminders": data as the subject of "lets us"/"helps us"
        # is what the organisation collects; "you create an account with your name and email address",
        # "sign up with your email address": what the account is made with (round 6)
        m = _LETS_US.search(unit.text) or _ACCOUNT_WITH.search(unit.text)
        if m is not None:
            at = next((k for k, t in enumerate(toks) if t.start >= m.start()), len(toks))
            end = next((k for k, t in enumerate(toks) if t.start >= m.end()), len(toks))
            got = [d for d in data if d.j <= at] if m.re is _LETS_US else [d for d in data if d.i >= end]
            if got and (m.re is _ACCOUNT_WITH or toks[0].word in ("your", "the", "a", "an", "any")):
                emit("first_party", "collect", _drop_broad(got, toks), False, "; ".join(conditions),
                     purposes[0] if purposes else None)
    if carried and data and len(toks) > 2 and (
            (toks[0].word in ("the", "this", "that", "each", "every") and toks[1].word in carried[0]
             and any(t.word in _CONTAINS for t in toks[2:5]))
            or (toks[0].word in ("it", "this", "they")
                and any(t.word in _CONTAINS_VERBS for t in toks[1:4])
                and all(t.word in _CONTAINS_VERBS or t.word in ("never", "not", "no", "also", "only", "always", "does", "do")
                        for t in toks[1:next(k for k, t in enumerate(toks) if t.word in _CONTAINS_VERBS) + 1]))):
        # "We file the return with the tax office. The return shows your name ...": what the document
        # sent in the sentence before contains goes to its recipients (round 5); "A crash report goes to
        # Sentry. It never includes your name.": what it holds, or denies holding (round 6)
        neg = any(t.word in ("never", "not", "no") for t in toks[1:5])
        cut = next((k for k in range(2, len(toks) - 1) if toks[k].word in ("and", "but", ",")
                    and toks[k + 1].word in ("never", "not", "no")), len(toks))  # "... and never your address"
        dm = _drop_broad(data, toks)
        for p in carried[1]:
            emit(p, "share", [d for d in dm if d.i < cut], neg, "; ".join(conditions), purposes[0] if purposes else None)
            emit(p, "share", [d for d in dm if d.i > cut], not neg, "; ".join(conditions), purposes[0] if purposes else None)
        return out

    if seg.kind != "list_item" and _RECIPIENT_LIST.match(unit.text):
        # "Recipients: HM Revenue & Customs (tax returns), your bank (payment instructions)": each item a
        # recipient, its brackets the data (round 6)
        body = _RECIPIENT_LIST.match(unit.text).group(1)
        for item in _split_items(body):
            m = re.match(r"\s*(?:and\s+|or\s+)?([^()]+?)\s*(?:\(([^()]*)\))?\s*\.?$", item)
            if not m:
                continue
            name, inner = m.group(1).strip(), m.group(2) or ""
            ntoks = tokenize_text(name)
            bare = tokenize_text(re.sub(r"^(?:the|our|your|a|an)\s+", "", name, flags=re.I))
            hit = lex.parties.match_at(bare, 0) if bare else None
            dm = [Match(d.value, d.i, d.j, d.text) for d in lex.data.find(tokenize_text(inner))]
            if not ntoks or not dm or lex.data.find(ntoks):
                continue
            if hit and hit[0] == len(bare) and hit[1] != "first_party":
                party = hit[1]
            elif len(ntoks) <= 6 and (name[:1].isupper() or ntoks[0].word in ("your", "the", "our")):
                party = "name:" + re.sub(r"^(?:the|our)\s+", "", name)
            else:
                continue
            emit(party, "share", dm, False, "; ".join(conditions), None)
        return out
    if not actions and question and seg.kind != "list_item":
        # a verbless answer ("Yes, with Mailchimp." / "No, never."): verb and data come from the question
        answer = [t.word for t in toks[:1]]
        negated = question["negated"] != (answer == ["no"])
        own_parties = [p for p in parties if p.value != "first_party"]
        dm = data or question["data"]
        if (question["direction"] in ("disclose", "store") or question["asks_who"]) and own_parties and dm:
            for p in own_parties:
                emit(p, question["action"], dm, negated, "; ".join(conditions), purposes[0] if purposes else None)
        elif answer == ["no"] and question["direction"] == "disclose" and dm:
            for p in question["parties"] or ["third_parties"]:
                emit(p, question["action"], dm, True, "", None)
        elif question["direction"] == "collect" and data and answer != ["no"]:
            emit(question["party"], question["action"], data, negated, "; ".join(conditions), purposes[0] if purposes else None)
        return out

    if seg.kind == "list_item" and question and question["asks_who"] and question["data"] and not unit.lead \
            and not data and toks and toks[0].word not in ("our", "we", "us", "i", "me"):
        # "Who else sees my data?" - "- Parking enforcement officers, who ...": each item names one
        first = [p for p in parties if p.i == 0 and p.value != "first_party"]
        m = re.match(r"^([A-Za-z][\w&'’-]*(?:\s+[A-Za-z&][\w&'’-]*){0,4})\s*(?:,|\(|:|\.|;|$|\s+(?:who|which|that)\b)",
                     unit.text.strip())
        if not first and m and not any(lex.data.match_at(tokenize_text(m.group(1)), x) or lex.actions.match_at(
                tokenize_text(m.group(1)), x) for x in range(len(tokenize_text(m.group(1))))):
            first = ["name:" + m.group(1)]
        if first and not (_label_of_item(unit) and all(d.value == "user" for d in question["data"])):
            # (round 7: "- **Insurers.** If there is a claim we send ...": a label, what follows says what goes)
            emit(first[0], question["action"] or "receive", question["data"], question["negated"], "", None)

    if seg.kind == "paragraph" and seg.heading and not seg.heading.rstrip().endswith("?") \
            and _data_list_sentence(toks, data, actions):
        # "Your name, address and email; photos of your roof that you upload.": a list of data whose only verbs
        # sit in relative or conditional clauses, in running text (often after a bold label, "When you ask for a
        # quote.") under a heading that says what is collected: the organisation collects it (round 9)
        key = "#c" + seg.heading
        if key not in ctx.lead_result:
            ctx.lead_result[key] = _intro_info(seg.heading, lex, question=False)
        info = ctx.lead_result[key]
        if info and info["direction"] in ("collect", "store") and getattr(info["party"], "value", info["party"]) == "first_party" \
                and not info["negated"]:
            emit("first_party", info["action"], _drop_broad(data, toks), False,  # (", if you give it, your email")
                 "; ".join(conditions), None)
    label = _item_label(unit, lex, lead_info) if seg.kind == "list_item" else None
    if label is not None and not actions:
        # "- **Your tutor.** Most of our tutors are freelancers. They see ...": the label names the recipient; a
        # sentence of the item without a verb describes it and states no flow (round 9) - unless it is data
        if data and not any(p.value != "first_party" for p in parties) and lead_info and lead_info["direction"] == "disclose":
            emit(label, lead_info["action"], _drop_broad(data, toks), lead_info["negated"], lead_info["condition"], None)
        return out
    if not actions:
        # a verbless list item: the verb, party and data come from the sentence introducing it
        opening = [p for p in parties if p.i == 0 and p.value in lex.party_class]
        if opening:  # "Greenhouse is our applicant tracking system. It stores ...": "it" is Greenhouse
            ctx.last_agent[seg.index] = opening[0]
        elif not named_here and toks and toks[0].word not in _NAME_STOP | _DETERMINERS:
            # "Mapbox draws our maps. It receives ...": an unknown name opening a sentence as its subject
            m = re.match(r"\s*([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+(?:[a-z]+s|is|provides)\b", unit.text)
            if m and not lex.data_subject(m.group(1)) and not lex.parties.find(tokenize_text(m.group(1))) \
                    and not lex.data.find(tokenize_text(m.group(1))) \
                    and not set(t.word for t in tokenize_text(m.group(1))) & (_NOT_NAME_WORDS | _FIRST_PERSON):
                ctx.mentioned[seg.index] = [Match("name:" + m.group(1), 0, 0, m.group(1))]
        if seg.kind != "list_item":
            colon = next((k for k, t in enumerate(toks) if t.word == ":"), None)
            after = [d for d in data if colon is not None and d.i > colon]
            if after and seg.heading and not seg.heading.rstrip().endswith("?") and colon <= 6 \
                    and not any(p.value != "first_party" for p in parties):
                # "What we hold" - "For each child: name, date of birth, ...": a verbless list in running text
                # under a heading that says what is collected or kept (round 6)
                key = "#c" + seg.heading
                if key not in ctx.lead_result:
                    ctx.lead_result[key] = _intro_info(seg.heading, lex, question=False)
                info = ctx.lead_result[key]
                if info and info["direction"] in ("collect", "store") and info["party"] == "first_party" and not info["negated"]:
                    emit("first_party", info["action"], _drop_broad(after, toks), False, "; ".join(conditions), None)
            return out
        purpose = purposes[0] if purposes else (lead_info["purpose"] if lead_info else None)
        own_parties = _appositions([p for p in parties if p.value != "first_party"], toks, lex) \
            or _capitalised_party(unit.text, toks, lex)
        if not own_parties and lead_info and lead_info["direction"] == "disclose" and lead_info.get("lists_recipients"):
            # "We share your information with:" - "- debt collectors, if you do not pay;": the item's noun phrase
            own_parties = _leading_noun_phrase(unit.text, toks, lex)
        own_parties += _parenthesised_names(unit.text, toks, own_parties, lex)
        if lead_info and own_parties and not data and _label_of_item(unit) \
                and all(d.value == "user" for d in lead_info["data"] or [Match("user", 0, 0, "")]):
            return out  # "Insurers. When you claim ..., we send them ...": a label; what follows says what goes
        if lead_info and lead_info["direction"] in ("disclose", "store") and own_parties:
            dm = data if data and lead_info["direction"] == "disclose" and (not lead_info["data"] or lead_info.get("broad")) \
                else (lead_info["data"] or data)
            for p in own_parties:
                emit(p, lead_info["action"], dm, lead_info["negated"], lead_info["condition"], purpose)
        elif lead_info and lead_info.get("engages") and own_parties and data:
            for p in own_parties:
                emit(p, "use", data, lead_info["negated"], lead_info["condition"], purpose)
        elif lead_info and lead_info["direction"] == "collect" and data:
            emit(lead_info["party"], lead_info["action"], data, lead_info["negated"], lead_info["condition"], purpose)
            through_vendor(own_parties, data, lead_info["negated"], lead_info["condition"], purpose)
        elif lead_info and lead_info["direction"] == "disclose" and lead_info.get("recipients") and data \
                and not _capitalised_party(unit.text, toks, lex):
            # "we pass your insurer the following:" - "your name;": the item is data for the lead's recipients
            for p in lead_info["recipients"]:
                emit(p, lead_info["action"], data, lead_info["negated"], lead_info["condition"], purpose)
        elif data and not (lead_info and lead_info["direction"] == "disclose"):
            emit("first_party", "collect", data, False, "; ".join(conditions), purpose)
            through_vendor(own_parties, data, False, "; ".join(conditions), purpose)
        return out

    opening = re.match(r"\s*([A-Z][\w&'’.-]*(?:\s+(?:[A-Z0-9][\w&'’.-]*|of|and|&|de|for)){0,5}),\s+(?:which|who)\b", unit.text) \
        if seg.kind == "list_item" and seg.text.lstrip().startswith(unit.text.strip()[:20]) else None
    if opening and lead_info and lead_info["direction"] == "disclose" and not lead_info["negated"] \
            and not re.search(r"(?i)\b(?:not|never|no)\b|n't\b", unit.text):
        # "... to Processors, namely:" - "Tallow Ltd, which transmits passcodes to your telephone number;": the item's
        # opening name receives what the item names, or what the lead names when the item names nothing (round 10)
        otoks = tokenize_text(opening.group(1))
        known = [p.value for p in lex.parties.find(otoks) if p.value != "first_party"]
        who = known if len(known) == 1 else ([] if known else _capitalised_party(opening.group(1), otoks, lex))
        if len(who) == 1:
            dm = [d for d in data if toks[d.i].start >= opening.end()] or lead_info["data"] or [Match("user", 0, 0, "")]
            emit(who[0], lead_info["action"], _drop_broad(dm, toks), False, lead_info["condition"], None)
            return out
    groups = [g for g in _groups(actions, toks) if not _conditional_insertion(toks, g)]
    if not groups:
        return out
    if not named_here and toks and toks[0].word not in _NAME_STOP:
        # "Mapbox shows the map. It receives your approximate location": a name the lexicon does not know,
        # opening the sentence as its subject, is what "it" next points back to (round 6)
        opener = _opening_name(unit.text, toks, groups[0], lex)
        if opener and not lex.data_subject(opener[5:]):
            ctx.mentioned[seg.index] = [Match(opener, 0, 0, opener[5:])]

    def by_marker(g: _Group) -> bool:
        # "is processed by X", "is hosted under contract by X", "is stored for us by X"
        span = 6 if g.end < len(toks) and toks[g.end].word == "to" else 3  # "provided to the Carrier by" (round 6)
        for t in toks[g.end:g.end + span]:
            if t.word == "by":
                return True
            if t.word in _BREAK or t.word in (",", "."):
                return False
        return False

    prev_agent = None
    prev_dm: list[Match] = []
    item_opener = None

    def subject_words_of(g: _Group, lo: int) -> set[str]:
        return {t.word for t in toks[max(lo, g.start - 3):g.start]}
    if seg.kind == "list_item":
        first = [p for p in parties if p.i == 0 and (p.value in lex.party_class or p.value.startswith("name:"))]
        named = _capitalised_party(unit.text, toks, lex) if not first and toks and toks[0].word not in _NAME_STOP else []
        if first:
            item_opener = first[0]
        elif named and len(toks) > 1:
            n = len(tokenize_text(named[0][5:]))
            plural_list = n == 1 and toks[0].word.endswith("s") and n + 1 < len(toks) and toks[n].word == "," \
                and toks[n + 1].word.endswith("s") and toks[n + 1].word not in _DETERMINERS | _QUANTIFIERS
            if plural_list:
                pass  # "Confirmations, receipts and invoices are emailed ...": plural nouns listed, not a name (round 5)
            elif n < len(toks) and (toks[n].word in ("–", "—", "-", ":", "(", ",") or (
                    toks[n].word == "." and toks[n - 1].word in _LEGAL_FORMS and n + 1 < len(toks)
                    and toks[n + 1].word in ("–", "—", "-", ":", "(", ","))):  # "Chargify Inc. – billing" (round 6)
                item_opener = Match(named[0], 0, n, named[0][5:])
        elif lead_info and lead_info["direction"] == "disclose" and lead_info.get("lists_recipients"):
            np_ = _leading_noun_phrase(unit.text, toks, lex)
            if np_:
                item_opener = Match(np_[0], 0, 1, np_[0][5:])  # "your landlord, ..., who receives your name"
        if item_opener is None and label is not None and (
                seg.index not in ctx.last_agent or ctx.last_agent[seg.index].value == "first_party"):
            ctx.last_agent[seg.index] = label  # "- **Your tutor.** ... They see your name": the label's recipient (round 9)
    elif seg.kind == "paragraph" and toks and toks[0].word not in _NAME_STOP:
        # a paragraph opening "Cardloop — processes card payments ...", "Printworks Ltd: prints ...": the name
        # before the dash or colon is what the paragraph speaks of, as in a list item (round 6)
        first = [p for p in parties if p.i == 0 and (p.value in lex.party_class or p.value.startswith("name:"))]
        n = first[0].j if first else (len(tokenize_text(_capitalised_party(unit.text, toks, lex)[0][5:]))
                                       if _capitalised_party(unit.text, toks, lex) else 0)
        if n and n < len(toks) and toks[n].word in ("–", "—", ":") and not lex.data.find(toks[:n]):
            item_opener = first[0] if first else Match(_capitalised_party(unit.text, toks, lex)[0], 0, n,
                                                       _capitalised_party(unit.text, toks, lex)[0][5:])
    for gi, g in enumerate(groups):
        lo = groups[gi - 1].end if gi else 0
        hi = groups[gi + 1].start if gi + 1 < len(groups) else len(toks)
        # a clause break (;) bounds the subject and object
        for k in range(g.start - 1, lo - 1, -1):
            if toks[k].word in _BREAK or (toks[k].word in ("and", "but") and k > lo and toks[k - 1].word == ","
                                          and k + 1 < g.start and (toks[k + 1].word in _NEW_SUBJECTS
                                                                   or gi and toks[k + 1].word in _CLAUSE_OPENERS
                                                                   and _subject_clause(toks, k + 1, g.start)
                                                                   # ", and sponsors never receive ...": a bare
                                                                   # plural subject of its own (round 10)
                                                                   or gi and re.fullmatch(r"[a-z]+[^s]s", toks[k + 1].word)
                                                                   and not any(d.i == k + 1 for d in data)
                                                                   and all(t.word in _AUX | {"never", "not", "no", "also", "only"}
                                                                           for t in toks[k + 2:g.start]))):
                # (", and nobody can use them": a new clause with a subject of its own, round 6; ", and your
                # reading history is never shared": a noun phrase opening a clause with its own verb, round 7)
                lo = k + 1
                break
        for k in range(g.end, hi):
            if toks[k].word == ";" and _enumerator_after(toks, k + 1):
                continue  # "(a) to our advisers; (b) to any court; and (c) to a buyer": one list of recipients
            if toks[k].word in _BREAK or (toks[k].word == "," and k + 2 < hi and toks[k + 1].word in ("and", "but")
                                           and (toks[k + 2].word in ("we", "i", "you", "they")
                                                or toks[k + 2].word in _CLAUSE_OPENERS and gi + 1 < len(groups)
                                                and _subject_clause(toks, k + 2, groups[gi + 1].start))):
                hi = k  # "we do not sell member data, and we do not let advertisers ...": a new clause
                break
        if gi + 1 < len(groups) and hi == groups[gi + 1].start and hi >= 1 and toks[hi - 1].word in ("who", "that") \
                and lex.directions[g.verbs[0].value] == "disclose" and not any(g.end <= p.i < hi for p in parties if p.value != "first_party"):
            # "we report creators who receive payouts to the tax office": the relative clause sits inside the object;
            # the recipient after it is this verb's (round 9)
            k_to = next((k for k in range(groups[gi + 1].end, groups[gi + 2].start if gi + 2 < len(groups) else len(toks))
                         if toks[k].word == "to" and any(p.i == k + 1 or p.i == k + 2 for p in parties if p.value != "first_party")), None)
            if k_to is not None:
                hi = next((k for k in range(k_to, len(toks)) if toks[k].word in _BREAK | {"."}), len(toks))
        slo = lo
        if toks and toks[0].word in _LEADING_SUBORDINATORS:
            # "If you use our Meals Service, our drivers receive your name": the leading clause ends at its
            # comma; a party it names is not the subject of the main clause (round 8)
            c = next((k for k in range(max(lo, 1), g.start) if toks[k].word == ","), None)
            if c is not None and c + 1 < g.start and toks[c + 1].word not in _AUX:
                slo = c + 1
        subj_parties = [p for p in parties if slo <= p.i < g.start and not _after_place_preposition(unit.text, toks, p, lo)
                        and not _role_predicate(toks, p) and not _on_behalf_of(toks, p)]
        # "AWS hosts our servers and stores all account data": a clause opened by "and" keeps the subject
        if not subj_parties and gi and prev_agent is not None and any(t.word in ("and", "but") for t in toks[max(lo, g.start - 2):g.start]) \
                and not any(t.word in ("we", "you", ";", "nobody", "anyone", "anybody", "none", "everyone")
                            or t.word == "no" and k + 1 < g.start and toks[k + 1].word == "one"
                            for k, t in enumerate(toks[lo:g.start], lo)):
            subj_parties = [prev_agent]  # (but "..., and nobody can use them": a subject of its own, round 6)
        # "Stripe processes payments; it receives your card number": a pronoun subject is the party before
        pron = [k for k in range(lo, g.start) if toks[k].word in ("it", "they")]
        pb = g.start - 1
        while pb > lo and toks[pb].word in _BE_ADVERBS | _AUX - _BE:
            pb -= 1
        pron_data = bool(pron) and not subj_parties and pb > lo and toks[pb].word in _BE and pb - 1 == pron[-1] \
            and toks[g.start].word not in _GIVEN and not any(d.i >= g.end for d in data if d.i < hi)
        if pron_data:
            # "Card details go to Stripe; they are never stored on our systems": the pronoun subject of a
            # passive with no data of its own is the data named before, not a party (round 6)
            pron = []
        if not subj_parties and pron and all(toks[k].word in _AUX or toks[k].word == "no" for k in range(pron[-1] + 1, g.start)):
            same = None
            if pron[-1] > 0 and prev_agent is None:
                # "Payments go through GoCardless, and it gets your bank details": the one party named earlier in
                # the same sentence comes before any party of the sentences before (round 7)
                earlier = [p for p in parties if p.j <= pron[-1] and p.value != "first_party"
                           and p.value not in lex.vague_classes]
                if len({p.value for p in earlier}) == 1:
                    same = earlier[-1]
                elif not earlier:
                    # an unknown name after "through"/"with"/"to"/"by" ("go through GoCardless"), not any capital
                    # ("when you buy a Christmas card, it ...")
                    names = [(i, j) for i, j in _proper_names(unit.text, toks) if 0 < i and j <= pron[-1]
                             and toks[i - 1].word in ("through", "via", "with", "to", "by", "using", "from")
                             and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS
                             and not any(d.i < j and i < d.j for d in data)]
                    if names:
                        nm = unit.text[toks[names[-1][0]].start:toks[names[-1][1] - 1].end]
                        if not lex.data_subject(nm) and not _not_a_party(nm):
                            same = Match("name:" + nm, 0, 0, nm)
            before = same or (prev_agent if prev_agent is not None else ctx.last_agent.get(seg.index))
            if before is None and gi and pron[-1] == lo:
                # "OneSignal sends reminders; it receives a device token": the name opening the sentence
                before = _opening_name(unit.text, toks, groups[0], lex)
            opens = pron[-1] == lo or (toks[lo].word in _CONDITION_OPENERS | {"after", "before"} and lo == 0
                                       and not any(t.word in ("it", "they", ";") for t in toks[lo:pron[-1]]))
            if (before is None or getattr(before, "value", "") == "first_party") and opens \
                    and len({p.value for p in mentioned_before}) == 1 and not (
                        mentioned_before[-1].value in lex.vague_classes
                        and any(t.word == "only" for t in toks[pron[-1]:g.start])):
                # (round 5: "They may only use it for ..." after a vague class restricts, it names no recipient)
                # "..., so the site runs Matomo. It sets a cookie": the one vendor the sentence before named
                before = mentioned_before[-1]
            if (before is None or getattr(before, "value", "") == "first_party") and item_opener is not None \
                    and item_opener.value != "first_party":
                before = item_opener  # "Printworks Ltd: prints your card, so it receives ..." (round 6)
            if before is None or getattr(before, "value", "") == "first_party":
                # "We engage Paperclip Ltd to print your statements, so it receives ...": the one other party
                # named earlier in the same sentence (round 6)
                earlier = [p for p in parties if p.j <= pron[-1] and p.value != "first_party"]
                if earlier and len({p.value for p in earlier}) == 1:
                    before = earlier[-1]
            if before is not None and getattr(before, "value", "") != "first_party":
                subj_parties = [before]
            elif lex.directions[g.verbs[0].value] == "collect" and (toks[pron[-1]].word == "they" or mentioned_before):
                continue  # "They may only use your data", "It never gets ...": who is not known here, not us
        if subj_parties and item_opener is not None and item_opener.value.startswith("name:") \
                and all(p.value in lex.class_cues for p in subj_parties) and subj_parties[0].i > item_opener.j \
                and all(t.word in (",", "our", "the", "a", "an", "their", "its") for t in toks[item_opener.j:subj_parties[0].i]):
            subj_parties = [item_opener]  # "- Pubwise, our ad exchange - reads ...": the class only glosses the name (round 6)
        if not subj_parties and item_opener is not None and not any(
                t.word in ("we", "i", "you", "it", "they") for t in toks[max(lo, g.start - 3):g.start]):
            # "- Sentry – error monitoring; receives stack traces": the vendor the item opens with
            subj_parties = [item_opener]
        obj_parties = [p for p in parties if g.end <= p.i < hi and not _condition_subject(toks, p, g.end)]
        obj_data = [d for d in data if g.end <= d.i < hi]
        rel = next((k for k in range(g.end + 1, hi) if toks[k].word in ("which", "who", "whose")
                    and toks[k - 1].word == ","), None)
        if rel is not None and lex.directions.get(g.verbs[0].value) == "disclose" \
                and (any(d.i < rel for d in obj_data) or any(lo <= d.i < g.start for d in data)):
            # "..., which will return X": X is not what we give (nor, when the data is the subject of a
            # passive, "X is submitted to Y, which returns Z": round 6)
            obj_data = [d for d in obj_data if d.i < rel]
        subj_data = [d for d in data if lo <= d.i < g.start]
        if all(d.value == "user" for d in obj_data) and hi < len(toks) and toks[hi].word == ":" and gi + 1 == len(groups):
            # "Personal data we process: name, postal address." - the words after the colon specify the data
            spec = [d for d in data if hi < d.i]  # no verb follows: the rest of the sentence is the list
            if spec:
                subj_data = [d for d in subj_data if d.value != "user"]
                obj_data = spec
        dm = obj_data or subj_data
        if dm is obj_data and lo == 0 and toks[0].word in _CONDITION_OPENERS and not any(
                t.word == "," for t in toks[:g.start]) and any(toks[k].word == "," for k in range(g.end, obj_data[0].i)):
            # "When you give by card, your card number goes ...": the data after the comma is the main clause's
            dm = subj_data
        if dm is obj_data and not subj_data and g.start > lo and toks[pb].word in _BE \
                and any(toks[k].word == "," for k in range(g.end, obj_data[0].i)) \
                and toks[g.end].word not in ("to", "with", "by", ":"):
            # "if the business is sold or transferred, your data may pass to the buyer": what is sold is the
            # subject, and the data after the comma belongs to the next clause (round 6)
            dm = []
        if not dm and pron_data:
            dm = prev_dm or ctx.last_data.get(section, [])
        if not dm and any(g.end <= a.i < hi or lo <= a.i < g.start for a in anaph):
            dm = ctx.last_data.get(section, [])
            own = [d for d in data if d.i < g.start]
            dm = own or dm
        if not dm and lead_info:
            dm = lead_info["data"]
        if not dm and question:
            dm = question["data"]  # "Who gets my billing address? Our payment provider Mollie receives it."
        if not dm and prev_dm and gi and (by_marker(g) or (
                any(t.word in ("and", "but") for t in toks[max(lo, g.start - 3):g.start])
                and not any(t.word in ("we", "you", "it", "they") for t in toks[lo:g.start]))):
            # "is retained ... and may be made available to tax authorities", "stored in a database hosted
            # by DigitalOcean": the data of the clause before carries over
            dm = prev_dm
        if subj_parties:
            prev_agent = subj_parties[-1]
            ctx.last_agent[seg.index] = prev_agent
        denied = False
        if not dm and g.end < hi and toks[g.end].word == "nothing":
            # "Your employer gets nothing from us": no data at all
            dm, denied = [Match("user", g.end, g.end + 1, unit.text[toks[g.end].start:toks[g.end].end])], True
        elif obj_data and dm is obj_data and any(t.word in ("no", "none") for t in toks[g.end:obj_data[0].i]) \
                and obj_data[0].i - g.end <= 3:
            denied = True  # "advertisers receive no personal data"
        flip[0] = next((k for k in range(g.end, hi - 1) if toks[k].word in ("but", "and", ",", "–", "—", "-")
                        and toks[k + 1].word in ("not", "never", "no")  # "... and never the full card number" (round 6)
                        and (toks[k].word == "but" or any(d.i > k + 1 for d in data))), None)  # ("a code – not your name")
        if lex.directions[g.verbs[0].value] == "disclose" and not _negated(toks, g, lo, lex) and (
                not dm or (subj_data and not subj_parties)):
            # what was sent, for the next sentence to say what it holds; a thing sent as a subject ("a crash
            # report goes to Sentry") may be called "it" there (round 6)
            start = g.end - 1 if toks[g.end - 1].word in ("to", "with") else g.end
            sent_to = [p for p in obj_parties if p.value != "first_party" and (
                _marker_before(toks, p, lex, words=("to", "with")) or p.i == g.end and start < g.end)] \
                + _unknown_recipients(unit.text, toks, start, hi, parties, lex)
            first_to = min([p.i for p in obj_parties if isinstance(p, Match)] + [hi])
            if sent_to:
                # ("we report creators to the tax office. The report includes ...": the verb's own noun, round 9)
                ctx.sent_items[seg.index] = (({t.word for t in toks[g.end:first_to] if t.word.isalpha()}
                                              | ({toks[g.verbs[0].i].word} & {"report", "return", "file", "notify", "notification"}))
                                             - _DETERMINERS - {"your", "we", "us"}, sent_to, bool(dm))
        if not [d for d in dm if d.value != _UNKNOWN_RECORDS] and not [d for d in data if d.value != _UNKNOWN_RECORDS] \
                and not anaph and not (subject_words_of(g, lo) & _USER_SUBJECT) \
                and not {t.word for t in toks[lo:g.start]} & {"website", "site", "websites", "blog", "page", "pages"} \
                and (lex.directions[g.verbs[0].value] == "store" or toks[g.verbs[0].i].word in _CHECK_VERBS):
            host = []
            for p in parties:
                if g.end <= p.i < hi and p.value != "first_party" and p.value not in lex.vague_classes and p.i and (
                        toks[p.i - 1].word in ("on", "by", "with", "through", "via", "at")
                        or p.i >= 2 and toks[p.i - 1].word in ("the", "our") and toks[p.i - 2].word in ("in", "on")
                        and any(t.word in _SYSTEM_NOUNS for t in toks[p.j:p.j + 3])  # "held in the Casewise system"
                        or host and toks[p.i - 1].word in ("and", "or", ",") and host[-1].j >= p.i - 2):
                    host.append(p)  # ("with Experian and Equifax": each)
            # "Our booking app is hosted on Amazon Web Services", "they run a credit check with Experian": a
            # recipient named with no data gets the person's data in general (GUIDELINES.md; round 9); a public
            # website's host is not said to hold any (round 7's "Our website is hosted by Netlify")
            host = [p for p in host if not (p.value.startswith("name:") and _is_publisher(p.value[5:], lex))]
            for p in host:  # (not "hosted on Library servers": the publisher's own)
                emit(p, "retain" if lex.directions[g.verbs[0].value] == "store" else "use", [Match("user", g.end, g.end, "")],
                     _negated(toks, g, lo, lex), "; ".join(conditions), None)
        if not dm:
            continue
        earlier_dm, prev_dm = prev_dm, dm
        if _rights_request(toks, g, lo):
            continue  # "you may ask for a copy of your data", "requests to see your child's information"
        if rights_at is not None and g.start >= rights_at and not any(t.word == ";" for t in toks[rights_at:g.start]):
            continue  # "you may ask ... for it to be transferred to another provider": what the person may ask for
        if unit.text.rstrip().endswith(":") and all(d.value == "user" for d in dm):
            continue  # "we pass X the information it needs:" - the list that follows names the data
        dm = _drop_broad(dm, toks)
        negated = _negated(toks, g, lo, lex) or denied
        exc = [e for e in lex.exceptions.find(toks) if e.i >= g.end]
        cond = "; ".join(dict.fromkeys(conditions))
        purpose = purposes[0] if purposes else (lead_info["purpose"] if lead_info else None)
        # (a "you" inside a data phrase - "what you read" - is not the subject: round 6)
        # ("When we book a test for you, we pass ...": the leading clause's words are not the subject, round 9)
        subject_words = {t.word for k, t in enumerate(toks[max(slo, g.start - 3):g.start], max(slo, g.start - 3))
                         if not any(d.i <= k < d.j for d in data)}
        # "your" makes the person the subject only as "your browser sends", not in "... your device and tells us"
        your_subject = "your" in subject_words and not any(
            t.word in ("and", ",", "or") for t in toks[max(slo, g.start - 3):g.start]) \
            and not any(max(slo, g.start - 3) <= d.i < g.start for d in data)  # "your card details go to": data, not you
        # (the window starts after a leading clause: "If you subscribe, your inverter sends ...", round 9)
        be_at = g.start - 1
        while be_at > lo and toks[be_at].word in _BE_ADVERBS:
            be_at -= 1  # "is not given", "are never stored", "is only shown" (round 6)
        passive = g.start > 0 and be_at >= 0 and toks[be_at].word in _BE
        for verb in g.verbs:
            action = verb.value
            direction = lex.directions[action]
            user_gives = bool(subject_words & (_USER_SUBJECT - {"your"}) or (your_subject and not passive)
                              or (not passive and not subj_parties and _subject_is_a_data_subject(toks, g, lo, lex))) \
                and direction == "disclose" and toks[pb].word not in ("we", "i")  # ("With your consent we share": round 9)
            after = [t.word for t in toks[g.end:g.end + 1]]
            if direction == "disclose" and after == ["to"] and not user_gives:
                # "infrastructure provided to the Carrier by Amazon Web Services": the provider is after "by" (round 6)
                k_by = next((k for k in range(g.end + 1, min(hi, g.end + 6)) if toks[k].word == "by"), None)
                if k_by is not None and all(any(p.i <= k < p.j and p.value == "first_party" for p in parties)
                                            or toks[k].word in _DETERMINERS | {"us"} for k in range(g.end + 1, k_by)):
                    after = ["by"]
                    obj_parties = [p for p in obj_parties if p.i > k_by]
                    g = _Group(g.verbs, g.start, k_by)
            if direction == "disclose" and after in (["straight"], ["directly"]):
                after = [t.word for t in toks[g.end + 1:g.end + 2]]  # "goes straight to Adyen" (round 9)
            if after == ["from"] and any(toks[k].word == "to" and any(p.i in (k + 1, k + 2) for p in obj_parties)
                                         for k in range(g.end + 1, min(hi, g.end + 6))):
                after = ["to"]  # "goes from the app to Adyen": where it goes, not who gives it (round 9)
            if direction == "disclose" and after and after[0] in ("by", "from") and not user_gives:
                # "provided by our customers": the data comes from them, to us; but "servers provided by
                # Hetzner" are the vendor's, which hosts what is stored on them
                source = next((p for p in obj_parties if p.i in (g.end + 1, g.end + 2)), None)
                vendor_source = source is not None and (source.value in lex.party_class or source.value.startswith("name:"))
                if source is not None and source.value == "first_party":
                    pass  # "may be disclosed by the Association to ...": the organisation discloses
                elif vendor_source and not subj_data:
                    if gi and lex.directions[groups[gi - 1].verbs[0].value] == "store":
                        emit(source, "retain", dm, negated, cond, purpose)
                    continue
                else:
                    user_gives = True
            if user_gives and g.end < len(toks) and (toks[g.end].word in ("them", "him", "her")
                                                     or any(p.i == g.end and p.value != "first_party" for p in obj_parties)):
                continue  # "notes you give them", "you give your trainer": to someone else, not to us
            if user_gives:
                emit("first_party", "collect" if action in ("share", "transfer") else "receive", dm, negated, cond, purpose)
                continue
            each = _each_of_which(toks, g) if direction in ("collect", "store") else None
            if each is not None and not by_marker(g):
                # "Braintree and PayPal, each of which receives your card details", "Acme and Boxly, both of which
                # store ...": every party named before (round 9)
                named = {p.value: p for p in parties if p.j <= each and lo <= p.i and p.value != "first_party"
                         and p.value not in lex.vague_classes and not (p.i and toks[p.i - 1].word == "of")}
                if not named:
                    named = {p.value: p for p in parties if p.j <= each and p.value != "first_party"
                             and p.value not in lex.vague_classes and not (p.i and toks[p.i - 1].word == "of")}
                if named:
                    for p in named.values():
                        emit(p, action, dm, negated, cond, purpose)
                    continue
            if toks[verb.i].word[:4] in ("show", "disp") and not any(0 <= d.i - g.end <= 3 for d in dm):
                continue  # "we never show adverts, and anything involving ...": what is shown is not the data
            if toks[verb.i].word in ("go", "goes", "went") and {t.word for t in toks[:g.start]} & _REQUEST_WORDS:
                continue  # "requests to see your data should go to the school": where to ask, nothing disclosed
            if passive and toks[verb.i].word in ("linked", "tied", "connected", "associated", "attached") \
                    and any(t.word in ("to", "with") for t in toks[g.end:g.end + 2]):
                continue  # "the readings are linked only to a serial number": what goes with what, no use (round 9)
            if toks[verb.i].word in ("add", "adds", "added", "adding"):
                continue  # "the clinician adds notes to your record": put into a record, nothing disclosed (round 5)
            if direction == "collect" and not by_marker(g) and _user_acts(toks, g, lo):
                continue  # "when you register", "you can view your data": the person acts, not a party
            if direction == "collect" and not subj_parties and _nobody_subject(toks, g, lo):
                emit("third_parties", action, dm, True, cond, purpose)  # "Nobody else gets your address"
                continue
            org_subject = action == "receive" and not subj_parties and _org_subject(toks, g, lo)
            if action == "receive" and not subj_parties and not by_marker(g) and _other_subject(unit.text, toks, g, lo) \
                    and not (toks[verb.i].word[:4] in ("rece", "get", "gets", "got") and _passive_subject(unit.text, toks, g, lo, data)) \
                    and not org_subject:
                k_our = next((x for x in range(max(lo, g.start - 4), g.start) if toks[x].word == "our"), None)
                if k_our is not None and (k_our == lo or toks[k_our - 1].word in (",", ";", ":", "and", "but")) \
                        and all(toks[x].word.isalpha() for x in range(k_our, g.start)):
                    # "our treasurer sees your name": the organisation's own people are the first party (GUIDELINES.md;
                    # round 10)
                    emit("first_party", "collect", dm, negated, cond, purpose)
                continue  # "Your coach and the secretary see your details": people, not the organisation
            if direction == "collect" and passive and not by_marker(g) and earlier_dm and subj_data \
                    and all(d in earlier_dm for d in subj_data):
                continue  # "tells us which pages were viewed": the clause says which data, not who collects it
            if direction == "collect":
                by = [p for p in obj_parties if _marker_before(toks, p, lex, words=("by",))
                      # ("if you pay by Direct Debit": how the person pays, not who collects; round 10)
                      and not (p.i >= 2 and toks[p.i - 1].word == "by" and toks[p.i - 2].word in ("pay", "pays", "paying"))]
                if not by and passive:
                    # "your messages are handled in Intercom": a known vendor's tool right after a passive verb
                    # is where the data is used, by that vendor (round 7)
                    by = [p for p in obj_parties if p.value in lex.party_class and p.i == g.end + 1
                          and toks[g.end].word in ("in", "through", "via", "using", "inside")]
                agent = by[0] if by else (subj_parties[-1] if subj_parties else "first_party")
                if agent == "first_party" and not by and lo == 0 and not subj_data:
                    agent = _opening_name(unit.text, toks, g, lex) or agent
                let = next((k for k in range(g.start - 1, lo - 1, -1) if toks[k].word in (
                    "let", "lets", "allow", "allows", "permit", "permits", "authorise", "authorize")), None)
                if not by and let is not None and g.start - let >= 2:
                    # "we let our caterer see your dietary needs": the one let see it is the party (round 6)
                    np_ = [t for t in toks[let + 1:g.start] if t.word not in ("to",) and t.word not in _AUX]
                    known = [p for p in parties if let < p.i < g.start and p.value != "first_party"]
                    if known:
                        agent = known[-1]
                    elif np_ and np_[0].word not in ("you", "us", "them", "me", "him", "her", "it", "yourself") \
                            and len(np_) <= 4 and not any(let < d.i < g.start for d in data):
                        words = [t for t in np_ if t.word not in ("our", "the", "your", "their")]
                        if words:
                            agent = "name:" + unit.text[words[0].start:words[-1].end]
                    elif np_ and np_[0].word in ("you", "yourself"):
                        continue  # "we let you see your data": what the person may do
                rel = None if by else (_relative_antecedent(unit.text, toks, g, lex)
                                       or _relative_common_noun(unit.text, toks, g, parties, lex))
                if rel and (agent == "first_party" or getattr(agent, "value", "") == "first_party"):
                    agent = rel
                if agent == "first_party" and not by and not subj_parties:
                    agent = _name_before_verb(unit.text, toks, g, lo, data, parties) or agent
                if agent == "first_party" and not by and not subj_parties and verb.value == "receive" \
                        and _relative_pronoun_before(toks, g) is not None:
                    # "(g) the examination body, which receives your name": the noun phrase before ", which"
                    # receives; the publisher is never the one a relative clause says receives (round 7)
                    k = _relative_pronoun_before(toks, g)
                    agent = (_passive_subject(unit.text, toks, _Group([], k - 1, k - 1), lo, data, strip_your=True)
                             if k >= 1 and toks[k - 1].word == "," else []) or [None]
                    agent = agent[0]
                    if agent is None:
                        continue
                if agent == "first_party" and not by and not subj_parties and (
                        verb.value == "receive" and (toks[verb.i].word[:4] in ("rece", "get", "gets", "got") or org_subject)
                        # "the sponsor collects your email address" (round 6)
                        or toks[verb.i].word in ("collects", "gathers", "obtains", "collected", "gathered", "obtained")
                        and not passive) and _other_subject(unit.text, toks, g, lo):
                    # "The pharmacy receives your prescription": the noun phrase before "receives" is the recipient
                    agent = (_passive_subject(unit.text, toks, g, lo, data, strip_your=True) or [agent])[0]
                tool = next((p for p in obj_parties if p.i <= g.end + 1 and p.value != "first_party"
                             and (p.value in lex.party_class or p.value.startswith("name:"))), None)
                if tool is not None and getattr(agent, "value", agent) == "first_party" and not by \
                        and toks[verb.i].word in ("use", "uses", "used", "run", "runs", "employ", "employs") \
                        and dm and all(d.i > tool.j for d in dm):
                    # "We use Matomo to see how visitors use our site": the tool collects what follows
                    emit(tool, "collect", dm, negated, cond, purpose)
                    continue
                agents = [agent] if by or not subj_parties or agent is not subj_parties[-1] \
                    else _coordinated(subj_parties, toks, lex.party_class)
                for ag in agents:
                    emit(ag, action, dm, negated, cond, purpose)
                # "we use your email address to send the newsletter through Mailjet": the vendor processes it
                for p in obj_parties:
                    if p.value != "first_party" and p not in agents and p.value not in lex.vague_classes \
                            and _marker_before(toks, p, lex, words=("through", "via", "using", "with")) \
                            and not (p.i >= 2 and toks[p.i - 1].word == "with" and toks[p.i - 2].word in _AGREEMENTS):
                        # ("we have signed a transfer agreement with Acme": a contract, no flow: round 9)
                        emit(p, "use", dm, negated, cond, purpose)
            elif direction == "disclose":
                recips = [p for p in obj_parties if p.value != "first_party" or _directly_after(g, p)]
                passive_given = g.start and passive and toks[g.start].word in _GIVEN \
                    and not (g.end < len(toks) and toks[g.end].word in ("to", "with", "by")) and obj_data
                if passive_given and subj_parties:
                    recips = subj_parties[-1:]  # "Stripe will be given your card number": the subject receives
                elif passive_given and not recips:
                    recips = _passive_subject(unit.text, toks, g, lo, data)  # "the receiving bank will be given ..."
                # "goes to the client who is hiring": a verb ending in "to" carries the marker itself (round 6)
                recips += _unknown_recipients(unit.text, toks, g.end - 1 if toks[g.end - 1].word in ("to", "with") else g.end,
                                              hi, parties, lex)
                recips += _parenthesised_names(unit.text, toks, obj_parties, lex)
                examples = _examples_of_class(unit.text, toks, [p for p in obj_parties if p.i < hi], parties, lex)
                if examples:
                    cls_p = next(p for p in obj_parties if p.value in lex.party_class or p.value in lex.vague_classes)
                    ctx.members[seg.index] = (unit.text, cls_p.value, [getattr(x, "value", x) for x in examples])
                recips += examples
                if recips:
                    recips += [n for n in _bracketed_examples(unit.text, toks, g.end, hi, lex)
                               if n not in recips and not any(getattr(r, "value", r) == n for r in recips)]
                if not recips and _WITHIN_GROUP.search(unit.text[toks[g.end].start if g.end < len(toks) else 0:]):
                    recips = ["affiliates"]  # "we share your information within the Acme group" (round 9)
                if not recips:
                    recips = _relative_recipient(toks, g, lo, parties, unit.text)  # "Twilio, to which we pass your number"
                if not recips:
                    recips = _indirect_object(unit.text, toks, g, hi, data, lex)  # "we give the caterers your name"
                if not recips and (any(toks[k].word in ("to", "with") and k + 1 < hi and toks[k + 1].word in ("it", "them", "him", "her")
                                       for k in range(g.end - 1, hi)) or g.end < hi and toks[g.end].word in ("them", "him", "her")):
                    # "Where you have nominated an education agent, we may disclose to it ...": the party the person
                    # named in the leading clause (round 9)
                    m_nom = _NOMINATED.search(unit.text[:toks[g.start].start])
                    nom = re.split(r"\s+(?:to|who|on|for|as|in|of|and|or|with|at|by)\b", m_nom.group(1))[0] if m_nom else ""
                    if nom and not lex.data.find(tokenize_text(nom)) and not lex.data_subject(nom):
                        hit = lex.parties.match_at(tokenize_text(nom), 0)
                        recips = [hit[1] if hit and hit[0] == len(tokenize_text(nom)) and hit[1] != "first_party" else "name:" + nom]
                if not recips and (any(toks[k].word in ("to", "with") and k + 1 < hi and toks[k + 1].word == "them"
                                       for k in range(g.end, hi)) or (g.end < hi and toks[g.end].word == "them")):
                    # "we do not work with ad networks or pass data to them", "we send them your name":
                    # "them" is the party named before (or the name before the verb)
                    recips = [p for p in parties if p.j <= g.start and p.value != "first_party"][-1:] \
                        or [n for n in (_last_name_before(unit.text, toks, g, data),) if n] \
                        or (mentioned_before[-1:] if len({p.value for p in mentioned_before}) == 1 else []) \
                        or ([agent_before] if agent_before is not None and agent_before.value != "first_party"
                            and any(p.value == agent_before.value for p in mentioned_before) else []) \
                        or ([ctx.term_of[seg.index]] if seg.index in ctx.term_of else [])
                if not recips and seg.index in ctx.term_of and any(
                        toks[k].word in ("to", "with") and k + 1 < hi and toks[k + 1].word == "it" for k in range(g.end - 1, hi)):
                    recips = [ctx.term_of[seg.index]]  # under a term line: "... are sent to it" (round 6)
                if not recips and seg.index in ctx.term_of and not _negated(toks, g, lo, lex) and not user_gives \
                        and not re.search(r"\bto (your|you|us)\b", unit.text) and passive:
                    # "### Law enforcement" - "Your data may be disclosed if the law requires it": disclosed to
                    # the recipient the heading or term line names (round 6)
                    recips = [ctx.term_of[seg.index]]
                if not recips and re.search(r"\bto (your|you)\b", unit.text[toks[g.end].start if g.end < len(toks) else 0:]):
                    if not any(getattr(p, "value", p) != "first_party" for p in subj_parties) \
                            and not _opening_name(unit.text, toks, groups[0], lex):
                        emit("first_party", "use", dm, negated, cond, purpose)  # "we send newsletters to your email address"
                    continue  # "Firebase ... sends notifications to your phone": the vendor's doing, nothing disclosed
                to_us = [p for p in obj_parties if p.value == "first_party" and p.i and toks[p.i - 1].word in ("to", "with")]
                vendor = subj_parties[-1] if subj_parties and (getattr(subj_parties[-1], "value", "") in lex.party_class
                                                               or getattr(subj_parties[-1], "value", "").startswith("name:")) else None
                if vendor is None and not subj_parties and not subject_words & {"we", "i", "you"}:
                    vendor = (lo == 0 and _opening_name(unit.text, toks, g, lex)) or _name_before_verb(unit.text, toks, g, lo, data, parties)
                if vendor is not None and (to_us or any(getattr(p, "value", p) == "first_party" for p in recips)) \
                        and all(getattr(p, "value", p) == "first_party" for p in recips):
                    vid = vendor if isinstance(vendor, str) else getattr(vendor, "value", "")
                    if vid.startswith("name:") and toks[verb.i].word[:4] in _HANDING:
                        # "Resorts may give us your feedback": a source handing data over; we collect it (round 5)
                        emit("first_party", "collect", dm, negated, cond, purpose)
                        continue
                    emit(vendor, "collect", dm, negated, cond, purpose)  # "Matomo reports to us which pages ...": it collected them
                    if toks[verb.i].word[:4] in ("repo", "tell") and not negated:
                        # ... and we are told it: we receive it too (the adjudicated gold of 19-48; round 9b)
                        emit("first_party", "collect", dm, negated, cond, purpose)
                    continue
                if not recips and to_us:
                    emit("first_party", "collect", dm, negated, cond, purpose)  # "is never sent to us"
                    continue
                if not recips and vendor is not None and not passive and toks[verb.i].word[:4] in ("repo", "tell", "reve") \
                        and getattr(vendor, "value", vendor) != "first_party":
                    # "Google Analytics sets its cookies and reports which pages you visited": what a vendor
                    # reports, to no one named, it has collected (round 6)
                    emit(vendor, "collect", dm, negated, cond, purpose)
                    continue
                item_vendor = item_opener
                if item_vendor is None and seg.kind == "list_item":
                    seg_toks = tokenize_text(seg.text)
                    item_vendor = next((p for p in lex.parties.find(seg_toks)
                                        if p.i == 0 and p.value in lex.party_class), None)
                if not recips and not to_us and item_vendor is not None and item_vendor.value != "first_party" \
                        and not user_gives and not negated:
                    # "- **Sentry** catches crashes. When the app breaks, it sends a crash report": a list item
                    # about one vendor; what is sent there without a recipient goes to that vendor
                    emit(item_vendor, "receive", dm, negated, cond, purpose)
                    continue
                k_subj = g.start - 1
                while k_subj >= lo and toks[k_subj].word in _AUX:
                    k_subj -= 1
                if not recips and not to_us and k_subj >= lo and toks[k_subj].word in _PRODUCT_SUBJECTS \
                        and not subj_parties:
                    # "Each sensor also reports its serial number": what our product sends, with no recipient
                    # named, comes to us (round 5)
                    emit("first_party", "collect", dm, negated, cond, purpose)
                    continue
                if not recips and unit.text.rstrip().endswith(":"):
                    continue  # "we share your data with the following recipients:": the list names them
                if not recips and toks[verb.i].word.split()[0][:4] in {w[:4] for w in _DEFAULT_RECIPIENT_VERBS} \
                        and (negated or action == "sell"):
                    # "we never share your data" denies it to anyone; "we may share your data where the law
                    # requires" names no recipient at all (selling is always to someone else)
                    recips = ["third_parties"]
                excepted = _excepted(unit.text, toks, exc, parties, hi) if negated else []
                for p in recips:
                    if getattr(p, "value", p) == "first_party":  # "send us your CV": we collect it
                        emit(p, "collect", dm, negated, cond, purpose)
                    elif not any(getattr(p, "value", p) == getattr(q, "value", q) for q in excepted):
                        emit(p, action, dm, negated or (bool(exc) and False), cond, purpose)
                if negated:
                    # "... with anyone except our bank, Lloyds": the exception does receive it
                    for p in excepted:
                        emit(p, action, dm, False, cond, purpose)
            else:  # store
                recips = [p for p in obj_parties if p.value != "first_party"
                          and (_marker_before(toks, p, lex) or any(t.word in ("in", "on", "into") for t in toks[max(0, p.i - 2):p.i])
                               or p.i >= 3 and toks[p.i - 1].word == "," and toks[p.i - 2].word in _SYSTEM_NOUNS)]
                if recips:
                    for p in recips:
                        emit(p, action, dm, negated, cond, purpose)
                else:
                    by_agent = [p for p in obj_parties if p.i <= g.end + 2 and _marker_before(toks, p, lex, words=("by",))]
                    # "... go to our payment provider and are not stored by us": "by" names who keeps it (round 7)
                    agent = by_agent[0] if by_agent else subj_parties[-1] if subj_parties else (
                        (lo == 0 and not subj_data and _opening_name(unit.text, toks, g, lex))
                        or _relative_antecedent(unit.text, toks, g, lex)  # "Mailchimp, which holds ..." (round 6)
                        or _name_before_verb(unit.text, toks, g, lo, data, parties) or "first_party")
                    emit(agent, action, dm, negated, cond, purpose)
                    if isinstance(agent, str) and agent.startswith("name:") and not subj_parties:
                        # "Cliniko hosts all records ... and cannot read them": the name stays the subject (round 6)
                        prev_agent = Match(agent, g.start, g.start, agent[5:])
    return _drop_redundant_classes(out, lex)


_REQUEST_WORDS = {"request", "requests", "complaint", "complaints", "question", "questions", "enquiry", "enquiries",
                  "inquiry", "inquiries", "query", "queries"}
#: verbs of handing data over (first four letters): "give", "send", "provide", "pass", "supply", "forward", "hand"
_HANDING = {"give", "gave", "send", "sent", "prov", "pass", "supp", "forw", "hand"}
#: a product of the organisation as the subject of "sends"/"reports" ("The thermostat reports ...")
_PRODUCT_SUBJECTS = {"device", "devices", "app", "apps", "thermostat", "thermostats", "sensor", "sensors", "unit", "units",
                     "tracker", "trackers", "meter", "meters", "camera", "cameras", "watch", "doorbell", "plug", "plugs",
                     "valve", "valves", "hub", "speaker", "wearable", "band", "scale", "scales", "kiosk", "terminal",
                     "reader", "readers", "box", "dongle", "charger", "charging", "vehicle", "vehicles"}
#: verbs saying what a document holds ("The return shows your name")
_CONTAINS = {"shows", "show", "contains", "contain", "includes", "include", "lists", "list", "states", "gives", "has",
             "holds", "carries", "will", "also", "always", "only"}
_BE_ADVERBS = {"not", "never", "no", "also", "only", "always", "already", "usually", "normally", "all", "both", "then",
               "automatically", "securely", "directly", "ever"}
#: verbs saying what a thing holds, with "it" as its subject ("It never includes your name")
_CONTAINS_VERBS = {"contains", "contain", "includes", "include", "holds", "hold", "carries", "carry", "lists", "list",
                   "shows", "show"}
_BE = {"be", "is", "are", "was", "were", "been", "being", "get", "gets"}
#: passive participles whose subject is the recipient, not the data ("will be given your name")
_GIVEN = {"given", "sent", "shown", "told", "provided", "passed", "handed", "forwarded", "supplied", "furnished"}


#: what the person owns that "sees" nothing as a recipient ("your browser sees", "your phone can see")
_YOUR_THINGS = {"browser", "device", "phone", "app", "computer", "screen", "account", "profile", "friends", "contacts",
                "followers", "family"}


def _org_subject(toks: list[Token], g: _Group, lo: int) -> bool:
    """"the car park operator sees ...", "the letting agency can view ...": a common noun naming an
    organisation, not a person on our staff, as the subject of a verb of seeing (round 6)."""
    k = g.start - 1
    while k >= lo and (toks[k].word in _AUX or toks[k].word == "no"):
        k -= 1
    if k - 1 >= lo and toks[k - 1].word == "your" and (k - 2 < lo or toks[k - 2].word in (",", ":", ";", "(")) \
            and toks[k].word.isalpha() and toks[k].word not in _YOUR_THINGS:
        return True  # "Your coach sees your details": the one who sees has access (GUIDELINES.md; round 9b)
    s = lo + (1 if k > lo and toks[lo].word in ("and", "but", "the") else 0)
    if s + 1 <= k and toks[s].word == "other" and toks[s + 1].word.endswith("s") and toks[s + 1].word.isalpha() \
            and (s + 1 == k or toks[s + 2].word in _POSTMODIFIER_PREPS and k - s <= 7):
        # "Other parents (in the same group) can see your name": people who are not the reader have access (round 10)
        return True
    return k >= lo and (toks[k].word.rstrip("s") in _TERM_HEADS | {"operator", "organiser", "organizer", "agent", "partner"}
                        or toks[k].word in _TERM_HEADS) and k - 1 >= lo and toks[k - 1].word not in ("our",) \
        and not any(toks[x].word == "our" for x in range(max(lo, k - 3), k))


def _subject_is_a_data_subject(toks: list[Token], g: _Group, lo: int, lex: Lexicon) -> bool:
    """"Guests from abroad fill in a card with ...", "Parents submit ...": the people the notice is about
    as the subject of a verb of giving hand the data to the organisation (round 6)."""
    k = g.start - 1
    while k >= lo and toks[k].word in _AUX | {"usually", "normally", "first", "then"}:
        k -= 1
    head = next((toks[x].word for x in range(lo, k + 1) if toks[x].word in ("from", "who", "with", "in", "of", ",")), None)
    words = [t.word for t in toks[lo:k + 1]]
    if head is not None:
        words = words[:words.index(head)]  # "Guests from outside the UK": the head is "guests"
    return bool(words) and words[0] not in ("we", "i", "our") and lex.data_subject(" ".join(words[-2:])) \
        and words[-1].rstrip("s") not in ("worker", "staff", "employee", "volunteer")  # the organisation's own people


def _indirect_object(text: str, toks: list[Token], g: _Group, hi: int, data: list[Match], lex: Lexicon) -> list[str]:
    """"We give the caterers your dietary needs", "we send the lab your sample number": a short noun phrase
    after "the"/"our" right after the verb and right before the data is who receives it (round 5)."""
    k = g.end
    if k < hi and text[toks[k].start:toks[k].start + 1].isupper() and toks[k].word.isalpha():
        # "we give HMRC details of your pay", "we send Paystream your bank details" (round 6)
        span = next(((i, j) for i, j in _proper_names(text, toks) if i == k), None)
        if span and span[1] < hi and (any(d.i in (span[1], span[1] + 1) for d in data)
                                      or toks[span[1]].word in ("details", "a", "the", "copies", "copy")) \
                and not set(t.word for t in toks[span[0]:span[1]]) & _NOT_NAME_WORDS \
                and not any(d.i < span[1] and span[0] < d.j for d in data):
            return ["name:" + text[toks[span[0]].start:toks[span[1] - 1].end]]
    if k >= hi or toks[k].word not in ("the", "our", "their", "its", "each", "every", "any"):  # ("each referee": round 6)
        return []
    e = k + 1
    while e < hi and e - k <= 3 and toks[e].word.isalpha() and toks[e].word not in _CHUNK_STOP | _NAME_STOP \
            and not any(d.i == e for d in data):
        e += 1
    words = toks[k + 1:e]
    second = []
    if words and e + 1 < hi and toks[e].word in ("or", "and"):
        # "we give the paramedics or hospital staff ...": two receivers (round 10)
        f = e + 1 + (1 if toks[e + 1].word in ("the", "our", "their", "its") else 0)
        e2 = f
        while e2 < hi and e2 - f < 3 and toks[e2].word.isalpha() and toks[e2].word not in _CHUNK_STOP | _NAME_STOP \
                and not any(d.i == e2 for d in data):
            e2 += 1
        if e2 > f and not any(lex.actions.match_at(toks, x) for x in range(f, e2)):
            second, e = toks[f:e2], e2
    if not words or e >= hi or not any(d.i == e or (d.i == e + 1 and toks[e].word in ("your", "their", "his", "her"))
                                       for d in data) \
            or any(d.i <= x < d.j for d in data for x in range(k + 1, e)) or words[-1].word in _NOT_RECIPIENT \
            or lex.data_subject(" ".join(t.word for t in words)) or _contact_point(words) \
            or any(lex.actions.match_at(toks, x) or lex.purposes.match_at(toks, x) for x in range(k + 1, e)):
        return []
    if len(words) >= 2 and words[-1].word in ("of", "about", "regarding"):
        words = words[:-1]  # "we notify the water company of your new address" (round 8)
    return ["name:" + text[words[0].start:words[-1].end]] + (["name:" + text[second[0].start:second[-1].end]] if second else [])


def _instead_of(toks: list[Token], d: Match) -> bool:
    """"a random ID instead of your name", "your initials rather than your full name": the data after
    "instead of"/"rather than" is what is not used (round 5)."""
    words = []
    for t in reversed(toks[max(0, d.i - 5):d.i]):
        if t.word in (",", ";", ".", ":"):
            break
        words.insert(0, t.word)
    text = " ".join(words)
    return " instead of" in " " + text or " rather than" in " " + text


def _nobody_subject(toks: list[Token], g: _Group, lo: int) -> bool:
    """"Nobody else sees ...", "No one outside the team gets ...", "No other company receives ...": a
    catch-all subject that denies the data to everyone else (round 5)."""
    words = [t.word for t in toks[lo:g.start]]
    if words and words[0] in ("and", "but", ","):
        words = words[1:]  # "..., and nobody else sees ..."
    while words and words[-1] in _AUX:
        words = words[:-1]
    tail = words[-3:]
    if tail[-2:] == ["nobody", "else"] or tail[-1:] == ["nobody"] or tail == ["no", "one", "else"]:
        return True
    return bool(words) and (words[0] in ("nobody", "noone") or words[:2] in (["no", "one"], ["no", "other"])
                            or words[:3] == ["no", "-", "one"]) and len(words) <= 6


def _other_subject(text: str, toks: list[Token], g: _Group, lo: int) -> bool:
    """The subject right before the verb is a common noun that is neither "we" nor a known party
    (a capitalised name is left to the name readings: "Typeform then receives")."""
    k = g.start - 1
    while k >= lo and (toks[k].word in _AUX or toks[k].word == "no"):  # "does no": "doesn't"
        k -= 1
    return k >= lo and toks[k].word.isalpha() and not text[toks[k].start:toks[k].start + 1].isupper() and toks[k].word not in ("we", "us", "it", "they", "which", "that", "who",
                                                                      "and", "or", "also", "then")


def _opening_name(text: str, toks: list[Token], g: _Group, lex: Lexicon) -> str | None:
    """An unknown name standing alone as the subject at the start of the sentence ("RevenueCat Inc.
    receives", "Quillbird never stores"), not "That information is"."""
    if not toks or toks[0].word in _NAME_STOP:
        return None
    head = text[:toks[g.start].start]
    named = _capitalised_party(head, toks, lex)
    rest = head.strip()[len(named[0]) - 5:].strip(" .,") if named else ""
    # "Payslipper, our payroll bureau, processes ...": a description between commas after the name (round 6)
    if named:
        tail = head.strip()[len(named[0]) - 5:]
        if re.match(r",\s*(?:our|the|a|an|its)\s+[\w\s'’-]{1,40}?,", tail):
            rest = re.sub(r"^,\s*(?:our|the|a|an|its)\s+[\w\s'’-]{1,40}?,", "", tail).strip(" .,")
    if named and all(w.lower() in _AUX | {"cannot", "ca", "wo", "no"} for w in re.sub(r"n['’]t\b", " not", rest).split()):
        return named[0]
    return None


def _last_name_before(text: str, toks: list[Token], g: _Group, data: list[Match]) -> str | None:
    """The last proper name before the verb, not opening the sentence and not a law ("We claim tax relief
    from the Revenue Office, and we send them ...": the Revenue Office)."""
    best = None
    for i, j in _proper_names(text, toks):
        if 0 < i and j <= g.start and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS \
                and not any(d.i < j and i < d.j for d in data) and not _contact_point(toks[i:j]):
            best = "name:" + text[toks[i].start:toks[j - 1].end]
    return best


def _name_before_verb(text: str, toks: list[Token], g: _Group, lo: int, data: list[Match], parties: list[Match]) -> str | None:
    """An unknown capitalised name right before the verb, inside the sentence ("..., so Quillbird never
    sees your card number"): the subject. (A name opening the sentence is read elsewhere.)"""
    k = g.start - 1
    while k >= lo and (toks[k].word in _AUX or toks[k].word == "no"):
        k -= 1
    if k > lo and toks[k].word == ",":
        k -= 1  # "Our pension provider, Nestwood, receives ...": the name in apposition before the verb
    for i, j in _proper_names(text, toks):
        b = i - 1
        while b > lo and toks[b].word in _DETERMINERS:
            b -= 1
        if toks[b].word in ("of", "to", "about", "from", "for", "on", "in", "regarding", "concerning") and any(
                lo <= d.i < b for d in data):
            continue  # "all data relating to the Programme is hosted": the name qualifies the data (round 6)
        if j == k + 1 and i > lo and i > 0 and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS \
                and not any(m.i < j and i < m.j for m in (*data, *parties)):
            return "name:" + text[toks[i].start:toks[j - 1].end]
    return None


#: prepositions and participles after a noun that begin a modifier of it ("the tutor assigned to a class")
_POSTMODIFIER_PREPS = {"to", "for", "of", "in", "at", "with", "from", "on"}
_POSTMODIFIERS = {"assigned", "allocated", "responsible", "appointed", "dedicated", "linked", "attached"}


def _passive_subject(text: str, toks: list[Token], g: _Group, lo: int, data: list[Match],
                     strip_your: bool = False) -> list[str]:
    """The noun phrase before "will be given" as an unknown recipient, when it is a short noun phrase
    after a determiner ("the receiving bank", "your child's school"), not data, a pronoun or a clause."""
    k = g.start - 1
    while k >= lo and (toks[k].word in _AUX | _BE or toks[k].word == "no" and k > lo and toks[k - 1].word in _AUX):
        k -= 1  # "don't" is read "do no"
    e = k + 1
    while k >= lo and toks[k].word.replace("'", "").isalpha() and toks[k].word not in _DETERMINERS | _NAME_STOP | _CHUNK_STOP:
        k -= 1
    for _ in range(2):
        # round 7: "the coach assigned to a group receives", "the promoter responsible for the event receives":
        # the noun phrase after a preposition modifies the subject before it, it is not the subject
        b = k - 1 if k >= lo and toks[k].word in _DETERMINERS | {"your"} else k
        if not (b > lo and toks[b].word in _POSTMODIFIER_PREPS):
            break
        b -= 1
        while b >= lo and toks[b].word in _POSTMODIFIERS:
            b -= 1
        e = b + 1
        k = b
        while k >= lo and toks[k].word.replace("'", "").isalpha() and toks[k].word not in _DETERMINERS | _NAME_STOP | _CHUNK_STOP:
            k -= 1
    words = toks[k + 1:e]
    if k == lo - 1 and (2 <= len(words) <= 3 or len(words) == 1 and lo > 0 and (
            toks[lo - 1].word in (":", ";") or toks[lo - 1].word in ("and", "but") and lo > 1 and toks[lo - 2].word == ",")) \
            and words[-1].word.endswith("s") and not words[-1].word.endswith("ss") \
            and not any(k < d.i < e for d in data) and words[-1].word not in _NOT_RECIPIENT:
        # "Insurance companies never get ...": a bare plural noun phrase opening the clause is a class of recipient
        return ["name:" + text[words[0].start:words[-1].end]]
    if not words or len(words) > 3 or k < lo or toks[k].word not in _DETERMINERS | {"your"} \
            or any(k <= d.i < e for d in data) or words[-1].word in _NOT_RECIPIENT:
        return []
    # ("other parents": the others, not the readers, keep their "other"; round 10)
    return ["name:" + text[toks[k].start if toks[k].word == "your" and not strip_your or toks[k].word == "other"
                           else words[0].start:words[-1].end]]


def _role_predicate(toks: list[Token], p: Match) -> bool:
    """"Dentally, which acts as our processor and hosts ...": a role after "as" is not the subject."""
    k = p.i - 1
    while k >= 0 and toks[k].word in _DETERMINERS | {"your", "a", "an"}:
        k -= 1
    return k >= 0 and toks[k].word == "as" and not (k and toks[k - 1].word in ("such", "well"))


def _after_place_preposition(text: str, toks: list[Token], p: Match, lo: int) -> bool:
    """"hosts the platform in its Frankfurt data centre and stores ...": a place, not the subject."""
    k = p.i - 1
    while k >= lo and (toks[k].word in _DETERMINERS or toks[k].word in ("its", "their", "his", "her")
                       or text[toks[k].start:toks[k].start + 1].isupper()):
        k -= 1
    return k >= lo and toks[k].word in ("in", "at", "on", "from", "into", "through", "via", "for")


def _relative_recipient(toks: list[Token], g: _Group, lo: int, parties: list[Match], text: str = "") -> list:
    """"..., through Twilio, to which we pass your mobile number": the party before "to which" receives; an
    unknown capitalised name there too ("the Tenancy Deposit Registry, to which we send your name", round 8)."""
    for k in range(g.start - 1, max(0, lo - 1, g.start - 25), -1):
        if toks[k].word in ("which", "whom") and k >= 2 and toks[k - 1].word in ("to", "with") and toks[k - 2].word == ",":
            # ("Ledgerbank S.A., to which ...": the abbreviation's dot ends the name; round 10)
            end = k - 3 if k >= 4 and toks[k - 3].word == "." and toks[k - 3].start == toks[k - 4].end else k - 2
            before = [p for p in parties if p.j == end and p.value != "first_party"]
            if not before and text:
                names = [(i, j) for i, j in _proper_names(text, toks) if j == end
                         and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS and not _contact_point(toks[i:j])]
                known = [p for p in parties if names and names[-1][0] <= p.i < end and p.value != "first_party"]
                if known:
                    return known[-1:]  # "Adyen N.V., to which ...": the vendor the list knows
                return ["name:" + text[toks[names[-1][0]].start:toks[end if end < k - 2 else names[-1][1] - 1].end]] if names else []
            return before[-1:]
    return []


def _drop_redundant_classes(out: list[Statement], lex: Lexicon) -> list[Statement]:
    """"runs on Microsoft Azure in data centres in Ireland": the class word restates the named vendor."""
    named = {(lex.party_class.get(s.party), s.data, s.negated) for s in out if s.party in lex.party_class}
    # round 7: "Sub-processor: Hetzner; Service: data centre ...": the class word describes the vendor
    # named in the same sentence, whatever data each is read with
    described = {(lex.party_class.get(s.party), s.negated) for s in out if s.party in lex.party_class}
    return [s for s in out if (s.party, s.data, s.negated) not in named and (s.party, s.negated) not in described
            or re.search(r"\bother " + re.escape(s.party_text.lower()), s.sentence.lower())]


def _excepted(text: str, toks: list[Token], exc: list[Match], parties: list[Match], hi: int) -> list:
    """The recipients named right after "except"/"other than"/"apart from" in a denial."""
    out: list = []
    for e in exc:
        window = range(e.j, min(hi, e.j + 6))
        known = [p for p in parties if p.i in window and p.value != "first_party"]
        if known:
            out.append(known[0])
            continue
        names = [(i, j) for i, j in _proper_names(text, toks) if i in window
                 and not set(t.word for t in toks[i:j]) & _NOT_NAME_WORDS]
        if names:
            i, j = names[0]
            out.append("name:" + text[toks[i].start:toks[j - 1].end])
            continue
        # "other than our claims handlers and medical advisers": unnamed recipients in lower case (round 6)
        k = e.j
        while k < hi and toks[k].word in _DETERMINERS | {"your"}:
            k += 1
        chunk: list[Token] = []
        for t in toks[k:min(hi, k + 8)]:
            if not t.word.isalpha() or t.word in _CHUNK_STOP - {"and", "or"} or t.word in _PRONOUNS:
                break
            chunk.append(t)
        for part in " ".join(t.word for t in chunk).replace(" or ", " and ").split(" and "):
            part = part.strip()
            if part and 1 <= len(part.split()) <= 3 and part.split()[-1].endswith("s") \
                    and part.split()[0] not in _DETERMINERS | _QUANTIFIERS | {"where", "when", "if", "as"}:
                out.append("name:" + part)
    return out


def _on_behalf_of(toks: list[Token], p: Match) -> bool:
    """"(d) SendGrid, which sends emails on behalf of the Controller and receives your name": the party
    after "on behalf of" is whom the work is for, never the subject of a verb (round 7)."""
    k = p.i - 1
    while k >= 0 and toks[k].word in _DETERMINERS:
        k -= 1
    return k >= 2 and toks[k].word == "of" and toks[k - 1].word == "behalf" and toks[k - 2].word in ("on", "in")


def _relative_pronoun_before(toks: list[Token], g: _Group) -> int | None:
    """The index of "who"/"which" right before the verb ("..., which receives"), if there is one."""
    k = g.start - 1
    while k >= 0 and toks[k].word in _AUX:
        k -= 1
    return k if k >= 0 and toks[k].word in ("which", "who") else None


def _relative_common_noun(text: str, toks: list[Token], g: _Group, parties: list[Match], lex: Lexicon) -> str | None:
    """"we arrange delivery with a local haulier, who receives your name": the unknown recipient named
    after "with"/"to" just before ", who"/", which" is the subject of the verb that follows."""
    k = g.start - 1
    while k >= 0 and toks[k].word in _AUX:
        k -= 1
    if k < 2 or toks[k].word not in ("which", "who") or toks[k - 1].word != ",":
        return None
    d = next((x for x in range(k - 2, max(-1, k - 5), -1) if toks[x].word in ("that", "this", "such", "the")), None)
    if d is not None and (d == 0 or toks[d - 1].word in (",", ";", ")", "(")) and not any(d < p.i < k for p in parties):
        # "..., that employer, which receives ...": a demonstrative and a noun opening the clause (round 9)
        words = toks[d + 1:k - 1]
        noun = " ".join(t.word for t in words)
        if words and all(t.word.isalpha() for t in words) and not lex.data_subject(noun):
            for cand in (words, tokenize_text("your " + noun)):
                hit = lex.parties.match_at(cand, 0)
                if hit and hit[0] == len(cand) and hit[1] != "first_party":
                    return hit[1]
    m = k - 2
    while m >= 0 and toks[m].word not in ("with", "to") and k - m <= 6:
        m -= 1
    if m < 0 or toks[m].word not in ("with", "to"):
        return None
    names = _unknown_recipients(text, toks, m, k - 1, parties, lex)
    return names[-1] if names and names[-1].startswith("name:") else None


_WHERE_TAIL = re.compile(r"\s+(?:in|at|on)\s+(?:its|their|the|our)\s+(?:[\w'’-]+\s+){0,3}?"
                         r"(?:region|regions|data cent(?:re|er)s?|servers?|facilit(?:y|ies)|cloud)\s*$")


def _relative_antecedent(text: str, toks: list[Token], g: _Group, lex: Lexicon) -> str | None:
    """An unknown company named just before ", which"/", who" is the subject of the verb that follows
    ("We work with Acme Payments Ltd, which processes your card details")."""
    k = g.start - 1
    while k >= 0 and toks[k].word in _AUX:
        k -= 1
    if k < 1 or toks[k].word not in ("which", "who", "that") or toks[k - 1].word != ",":
        return None
    head = text[:toks[k - 1].start]
    # "hosted on Amazon Web Services in its London region, which stores ...": where the vendor does it is
    # no antecedent; the vendor before it is (round 8)
    head = _WHERE_TAIL.sub("", head)
    # "kept in the Wallbook booking system, which stores ...": the tool's name before what kind of tool it is (round 9)
    head = re.sub(r"(?<=[A-Za-z0-9])\s+(?:[a-z][\w-]*\s+){0,2}(?:system|platform|database|software|app|tool|portal|crm)\s*$", "", head)
    m = re.search(r"([A-Z][\w&.'’-]*(?:\s+(?:[A-Z0-9&][\w&.'’-]*|of|and|de|for)){0,5})\s*$", head)
    if not m or (m.start() == 0 and m.group(1).split()[0].lower() in _NAME_STOP | _FUNCTION_WORDS | _DETERMINERS | _AUX):
        return None  # a sentence-initial word ("We, who ...") is no name; "Bugsnag, which receives" is
    ntoks = tokenize_text(m.group(1))
    hit = lex.parties.match_at(ntoks, 0) if ntoks else None
    if hit and hit[0] == len(ntoks) and hit[1] != "first_party":
        return hit[1]  # "through Postmark, which handles ...": a vendor the lexicon knows (round 5)
    if hit and hit[1] in lex.party_class and hit[0] + 1 < len(ntoks) and ntoks[hit[0]].word == "s" \
            and m.group(1)[ntoks[hit[0]].start - 1:ntoks[hit[0]].start] in ("'", "’"):
        return hit[1]  # "Google's Cloud Messaging, which handles ...": the known vendor's own service (round 8)
    named = _capitalised_party(m.group(1), toks, lex)
    return named[0] if named else None


#: "This involves your IP address ...", "These include ...": what the sentence before spoke of, in detail
_THIS_INCLUDES = re.compile(r"\s*(?:this|these|that|it)\s+(?:also\s+|usually\s+|typically\s+|may\s+)?"
                            r"(?:includes?|involves?|covers?|means|consists? of|comprises?|can include)\b", re.I)
_LETS_US = re.compile(r"\b(?:let|lets|help|helps|allow|allows|enable|enables)\s+us\b", re.I)
_ACCOUNT_WITH = re.compile(r"\b(?:create|creates|open|opens|set up|sets up|register|registers)\s+(?:an|your|a)\s+"
                           r"(?:\w+\s+)?account\s+(?:with|using|by giving us)\b|\bsign(?:s)? up (?:with|using)\b", re.I)
_RIGHTS_SENTENCE = re.compile(r"(^|[,;:]\s*|\band\s+)you (can|may|could|are entitled to|have the right to)( also)? "
                              r"(ask|request|object|withdraw|demand)\b", re.I)


def _rights_request(toks: list[Token], g: _Group, lo: int) -> bool:
    """The verb is what the person asks for ("you can ask to see, correct or delete your data", "requests to
    access your information go to the school"): a right, not a practice of the organisation."""
    asks = ("ask", "asks", "request", "requests")
    before = [t.word for t in toks[:g.start]]
    if toks[g.start].word in asks:  # the verb group is "ask for"/"request" itself
        nxt = [t.word for t in toks[g.start + 1:g.start + 3]]
        return bool(set(nxt) & {"to", "for"}) and (_last_subject(before[lo:]) == "you" or toks[g.start].word == "requests")
    window = before[max(lo, g.start - 6):]
    if not any(w in asks for w in window):
        return False
    k = max(i for i, w in enumerate(window) if w in asks)
    if not set(window[k + 1:k + 3]) & {"to", "for", "us"}:
        return False
    who = _last_subject(before[:len(before) - len(window) + k])
    return who == "you" or (window[k] in ("request", "requests") and who != "we")


def _last_subject(words: list[str]) -> str | None:
    """The last of "we"/"you" before a point ("when you open an account we ask for": we)."""
    return next((w for w in reversed(words) if w in ("we", "you")), None)


def _user_acts(toks: list[Token], g: _Group, lo: int) -> bool:
    """The subject of the verb group is the person the notice speaks to ("you can view", "when you register")."""
    for k in range(g.start - 1, max(lo, g.start - 4) - 1, -1):
        w = toks[k].word
        if w in ("you", "yourself"):
            return True
        if w not in _AUX and w not in ("can", "also"):
            return False
    return False


def _directly_after(g: _Group, p: Match) -> bool:
    return p.i == g.end  # "send us", "give us"


def _marker_before(toks: list[Token], p: Match, lex: Lexicon, words: tuple[str, ...] | None = None) -> bool:
    for k in range(max(0, p.i - 4), p.i):
        hit = lex.markers.match_at(toks, k)
        if hit and k + hit[0] <= p.i:
            phrase = " ".join(t.word for t in toks[k:k + hit[0]])
            if words is None or phrase in words:
                return True
    return False


def _purposes(toks, lex: Lexicon, parties, data) -> list[tuple[str, str]]:
    taken = {i for m in (*parties, *data) for i in range(m.i, m.j)}
    out = []
    for m in lex.purposes.find(toks):
        if not any(i in taken for i in range(m.i, m.j)):
            out.append((m.value, m.text))
    return out


def _lead_info(unit: _Unit, lex: Lexicon, ctx: _Context) -> dict | None:
    """What the sentence introducing a list says: verb, direction, party, data, negation."""
    key = unit.lead
    if key not in ctx.lead_result:
        sent = sentences(unit.lead)[-1] if unit.lead else ""
        ctx.lead_result[key] = _intro_info(sent, lex, question=False)
    return ctx.lead_result[key]


_QUESTION_PRONOUNS = {"you": "we", "your": "our", "yours": "ours", "i": "you", "my": "your", "me": "you",
                      "mine": "yours", "we": "you", "our": "your", "us": "you"}


def _appositions(parties: list, toks: list[Token], lex: Lexicon) -> list:
    """Drop a class named again by the vendor after it: "our email provider, Brevo" is Brevo."""
    out = []
    for n, p in enumerate(parties):
        nxt = parties[n + 1] if n + 1 < len(parties) else None
        if nxt is not None and isinstance(p, Match) and isinstance(nxt, Match) and p.value not in lex.party_class \
                and (nxt.value in lex.party_class or nxt.value.startswith("name:")) \
                and [t.word for t in toks[p.j:nxt.i]] in ([","], ["("]):
            continue
        out.append(p)
    return out


def _parenthesised_names(text: str, toks: list[Token], parties: list, lex: Lexicon) -> list[str]:
    """Vendors the lexicon does not know, listed in brackets after a class: "couriers (DPD, GLS)"."""
    out = []
    for p in parties:
        if not isinstance(p, Match) or p.j >= len(toks) or toks[p.j].word != "(":
            continue
        close = next((k for k in range(p.j, len(toks)) if toks[k].word == ")"), None)
        if close is None:
            continue
        inner = text[toks[p.j].end:toks[close].start]
        inner = re.sub(r"^\s*(e\.\s?g\.?,?|such as|for example,?|for instance,?|like|including)\s*", "", inner, flags=re.I)
        for name in re.split(r"\s*(?:,|;|\band\b|\bor\b|&)\s*", inner):
            name = name.strip(" .")
            words = tokenize_text(name)
            if not name or not name[0].isupper() or len(words) > 4 or lex.parties.match_at(words, 0) \
                    or lex.data.match_at(words, 0) or lex.purposes.match_at(words, 0):
                continue
            out.append("name:" + name)
    return out


_WITHIN_GROUP = re.compile(r"^[^.;]*?\b(?:within|across|among|between)\s+(?:the|our)\s+(?:[A-Z][\w&'’-]*\s+){0,3}"
                           r"(?:group|family of companies|group of companies)\b")


def _examples_of_class(text: str, toks: list[Token], obj_parties: list, parties: list, lex: Lexicon) -> list:
    """Round 9: "third parties, such as airlines and car-hire firms": each example named after a class is a
    recipient too, beside the class (GUIDELINES.md, "Examples under a class"); known vendors and classes by
    their id, others as written."""
    out: list = []
    for p in obj_parties:
        if not isinstance(p, Match) or p.value == "first_party" or p.value not in lex.party_class and p.value not in lex.vague_classes:
            continue
        m = re.match(r"\s*,?\s*(?:such as|including|like|for example|e\.g\.?|for instance)\s+", text[toks[p.j - 1].end:])
        if m is None:
            continue
        start = toks[p.j - 1].end + m.end()
        body = re.split(r"[.;:()]|\s[-–—]\s|,\s*(?:but|so|if|where|when|and we|or we|which|who)\b|\s(?:but|if|where|when|to|for|so that|in order)\s",
                        text[start:])[0]
        for item in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", body):
            item = re.sub(r"^(?:the|our|your|other|some|selected)\s+", "", item.strip(), flags=re.I)
            words = tokenize_text(item)
            rel = re.search(r"\s(?:that|who)\s", item)  # "businesses that sponsor our reading programme" (round 9)
            head = tokenize_text(item[:rel.start()]) if rel else words
            if not item or len(words) > (7 if rel else 4) or [d for d in lex.data.find(head) if not _org_word(head[d.i].word)] \
                    or lex.purposes.find(head) or lex.actions.find(head):
                if item:
                    break  # data or a purpose: no list of recipients
                continue
            hit = lex.parties.match_at(words, 0)
            if hit and hit[0] == len(words):
                if hit[1] != "first_party" and hit[1] != p.value:
                    out.append(Match(hit[1], p.i, p.j, item))
            elif not _not_a_party(item) and not lex.data_subject(item):
                out.append("name:" + item)
    return out


_DESCRIBED = re.compile(r"\b(?:our|the|a|an)\s+((?:[a-z][\w-]*\s+){0,2})([a-z][\w-]{2,}),\s+"
                        r"([A-Z][\w&.'’-]*(?:\s+(?:[A-Z0-9&][\w&.'’-]*|of|and|de|for)){0,5})")


def _described_names(segments: list[Segment], lex: Lexicon) -> dict[str, Match]:
    """Round 9: organisations introduced by a description and their name ("our partner laboratory, Helix
    Sequencing GmbH", "our courier, Swiftpost"): the head noun of the description, used again with "the"
    ("The lab only sees a barcode"), names that organisation. A noun described as two names is left out."""
    out: dict[str, Match] = {}
    clash: set[str] = set()
    for seg in segments:
        for m in _DESCRIBED.finditer(seg.text):
            head, name = m.group(2).lower(), re.split(r"\.\s", m.group(3))[0].strip().rstrip(".")
            name = re.sub(r"\s+(?:and|of|for|de)$", "", name)
            ntoks = tokenize_text(name)
            if not ntoks or lex.data_subject(head) or lex.data.find(tokenize_text(m.group(1) + m.group(2))) \
                    or ntoks[0].word in _NAME_STOP | _FUNCTION_WORDS | _DETERMINERS:
                continue
            hit = lex.parties.match_at(ntoks, 0)
            if hit and hit[0] == len(ntoks):
                if hit[1] == "first_party":
                    continue
                party = Match(hit[1], 0, 0, name)
            else:
                party = Match("name:" + name, 0, 0, name)
            if head in out and out[head].value != party.value:
                clash.add(head)
            out[head] = party
    return {h: p for h, p in out.items() if h not in clash}


def _described_again(toks: list[Token], parties: list[Match], data: list[Match], described: dict[str, Match]) -> list[Match]:
    """"the lab", "the courier": the organisation a description named before (see `_described_names`); a short
    form counts ("lab" for "laboratory")."""
    out = list(parties)
    for k in range(len(toks) - 1):
        if toks[k].word != "the":
            continue
        w = toks[k + 1].word
        if k + 2 < len(toks) and toks[k + 2].word.isalpha() and toks[k + 2].word not in _AUX | _BE | _CHUNK_STOP \
                and not toks[k + 2].word.endswith("s") and toks[k + 2].word not in ("only", "never", "also"):
            continue  # "the lab report": the word modifies a noun after it
        head = next((h for h in described if h == w or (len(w) >= 3 and h.startswith(w) and len(h) - len(w) <= 7)), None)
        if head is None or any(d.i <= k + 1 < d.j for d in data):
            continue
        p = described[head]
        out = [q for q in out if not (q.i <= k + 1 < q.j)]
        out.append(Match(p.value, k, k + 2, p.text))
    return sorted(out, key=lambda m: m.i)


def _bracketed_examples(text: str, toks: list[Token], lo: int, hi: int, lex: Lexicon) -> list[str]:
    """Round 9: "to the registry that runs the domain (for example Nominet or EURid)": names given as examples
    in brackets after a recipient are recipients too (GUIDELINES.md, "Examples under a class")."""
    out: list[str] = []
    span = text[toks[lo].start if lo < len(toks) else len(text):toks[hi - 1].end if hi else 0]
    for m in re.finditer(r"\(\s*(?:for example|e\.g\.?|such as|for instance|like|including),?\s+([^()]+)\)", span, re.I):
        for item in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", m.group(1)):
            item = item.strip(" .")
            words = tokenize_text(item)
            if not item or not item[0].isupper() or len(words) > 4 or lex.data.find(words) or lex.purposes.find(words):
                continue
            hit = lex.parties.match_at(words, 0)
            out.append(hit[1] if hit and hit[0] == len(words) and hit[1] != "first_party" else "name:" + item)
    return out


def _each_of_which(toks: list[Token], g: _Group) -> int | None:
    """Where ", each of which" / ", both of whom" / ", all of which" stands before the verb group, or None."""
    k = g.start - 1
    while k >= 0 and toks[k].word in _AUX:
        k -= 1
    if k >= 2 and toks[k].word in ("which", "whom") and toks[k - 1].word == "of" and toks[k - 2].word in ("each", "both", "all"):
        return k - 2
    return None


def _paid_through(text: str, toks: list[Token], parties: list[Match], data: list[Match], lex: Lexicon) -> list[Match]:
    """Round 9: a payment service the organisation accepts, in a sentence naming no data ("We accept PayPal for
    gift vouchers"): it is named with no data, so it gets
    the person's data in general (GUIDELINES.md); dropped later if the notice names its data."""
    if [d for d in data if d.value != "user"]:
        return []
    out = []
    for p in parties:
        if p.i < 1 or lex.party_class.get(p.value) != "payment_processors":
            continue  # a payment vendor the lexicon knows ("PayPal", "Klarna")
        before = [t.word for t in toks[max(0, p.i - 4):p.i]]
        # (not "you can pay with Klarna": a round-5 test reads that as saying nothing)
        if before[-1:] in (["accept"], ["accepts"], ["support"], ["supports"], ["offer"], ["offers"]) \
                and not {t.word for t in toks[:p.i]} & {"not", "never", "no", "cannot"}:
            out.append(p)
    return out


def _heading_info(heading: str, lex: Lexicon, ctx: _Context) -> dict | None:
    """A heading read as the sentence introducing the list under it ("Who we share your data with")."""
    key = "#" + heading
    if key not in ctx.lead_result:
        info = _intro_info(heading, lex, question=False)
        if info is None and _DISCLOSURE_HEADING.fullmatch(heading.strip().strip(".:").lower()):
            # "Sharing", "Recipients", "Third parties": each item under it names a recipient and its data
            info = {"action": "share", "direction": "disclose", "party": "first_party", "data": [], "negated": False,
                    "condition": "", "purpose": None, "parties": [], "asks_who": False, "broad": False,
                    "recipients": [], "engages": False, "lists_recipients": True}
        ctx.lead_result[key] = info if info and info["direction"] in ("disclose", "store") else None
    return ctx.lead_result[key]


_DISCLOSURE_HEADING = re.compile(r"(\d+(\.\d+)*\.?\s+)?(data )?(sharing|disclosures?|recipients?( of (your )?"
                                 r"(personal )?(data|information))?|third[ -]part(y|ies)|processors|sub-?processors|"
                                 r"who (else )?(we share|receives|gets|sees) .*)")


def _question_info(heading: str, lex: Lexicon, ctx: _Context) -> dict | None:
    """What a question heading asks ("Do you share my email address?"), read from the organisation's
    side: "you" is the organisation, "I"/"my" the person. Its answer is read together with it."""
    heading = heading.strip()
    if not heading.endswith("?"):
        return None
    key = "?" + heading
    if key not in ctx.lead_result:
        swapped = re.sub(r"[A-Za-z]+", lambda m: _QUESTION_PRONOUNS.get(m.group(0).lower(), m.group(0)), heading)
        ctx.lead_result[key] = _intro_info(swapped, lex, question=True)
    return ctx.lead_result[key]


def _intro_info(sent: str, lex: Lexicon, question: bool) -> dict | None:
    toks = tokenize_text(sent)
    parties, data = _resolve(lex.parties.find(toks), _verbs_not_data(lex.data.find(toks), toks, lex))
    data = _not_data_nouns(data, toks, lex)
    parties = _qualified_classes(parties, toks, lex, data)
    parties = _group_companies(parties, toks)
    actions = _actions(toks, lex, parties, data)
    if not actions:
        if question and data:  # "What happens to my CCTV footage?": the answer speaks about that data
            return {"action": None, "direction": None, "party": "first_party", "data": data, "negated": False,
                    "condition": "", "purpose": None, "parties": [], "asks_who": False}
        return None
    # "we pass your insurer the information it needs:" - a sharing verb is what introduces the list
    a = next((v for v in actions if lex.directions[v.value] == "disclose" and not question), actions[-1])
    g = _Group([a], a.i, a.j)
    subj = [p for p in parties if p.i < a.i]
    direction = lex.directions[a.value]
    subject_words = {t.word for t in toks[max(0, a.i - 3):a.i]}
    handed = False  #: the data is handed to us: the first party collects it, whoever the subject is
    if direction == "disclose" and subject_words & _USER_SUBJECT:
        direction, handed = "collect", True
    elif direction == "disclose" and not any(p.i >= a.j and p.value != "first_party" for p in parties) and (
            (subj and subj[-1].value != "first_party" and subj[-1].value not in lex.party_class)
            or (not subj and 0 < a.i <= 4 and toks[0].word in ("the", "your", "each", "every")
                and not any(t.word in ("we", "i", "us", "our") or lex.data.match_at(toks, k)
                            for k, t in enumerate(toks[:a.i])))):
        # "Your school uploads the following:", "The referring clinic sends:": a source handing data over to us
        direction, handed = "collect", True
    obj_data = [d for d in data if d.i >= a.j] or [d for d in data if d.i < a.i]
    # "we collect the following information:" names no specific data: the items do; a question's data
    # ("What happens to my CCTV images?") is what its answer speaks about
    specific = [d for d in obj_data if d.value != "user" or direction != "collect"]
    if question and not specific and toks and toks[0].word in ("who", "which", "whom"):
        specific = obj_data  # "Who else sees my data?": each answer item receives data in general
    broad = sent.rstrip().endswith(":") and bool(specific) and all(d.value == "user" for d in specific)
    purposes = _purposes(toks, lex, parties, data)
    return {
        "action": a.value if direction != "collect" or a.value not in ("share", "transfer") else "collect",
        "direction": direction,
        "party": (subj[-1] if subj and direction == "collect" and not handed else "first_party"),
        "data": specific if direction != "collect" or question else [],
        "negated": _negated(toks, g, 0, lex),
        "condition": "; ".join(_clause_text(sent, toks, c.i) for c in lex.conditions.find(toks)),
        "purpose": purposes[0] if purposes else None,
        "parties": [p for p in parties if p.value != "first_party"],
        "asks_who": bool(toks) and toks[0].word in ("who", "which", "whom"),
        "broad": broad,  #: only "information"/"data" before the colon: an item's own data says which
        #: "We share your information with:", "... the following recipients:": the items name recipients
        "lists_recipients": bool(re.search(r"\b(with|to)\s*:\s*$|\b(recipients|third parties|organi[sz]ations|companies|"
                                           r"partners|processors|providers|bodies|agencies)\s*:\s*$", sent)),
        # "We use the following sub-processors:": each item is a processor of the data it names
        "engages": direction == "collect" and sent.rstrip().endswith(":") and toks[a.i].word in (
            "use", "uses", "engage", "engages") and any(p.i >= a.j and p.value != "first_party" for p in parties),
        "recipients": [p for p in parties if p.i >= a.j and p.value != "first_party"] if direction == "disclose" else [],
    }


_NAME = re.compile(r"^([A-Z0-9][\w&.'’-]*(?:\s+(?:[A-Z0-9&][\w&.'’-]*|of|and|de|for)){0,5})")


_FUNCTION_WORDS = {"from", "after", "before", "during", "for", "with", "without", "by", "to", "in", "on", "at", "of",
                   "if", "when", "where", "while", "once", "unless", "until", "because", "since", "although", "as",
                   "under", "over", "about", "between", "within", "through", "via", "only", "also", "here", "there",
                   "every", "each", "all", "no", "yes", "some", "most", "many", "both", "either", "neither"}


def _leading_noun_phrase(text: str, toks: list[Token], lex: Lexicon) -> list[str]:
    """The noun phrase opening a list item, up to a comma, semicolon, colon or bracket ("our IT support
    company, which ...", "debt collectors, if ...", "your landlord, who ..."): a recipient named by a
    common noun. A proper name inside it is the recipient ("payroll bureau Moneypenny Payroll Ltd")."""
    m = re.match(r"^\s*(?:(?:our|your|the|a|an|any)\s+)?([A-Za-z][\w&'’-]*(?:\s+[A-Za-z&][\w&'’.-]*){0,5}?)\s*(?:[,;:(–—]|$|\.$)",
                 text)
    if not m:
        return []
    phrase = m.group(1).strip()
    ptoks = tokenize_text(phrase)
    if not ptoks or ptoks[0].word in _FUNCTION_WORDS | _NAME_STOP | _PRONOUNS or len(ptoks) > 6 \
            or any(lex.data.match_at(ptoks, x) or lex.actions.match_at(ptoks, x) or lex.purposes.match_at(ptoks, x)
                   for x in range(len(ptoks))):
        return []
    cut = next((k for k, t in enumerate(ptoks) if k and t.word in _POSTMODIFIERS), None)
    if cut is not None:
        # "the tutor assigned to a live class, who ...": the participle and what follows modify the noun (round 10)
        phrase = phrase[:ptoks[cut].start].strip()
        ptoks = ptoks[:cut]
    names = _proper_names(phrase, ptoks)
    if names and names[-1][0] > 0:
        i, j = names[-1]
        return ["name:" + phrase[ptoks[i].start:ptoks[j - 1].end]]
    return ["name:" + phrase]


def _capitalised_party(text: str, toks: list[Token], lex: Lexicon) -> list:
    """An unknown vendor named at the start of a list item ("Acme Mail GmbH (newsletters)")."""
    m = _NAME.match(re.sub(r"^\(?\d+(?:\.\d+)*[.)]?\s+", "", text.strip()))  # "4.4 Acme Ltd ...": a section number
    if not m:
        return []
    name = m.group(1).strip().rstrip(".,")
    name = re.sub(r"\s+(and|of|for|de)$", "", name)
    # "Then HMRC receives ...": a sentence adverb opening the sentence is not part of the name (round 5)
    name = re.sub(rf"^(?:{'|'.join(_SENTENCE_ADVERBS)})\s+(?=[A-Z])", "", name, flags=re.I)
    words = tokenize_text(name)
    if toks and words and toks[0].word == words[0].word and lex.data.match_at(toks, 0):
        return []  # "Order history: six years": data opening the item, not a name
    if words and words[0].word in _FUNCTION_WORDS:
        return []  # "From you, if ...", "After your visit": a sentence opening with a function word
    if not words or lex.data.match_at(words, 0) or lex.purposes.match_at(words, 0) or lex.actions.match_at(words, 0):
        return []
    if toks and words and len(toks) > len(words) and [t.word for t in toks[:len(words)]] == [w.word for w in words] \
            and lex.data.match_at(toks, len(words)):
        return []  # "Reminder emails.", "Marketing consents are kept": the word qualifies data, it names no one (round 7)
    return [f"name:{name}"]


_INTRODUCES_TABLE = re.compile(r"\b(?:below|following|table|these|this list|as follows|listed|set out)\b", re.I)


def _table_statements(unit: _Unit, lex: Lexicon, ctx: _Context, section: str) -> list[Statement]:
    seg = unit.seg
    lead = _lead_info(unit, lex, ctx) if unit.lead else None
    last = sentences(unit.lead)[-1].strip() if unit.lead and sentences(unit.lead) else ""
    if lead and not last.endswith(":") and not _INTRODUCES_TABLE.search(last):
        # "We never share your records with marketing companies." before a table of retention periods: a
        # sentence of its own, not the table's introduction (round 7)
        lead = None
    out: list[Statement] = []
    ptoks = tokenize_text(unit.party_text or "")
    dtoks = tokenize_text(unit.data_text or "")
    found = lex.parties.find(ptoks)
    if found and found[0].i > 0 and found[0].value == "first_party" and ptoks[found[0].i].word in _PRONOUNS:
        # "Tutors we match you with": the cell names the tutors; "we" is inside their description
        cut = ptoks[found[0].i].start
        unit.party_text = unit.party_text[:cut].strip()
        ptoks = tokenize_text(unit.party_text)
        found = lex.parties.find(ptoks)
    parties = [p for p in found if p.value != "first_party"]
    own = bool(found) and not parties  # "Us", "We (first party)": the organisation itself
    if parties and unit.party_text:
        # "our billing partner, Billright Ltd": the name in apposition, not the class (round 6)
        named = _named_in_apposition(unit.party_text, ptoks, parties, [], lex)
        if named != parties and any(getattr(p, "value", "").startswith("name:") for p in named):
            parties = [p for p in named if p.value.startswith("name:") or p.value in lex.party_class]
    cell = (unit.party_text or "").strip()
    bracket = re.search(rf"\(({_WORD_CAP}(?:[\s-]+{_WORD_CAP}){{0,4}}[\s-]+{_LEGAL_SUFFIX})\)\s*$", cell)
    if bracket and parties and all(isinstance(p, Match) and lex.party_kind(p.value) in ("class", "vague") for p in parties):
        # "Insurer (Norberg Forsikring AS)": the company in brackets is the recipient, its kind before it (round 10)
        parties = ["name:" + bracket.group(1)]
    if parties and all(isinstance(p, Match) and p.value not in lex.party_class for p in parties) and cell[:1].isupper() \
            and parties[0].i > 0 and ptoks[0].word not in _DETERMINERS | _NAME_STOP and len(cell.split()) <= 6:
        parties = [f"name:{cell.rstrip('.')}"]  # "Acme Couriers Ltd": a named company of a known kind
    if unit.party_text and not parties and not unit.negative_cell and not own:
        cell = unit.party_text.strip().rstrip(".")
        # "Dentacloud (practice software)": the name, not its description in brackets (round 5)
        cell = re.sub(r"\s*\([^()]*\)$", "", cell).strip() or cell
        ctoks = tokenize_text(cell)
        spans = _proper_names(cell, ctoks)
        if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == len(ctoks) and all(
                all(t.word in ("and", "&", ",") for t in ctoks[a[1]:b[0]]) for a, b in zip(spans, spans[1:])):
            # "Leeds City Council and York City Council": each body its own recipient (round 9)
            parties = [f"name:{cell[ctoks[i].start:ctoks[j - 1].end]}" for i, j in spans]
        elif re.search(r"\s(?:and|&)\s", cell) and not (spans and spans[0] == (0, len(ctoks))) and len(cell.split()) <= 8:
            # "Specialist dentists and hospital departments", "Your GP and district nursing team": two recipients,
            # one line each (GUIDELINES.md), without the possessive (round 9)
            parts = [re.sub(r"^(?:your|our|the|their)\s+", "", q.strip(), flags=re.I) for q in re.split(r",|\s(?:and|&)\s", cell)]
            parties = [f"name:{q}" for q in parts if q and len(q.split()) <= 4]
        else:
            parties = [f"name:{cell}"] if 0 < len(cell.split()) <= 6 else _capitalised_party(unit.party_text, ptoks, lex)
    data = [d for d in _not_qualified_data(lex.data.find(dtoks), dtoks, unit.data_text, lex)
            if not _device_word(d, dtoks)] if unit.data_text is not None else []
    if not data and lead:
        data = lead["data"]
    if not data and unit.data_text and re.search(r"(?i)\b(?:everything|all\s+(?:of\s+)?(?:the\s+|your\s+)?(?:data|information|details)"
                                                 r"|all\s+of\s+(?:it|the\s+above))\b", unit.data_text):
        data = [Match("user", 0, 0, unit.data_text)]  # "Everything listed in section 1": the person's data in general (round 10)
    if not data and unit.negative_cell and unit.party_text:
        data = [Match("user", 0, 0, unit.data_text or "")]  # "No one else | — ": nothing goes to anyone else
    if not data:
        return out
    purpose = None
    if unit.purpose_text:
        found = lex.purposes.find(tokenize_text(unit.purpose_text))
        purpose = (found[0].value, found[0].text) if found else None
    negated = unit.negative_cell or bool(lead and lead["negated"])
    if unit.party_text is not None and own:
        action, targets = "collect", ["first_party"]
    elif unit.party_text is not None:
        action = lead["action"] if lead and lead["direction"] != "collect" else "share"
        if not parties and unit.negative_cell:
            parties = ["third_parties"]
        targets = parties
    else:
        action = lead["action"] if lead else "collect"
        targets = [lead["party"] if lead else "first_party"]
    # "Scans of your teeth. The lab is never told your name.": data in a denying sentence of the cell is denied
    denied_spans = [(m.start(), m.end()) for m in re.finditer(r"[^.;]+", unit.data_text or "")
                    if set(w.lower() for w in re.findall(r"[A-Za-z]+", m.group(0))) & (lex.negation - {"without"})]
    for p in targets:
        pid, ptext = (p, lex.party_names.get(p, p[5:] if p.startswith("name:") else p)) if isinstance(p, str) else (p.value, p.text)
        kind = "named" if pid.startswith("name:") else lex.party_kind(pid)
        for d in data:
            neg = negated or (unit.data_text is not None and d.j > d.i and d.i < len(dtoks)
                              and any(a <= dtoks[d.i].start < b for a, b in denied_spans))
            out.append(Statement(pid, ptext, kind, action, d.value, d.text, purpose[0] if purpose else None,
                                 purpose[1] if purpose else "", neg, lead["condition"] if lead else "",
                                 unit.text, seg.heading, section, seg.index, unit.lead))
    return out
