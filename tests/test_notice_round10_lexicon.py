"""pia.notice vocabulary of round 10 (generalising to unseen notices), each on small sentences written for
these tests (none copied from a benchmark notice): the face encoded for comparison is biometric, information
picking out a device is its identifier, crypto wallet addresses and transfer amounts are financial, an
amount charged is a payment, the app version is device information, a distance shown to others is a rough
location, a route is a location, an incident report is content, health named with "about your", a bio is
profile data, and a parent giving a child's details gives ordinary data (children's data as such stays
user.childrens)."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- the face encoded for comparison ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Our checking service stores a facial template made from your selfie.",
    "We keep your biometric facial data only while we check your identity.",
    "The door system stores a faceprint of each member.",
])
def test_an_encoded_face_is_biometric(text):
    assert any(cat == "user.biometric" and not neg for _, cat, neg in pairs(text))


def test_a_plain_photo_is_no_biometric():
    assert pairs("We keep the photo on your membership card.") == [("first_party", "user.content.self_image", False)]


# --- information that picks out a device ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We keep information identifying your device.",
    "We record information that identifies your device.",
])
def test_information_identifying_a_device_is_its_identifier(text):
    assert pairs(text) == [("first_party", "user.device.device_id", False)]


def test_information_about_a_device_stays_device_information():
    assert pairs("We collect information about your device.") == [("first_party", "user.device", False)]


# --- crypto wallets and amounts -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We record the wallet addresses you withdraw to.",
    "We record the blockchain addresses you use.",
    "We record the amount of each transfer.",
])
def test_wallets_and_transfer_amounts_are_financial(text):
    assert pairs(text) == [("first_party", "user.financial", False)]


def test_a_home_address_is_no_wallet():
    assert pairs("We record the address you live at.") == [("first_party", "user.contact.address", False)]


def test_an_amount_charged_is_a_payment():
    assert ("name:Tillpoint", "user.payment", False) in pairs("Tillpoint receives the amount charged to you.")


# --- device information ----------------------------------------------------------------------------------

def test_the_app_version_is_device_information():
    assert pairs("We collect your phone model and app version.") == [("first_party", "user.device", False)]


def test_a_crash_report_stays_telemetry():
    assert pairs("We collect crash reports from the app.") == [("first_party", "user.telemetry", False)]


# --- location --------------------------------------------------------------------------------------------

def test_a_distance_shown_is_a_rough_location():
    assert pairs("We work out how far away you are from each venue.") == [
        ("first_party", "user.location.imprecise", False)]


@pytest.mark.parametrize("text", [
    "We keep the route of each journey for a month.",
    "We keep the trip route for a month.",
])
def test_a_route_is_a_location_no_more_precise_than_the_words(text):
    assert pairs(text) == [("first_party", "user.location", False)]


def test_a_gps_track_is_precise():
    assert pairs("We keep the GPS track of each journey.") == [("first_party", "user.location.precise", False)]


# --- what the person reports ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We send the incident report to Brackley Mutual.",
    "We send the accident report to Brackley Mutual.",
])
def test_an_incident_report_is_content(text):
    assert pairs(text) == [("name:Brackley Mutual", "user.content", False)]


# --- health named through "about your" --------------------------------------------------------------------

def test_information_about_your_health_is_health():
    assert pairs("Our advertisers never receive information about your health.") == [
        ("advertising_partners", "user.health_and_medical", True)]


def test_a_health_insurer_is_still_a_recipient():
    got = pairs("We pass your health insurer your name.")
    assert got == [("name:health insurer", "user.name", False)]


# --- profile ---------------------------------------------------------------------------------------------

def test_a_bio_is_profile_data():
    assert pairs("We store the short bio you write.") == [("first_party", "user.demographic.profile", False)]


# --- children's data -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We ask for your child's details when you enrol them.",
    "We ask for details of your child when you enrol them.",
])
def test_a_parent_giving_a_childs_details_gives_ordinary_data(text):
    assert pairs(text) == [("first_party", "user", False)]


def test_childrens_data_as_such_stays_childrens():
    assert pairs("We never sell information about children.") == [("third_parties", "user.childrens", True)]


# --- town and city offices that enforce local rules ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "If you park badly, we give the public order office your name.",
    "If you park badly, we give the municipal authority your name.",
])
def test_an_office_enforcing_local_rules_is_a_public_authority(text):
    assert pairs(text) == [("law_enforcement", "user.name", False)]


def test_a_town_named_as_a_place_is_no_authority():
    assert pairs("We store your name on servers in the city of Leeds.") == [("first_party", "user.name", False)]


# --- pictures taken for diagnosis ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The clinic keeps your retinal photographs.",
    "The clinic keeps your ultrasound scan.",
])
def test_a_clinical_image_is_health_data(text):
    assert pairs(text) == [("first_party", "user.health_and_medical", False)]


def test_a_photograph_of_the_person_stays_an_image_of_them():
    assert pairs("We keep a photograph of you on your pass.") == [("first_party", "user.content.self_image", False)]


# --- the person's yes or no -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "When you enrol we ask for whether you are happy for us to film sessions.",
    "When you enrol we record your photo consent.",
])
def test_a_yes_or_no_to_a_use_is_a_privacy_preference(text):
    assert ("first_party", "user.privacy_preferences", False) in pairs(text)


def test_being_happy_to_help_is_no_preference():
    assert pairs("We are happy to answer your questions.") == []


# --- what the person writes for themselves alone -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Trackwell never receives your journal.", [("name:Trackwell", "user.content.private", True)]),
    ("We keep your diary entries encrypted.", [("first_party", "user.content.private", False)]),
])
def test_a_journal_is_private_content(text, expected):
    assert pairs(text) == expected


def test_messages_to_others_stay_content():
    assert pairs("We keep the messages you send to your coach.") == [("first_party", "user.content", False)]


# --- what the person owes ----------------------------------------------------------------------------------

def test_what_the_person_owes_is_financial():
    assert pairs("We share your name and any fines you owe with our debt collector, Repayright.") == [
        ("name:Repayright", "user.financial", False), ("name:Repayright", "user.name", False)]


def test_a_fine_print_is_no_debt():
    assert pairs("Read the fine print before you sign.") == []


# --- what the person writes to us, where they live, their car -------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We keep the emails you send us.", [("first_party", "user.content", False)]),
    ("We hold the videos you upload.", [("first_party", "user.content", False)]),
    ("We keep your name and the town you live in.",
     [("first_party", "user.contact.address.city", False), ("first_party", "user.name", False)]),
    ("We note your car registration when you park.", [("first_party", "user.government_id.vehicle_registration", False)]),
    ("We record the speed of the car during lessons.", [("first_party", "user.sensor", False)]),
])
def test_everyday_phrasings_of_round10(text, expected):
    assert pairs(text) == expected


def test_uploading_as_a_verb_names_no_data():
    cats = {cat for _, cat, _ in pairs("Your employer uploads your name and salary.")}
    assert cats == {"user.financial", "user.name"}


# --- sums owed, ticket records, school year ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We pass the sums owed to our debt collector, Repayright.", [("name:Repayright", "user.financial", False)]),
    ("The venue keeps its ticket records for a year.", [("first_party", "user.behavior.purchase_history", False)]),
    ("We ask for your child's name and school year.",
     [("first_party", "user.demographic.age_range", False), ("first_party", "user.name", False)]),
])
def test_owed_sums_ticket_records_and_school_year(text, expected):
    assert pairs(text) == expected


def test_a_school_named_is_no_age():
    assert "user.demographic.age_range" not in {c for _, c, _ in pairs("We ask which school your child attends.")}


# --- employers and companies outside the organisation ---------------------------------------------------------

def test_employers_among_other_recipients():
    assert ("employers", "user.health_and_medical.genetic", True) in pairs(
        "We never share your DNA results with doctors or employers.")


def test_an_employer_named_as_data_stays_data():
    assert pairs("We collect your employer name.") == [("first_party", "user.workplace", False)]


@pytest.mark.parametrize("text", [
    "We never pass your details to commercial partners.",
    "We never pass your details to outside companies.",
])
def test_companies_outside_are_third_parties(text):
    assert pairs(text) == [("third_parties", "user", True)]


# --- sign-in details, complaints, basket -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We keep your sign-in details safe.", [("first_party", "user.authorization.credentials", False)]),
    ("We record your complaint and our reply.", [("first_party", "user.content", False)]),
])
def test_sign_in_details_and_complaints(text, expected):
    assert pairs(text) == expected


def test_benefiting_is_no_benefit_data():
    assert pairs("Your employer benefits from our service.") == []


# --- activity on a site or in an app -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We collect data about your browsing.", [("first_party", "user.behavior.browsing_history", False)]),
    ("We keep a record of your activity on our site.", [("first_party", "user.behavior.browsing_history", False)]),
    ("We record your activity in the app.", [("first_party", "user.behavior", False)]),
])
def test_activity_on_a_site_or_in_an_app(text, expected):
    assert pairs(text) == expected


def test_browsing_as_an_activity_of_the_reader_names_no_data():
    assert pairs("Browsing our site is free.") == []


# --- classes named by their task in other words ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We share your name with our ID verification partner.", [("credit_agencies", "user.name", False)]),
    ("Our KYC provider checks your passport.", [("credit_agencies", "user.government_id.passport_number", False)]),
    ("We share your email address with our mailing provider.", [("email_providers", "user.contact.email", False)]),
])
def test_classes_named_by_their_task_in_other_words(text, expected):
    assert pairs(text) == expected


def test_a_mailing_address_is_no_mailing_provider():
    assert pairs("We keep your mailing address.") == [("first_party", "user.contact.address", False)]


# --- staff numbers, payments out, meter data, mood ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We keep your staff number.", [("first_party", "user.unique_id", False)]),
    ("We collect your rent payments.", [("first_party", "user.financial", False)]),
    ("We collect your smart meter data.", [("first_party", "user.sensor", False)]),
    ("The app stores your mood ratings.", [("first_party", "user.health_and_medical", False)]),
])
def test_staff_numbers_payments_out_meter_data_and_mood(text, expected):
    assert pairs(text) == expected


def test_a_mood_of_the_writer_is_no_data():
    assert pairs("We are in a good mood today.") == []
