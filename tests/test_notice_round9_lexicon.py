"""pia.notice vocabulary of round 9 (the lexicons in pia/data/lexicons), each on small sentences written for
these tests (none copied from a benchmark notice): everyday phrasings of data that mapped to no category or
to one more or less specific than benchmarks/notices/GUIDELINES.md says, recipient classes the lexicon
lacked, verbs of collection and disclosure, and well-known vendors that privacy notices commonly name."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- "legitimate interests" is a legal basis, not the person's interests ---------------------------------

@pytest.mark.parametrize("text", [
    "We process your name for our legitimate interests.",
    "We keep your name because it is in our legitimate interests to do so.",
])
def test_a_legal_basis_names_no_interests(text):
    assert pairs(text) == [("first_party", "user.name", False)]


def test_vital_interests_are_no_data():
    assert pairs("Where it is in your vital interests, we may call an ambulance.") == []


@pytest.mark.parametrize("text", [
    "We note your hobbies and interests so that we can suggest clubs.",
    "We record your interests when you fill in your profile.",
    "We record the topics you are interested in.",
])
def test_the_persons_interests_are_behaviour(text):
    assert pairs(text) == [("first_party", "user.behavior", False)]


# --- a voice heard in a call is content; an encoded voice is biometric -----------------------------------

def test_a_voice_in_a_call_is_content():
    assert pairs("Zoom processes your voice during each call.") == [("zoom", "user.content", False)]


def test_voicemail_is_content():
    assert pairs("We keep your voicemails for a month.") == [("first_party", "user.content", False)]


@pytest.mark.parametrize("text", [
    "We store a voiceprint to recognise you when you call.",
    "We keep a voice template so the app knows it is you.",
])
def test_an_encoded_voice_is_biometric(text):
    assert pairs(text) == [("first_party", "user.biometric.voice", False)]


# --- codes that open the person's home or account are credentials ----------------------------------------

@pytest.mark.parametrize("text", [
    "We ask for the key-safe code so that carers can let themselves in.",
    "We keep the door code of your building on your file.",
    "We ask for your PIN.",
])
def test_access_codes_are_credentials(text):
    assert pairs(text) == [("first_party", "user.authorization.credentials", False)]


def test_a_card_security_code_stays_card_data():
    assert pairs("We never store your card security code.") == [("first_party", "user.financial.credit_card", True)]


# --- mood and wellbeing are health data ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The app stores your daily mood score.",
    "We keep your mood check-ins on your phone and on our servers.",
    "We record how you're feeling after each session.",
])
def test_mood_is_health(text):
    assert pairs(text) == [("first_party", "user.health_and_medical", False)]


def test_a_stress_level_of_the_organisation_is_no_data():
    assert pairs("Our stress levels are high this year, so we ask for patience.") == []


# --- identifiers: health service numbers, member and meter numbers --------------------------------------

def test_a_health_service_number_is_a_government_id():
    assert pairs("We ask for your NHS number when you register.") == [("first_party", "user.government_id", False)]


@pytest.mark.parametrize("text", [
    "We collect your meter number when you switch supplier.",
    "We collect your MPAN when you switch supplier.",
    "Salesforce receives your member number.",
])
def test_member_and_meter_numbers_are_unique_ids(text):
    party = "salesforce" if text.startswith("Salesforce") else "first_party"
    assert pairs(text) == [(party, "user.unique_id", False)]


def test_a_health_insurance_member_number_stays_specific():
    assert pairs("We ask for your health insurance member number.") == [
        ("first_party", "user.health_and_medical.insurance_beneficiary_id", False)]


# --- what the person bought, booked or stayed ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We keep your stay history and your points balance.",
    "We analyse what you spent in our restaurants.",
    "We keep your quote history for a year.",
])
def test_stays_spending_and_points_are_purchase_history(text):
    assert pairs(text) == [("first_party", "user.behavior.purchase_history", False)]


def test_an_account_balance_stays_financial():
    assert pairs("We keep your account balance.") == [("first_party", "user.financial", False)]


# --- photos of things are content, photos of the person their image --------------------------------------

@pytest.mark.parametrize("text", [
    "We ask for photographs of your roof before the survey.",
    "We ask for photos of your car after an accident.",
    "You can send us photos of your pet.",
])
def test_photos_of_the_persons_things_are_content(text):
    assert pairs(text) == [("first_party", "user.content", False)]


def test_a_photo_of_the_person_is_still_their_image():
    assert pairs("We ask for a photo of you for your membership card.") == [("first_party", "user.content.self_image", False)]


# --- readings of a device (GUIDELINES: user.sensor) ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The insurer receives telematics data from the box in your car.",
    "The insurer receives black box data from your car.",
])
def test_telematics_are_sensor_readings(text):
    assert pairs(text) == [("professional_advisers", "user.sensor", False)]


def test_inverter_readings_are_sensor_readings():
    assert pairs("We collect inverter readings every hour.") == [("first_party", "user.sensor", False)]


# --- a pickup address is where the person was ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We keep your pickup address and drop-off address.",
    "The courier sees your pick-up address.",
])
def test_a_pickup_address_is_a_precise_location(text):
    party = "delivery_providers" if "courier" in text else "first_party"
    assert pairs(text) == [(party, "user.location.precise", False)]


def test_a_home_address_stays_an_address():
    assert pairs("We ask for your home address.") == [("first_party", "user.contact.address", False)]


# --- banking pairs, employers, chats, account records, progress -------------------------------------------

def test_an_account_name_with_a_sort_code_is_a_bank_account():
    assert pairs("If you pay by bank transfer we keep your account name and sort code.") == [
        ("first_party", "user.financial.bank_account", False)]


@pytest.mark.parametrize("text", [
    "We collect your employer details.",
    "We ask for your current employer.",
    "We ask for the name of your employer.",
])
def test_the_persons_employer_is_their_workplace(text):
    assert pairs(text) == [("first_party", "user.workplace", False)]


def test_your_employer_as_recipient_stays_a_recipient():
    assert pairs("We share your name with your employer.") == [("employers", "user.name", False)]


@pytest.mark.parametrize("text", [
    "Support chats are stored in Zendesk.",
    "Our chat logs are stored in Zendesk.",
])
def test_chats_are_content(text):
    assert pairs(text) == [("zendesk", "user.content", False)]


def test_server_logs_are_a_place_not_data():
    assert pairs("We keep server logs for 30 days.") == []


@pytest.mark.parametrize("text", [
    "We keep customer account records for six years.",
    "We give account holder details to the police when the law requires it.",
])
def test_account_records_are_account_data(text):
    party = "law_enforcement" if "police" in text else "first_party"
    assert pairs(text) == [(party, "user.account", False)]


def test_lesson_notes_are_behaviour():
    assert pairs("Your instructor records lesson notes in our app.") == [("first_party", "user.behavior", False)]
