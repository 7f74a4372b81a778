"""The lexicons (``pia/data/lexicons/*.yaml``) and phrase matching over word tokens.

Text is lower-cased, "e-mail" becomes "email", other hyphens and slashes become spaces and "n't"
becomes " no"; a lexicon phrase matches a run of words, each word equal to the phrase's or its
plural. Where phrases overlap, the longest wins.

>>> lex = Lexicon.default()
>>> toks = tokenize_text("We share your e-mail address and IP addresses with Google Analytics.")
>>> [(m.value, m.text) for m in lex.data.find(toks)]
[('user.contact.email', 'e-mail address'), ('user.device.ip_address', 'IP addresses')]
>>> [(m.value, m.text) for m in lex.parties.find(toks)]
[('first_party', 'We'), ('google_analytics', 'Google Analytics')]
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..yamlio import load_data

__all__ = ["Token", "Match", "PhraseTable", "Lexicon", "tokenize"]


@dataclass(frozen=True)
class Token:
    word: str  #: normalised word
    start: int  #: offset in the original text
    end: int


@dataclass(frozen=True)
class Match:
    value: str  #: what the phrase maps to (category key, party id, action, data use)
    i: int  #: first token
    j: int  #: one past the last token
    text: str  #: the words as written


_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*|[^\sa-z0-9]")


def tokenize(text: str) -> list[Token]:
    """Words and punctuation of ``text`` with their offsets (offsets refer to ``text``)."""
    low = text.lower()
    low = re.sub(r"e-mail", lambda m: "email" + " " * (len(m.group(0)) - 5), low)
    low = re.sub(r"n['’]t\b", " no", low)  # same length, so offsets stay right: don't -> "do no"
    low = re.sub(r"[-/_’'`\"“”«»*]", " ", low)
    out = []
    for m in _WORD.finditer(low):
        w = m.group(0).rstrip(".")
        if not w:
            w = "."
        out.append(Token(w, m.start(), m.start() + len(w) if w != "." else m.end()))
    return out


def _norm_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(t.word for t in tokenize(str(phrase)))


_NO_PLURAL = {"us", "we", "it", "i", "me", "myself", "you", "them"}  # "uses" is not a plural of "us"


def _forms(word: str) -> set[str]:
    if word in _NO_PLURAL:
        return {word}
    forms = {word, word + "s", word + "es"}
    if word.endswith("y") and len(word) > 2:
        forms.add(word[:-1] + "ies")
    return forms


class PhraseTable:
    """Phrases -> values, longest match first, plural-tolerant."""

    def __init__(self, entries: list[tuple[str, str]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        seen = set()
        for phrase, value in entries:
            words = _norm_phrase(phrase)
            if not words or (words, value) in seen:
                continue
            seen.add((words, value))
            for first in _forms(words[0]):
                self._by_first.setdefault(first, []).append((words, value))
        for lst in self._by_first.values():
            lst.sort(key=lambda e: (-len(e[0]), e[1]))

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, str] | None:
        """Length and value of the longest phrase starting at token ``i``."""
        for words, value in self._by_first.get(tokens[i].word, ()):
            n = len(words)
            if i + n > len(tokens):
                continue
            if all(tokens[i + k].word == words[k] or tokens[i + k].word in _forms(words[k]) for k in range(n)):
                return n, value
        return None

    def find(self, tokens: list[Token], text: str | None = None, lo: int = 0, hi: int | None = None) -> list[Match]:
        """Non-overlapping matches in tokens[lo:hi], left to right, longest first."""
        hi = len(tokens) if hi is None else hi
        out: list[Match] = []
        i = lo
        while i < hi:
            hit = self.match_at(tokens, i)
            if hit and i + hit[0] <= hi:
                n, value = hit
                out.append(Match(value, i, i + n, _span(tokens, i, i + n, text)))
                i += n
            else:
                i += 1
        return out


_SOURCE: dict[int, str] = {}


def _span(tokens: list[Token], i: int, j: int, text: str | None) -> str:
    text = text if text is not None else getattr(tokens, "source", None)
    if text is None:
        return " ".join(t.word for t in tokens[i:j])
    return text[tokens[i].start:tokens[j - 1].end]


class Tokens(list):
    """A token list that remembers the text it came from (for readable match text)."""

    source: str = ""
    list_item: bool = False  #: the tokens are a list item read with the sentence introducing it


def tokenize_text(text: str) -> Tokens:
    toks = Tokens(tokenize(text))
    toks.source = text
    return toks


@dataclass
class Lexicon:
    """All lexicons, loaded from YAML data files."""

    data: PhraseTable
    anaphora: PhraseTable
    parties: PhraseTable
    party_names: dict[str, str]
    party_class: dict[str, str]  #: named vendor id -> class id
    vague_classes: frozenset[str]
    class_cues: dict[str, list[str]]
    named_phrases: dict[str, list[str]]
    actions: PhraseTable
    directions: dict[str, str]
    action_nouns: PhraseTable  #: nominalisations ("disclosure", "transfer") -> action
    markers: PhraseTable
    negation: frozenset[str]
    exceptions: PhraseTable
    conditions: PhraseTable
    purposes: PhraseTable
    practices: dict[str, tuple[str, PhraseTable]]
    checklist: dict[str, dict[str, list[re.Pattern]]]
    files: list[str] = field(default_factory=list)
    party_entries: list[tuple[str, str]] = field(default_factory=list)  #: (phrase, party id) the parties table holds
    cookie_verbs: PhraseTable | None = None  #: verbs that collect only with a cookie as object ("sets a cookie")
    data_subjects: frozenset[str] = frozenset()  #: people a notice is about, never recipients ("applicant")
    publisher_nouns: frozenset[str] = frozenset()  #: "the University", "the Practice": the publisher's short name

    def with_first_party(self, phrases: list[str]) -> "Lexicon":
        """This lexicon with more phrases naming the first party (the names a notice gives its
        publisher: "Forkful", "the Council"); the lexicon itself is left unchanged.

        >>> lex = Lexicon.default().with_first_party(["Acme Bakery Ltd", "Acme Bakery"])
        >>> [(m.value, m.text) for m in lex.parties.find(tokenize_text("Acme Bakery shares your name with Stripe."))]
        [('first_party', 'Acme Bakery'), ('stripe', 'Stripe')]
        """
        if not phrases:
            return self
        entries = [*self.party_entries, *((p, "first_party") for p in phrases)]
        return dataclasses.replace(self, parties=PhraseTable(entries), party_entries=entries)

    @classmethod
    @functools.cache
    def default(cls) -> "Lexicon":
        """The lexicons shipped in ``pia/data/lexicons``."""
        folder = resources.files("pia").joinpath("data/lexicons")
        return cls.from_folder(Path(str(folder)))

    @classmethod
    def from_folder(cls, folder: Path) -> "Lexicon":
        def load(name: str) -> dict:
            return load_data((folder / name).read_text(encoding="utf-8")) or {}

        data = load("data.yaml")
        rec = load("recipients.yaml")
        act = load("actions.yaml")
        pur = load("purposes.yaml")
        pra = load("practices.yaml")
        chk = load("checklist.yaml")

        data_entries = [(p, key) for key, phrases in data["categories"].items() for p in phrases]
        data_entries += _fideslang_phrases({_norm_phrase(str(p)) for p, _ in data_entries})
        party_entries = [(p, "first_party") for p in rec["first_party"]["phrases"]]
        names = {"first_party": rec["first_party"]["name"]}
        party_class: dict[str, str] = {}
        named_phrases: dict[str, list[str]] = {}
        for pid, entry in rec["named"].items():
            names[pid] = entry["name"]
            party_class[pid] = entry.get("class", "third_parties")
            named_phrases[pid] = [str(p) for p in entry["phrases"]]
            party_entries += [(p, pid) for p in entry["phrases"]]
        vague, cues = set(), {}
        for cid, entry in rec["classes"].items():
            names[cid] = entry["name"]
            if entry.get("vague"):
                vague.add(cid)
            cues[cid] = [str(c).lower() for c in entry.get("model_cues", [])]
            party_entries += [(p, cid) for p in entry["phrases"]]
        action_entries, noun_entries, directions = [], [], {}
        for aid, entry in act["actions"].items():
            directions[aid] = entry["direction"]
            for verb in entry["verbs"]:
                action_entries += [(form, aid) for form in _verb_forms(str(verb))]
            noun_entries += [(str(noun), aid) for noun in entry.get("nouns") or []]
        practices = {pid: (e["name"], PhraseTable([(c, pid) for c in e["cues"]])) for pid, e in pra["practices"].items()}
        checklist = {item: {level: [re.compile(p, re.I) for p in (spec.get(level) or [])] for level in ("stated", "partly")}
                     for item, spec in chk["items"].items()}
        return cls(
            data=PhraseTable(data_entries),
            anaphora=PhraseTable([(p, "anaphora") for p in data.get("anaphora", [])]),
            parties=PhraseTable(party_entries),
            party_names=names,
            party_class=party_class,
            vague_classes=frozenset(vague),
            class_cues=cues,
            named_phrases=named_phrases,
            actions=PhraseTable(action_entries),
            directions=directions,
            action_nouns=PhraseTable(noun_entries),
            markers=PhraseTable([(m, "marker") for m in act["recipient_markers"]]),
            negation=frozenset(act["negation"]),
            exceptions=PhraseTable([(m, "exception") for m in act["exceptions"]]),
            conditions=PhraseTable([(m, "condition") for m in act["conditions"]]),
            purposes=PhraseTable([(p, key) for key, phrases in pur["purposes"].items() for p in phrases]),
            practices=practices,
            checklist=checklist,
            files=sorted(p.name for p in folder.glob("*.yaml")),
            party_entries=party_entries,
            cookie_verbs=PhraseTable([(form, "collect") for verb in act.get("cookie_verbs") or []
                                      for form in _verb_forms(str(verb))]),
            data_subjects=frozenset(str(w).lower() for w in rec.get("data_subjects") or []),
            publisher_nouns=frozenset(str(w).lower() for w in rec.get("publisher_nouns") or []),
        )

    def data_subject(self, phrase: str) -> bool:
        """Whether a recipient phrase names the people the notice is about (its last word, singular or
        plural, is a data-subject noun; articles and possessives ignored).

        >>> lex = Lexicon.default()
        >>> [lex.data_subject(p) for p in ("the Applicant", "our patients", "each driver's", "Home Office")]
        [True, True, True, False]
        """
        words = re.sub(r"[’']s?\b", "", phrase.lower()).replace("-", " ").split()
        words = [w.strip(".,;:()\"“”") for w in words]
        words = [w for w in words if w]
        if not words:
            return False
        for n in (2, 1):
            tail = " ".join(words[-n:])
            forms = {tail, tail[:-1] if tail.endswith("s") else tail, tail[:-2] if tail.endswith("es") else tail}
            if forms & self.data_subjects:
                return True
        while words and words[0] in ("the", "a", "an", "any", "each", "every", "our", "your", "other", "another"):
            words = words[1:]
        if len(words) >= 2 and words[1] in ("outside", "who", "that", "else", "beyond", "other", "except"):
            head = words[0]  # "any person outside the club", "people who ..."
            return bool({head, head[:-1] if head.endswith("s") else head} & self.data_subjects)
        return False

    def party_kind(self, party: str) -> str:
        """``first_party``, ``named``, ``class`` or ``vague``."""
        if party == "first_party":
            return "first_party"
        if party in self.party_class:
            return "named"
        return "vague" if party in self.vague_classes else "class"


_IRREGULAR = {"sell": ["sold"], "keep": ["kept"], "hold": ["held"], "give": ["gave", "given"], "send": ["sent"],
              "get": ["got", "gotten"], "make available": ["made available"], "pass on": ["passed on"],
              "hand over": ["handed over"], "have access to": ["has access to", "had access to"],
              "have no access to": ["has no access to", "had no access to"]}


#: words of fideslang category names that say nothing about the data ("User Contact Email" is "email")
_FIDES_NOISE = ("user ", "user's ", "subject ")
_FIDES_SKIP = {"user", "unique id", "workplace", "organization", "language", "race", "religion", "password",
               "account password", "account username", "device cookie", "user image", "user profile data",
               # single everyday words that name other things in a notice ("the state", "our website")
               "data", "content", "state", "street", "city", "country", "website", "image", "address", "email",
               "name", "profile data", "profile information", "observed behavior"}


@functools.cache
def _fides_categories() -> tuple[tuple[str, str], ...]:
    from fideslang import DEFAULT_TAXONOMY  # noqa: PLC0415 (loaded only when notices are read)
    return tuple(sorted((c.fides_key, c.name) for c in DEFAULT_TAXONOMY.data_category))


def _fideslang_phrases(known: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """Every fideslang data category's own name as a phrase for that category ("Fingerprint",
    "Immigration ID", "Private Content", "Last Name"), with the "User"/"Contact" prefixes and the
    "Data"/"Information" suffixes dropped as well. Phrases data.yaml already maps keep their mapping."""
    out = []
    for key, name in _fides_categories():
        if not key.startswith("user."):
            continue
        base = name.lower()
        for noise in _FIDES_NOISE:
            if base.startswith(noise):
                base = base[len(noise):]
        base = re.sub(r"^contact ", "", base)
        forms = {base}
        stem = re.sub(r" (data|information)$", "", base)
        if stem != base and len(stem.split()) >= 1:
            forms |= {stem + " data", stem + " information"}
        for form in sorted(forms):
            if form in _FIDES_SKIP or _norm_phrase(form) in known:
                continue
            known.add(_norm_phrase(form))
            out.append((form, key))
    return out


def _verb_forms(verb: str) -> list[str]:
    words = verb.split()
    head, rest = words[0], words[1:]
    forms = {head, head + "s", head + "es", head + "ing", head + "ed", head + "d"}
    if head.endswith("e"):
        forms |= {head[:-1] + "ing", head + "d"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", head):
        # "log"/"logged", and stressed last syllables: "transfer"/"transferred", "submit"/"submitted"
        # (a doubled form of another verb is no English word, so it never matches wrongly)
        forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    if head.endswith("y"):
        forms |= {head[:-1] + "ies", head[:-1] + "ied"}
    forms -= _FALSE_FORMS
    out = [" ".join([f, *rest]) for f in sorted(forms)]
    out += _IRREGULAR.get(verb, [])
    return out


#: regular forms of irregular verbs that are other words ("see" + "d" is "seed": "seed merchants", round 8)
_FALSE_FORMS = {"seed"}
