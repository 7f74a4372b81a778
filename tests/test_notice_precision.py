"""pia.notice precision mechanisms (round 3), each on sentences written for these tests: unknown
recipients only where a party can be read (not "to complain", "with our reply", "to one or more ...",
"to our Data Protection Officer"), fideslang category names and curated synonyms as data phrases."""
from __future__ import annotations

import pytest

from pia.notice.extract import extract
from pia.notice.lexicon import Lexicon
from pia.notice.segment import segment_text


def triples(text: str, fmt: str = "text"):
    return sorted((s.party, s.action, s.data, s.negated) for s in extract(segment_text(text, fmt)))


def parties(text: str) -> list[str]:
    return sorted({s.party for s in extract(segment_text(text, "text"))})


# --- unknown recipients: a party, not a verb, an answer, a quantity or a contact point -----------

@pytest.mark.parametrize("text", [
    "If you are unhappy with our reply about your data, you have the right to complain to the regulator.",
    "Send your questions about your personal data to our Data Protection Officer.",
    "Complaints about your personal data go to our privacy team.",
    "We pass your name to one or more credit reference agencies.",
])
def test_no_spurious_unknown_recipient(text):
    assert not [p for p in parties(text) if p.startswith("name:")]


def test_quantifier_before_a_known_class_keeps_the_class():
    assert triples("We pass your name to one or more credit reference agencies.") == [
        ("credit_agencies", "share", "user.name", False)]


@pytest.mark.parametrize("text, party", [
    ("We share your date of birth with the county chess federation.", "name:county chess federation"),
    ("We send your email address to Quillbird Ltd.", "name:Quillbird Ltd"),
])
def test_unknown_recipients_still_read(text, party):
    assert parties(text) == [party]


# --- vocabulary: fideslang names and curated synonyms --------------------------------------------

@pytest.mark.parametrize("phrase, key", [
    ("fingerprint", "user.biometric.fingerprint"),
    ("voice recording", "user.biometric.voice"),
    ("retina scan", "user.biometric.retinal"),
    ("immigration status", "user.government_id.immigration"),
    ("work visa", "user.government_id.immigration"),
    ("ethnic background", "user.demographic.race_ethnicity"),
    ("surname", "user.name.last"),
    ("first name", "user.name.first"),
    ("private content", "user.content.private"),
    ("marital status", "user.demographic.marital_status"),
    ("bank details", "user.financial.bank_account"),
    ("transactions", "user.financial"),
    ("vehicle registration", "user.government_id.vehicle_registration"),
    ("genetic data", "user.health_and_medical.genetic"),
    ("fax number", "user.contact.fax_number"),
])
def test_data_phrase(phrase, key):
    assert triples(f"We collect your {phrase}.") == [("first_party", "collect", key, False)]


def test_fideslang_names_do_not_override_the_lexicon_nor_add_plain_words():
    from pia.notice.lexicon import tokenize_text
    lex = Lexicon.default()
    found = {m.value for m in lex.data.find(tokenize_text("the state of our website and its content"))}
    assert found == set()
    assert [m.value for m in lex.data.find(tokenize_text("contact data"))] == ["user.contact"]


# --- sentences that are not practices: meta, rights, unknown "they" ------------------------------

@pytest.mark.parametrize("text", [
    "This notice explains how Quillbird Ltd, whose processors include Stripe, uses your personal data.",
    "You can ask to see, correct or erase your data, or take your data with you.",
    "You may ask for a copy of your information at any time.",
    "Requests to see your child's information should go to the school.",
    "They may only use your data for that task.",
])
def test_not_a_practice(text):
    assert triples(text) == []


def test_rights_clause_does_not_silence_the_practice_before_it():
    assert triples("We process your email address on the basis of your consent, which you can withdraw at any time.") == [
        ("first_party", "use", "user.contact.email", False)]


def test_we_ask_for_is_collection_even_after_a_you_clause():
    assert triples("When you sign up we ask for your email address.") == [
        ("first_party", "collect", "user.contact.email", False)]


def test_need_is_a_collection_verb():
    assert triples("To post a parcel we need your delivery address.") == [
        ("first_party", "collect", "user.contact.address", False)]


# --- data in the right clause and at the right granularity ---------------------------------------

def test_information_about_a_specific_kind_is_that_kind():
    assert triples("We disclose information about your transactions to the police.") == [
        ("law_enforcement", "share", "user.financial", False)]


def test_data_after_a_relative_clause_is_not_what_was_given():
    assert triples("We give your name to credit reference agencies, which return your credit history to us.") == [
        ("credit_agencies", "share", "user.name", False)]


def test_a_company_described_is_not_the_persons_organisation():
    assert triples("Recordings are sent to Quillbird, a transcription company in Wales.") == [
        ("name:Quillbird", "share", "user.content", False)]
    assert triples("We collect your company and your job title.") == [
        ("first_party", "collect", "user.contact.organization", False), ("first_party", "collect", "user.job_title", False)]


# --- recipients read from structure: "to which", redundant class words, role classes ------------

def test_party_before_to_which_receives():
    assert triples("Codes are sent by text message through Twilio, to which we pass your phone number.") == [
        ("twilio", "share", "user.contact.phone_number", False)]


def test_class_word_restating_a_named_vendor_is_dropped():
    assert triples("Our platform, which holds your invoices, runs on Hetzner in data centres in Finland.") == [
        ("hetzner", "retain", "user.payment", False)]
    assert triples("We store your invoices with Hetzner and other hosting providers.") == [
        ("hetzner", "retain", "user.payment", False), ("hosting_providers", "retain", "user.payment", False)]


def test_photo_of_a_document_is_the_document():
    assert triples("We collect a photo of your passport.") == [
        ("first_party", "collect", "user.government_id.passport_number", False)]


def test_no_analytics_company_receives():
    assert triples("No analytics company receives your email address.") == [
        ("analytics_providers", "receive", "user.contact.email", True)]


# --- subjects and negation scope -----------------------------------------------------------------

def test_it_after_a_sentence_opening_with_a_vendor_is_that_vendor():
    assert triples("HubSpot is our CRM. It stores your phone number.") == [
        ("hubspot", "retain", "user.contact.phone_number", False)]


def test_a_party_after_in_is_a_place_not_the_subject():
    assert triples("Hetzner runs the app in its Helsinki data centre and stores your invoices.") == [
        ("hetzner", "retain", "user.payment", False)]


def test_a_time_phrase_before_the_subject_is_not_a_place():
    assert triples("At that stage Stripe receives your card number.") == [
        ("stripe", "receive", "user.financial.credit_card", False)]


def test_negation_governs_a_verb_coordinated_by_or():
    assert triples("We do not work with advertising networks or pass your email address to them.") == [
        ("advertising_partners", "share", "user.contact.email", True)]


def test_negation_does_not_cross_and():
    got = triples("We do not sell data, and we pass your email address to Mailchimp.")
    assert ("mailchimp", "share", "user.contact.email", False) in got


def test_our_recruiters_are_staff():
    assert all(p != "recruitment_providers" for p, *_ in triples("Our recruiters review your CV."))


# --- passive recipients ("X will be given your data") -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The receiving bank will be given your name and your IBAN.",
     [("name:receiving bank", "share", "user.financial.bank_account", False),
      ("name:receiving bank", "share", "user.name", False)]),
    ("Stripe is given your card number.", [("stripe", "share", "user.financial.credit_card", False)]),
    ("Your data will be given to Stripe.", [("stripe", "share", "user", False)]),
    ("It will be given your name.", []),
])
def test_passive_recipient(text, expected):
    assert triples(text) == expected


def test_photo_page_of_a_passport_is_the_passport():
    assert triples("We require a photograph of the photo page of your passport.") == [
        ("first_party", "collect", "user.government_id.passport_number", False)]


def test_people_who_see_data_are_not_the_organisation_collecting():
    assert triples("Your coach and the club secretary see your details.") == []
    assert triples("Quillbird then receives your email address.") == [  # a capitalised name is a party
        ("name:Quillbird", "receive", "user.contact.email", False)]
    assert triples("We receive your email address from your employer.") == [
        ("first_party", "receive", "user.contact.email", False)]


def test_ask_you_for_is_collection():
    assert triples("We ask you for a certificate of good conduct.") == [
        ("first_party", "collect", "user.criminal_history", False)]


@pytest.mark.parametrize("text, expected", [
    ("Our servers note your IP address.", [("first_party", "collect", "user.device.ip_address", False)]),
    ("Please note that we keep your email address.", [("first_party", "retain", "user.contact.email", False)]),
    ("You may answer questions about your gender.", [("first_party", "collect", "user.demographic.gender", False)]),
    ("We will answer your questions about your data.", []),
])
def test_note_and_answer(text, expected):
    assert triples(text) == expected
