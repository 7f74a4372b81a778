"""Synthetic models of any size: an organisation, its systems, vendors and data flows.

:func:`write` produces a realistic, valid-by-construction model with exactly the number of flows and
systems asked for, reproducible from a seed (same arguments, same bytes). It is meant for trying pia
at scale and for the benchmarks in ``benchmarks/``: the organisation has vendors in many countries
(EEA, adequate, the US with and without the Data Privacy Framework, other third countries, unknown),
sub-processor chains, data categories of every risk kind (special categories, credentials,
financial, children's data, ...), purposes, legal bases, retention periods, controls, a privacy
notice, and a share of ``unknown`` and absent values, as a real inventory would.

The YAML is streamed: :func:`lines` yields it piece by piece and :func:`write` writes it to a
temporary file next to the target, then moves it into place, so a failure leaves nothing half-written.

>>> sizes = plan(21, systems=4)
>>> sizes["flows"], sizes["systems"], sizes["parties"], sizes["activities"]
(21, 4, 7, 11)
>>> import pia
>>> m = pia.loads("".join(lines(21, systems=4, seed=1)))
>>> len(m.flows), len(m.systems), len(m.parties)
(21, 4, 7)
"""
from __future__ import annotations

import json
import math
import os
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

__all__ = ["plan", "lines", "write", "DEFAULT_SEED"]

DEFAULT_SEED = 0

# --- vocabulary the generator draws from --------------------------------------------------------

_EEA = ("DE", "FR", "NL", "IE", "SE", "ES", "IT", "AT", "BE", "PL", "DK", "FI", "PT", "CZ", "NO")
_ADEQUATE = ("CH", "GB", "JP", "KR", "CA", "IL", "NZ", "UY", "AR")
_THIRD = ("IN", "CN", "SG", "AU", "ZA", "MX", "PH", "TR", "AE", "UA", "VN", "EG")
#: (zone, weight) for vendor countries.
_ZONES = (("eea", 34), ("adequate", 14), ("us_dpf", 15), ("us", 11), ("third", 16), ("unknown", 10))
_LEGAL_FORM = {"DE": "GmbH", "AT": "GmbH", "CH": "AG", "FR": "SAS", "NL": "B.V.", "BE": "SA", "IE": "Ltd",
               "GB": "Ltd", "SE": "AB", "DK": "ApS", "FI": "Oy", "NO": "AS", "ES": "S.L.", "IT": "S.r.l.",
               "PL": "sp. z o.o.", "PT": "Lda", "CZ": "s.r.o.", "US": "Inc.", "JP": "K.K.", "IN": "Pvt Ltd",
               "CN": "Co., Ltd", "SG": "Pte Ltd", "AU": "Pty Ltd"}
_STEMS = ("Nord", "Blue", "Alp", "Cedar", "Delta", "Ever", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
          "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pine", "Quartz", "River", "Summit", "Tidal",
          "Umber", "Vertex", "Willow", "Xeno", "Yarrow", "Zephyr")
_TRADES = {
    "processor": ("Cloud", "Hosting", "Mail", "Payroll", "CRM", "Analytics", "Support Desk", "Billing",
                  "Identity", "Backup", "Telephony", "Logistics"),
    "sub_processor": ("Data Centres", "Infrastructure", "SMS Gateway", "CDN", "Storage", "Print and Post"),
    "third_party": ("Ad Network", "Insurance", "Credit Bureau", "Auditors", "Benefits", "Data Broker"),
    "authority": ("Tax Office", "Labour Inspectorate", "Police", "Social Security Agency"),
}

# Subject group templates: (name, fideslang data subject key or the model's own, country)
_SUBJECTS = (
    ("Customers", "customer", "EU"), ("Website visitors", "visitor", "EU"), ("Employees", "employee", "EU"),
    ("Job applicants", "job_applicant", "EU"), ("Prospects", "prospect", "unknown"),
    ("Supplier contacts", "supplier_vendor", "EU"), ("Patients", "patient", "EU"),
    ("Children using the apps", "minor", "EU"), ("Trainees", "trainee", "EU"),
    ("Shareholders", "shareholder", "unknown"), ("Employees' next of kin", "next_of_kin", "EU"),
    ("Consultants", "consultant", "unknown"), ("Passengers", "passenger", "EU"),
    ("Anonymous app users", "anonymous_user", "unknown"),
)
_REGIONS = ("", " (Nordics)", " (DACH)", " (Benelux)", " (Iberia)", " (UK)", " (North America)", " (APAC)")

# Activity templates: name, purpose, usual legal basis, subject keys, core and optional categories,
# receiver kinds (processor, third_party, authority), flags.
@dataclass(frozen=True)
class _Template:
    name: str
    purpose: str
    basis: str
    subjects: tuple[str, ...]
    core: tuple[str, ...]
    extra: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ("processor",)
    returns: bool = False  # data also flows back to the people (mailings)
    profiling: bool = False


_TEMPLATES = (
    _Template("Customer accounts", "essential.service", "contract", ("customer", "minor"),
              ("user.name", "user.contact.email", "user.account.username", "user.authorization.credentials"),
              ("user.contact.phone_number", "user.contact.address", "user.demographic.date_of_birth")),
    _Template("Payments and billing", "essential.service.payment_processing", "contract", ("customer",),
              ("user.name", "user.financial.bank_account", "user.payment"),
              ("user.financial.credit_card", "user.contact.address", "user.behavior.purchase_history")),
    _Template("Customer support", "essential.service.operations.support", "contract", ("customer", "prospect"),
              ("user.name", "user.contact.email"), ("user.contact.phone_number", "user.content.private")),
    _Template("E-mail marketing", "marketing.communications.email", "consent", ("customer", "prospect"),
              ("user.name", "user.contact.email"), ("user.behavior.purchase_history", "user.demographic.age_range"),
              returns=True),
    _Template("Web analytics", "analytics.reporting", "consent", ("visitor", "anonymous_user", "minor"),
              ("user.device.ip_address", "user.device.cookie_id", "user.behavior.browsing_history"),
              ("user.location.imprecise", "user.device.device_id"), ("processor", "third_party")),
    _Template("Targeted advertising", "marketing.advertising.third_party.targeted", "consent", ("visitor", "customer"),
              ("user.device.cookie_id", "user.behavior.browsing_history", "user.unique_id"),
              ("user.location.precise", "user.demographic.profile"), ("third_party",), profiling=True),
    _Template("Recruitment", "employment.recruitment", "legitimate_interests", ("job_applicant",),
              ("user.name", "user.contact.email", "user.job_title"),
              ("user.criminal_history", "user.demographic.race_ethnicity", "user.government_id.passport_number")),
    _Template("Payroll and HR administration", "employment", "legal_obligation", ("employee", "next_of_kin", "trainee"),
              ("user.name", "user.government_id.national_identification_number", "user.financial.bank_account"),
              ("user.health_and_medical.sick_leave", "user.demographic.religious_belief", "user.contact.address"),
              ("processor", "authority")),
    _Template("Fraud detection", "essential.fraud_detection", "legitimate_interests", ("customer",),
              ("user.device.ip_address", "user.financial.credit_card", "user.behavior.purchase_history"),
              ("user.location.precise", "user.device.device_id"), ("processor", "third_party"), profiling=True),
    _Template("Security logging", "essential.service.security", "legitimate_interests", ("employee", "customer", "visitor"),
              ("user.device.ip_address", "user.account.username"), ("user.authorization.password",)),
    _Template("Disclosures to authorities", "third_party_sharing.legal_obligation", "legal_obligation",
              ("customer", "employee"), ("user.name", "user.contact.address"),
              ("user.financial", "user.government_id"), ("authority",)),
    _Template("Patient care records", "essential.service", "contract", ("patient",),
              ("user.name", "user.health_and_medical.record_id"),
              ("user.health_and_medical.genetic", "user.biometric.fingerprint", "user.demographic.date_of_birth")),
    _Template("Supplier management", "essential.service.operations", "contract", ("supplier_vendor", "consultant"),
              ("user.name", "user.contact.email", "user.contact.organization"), ("user.financial.bank_account",)),
    _Template("Model training on service data", "train_ai_system", "unknown", ("customer", "visitor"),
              ("user.content.private", "user.behavior.search_history"), ("user.demographic.political_opinion",),
              profiling=True),
    _Template("Travel booking", "essential.service", "contract", ("passenger", "employee"),
              ("user.name", "user.government_id.passport_number", "user.contact.phone_number"),
              ("user.location.precise",), ("processor", "third_party")),
    _Template("Shareholder register", "essential.legal_obligation", "legal_obligation", ("shareholder",),
              ("user.name", "user.contact.address", "user.financial.bank_account"), (), ("processor", "authority")),
)
_SPECIAL_PREFIXES = ("user.health_and_medical", "user.demographic.religious_belief", "user.demographic.race_ethnicity",
                     "user.demographic.political_opinion", "user.biometric", "user.criminal_history")
_ART9_CONDITION = {"employment": "employment", "essential.service": "health_care",
                   "employment.recruitment": "employment"}
_RETENTION = (("P1Y", 20), ("P6M", 10), ("P7Y", 10), ("P3Y", 8), ("30 days", 6), ("90 days", 6),
              ("unlimited", 5), ("unknown", 25), (None, 10))
_CONTROLS = (
    ("encryption_in_transit", "TLS on every connection", "flow"),
    ("encryption_at_rest", "Encrypted storage", "system"),
    ("access_control", "Role-based access with yearly review", "system"),
    ("art28_contract", "Art. 28 data processing agreement", "party"),
    ("sub_processor_flow_down", "Processor terms passed on to sub-processors", "party"),
    ("transfer_safeguard", "Standard contractual clauses signed", "flow"),
    ("transfer_impact_assessment", "Transfer impact assessment", "party"),
    ("retention_schedule", "Deletion according to the retention schedule", "activity"),
    ("consent_management", "Consent management platform", "activity"),
    ("pseudonymisation", "Pseudonymised identifiers", "system"),
    ("logging_monitoring", "Access logging and monitoring", "system"),
    ("rights_request_process", "Data subject request process", "activity"),
    ("vendor_assessment", "Vendor security assessment", "party"),
)
_REGISTER = ("Data flows", "Processors", "Transfers")
_SECTIONS = ("Who we are", "What we collect", "Why we use your data", "Who receives your data",
             "International transfers", "How long we keep data", "Your rights", "Cookies", "Contact")
#: Art. 13/14 item -> the section of the synthetic notice that would state it.
_NOTICE_ITEMS = {"controller_identity": "Who we are", "dpo_contact": "Contact", "purposes": "Why we use your data",
                 "legal_basis": "Why we use your data", "legitimate_interests": "Why we use your data",
                 "data_categories": "What we collect", "recipients": "Who receives your data",
                 "transfers": "International transfers", "retention": "How long we keep data",
                 "rights": "Your rights", "withdraw_consent": "Your rights", "complaint": "Your rights",
                 "statutory_requirement": "What we collect", "automated_decisions": "Why we use your data",
                 "source": "What we collect"}


# --- sizes ---------------------------------------------------------------------------------------

def plan(flows: int, systems: int | None = None) -> dict[str, int]:
    """How many of each element a model with ``flows`` flows gets.

    Without ``systems``: ``3 + flows/25`` (thousands of systems at 100k flows). Vendors grow with the
    square root of the flows, subject groups with the logarithm; ``plan(21, 4)`` has the size of the
    bundled Cloud Connectors model (7 parties, 7 subject groups, 4 systems, 11 activities, 21 flows,
    9 controls).

    >>> plan(100_000)["systems"], plan(100_000)["parties"]
    (4003, 412)
    """
    if not isinstance(flows, int) or isinstance(flows, bool) or flows < 1:
        raise ValueError(f"the number of flows must be a whole number of at least 1 (got {flows!r})")
    if systems is None:
        systems = 3 + round(flows / 25)
    if not isinstance(systems, int) or isinstance(systems, bool) or systems < 1:
        raise ValueError(f"the number of systems must be a whole number of at least 1 (got {systems!r})")
    root = math.sqrt(flows)
    vendors = max(3, round(1.3 * root))
    return {
        "flows": flows,
        "systems": systems,
        "parties": vendors + 1,
        "subject_groups": 3 + round(math.log2(flows + 1)),
        "activities": max(1, min(flows, round(2.5 * root))),
        "controls": max(2, round(2 * root)),
    }


# --- the generator -------------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def _weighted(rng: random.Random, pairs) -> object:
    total = sum(w for _v, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


@dataclass
class _Party:
    id: str
    name: str
    kind: str  # processor, sub_processor, third_party, authority, controller
    country: str
    certs: object  # list or "unknown"
    subs: list[str] = field(default_factory=list)  # sub-processors it hires


@dataclass
class _Node:
    id: str
    location: str
    party: str | None  # the party behind it (systems: operator)


@dataclass
class _Activity:
    id: str
    name: str
    template: _Template
    subjects: list[str]
    categories: list[str]
    systems: list[str]
    processors: list[str]
    recipients: list[str]
    n_flows: int
    seed: str


class _World:
    """Everything but the flows, built up front (its size grows with the square root of the flows)."""

    def __init__(self, flows: int, systems: int | None, seed: int) -> None:
        self.sizes = plan(flows, systems)
        self.seed = seed
        rng = self.rng = random.Random(f"pia-synth:{seed}")
        self.home = rng.choice(_EEA[:12])
        self.width = len(str(flows))
        self._parties()
        self._subjects()
        self._systems()
        self._activities()

    # parties: the controller, processors, sub-processors (in chains), third parties, authorities
    def _parties(self) -> None:
        rng = self.rng
        n = self.sizes["parties"] - 1
        n_auth = max(1, n // 50)
        n_third = max(1, round(n * 0.15))
        n_sub = max(1, round(n * 0.22))
        n_proc = max(1, n - n_auth - n_third - n_sub)
        n_sub = n - n_auth - n_third - n_proc
        self.controller = _Party("org", f"Synthetic Group {self.seed}", "controller", self.home, ["iso27001"])
        self.parties: list[_Party] = [self.controller]
        width = len(str(n))
        counter = 0

        def add(kind: str, count: int) -> list[_Party]:
            nonlocal counter
            made = []
            for _ in range(count):
                counter += 1
                zone = "eea" if kind == "authority" else _weighted(rng, _ZONES)
                if kind == "authority":
                    country = rng.choice((self.home, self.home, "unknown"))
                    certs: object = []
                elif zone == "eea":
                    country, certs = rng.choice(_EEA), rng.choice((["iso27001"], [], "unknown"))
                elif zone == "adequate":
                    country, certs = rng.choice(_ADEQUATE), rng.choice((["iso27001"], [], "unknown"))
                elif zone == "us_dpf":
                    country, certs = "US", rng.choice((["dpf"], ["dpf", "iso27001"]))
                elif zone == "us":
                    country, certs = "US", rng.choice(([], ["iso27001"], "unknown"))
                elif zone == "third":
                    country, certs = rng.choice(_THIRD), rng.choice(([], ["iso27001"], "unknown"))
                else:
                    country, certs = "unknown", "unknown"
                trade = rng.choice(_TRADES[kind])
                if kind == "authority":
                    name = f"{trade} ({country if country != 'unknown' else 'location not stated'})"
                else:
                    form = _LEGAL_FORM.get(country, "Ltd")
                    name = f"{rng.choice(_STEMS)}{rng.choice(_STEMS).lower()} {trade} {form}"
                p = _Party(f"v-{counter:0{width}d}", name, kind, country, certs)
                made.append(p)
            return made

        procs = add("processor", n_proc)
        subs = add("sub_processor", n_sub)
        thirds = add("third_party", n_third)
        auths = add("authority", n_auth)
        # sub-processor chains: most processors hire one or two sub-processors, some of which hire
        # another one in turn (chains of up to three links)
        for p in procs:
            if subs and rng.random() < 0.7:
                p.subs = sorted(s.id for s in rng.sample(subs, min(len(subs), rng.choice((1, 1, 2)))))
        for i, s in enumerate(subs):
            if i + 1 < len(subs) and rng.random() < 0.3:
                s.subs = [subs[rng.randrange(i + 1, len(subs))].id]
        self.parties += procs + subs + thirds + auths
        self.by_id = {p.id: p for p in self.parties}
        self.processors, self.third_parties, self.authorities = procs, thirds, auths

    def _subjects(self) -> None:
        n = self.sizes["subject_groups"]
        self.subject_rows: list[tuple[str, str, str, str]] = []  # id, name, key, country
        self.subjects_by_key: dict[str, list[str]] = {}
        width = len(str(n))
        for i in range(n):
            name, key, country = _SUBJECTS[i % len(_SUBJECTS)]
            region = _REGIONS[(i // len(_SUBJECTS)) % len(_REGIONS)]
            if i >= len(_SUBJECTS) * len(_REGIONS):
                region += f" {i // (len(_SUBJECTS) * len(_REGIONS)) + 1}"
            sid = f"s-{i + 1:0{width}d}"
            self.subject_rows.append((sid, name + region, key, country))
            self.subjects_by_key.setdefault(key, []).append(sid)
        self.nodes = {sid: _Node(sid, country, None) for sid, _n, _k, country in self.subject_rows}

    def _systems(self) -> None:
        rng = self.rng
        n = self.sizes["systems"]
        width = len(str(n))
        kinds = ("application", "service", "datastore", "platform", "website", "system")
        words = ("CRM", "ERP", "Data lake", "Web shop", "HR suite", "Ticketing", "Mail relay", "Warehouse",
                 "Customer portal", "Mobile backend", "Log store", "Payments gateway", "Intranet", "Call centre")
        self.system_rows: list[tuple[str, str, str, str, str]] = []  # id, name, kind, operator, location
        for i in range(n):
            sid = f"sys-{i + 1:0{width}d}"
            if self.processors and rng.random() < 0.25:
                op = rng.choice(self.processors)
                loc = op.country
            else:
                op = self.controller
                loc = _weighted(rng, ((self.home, 60), (rng.choice(_EEA), 12), ("US", 12), ("unknown", 12),
                                      (rng.choice(_ADEQUATE + _THIRD), 4)))
            name = f"{words[i % len(words)]} {i // len(words) + 1}"
            self.system_rows.append((sid, name, rng.choice(kinds), op.id, loc))
            self.nodes[sid] = _Node(sid, loc, op.id)
        for p in self.parties:
            if p.kind != "controller":
                self.nodes[p.id] = _Node(p.id, p.country, p.id)

    def _activities(self) -> None:
        rng = self.rng
        sizes = self.sizes
        n, total = sizes["activities"], sizes["flows"]
        weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
        s = sum(weights)
        counts = [max(1, int(total * w / s)) for w in weights]
        i = 0
        while sum(counts) < total:  # hand out what rounding left over
            counts[i % n] += 1
            i += 1
        i = 0
        while sum(counts) > total:
            if counts[i % n] > 1:
                counts[i % n] -= 1
            i += 1
        order = [row[0] for row in self.system_rows]
        rng.shuffle(order)
        cursor = 0
        width = len(str(n))
        self.activities: list[_Activity] = []
        for i in range(n):
            t = _TEMPLATES[i % len(_TEMPLATES)]
            k = counts[i]
            subjects = [sid for key in t.subjects for sid in self.subjects_by_key.get(key, [])]
            if not subjects:
                subjects = [self.subject_rows[i % len(self.subject_rows)][0]]
            subjects = sorted(rng.sample(subjects, min(len(subjects), rng.choice((1, 2, 3)))))
            cats = list(t.core) + [c for c in t.extra if rng.random() < 0.5]
            m = max(1, min(len(order), round(math.sqrt(k))))
            syst = [order[(cursor + j) % len(order)] for j in range(m)]
            cursor += m
            n_proc = min(len(self.processors), max(1, round(math.sqrt(k) / 3)))
            procs = [p.id for p in rng.sample(self.processors, n_proc)] if "processor" in t.receivers else []
            recips: list[str] = []
            if "third_party" in t.receivers and self.third_parties:
                recips.append(rng.choice(self.third_parties).id)
            if "authority" in t.receivers and self.authorities:
                recips.append(rng.choice(self.authorities).id)
            round_no = i // len(_TEMPLATES) + 1
            name = t.name if round_no == 1 else f"{t.name} ({round_no})"
            self.activities.append(_Activity(f"act-{i + 1:0{width}d}", name, t, subjects, cats, syst,
                                             procs, recips, k, f"pia-synth:{self.seed}:{i}"))

    # the flows of one activity, computed on demand (never all held at once)
    def activity_flows(self, a: _Activity) -> list[tuple[str, str]]:
        rng = random.Random(a.seed)
        chain: list[tuple[str, str]] = []
        for p in a.processors:
            stack = [p]
            depth = 0
            while stack and depth < 3:
                cur = stack.pop()
                for s in self.by_id[cur].subs:
                    chain.append((cur, s))
                    stack.append(s)
                depth += 1
        # the structure first (collection, hand-over to processors and recipients, chains, internal
        # transfers), interleaved so that even an activity with two flows shows data leaving the house
        collect = [(s, a.systems[0]) for s in a.subjects]
        outward = [(rng.choice(a.systems), r) for r in a.recipients]
        outward += [(rng.choice(a.systems), p) for p in a.processors]
        internal = [(a.systems[j - 1], a.systems[j]) for j in range(1, len(a.systems))]
        back = [(a.systems[-1], s) for s in a.subjects] if a.template.returns else []
        lists = [collect, outward, chain, internal, back]
        skeleton: list[tuple[str, str]] = []
        for j in range(max(map(len, lists))):
            skeleton += [lst[j] for lst in lists if j < len(lst)]
        out: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for edge in skeleton:
            if len(out) >= a.n_flows:
                return out
            if edge[0] != edge[1] and edge not in seen:
                seen.add(edge)
                out.append(edge)
        pools = [("collect", 3), ("internal", 3 if len(a.systems) > 1 else 0),
                 ("process", 2 if a.processors else 0), ("chain", 1 if chain else 0),
                 ("disclose", 1 if a.recipients else 0), ("return", 1 if a.template.returns else 0)]
        while len(out) < a.n_flows:
            for _attempt in range(20):
                kind = _weighted(rng, pools)
                if kind == "collect":
                    edge = (rng.choice(a.subjects), rng.choice(a.systems))
                elif kind == "internal":
                    edge = tuple(rng.sample(a.systems, 2))
                elif kind == "process":
                    edge = (rng.choice(a.systems), rng.choice(a.processors))
                elif kind == "chain":
                    edge = rng.choice(chain)
                elif kind == "disclose":
                    edge = (rng.choice(a.systems), rng.choice(a.recipients))
                else:
                    edge = (rng.choice(a.systems), rng.choice(a.subjects))
                if edge not in seen and edge[0] != edge[1]:
                    break
            # a repeated pair after 20 draws: allowed (a second flow between the same nodes)
            seen.add(edge)
            out.append(edge)
        return out

    def roles(self, a: _Activity, edges: list[tuple[str, str]]) -> dict[str, str]:
        roles = {self.controller.id: "controller"}
        role_of = {"processor": "processor", "sub_processor": "sub_processor", "third_party": "third_party",
                   "authority": "public_authority"}
        for u, v in edges:
            for node in (u, v):
                party = self.nodes[node].party
                if party and party not in roles:
                    roles[party] = role_of[self.by_id[party].kind]
        return roles


def _in_eea(code: str) -> bool | None:
    if code == "unknown":
        return None
    return code == "EU" or code in _EEA or code in ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
                                                     "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL",
                                                     "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO")


def lines(flows: int, systems: int | None = None, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """The YAML text of a synthetic model, in pieces (join them, or write them as they come)."""
    w = _World(flows, systems, seed)
    rng = random.Random(f"pia-synth:{seed}:details")
    s = w.sizes
    yield (f"# Synthetic pia model: {s['flows']} flows, {s['systems']} systems, seed {seed}.\n"
           f"# Made by `pia synth --flows {s['flows']} --systems {s['systems']} --seed {seed}`; "
           "names and facts are invented.\n\n")
    yield ("assessment:\n"
           f"  id: synthetic-{seed}\n"
           f"  title: {_q(f'{w.controller.name}: synthetic inventory of {flows} data flows')}\n"
           f"  scope: {_q('Every processing activity of the group, its systems and its vendors (synthetic data).')}\n"
           "  version: \"1\"\n"
           "  assessor: pia synth\n"
           "  created: 2026-01-01\n"
           f"  controller: {w.controller.id}\n"
           f"  dpo: {rng.choice(('unknown', '{name: Data Protection Office, contact: dpo@example.org}'))}\n\n")
    yield ("sources:\n"
           "  - {id: notice, title: \"Group privacy notice\", kind: privacy_notice, date: 2025-06-01}\n"
           "  - {id: vendor-register, title: \"Vendor register export\", kind: record}\n\n")
    yield ("taxonomy:\n"
           "  data_categories:\n"
           "    - {key: user.health_and_medical.sick_leave, parent: user.health_and_medical, name: \"Sick leave records\"}\n"
           "  data_subjects:\n"
           "    - {key: minor, name: \"Minors (under 16)\", vulnerable: true, kinds: [children]}\n\n")

    out = ["parties:\n"]
    for p in w.parties:
        certs = p.certs if p.certs == "unknown" else "[" + ", ".join(p.certs) + "]"
        kind = {"authority": "authority"}.get(p.kind, "organisation")
        ev = ", evidence: {section: \"Who receives your data\"}" if p.kind != "controller" and rng.random() < 0.5 else ""
        out.append(f"  - {{id: {p.id}, name: {_q(p.name)}, kind: {kind}, country: {_q(p.country)}, "
                   f"certifications: {certs}{ev}}}\n")
    yield "".join(out) + "\n"

    out = ["subjects:\n"]
    for sid, name, key, country in w.subject_rows:
        out.append(f"  - {{id: {sid}, name: {_q(name)}, category: {key}, country: {_q(country)}}}\n")
    yield "".join(out) + "\n"

    out = ["systems:\n"]
    for i, (sid, name, kind, op, loc) in enumerate(w.system_rows):
        out.append(f"  - {{id: {sid}, name: {_q(name)}, kind: {kind}, operator: {op}, location: {_q(loc)}}}\n")
        if len(out) >= 2000:
            yield "".join(out)
            out = []
    yield "".join(out) + "\n"

    yield "activities:\n"
    for a in w.activities:
        edges = w.activity_flows(a)
        t = a.template
        basis = t.basis if rng.random() < 0.6 else _weighted(rng, (("unknown", 3), (None, 1), ("legitimate_interests", 2),
                                                                   ("consent", 2), ("contract", 2)))
        parts = [f"  - id: {a.id}\n    name: {_q(a.name)}\n    purpose: {t.purpose}\n"]
        if basis is not None:
            parts.append(f"    legal_basis: {basis}\n")
        if basis == "legitimate_interests" and rng.random() < 0.7:
            parts.append(f"    legitimate_interest: {_q('Running and protecting the ' + t.name.lower() + ' efficiently')}\n")
        if basis == "consent":
            parts.append(f"    consent: {_weighted(rng, (('opt_in', 5), ('opt_out', 2), ('implied', 1), ('unknown', 2)))}\n")
        if any(c.startswith(_SPECIAL_PREFIXES) for c in a.categories):
            cond = _weighted(rng, ((_ART9_CONDITION.get(t.purpose, "explicit_consent"), 6), ("unknown", 3), (None, 1)))
            if any(c.startswith("user.criminal_history") for c in a.categories) and cond is not None and cond != "unknown":
                cond = "authorised_by_law"
            if cond is not None:
                parts.append(f"    special_condition: {cond}\n")
        parts.append(f"    subjects: [{', '.join(a.subjects)}]\n")
        parts.append(f"    categories: [{', '.join(a.categories)}]\n")
        parts.append(f"    source: {_weighted(rng, (('data_subject', 8), ('unknown', 1)))}\n")
        scale = _weighted(rng, (("unknown", 4), (1000, 2), (50000, 2), (2000000, 1), (None, 1)))
        if scale is not None:
            parts.append(f"    scale: {scale}\n")
        retention = _weighted(rng, _RETENTION)
        if retention is not None:
            parts.append(f"    retention: {_q(retention)}\n")
        for flag, chance in (("profiling", 0.7 if t.profiling else 0.05), ("automated_decisions", 0.1)):
            value = _weighted(rng, (("true", chance), ("false", 1 - chance), ("unknown", 0.4), (None, 0.2)))
            if value is not None:
                parts.append(f"    {flag}: {value}\n")
        roles = w.roles(a, edges)
        parts.append("    roles: {" + ", ".join(f"{p}: {r}" for p, r in roles.items()) + "}\n")
        parts.append(f"    systems: [{', '.join(sorted(a.systems))}]\n")
        if rng.random() < 0.6:
            parts.append(f"    evidence: {{section: {_q(rng.choice(_SECTIONS[1:3]))}}}\n")
        yield "".join(parts)
    yield "\n"

    yield "flows:\n"
    number = 0
    out = []
    for a in w.activities:
        for u, v in w.activity_flows(a):
            number += 1
            out.append(_flow_line(w, rng, a, number, u, v))
        if len(out) >= 2000:
            yield "".join(out)
            out = []
    yield "".join(out) + "\n"

    yield "controls:\n"
    out = []
    width = len(str(s["controls"]))
    flow_width = w.width
    pools = {
        "system": [row[0] for row in w.system_rows],
        "party": [p.id for p in w.parties if p.kind in ("processor", "sub_processor")] or [w.controller.id],
        "activity": [a.id for a in w.activities],
    }
    for i in range(s["controls"]):
        kind, name, target = _CONTROLS[i % len(_CONTROLS)]
        status = _weighted(rng, (("in_place", 6), ("planned", 2), ("unknown", 2)))
        count = rng.randint(1, 8)
        if target == "flow":
            covers = sorted({f"f-{rng.randint(1, flows):0{flow_width}d}" for _ in range(count)})
        else:
            pool = pools[target]
            covers = sorted(rng.sample(pool, min(count, len(pool))))
        out.append(f"  - {{id: c-{i + 1:0{width}d}, name: {_q(name)}, kind: {kind}, status: {status}, "
                   f"covers: [{', '.join(covers)}]}}\n")
    yield "".join(out) + "\n"

    out = ["notice:\n  source: notice\n  items:\n"]
    for item, heading in _NOTICE_ITEMS.items():
        status = _weighted(rng, (("stated", 5), ("partly", 2), ("not_stated", 2), ("unknown", 1)))
        section = f", section: {_q(heading)}" if status in ("stated", "partly") else ""
        out.append(f"    {item}: {{status: {status}{section}}}\n")
    out.append("  recipients:\n")
    for p in w.parties[1:]:
        if rng.random() < 0.8:
            status = _weighted(rng, (("stated", 5), ("vague", 3), ("not_stated", 2), ("unknown", 1)))
            out.append(f"    {p.id}: {status}\n")
    yield "".join(out)


_MECHANISMS = {
    "adequate": (("adequacy", 8), ("scc", 1), ("unknown", 1), (None, 1)),
    "us_dpf": (("dpf", 7), ("scc", 2), ("unknown", 1), (None, 1)),
    "us": (("scc", 4), ("none", 1), ("unknown", 3), (None, 2)),
    "third": (("scc", 4), ("bcr", 1), ("derogation", 1), ("none", 1), ("unknown", 3), (None, 2)),
    "unknown": (("unknown", 3), (None, 1), ("scc", 1)),
}


def _flow_line(w: _World, rng: random.Random, a: _Activity, number: int, u: str, v: str) -> str:
    parts = [f"  - {{id: f-{number:0{w.width}d}, from: {u}, to: {v}, activity: {a.id}"]
    if len(a.categories) > 1 and rng.random() < 0.4:
        cats = sorted(rng.sample(a.categories, rng.randint(1, len(a.categories) - 1)))
        parts.append(f", categories: [{', '.join(cats)}]")
    enc = _weighted(rng, (("true", 6), ("false", 0.5), ("unknown", 2), (None, 1.5)))
    if enc is not None:
        parts.append(f", encrypted: {enc}")
    src, dst = w.nodes[u], w.nodes[v]
    leaves = None if _in_eea(dst.location) is None else not _in_eea(dst.location)
    if _in_eea(src.location) is False:
        leaves = False
    if leaves is not False:
        if dst.location == "unknown":
            zone = "unknown"
        elif dst.location == "US":
            party = w.by_id.get(dst.party) if dst.party else None
            zone = "us_dpf" if party is not None and isinstance(party.certs, list) and "dpf" in party.certs else "us"
        elif dst.location in _ADEQUATE:
            zone = "adequate"
        else:
            zone = "third"
        mech = _weighted(rng, _MECHANISMS[zone])
        if mech == "derogation":
            parts.append(", transfer: {mechanism: derogation, derogation: "
                         f"{rng.choice(('contract', 'explicit_consent', 'legal_claims'))}}}")
        elif mech is not None:
            parts.append(f", transfer: {mech}")
        sysm = _weighted(rng, (("true", 6), ("false", 2), ("unknown", 1), (None, 1)))
        if sysm is not None:
            parts.append(f", systematic: {sysm}")
    if a.template.basis == "consent" and rng.random() < 0.3:
        parts.append(f", consent: {_weighted(rng, (('opt_in', 4), ('opt_out', 1), ('implied', 1), ('unknown', 1)))}")
    if rng.random() < 0.2:
        parts.append(f", evidence: {{section: {_q(rng.choice(_REGISTER))}, source: vendor-register}}")
    parts.append("}\n")
    return "".join(parts)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write(path: str | os.PathLike, flows: int, systems: int | None = None, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write a synthetic model to ``path`` atomically; return its sizes (see :func:`plan`).

    Raises ValueError for impossible sizes and OSError when the file cannot be written (then
    nothing is left at ``path`` that was not there before).
    """
    sizes = plan(flows, systems)
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # the permissions an ordinary new file gets
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for chunk in lines(flows, systems, seed):
                fh.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return sizes
