"""The vocabulary of a pia model: pydantic classes, one per section, each field documented.

A model describes one assessment: who (parties, groups of data subjects, systems) collects which
personal data (fideslang data categories) from whom, in which processing activities (purpose, legal
basis, retention, roles), and where it flows. ``"unknown"`` is a value of its own: it says the
source was checked and is silent, and rules treat it as the risky case. A field that is simply not
given is *absent* (``None``): not recorded in the model, which rules also treat as unknown.

Loading, cross-reference checks and error messages live in :mod:`pia.model`.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from . import geo

__all__ = [
    "UNKNOWN", "ROLES", "LEGAL_BASES", "ART9_CONDITIONS", "TRANSFER_MECHANISMS", "DEROGATIONS",
    "CONSENT_MECHANISMS", "CONTROL_KINDS", "CONTROL_STATUSES", "NOTICE_ITEMS", "NOTICE_STATUSES",
    "Evidence", "Source", "Contact", "DPOAdvice", "Consultation", "SignOff", "Assessment",
    "CategoryExtension", "SubjectExtension", "UseExtension", "TaxonomyExtensions", "Party",
    "SubjectGroup", "System", "DataSource", "Retention", "Activity", "Transfer", "Flow", "Control",
    "NoticeStatement", "Notice", "Acceptance", "ModelSchema", "is_known",
]

UNKNOWN = "unknown"

ROLES = ("controller", "joint_controller", "processor", "sub_processor", "third_party", "public_authority")
LEGAL_BASES = {
    "consent": "GDPR Art. 6(1)(a)",
    "contract": "GDPR Art. 6(1)(b)",
    "legal_obligation": "GDPR Art. 6(1)(c)",
    "vital_interests": "GDPR Art. 6(1)(d)",
    "public_task": "GDPR Art. 6(1)(e)",
    "legitimate_interests": "GDPR Art. 6(1)(f)",
}
ART9_CONDITIONS = {
    "explicit_consent": "GDPR Art. 9(2)(a)",
    "employment": "GDPR Art. 9(2)(b)",
    "vital_interests": "GDPR Art. 9(2)(c)",
    "not_for_profit": "GDPR Art. 9(2)(d)",
    "made_public": "GDPR Art. 9(2)(e)",
    "legal_claims": "GDPR Art. 9(2)(f)",
    "substantial_public_interest": "GDPR Art. 9(2)(g)",
    "health_care": "GDPR Art. 9(2)(h)",
    "public_health": "GDPR Art. 9(2)(i)",
    "archiving_research": "GDPR Art. 9(2)(j)",
    "official_authority": "GDPR Art. 10 (official authority)",
    "authorised_by_law": "GDPR Art. 10 (authorised by Union or Member State law)",
}
TRANSFER_MECHANISMS = {
    "adequacy": "GDPR Art. 45 adequacy decision",
    "dpf": "EU-US Data Privacy Framework (Decision (EU) 2023/1795)",
    "scc": "Standard contractual clauses (GDPR Art. 46(2)(c), Decision (EU) 2021/914)",
    "bcr": "Binding corporate rules (GDPR Art. 46(2)(b), Art. 47)",
    "code_of_conduct": "Approved code of conduct (GDPR Art. 46(2)(e))",
    "certification": "Approved certification (GDPR Art. 46(2)(f))",
    "derogation": "Derogation for a specific situation (GDPR Art. 49)",
    "none": "No transfer mechanism",
    "unknown": "Transfer mechanism unknown",
}
DEROGATIONS = {
    "explicit_consent": "GDPR Art. 49(1)(a)",
    "contract": "GDPR Art. 49(1)(b)-(c)",
    "public_interest": "GDPR Art. 49(1)(d)",
    "legal_claims": "GDPR Art. 49(1)(e)",
    "vital_interests": "GDPR Art. 49(1)(f)",
    "public_register": "GDPR Art. 49(1)(g)",
}
CONSENT_MECHANISMS = ("opt_in", "opt_out", "implied", "pre_ticked", "none", UNKNOWN)
CONTROL_KINDS = (
    "encryption_in_transit", "encryption_at_rest", "access_control", "pseudonymisation",
    "minimisation", "art28_contract", "sub_processor_flow_down", "transfer_safeguard",
    "transfer_impact_assessment", "retention_schedule", "consent_management", "age_verification",
    "parental_consent", "rights_request_process", "privacy_notice_update", "logging_monitoring",
    "incident_response", "training", "vendor_assessment", "ip_anonymisation", "other",
)
CONTROL_STATUSES = ("in_place", "planned", UNKNOWN)
NOTICE_ITEMS = {
    "controller_identity": "GDPR Art. 13(1)(a) / 14(1)(a)",
    "dpo_contact": "GDPR Art. 13(1)(b) / 14(1)(b)",
    "purposes": "GDPR Art. 13(1)(c) / 14(1)(c)",
    "legal_basis": "GDPR Art. 13(1)(c) / 14(1)(c)",
    "legitimate_interests": "GDPR Art. 13(1)(d) / 14(2)(b)",
    "data_categories": "GDPR Art. 14(1)(d)",
    "recipients": "GDPR Art. 13(1)(e) / 14(1)(e)",
    "transfers": "GDPR Art. 13(1)(f) / 14(1)(f)",
    "retention": "GDPR Art. 13(2)(a) / 14(2)(a)",
    "rights": "GDPR Art. 13(2)(b) / 14(2)(c)",
    "withdraw_consent": "GDPR Art. 13(2)(c) / 14(2)(d)",
    "complaint": "GDPR Art. 13(2)(d) / 14(2)(e)",
    "statutory_requirement": "GDPR Art. 13(2)(e)",
    "automated_decisions": "GDPR Art. 13(2)(f) / 14(2)(g)",
    "source": "GDPR Art. 14(2)(f)",
}
NOTICE_STATUSES = ("stated", "partly", "not_stated", UNKNOWN)
RECIPIENT_DISCLOSURE = ("stated", "vague", "not_stated", UNKNOWN)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def is_known(value: Any) -> bool:
    """False for ``None`` (absent) and ``"unknown"``; True for anything else.

    >>> is_known(None), is_known("unknown"), is_known(False), is_known("P1Y")
    (False, False, True, True)
    """
    return value is not None and value != UNKNOWN


# --- validators with one clear message each ---------------------------------------------------

def _err(message: str, accepted: str) -> PydanticCustomError:
    """An error whose text is final (braces escaped) and which says what is accepted."""
    safe = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError("pia_choice", safe, {"accepted": accepted})


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)


def _invalid(name: str, value: Any) -> str:
    """"invalid <name> <value as written>", or "no <name> given" for an empty value."""
    if value is None:
        return f"no {name} given"
    if isinstance(value, bool):
        return f"invalid {name} {'true' if value else 'false'}"
    if isinstance(value, (str, int, float)):
        return f"invalid {name} {value!r}" if isinstance(value, str) else f"invalid {name} {value}"
    return f"invalid {name}: got {_kind(value)}"


def _choice(*options: str, name: str = "value"):
    allowed = tuple(options)

    def check(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        import difflib

        hint = ""
        if isinstance(value, str):
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean '{close[0]}'?"
        raise _err(_invalid(name, value) + hint, ", ".join(allowed))

    return Annotated[str, PlainValidator(check, json_schema_input_type=str)]


def _tri(value: Any) -> bool | str:
    if value is True or value is False or value == UNKNOWN:
        return value
    raise _err(_invalid("value", value), "true, false, unknown")


def _ident(value: Any) -> str:
    if isinstance(value, str) and _ID_RE.match(value):
        return value
    accepted = "letters, digits, '_', '.', '-', starting with a letter or digit"
    if isinstance(value, (bool, int, float)):
        what = "true/false" if isinstance(value, bool) else "a number"
        raise _err(f"{_invalid('id', value)}: YAML reads this as {what}; put the id in quotes", accepted)
    raise _err(_invalid("id", value), accepted)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return str(value)
    raise _err(f"expected text, got {_kind(value)}", "text")


_NUMBER = re.compile(r"^\d+(?:\.\d+)?(?:[eE][+]?\d+)?$")


def _scale(value: Any) -> int | str:
    if value == UNKNOWN:
        return value
    if isinstance(value, str) and _NUMBER.match(value.replace("_", "")):
        value = float(value.replace("_", ""))  # YAML 1.1 reads 1e6 (no dot) as text
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < float("inf"):
        return int(value)
    raise _err(_invalid("scale", value), "an estimated number of people (e.g. 10000 or 1e6) or unknown")


def _certs(value: Any) -> list[str] | str:
    if value == UNKNOWN:
        return value
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return value
    message = "invalid certifications: each entry must be a name" if isinstance(value, list) else _invalid("certifications", value)
    raise _err(message, "a list such as [dpf, iso27001], [] for none, or unknown")


def _country(value: Any) -> str:
    if value == UNKNOWN or (isinstance(value, str) and geo.is_country(value)):
        return value
    if not isinstance(value, str):
        raise _err(_invalid("country code", value), _COUNTRY_ACCEPTED)
    close = geo.suggest_country(value)
    hint = f"; did you mean '{close}'?" if close else ""
    raise _err(f"unknown country code '{value}'{hint}", _COUNTRY_ACCEPTED)


_COUNTRY_ACCEPTED = "ISO 3166-1 alpha-2 codes (DE, US, IN, ...), EU, or unknown"
Country = Annotated[str, PlainValidator(_country, json_schema_input_type=str)]
Certifications = Annotated[Union[list[str], str], PlainValidator(_certs, json_schema_input_type=Union[list[str], str])]
Tri = Annotated[Union[bool, str], PlainValidator(_tri, json_schema_input_type=Union[bool, str])]
Id = Annotated[str, PlainValidator(_ident, json_schema_input_type=str)]
Text = Annotated[str, PlainValidator(_text, json_schema_input_type=str)]
Scale = Annotated[Union[int, str], PlainValidator(_scale, json_schema_input_type=Union[int, str])]
Role = _choice(*ROLES, name="role")
LegalBasis = _choice(*LEGAL_BASES, UNKNOWN, name="legal basis")
Art9Condition = _choice(*ART9_CONDITIONS, UNKNOWN, name="Art. 9/10 condition")
Mechanism = _choice(*TRANSFER_MECHANISMS, name="transfer mechanism")
Derogation = _choice(*DEROGATIONS, name="Art. 49 derogation")
ConsentMechanism = _choice(*CONSENT_MECHANISMS, name="consent mechanism")
ControlKind = _choice(*CONTROL_KINDS, name="control kind")
ControlStatus = _choice(*CONTROL_STATUSES, name="control status")
NoticeStatus = _choice(*NOTICE_STATUSES, name="notice status")
RecipientDisclosure = _choice(*RECIPIENT_DISCLOSURE, name="disclosure status")
PartyKind = _choice("organisation", "group", "person", "authority", name="party kind")
SystemKind = _choice("website", "application", "service", "platform", "datastore", "system", name="system kind")
SourceKind = _choice("data_subject", "party", "system", "public", UNKNOWN, name="source")


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=False)


def _shorthand(field_name: str):
    """Accept a bare string where a mapping with ``field_name`` is expected."""

    @model_validator(mode="before")
    @classmethod
    def expand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {field_name: data}
        return data

    return expand


# --- evidence -------------------------------------------------------------------------------

class Evidence(_Base):
    """Where a statement of the model comes from: a section of a source document.

    Written as a mapping, or as a bare string naming a section of the model's first source.
    """

    section: Text = Field(description="Section or heading of the source, e.g. 'Log Data'.")
    source: Id | None = Field(None, description="Id of an entry in `sources`; default: the first source.")
    note: Text = Field("", description="How the source supports the statement, in the assessor's words.")
    expand_shorthand = _shorthand("section")


EvidenceList = list[Evidence]


def _evidence_list(data: Any) -> Any:
    if isinstance(data, (str, dict)):
        return [data]
    return data


class _Cited(_Base):
    evidence: EvidenceList = Field(default_factory=list, description="Sources of this element.")

    @model_validator(mode="before")
    @classmethod
    def wrap_evidence(cls, data: Any) -> Any:
        if isinstance(data, dict) and "evidence" in data:
            data = {**data, "evidence": _evidence_list(data["evidence"])}
        return data


class Source(_Base):
    """A document the model rests on (privacy notice, contract, interview notes...)."""

    id: Id
    title: Text
    kind: Text = Field("privacy_notice", description="privacy_notice, contract, interview, record, ...")
    date: dt.date | None = None
    url: Text | None = None
    path: Text | None = Field(None, description="The document's text, relative to the model file (e.g. for pia notice-check).")
    note: Text = ""


# --- the assessment ---------------------------------------------------------------------------

class Contact(_Base):
    """A name and a way to reach them; ``unknown`` when the source does not say."""

    name: Text | None = None
    contact: Text | None = Field(None, description="E-mail, postal address or web form.")

    @model_validator(mode="before")
    @classmethod
    def expand_unknown(cls, data: Any) -> Any:
        if data == UNKNOWN:
            return {"name": UNKNOWN, "contact": UNKNOWN}
        if isinstance(data, str):
            raise _err(f"invalid contact {data!r}", "a mapping with name and contact, or unknown")
        return data


class DPOAdvice(_Base):
    """Art. 35(2): the DPO's advice on the DPIA (empty until given)."""

    advice: Text | None = None
    by: Text | None = None
    date: dt.date | None = None
    accepted: Tri | None = Field(None, description="Was the advice followed? If not, say why in `reason`.")
    reason: Text | None = None


class Consultation(_Base):
    """Art. 35(9): views of data subjects or their representatives (empty until sought)."""

    summary: Text | None = None
    by: Text | None = None
    date: dt.date | None = None
    reviewed_by: Text | None = None


class SignOff(_Base):
    """ICO step 7: who approved the measures and the residual risks (empty until signed)."""

    measures_approved_by: Text | None = None
    residual_risks_approved_by: Text | None = None
    date: dt.date | None = None
    kept_under_review_by: Text | None = None
    next_review: dt.date | None = None


class Assessment(_Base):
    """The assessment as a whole."""

    id: Id = Field(description="Stable id; also the report folder name.")
    title: Text
    scope: Text = ""
    description: Text = ""
    version: Text = "1"
    assessor: Text | None = None
    created: dt.date | None = None
    updated: dt.date | None = None
    controller: Id | None = Field(None, description="Party id of the organisation this assessment is for.")
    dpo: Contact | None = Field(None, description="The data protection officer, or 'unknown'.")
    dpo_advice: DPOAdvice = Field(default_factory=DPOAdvice)
    consultation: Consultation = Field(default_factory=Consultation)
    sign_off: SignOff = Field(default_factory=SignOff)


# --- taxonomy extensions ----------------------------------------------------------------------

class CategoryExtension(_Base):
    """A data category the model adds to fideslang's, below an existing parent."""

    key: Text
    parent: Text
    name: Text
    description: Text = ""
    special: _choice("art9", "art10", name="special category") | None = None
    kinds: list[Text] = Field(default_factory=list, description="High-risk kinds, e.g. credentials, financial.")


class SubjectExtension(_Base):
    """A kind of data subject the model adds (e.g. minors, a client's end users)."""

    key: Text
    name: Text
    description: Text = ""
    vulnerable: bool = False
    kinds: list[Text] = Field(default_factory=list, description="e.g. children, employee, patient.")


class UseExtension(_Base):
    """A purpose (data use) the model adds below an existing one."""

    key: Text
    parent: Text
    name: Text
    description: Text = ""


class TaxonomyExtensions(_Base):
    data_categories: list[CategoryExtension] = Field(default_factory=list)
    data_subjects: list[SubjectExtension] = Field(default_factory=list)
    data_uses: list[UseExtension] = Field(default_factory=list)


# --- who and where ----------------------------------------------------------------------------

class Party(_Cited):
    """An organisation, group of organisations, person or authority."""

    id: Id
    name: Text
    kind: PartyKind = "organisation"
    country: Country = Field(UNKNOWN, description="ISO 3166-1 alpha-2 code, 'EU', or 'unknown'.")
    certifications: Certifications = Field(
        UNKNOWN, description="e.g. dpf (EU-US Data Privacy Framework), bcr, iso27001; or 'unknown'.")
    contact: Text | None = None
    url: Text | None = None
    description: Text = ""


class SubjectGroup(_Cited):
    """A group of data subjects (people the data is about)."""

    id: Id
    name: Text
    category: Text = Field(description="fideslang data subject key, or one declared in taxonomy.data_subjects.")
    country: Country = Field(UNKNOWN, description="Where they are: ISO code, 'EU', or 'unknown'.")
    description: Text = ""


class System(_Cited):
    """A system or data store (website, portal, platform, database)."""

    id: Id
    name: Text
    kind: SystemKind = "system"
    operator: Id | None = Field(None, description="Party id of who runs it.")
    location: Country = Field(UNKNOWN, description="Country where it runs or stores data; 'unknown' if not said.")
    description: Text = ""


# --- processing -------------------------------------------------------------------------------

class DataSource(_Base):
    """Where an activity's data comes from (Art. 14 applies when not from the person)."""

    kind: SourceKind
    party: Id | None = Field(None, description="Party the data is obtained from, when kind is party.")
    description: Text = ""
    expand_shorthand = _shorthand("kind")


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_HUMAN = re.compile(r"^(\d+)\s*(day|week|month|year)s?$")
_RETENTION_ACCEPTED = "an ISO 8601 period such as P6M or P2Y, '30 days', 'unlimited' or 'unknown'"


class Retention(_Cited):
    """How long data is kept: an ISO 8601 period (P2Y), 'N days/weeks/months/years', 'unlimited' or 'unknown'."""

    period: Text
    criteria: Text = Field("", description="How the period is decided, when there is no fixed one.")
    expand_shorthand = _shorthand("period")

    @model_validator(mode="before")
    @classmethod
    def refuse_bare_number(cls, data: Any) -> Any:
        if isinstance(data, (int, float, bool)) or data is None:
            raise _err(_invalid("retention period", data), _RETENTION_ACCEPTED)
        return data

    @model_validator(mode="after")
    def check_period(self) -> "Retention":
        if self.days is None and self.period not in (UNKNOWN, "unlimited"):
            raise _err(f"invalid retention period {self.period!r}", _RETENTION_ACCEPTED)
        return self

    @property
    def days(self) -> int | None:
        """The period in days, or None for 'unknown' and 'unlimited'."""
        m = _DURATION.match(self.period)
        if m and any(m.groups()):
            y, mo, w, d = (int(g or 0) for g in m.groups())
            return y * 365 + mo * 30 + w * 7 + d
        m = _HUMAN.match(self.period.strip().lower())
        if m:
            return int(m.group(1)) * {"day": 1, "week": 7, "month": 30, "year": 365}[m.group(2)]
        return None


class Activity(_Cited):
    """A processing activity: one purpose, its legal basis, data, people and roles."""

    id: Id
    name: Text
    description: Text = ""
    purpose: Text = Field(description="fideslang data use key, e.g. analytics.reporting.")
    legal_basis: LegalBasis | None = Field(None, description="GDPR Art. 6(1) basis, or 'unknown'.")
    legitimate_interest: Text | None = Field(None, description="The interest pursued, when the basis is legitimate_interests.")
    special_condition: Art9Condition | None = Field(None, description="Art. 9(2)/10 condition for special categories.")
    consent: ConsentMechanism | None = Field(None, description="How consent is obtained, when consent is the basis.")
    subjects: list[Id] = Field(default_factory=list, description="Ids of subject groups.")
    categories: list[Text] = Field(default_factory=list, description="Data category keys.")
    source: DataSource | None = None
    scale: Scale | None = Field(None, description="Estimated number of people, or 'unknown'.")
    retention: Retention | None = None
    profiling: Tri | None = None
    automated_decisions: Tri | None = Field(None, description="Solely automated decisions with legal or similar effect.")
    roles: dict[Id, Role] = Field(default_factory=dict, description="party id -> role in this activity.")
    systems: list[Id] = Field(default_factory=list)


class Transfer(_Base):
    """How a flow to a third country is framed under GDPR Chapter V."""

    mechanism: Mechanism
    derogation: Derogation | None = None
    note: Text = ""
    expand_shorthand = _shorthand("mechanism")


class Flow(_Cited):
    """Personal data moving from one node (subject group, system, party) to another."""

    id: Id
    source: Id = Field(alias="from", description="Id of the sending subject group, system or party.")
    to: Id
    activity: Id
    categories: list[Text] | None = Field(None, description="Categories carried; default: the activity's.")
    subjects: list[Id] | None = Field(None, description="Whose data; default: the activity's subjects.")
    encrypted: Tri | None = Field(None, description="Encrypted in transit.")
    transfer: Transfer | None = Field(None, description="Chapter V mechanism when the flow leaves the EEA.")
    consent: ConsentMechanism | None = Field(None, description="How consent is obtained for this flow, if consent.")
    systematic: Tri | None = Field(None, description="Regular/repeated rather than occasional (Art. 49 reading).")
    description: Text = ""


class Control(_Cited):
    """A measure in place or planned, and the elements it covers."""

    id: Id
    name: Text
    kind: ControlKind
    status: ControlStatus = "in_place"
    covers: list[Id] = Field(default_factory=list, description="Ids of flows, activities, systems or parties.")
    description: Text = ""


class NoticeStatement(_Cited):
    """What the privacy notice says about one Art. 13/14 item."""

    status: NoticeStatus
    section: Text | None = Field(None, description="Section of the notice where it is said.")
    note: Text = ""
    expand_shorthand = _shorthand("status")


class Notice(_Cited):
    """The published privacy notice, item by item."""

    source: Id | None = Field(None, description="Id of the notice in `sources`.")
    items: dict[_choice(*NOTICE_ITEMS, name="notice item"), NoticeStatement] = Field(default_factory=dict)
    recipients: dict[Id, RecipientDisclosure] = Field(
        default_factory=dict, description="party id -> stated (named or by category), vague, not_stated.")


class Acceptance(_Base):
    """A finding the controller accepts: shown as accepted in the report, never hidden."""

    rule: Text
    elements: list[Id] = Field(default_factory=list, description="Elements it applies to; empty: all.")
    by: Text
    reason: Text
    date: dt.date | None = None


class ModelSchema(_Base):
    """A whole model, as written in YAML."""

    assessment: Assessment
    sources: list[Source] = Field(default_factory=list)
    taxonomy: TaxonomyExtensions = Field(default_factory=TaxonomyExtensions)
    parties: list[Party] = Field(default_factory=list)
    subjects: list[SubjectGroup] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)
    notice: Notice | None = None
    accepted: list[Acceptance] = Field(default_factory=list)

    _private: dict = PrivateAttr(default_factory=dict)
