"""pia.notice mechanisms of round 10 (structure and grammar of unseen notices), each on small sentences
written for these tests (none copied from a benchmark notice): other people who see the reader's data,
a body named in full once and by its head noun afterwards."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- "other <people>" who see the reader's data ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Other riders can see your nickname and your photo.",
     [("name:Other riders", "user.content.self_image", False)]),
    ("Other tenants on the same floor can see your flat number and your name.",
     [("name:Other tenants", "user.name", False)]),
    ("The other players see your photo.", [("name:other players", "user.content.self_image", False)]),
])
def test_other_people_who_see_data_receive_it(text, expected):
    assert [p for p in pairs(text) if p[1] != "user"] == expected


def test_people_in_a_group_without_other_stay_quiet():
    # no "other": whom the sentence means is not said, as before
    assert pairs("Tenants on the same floor can see your name.") == []


# --- a body named in full, then by its head noun -------------------------------------------------------

def test_the_head_noun_is_the_full_name():
    text = ("We give the Northfield Chess Federation your name and rating. "
            "The federation never receives your address.")
    assert pairs(text) == [
        ("name:Northfield Chess Federation", "user.contact.address", True),
        ("name:Northfield Chess Federation", "user.name", False)]


def test_two_full_names_with_that_noun_stay_as_written():
    text = ("We send your results to the Granby Valley Clinic or the Ashworth Street Clinic. "
            "The clinic receives your phone number.")
    assert ("name:clinic", "user.contact.phone_number", False) in pairs(text)


def test_a_head_noun_with_no_full_name_stays_as_written():
    assert pairs("The federation receives your name.") == [("name:federation", "user.name", False)]


# --- a term defined as the reader ("Customer" or "you") ------------------------------------------------

def test_a_term_defined_as_you_is_the_reader_not_a_recipient():
    text = ('"Client" or "you" means any person who holds a wallet with us. '
            "We record the wallet addresses used by the Client and the IP addresses from which they log in. We disclose the Client's name to Quaystone Ltd.")
    got = pairs(text)
    assert ("name:Quaystone Ltd", "user.name", False) in got
    assert not [p for p in got if "client" in p[0].lower()]


def test_a_term_defined_as_someone_else_stays_a_recipient():
    text = ('"Partner Club" means a club that hosts away fixtures. '
            "The Partner Club receives your name.")
    assert ("name:Partner Club", "user.name", False) in pairs(text)


# --- a label opening an item gives way to what the item states -------------------------------------------

def test_a_label_gives_way_to_the_data_its_item_states():
    md = ("# What we collect\n\n"
          "- **Account details.** When you join we ask for your surname and your postcode.\n"
          "- **Location.** If you allow it, the app reads your precise location.\n")
    assert pairs(md, "md") == [("first_party", "user.contact.address.postal_code", False),
                               ("first_party", "user.location.precise", False),
                               ("first_party", "user.name.last", False)]


def test_a_label_over_an_item_naming_no_data_stays():
    md = "# What we collect\n\n- **Contact details.** We use them only to reply to you.\n"
    assert pairs(md, "md") == [("first_party", "user.contact", False)]


# --- the service one is added to, whose form one fills in, or where data are "stored there" -------------

@pytest.mark.parametrize("text, expected", [
    ("The coach adds you to Teamloop with your name and email address.",
     [("name:Teamloop", "user.contact.email", False), ("name:Teamloop", "user.name", False)]),
    ("You type your card number into Stripe's own payment page.",
     [("stripe", "user.financial.credit_card", False)]),
])
def test_added_to_or_entered_into_a_service(text, expected):
    assert pairs(text) == expected


def test_a_denied_adding_states_nothing_positive():
    assert not [p for p in pairs("We never add you to Teamloop with your phone number.") if not p[2]]


def test_stored_there_is_the_service_named_just_before():
    text = "Our booking page runs on Slotwise. Your name and phone number are stored there."
    got = pairs(text)
    assert ("name:Slotwise", "user.name", False) in got
    assert ("name:Slotwise", "user.contact.phone_number", False) in got


def test_stored_there_after_a_place_names_no_service():
    assert pairs("We keep a paper register at Millbrook House. Your name is stored there.") == [
        ("first_party", "user.name", False)]


# --- a bare plural subject after a colon or ", and" -----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("One promise: landlords never receive your bank details.",
     [("name:landlords", "user.financial.bank_account", True)]),
    ("We keep your name, and stewards never receive your address.",
     [("first_party", "user.name", False), ("name:stewards", "user.contact.address", True)]),
])
def test_a_bare_plural_opening_a_clause_is_its_subject(text, expected):
    assert pairs(text) == expected


def test_a_data_noun_opening_the_clause_is_no_recipient():
    assert pairs("We keep your name, and details are never shared.") == [("first_party", "user.name", False)]


# --- cookie tables: a "Set by" column names whose cookie it is; an identifier in the row ------------------

def test_a_set_by_column_names_the_cookie_owner():
    md = ("# Cookies\n\n| Cookie | Set by | Purpose | Expires |\n|---|---|---|---|\n"
          "| `_tb` | Cloudflare | Stops automated traffic | 1 hour |\n"
          "| `_pk` | Matomo | Gives each browser a random identifier | 13 months |\n")
    assert pairs(md, "md") == [("cloudflare", "user.device.cookie", False), ("matomo", "user.device.cookie_id", False)]


def test_a_cookie_table_without_an_owner_column_stays_first_party():
    md = "# Cookies\n\n| Cookie | Purpose | Expires |\n|---|---|---|\n| `sess` | Keeps you signed in | 1 day |\n"
    assert pairs(md, "md") == [("first_party", "user.device.cookie", False)]


# --- table cells: "everything", a company in brackets after its kind; "without your ..." ------------------

_TABLE = ("# Who receives your data\n\n| Recipient | What they receive |\n|---|---|\n"
          "| Amazon Web Services | Everything described in section 2 |\n"
          "| Insurer (Nordhaven Versicherungs-AG) | Your name |\n"
          "| Our cleaning contractor, Keyfast GmbH | Fault reports, without your contact details |\n")


def test_table_cells_everything_brackets_and_without():
    assert pairs(_TABLE, "md") == [
        ("amazon_web_services", "user", False),
        ("name:Keyfast GmbH", "user.contact", True),
        ("name:Nordhaven Versicherungs-AG", "user.name", False),
    ]


def test_a_class_with_a_description_in_brackets_stays_the_class():
    md = "# Who receives your data\n\n| Recipient | What they receive |\n|---|---|\n| Insurer (for claims) | Your name |\n"
    assert pairs(md, "md") == [("professional_advisers", "user.name", False)]


def test_without_your_consent_denies_nothing():
    assert pairs("We share your name with Quillbird Ltd without your consent only when the law requires.") == [
        ("name:Quillbird Ltd", "user.name", False)]


def test_data_sent_without_other_data_is_denied():
    assert pairs("We send your order to the courier without your phone number.") == [
        ("delivery_providers", "user.contact.phone_number", True)]


# --- signing in with a service ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("You may sign in with Google or Quillpass instead of setting a password.",
     [("google", "user.authorization.credentials", False), ("name:Quillpass", "user.authorization.credentials", False)]),
    ("Members can log in with their Facebook account.", [("meta", "user.authorization.credentials", False)]),
])
def test_the_service_one_signs_in_with_handles_the_login(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "You cannot sign in with Google.",
    "Sign in with your email address and password to see your bookings.",
])
def test_no_service_named_or_denied_states_no_login_service(text):
    assert not [p for p in pairs(text) if p[0] != "first_party"]


# --- referring someone with data; paying by card through a service ----------------------------------------

def test_referred_to_each_one_named_with_the_data():
    assert pairs("We refer you to your dentist or to the hospital dental unit with your x-ray results.") == [
        ("name:dentist", "user.health_and_medical", False),
        ("name:hospital dental unit", "user.health_and_medical", False)]


def test_paying_by_card_through_a_service_gives_it_the_card():
    assert pairs("You can pay by card through Brightpay or in cash at the desk.") == [
        ("name:Brightpay", "user.financial.credit_card", False)]


def test_a_denied_card_payment_states_nothing():
    assert pairs("You cannot pay by card through Brightpay.") == []


# --- "(a) Name, which ..." paragraphs after "namely:" are the list's items ------------------------------------

_NAMELY = ("This notice explains how Brightwater Leisure handles your data.\n\n"
           "4.1 We disclose Personal Data to our processors, namely:\n\n"
           "(a) Quillbird Limited, which hosts the Platform in the European Union;\n\n"
           "(b) Tallow Ltd, which transmits passcodes to your telephone number;\n\n"
           "(c) the courier assigned to your order, who receives your postal address.\n")


def test_lettered_paragraphs_after_a_colon_are_items_of_the_list():
    assert pairs(_NAMELY) == [
        ("delivery_providers", "user.contact.address", False),
        ("name:Quillbird Limited", "user", False),
        ("name:Tallow Ltd", "user.contact.phone_number", False),
    ]


def test_lettered_paragraphs_without_a_lead_stay_paragraphs():
    from pia.notice.segment import segment_text
    text = "4.1 Definitions apply.\n\n(a) Quillbird Limited, which hosts the Platform;\n"
    assert [s.kind for s in segment_text(text, "text")] == ["paragraph", "paragraph"]


def test_an_item_with_a_denial_gives_no_data_to_its_opening_name():
    md = ("# Sharing\n\nWe share your data with:\n\n"
          "- Tallow Ltd, which sends reminders but never receives your health records.\n")
    assert ("name:Tallow Ltd", "user.health_and_medical", False) not in pairs(md, "md")


# --- an unknown name coordinated with a known vendor shares its statement -----------------------------------

def test_an_unknown_name_joined_to_a_vendor_shares_its_statement():
    assert pairs("Renewals are paid through Quillpay or Google, which handle your payment details.") == [
        ("google", "user.payment", False), ("name:Quillpay", "user.payment", False)]


def test_a_place_joined_to_a_vendor_is_no_recipient():
    assert pairs("Our office in Leeds and Stripe receive your card number.") == [
        ("stripe", "user.financial.credit_card", False)]


# --- "these platforms" told something are the vendors named just before --------------------------------

def test_these_platforms_are_the_vendors_named_before():
    text = "We run adverts on Pinterest and Snapchat. We tell these platforms your advertising identifier."
    assert pairs(text) == [("pinterest", "user.device.device_id", False), ("snapchat", "user.device.device_id", False)]


def test_these_platforms_without_vendors_before_stay_quiet():
    text = "We run adverts on social media. We tell these platforms your advertising identifier."
    assert not [p for p in pairs(text) if p[0] in ("pinterest", "snapchat", "meta")]


# --- two receivers before the data: "give the X or Y your ..." ---------------------------------------------

def test_two_coordinated_receivers_before_the_data():
    assert pairs("We give the stewards or ambulance crews your medical details.") == [
        ("name:ambulance crews", "user.health_and_medical", False), ("name:stewards", "user.health_and_medical", False)]


def test_one_receiver_before_the_data_stays_one():
    assert pairs("We give the coaches your medical details.") == [("name:coaches", "user.health_and_medical", False)]


# --- "pay by <method>" names how the person pays, not who collects --------------------------------------

def test_pay_by_a_method_is_no_collector():
    assert pairs("When you join we ask for your postcode and, if you pay by Standing Order, your bank details.") == [
        ("first_party", "user.contact.address.postal_code", False), ("first_party", "user.financial.bank_account", False)]


def test_collected_by_a_company_is_still_that_company():
    assert pairs("Your bank details are collected by Quaystone Ltd.") == [
        ("name:Quaystone Ltd", "user.financial.bank_account", False)]


# --- "<Name> S.A., to which ...": the abbreviation's dot ends the name ---------------------------------------

def test_a_name_ending_in_an_abbreviated_legal_form_before_to_which():
    assert pairs("Refunds go through our bank, Ledgerbank S.A., to which we disclose your name and IBAN.") == [
        ("name:Ledgerbank S.A.", "user.financial.bank_account", False), ("name:Ledgerbank S.A.", "user.name", False)]


def test_a_known_vendor_with_its_legal_form_before_to_which_is_the_vendor():
    assert pairs("Card payments are processed by Adyen N.V., to which your card details are sent.") == [
        ("adyen", "user.financial.credit_card", False)]


# --- "companies within the <Name> group" ------------------------------------------------------------------

def test_companies_within_a_named_group_are_affiliates():
    assert pairs("We may pass your name to companies within the Brightwater group for reporting.") == [
        ("affiliates", "user.name", False)]


def test_companies_in_a_sector_are_no_affiliates():
    assert ("affiliates", "user.name", False) not in pairs("We share your name with companies in the retail sector.")


# --- "our <role> sees ...": the organisation's own people are the first party ------------------------------

def test_our_own_people_who_see_data_are_the_first_party():
    assert pairs("Our bookkeeper sees your name but never your full card number.") == [
        ("first_party", "user.financial.credit_card", True), ("first_party", "user.name", False)]


def test_people_who_are_not_ours_seeing_data_stay_quiet():
    assert pairs("Your coach and the secretary see your details.") == []


# --- "on our <Platform> page": the platform holds it too ----------------------------------------------------

def test_what_goes_on_our_platform_pages_is_the_platforms_too():
    got = pairs("Match photos sometimes go on our Instagram and YouTube pages.")
    assert ("meta", "user.content.self_image", False) in got and ("google", "user.content.self_image", False) in got


def test_our_own_noticeboard_names_no_platform():
    assert all(p[0] == "first_party" for p in pairs("Match photos sometimes go on our noticeboard."))


# --- every recipient listed before "who may see ..." -----------------------------------------------------

def test_every_recipient_before_who_receives():
    got = pairs("We rely on a few suppliers – IT support, window cleaning crews, our auditors – who may see personal data.")
    for party in ("support_providers", "name:window cleaning crews", "professional_advisers"):
        assert (party, "user", False) in got


def test_a_single_vendor_before_which_stays_one():
    assert pairs("We use Stripe, which receives your card number.") == [("stripe", "user.financial.credit_card", False)]


# --- what something "leads to" is an outcome, no recipient -------------------------------------------------

def test_what_a_visit_led_to_is_no_recipient():
    assert pairs("The pixel tells Meta when a visit to our site led to a sale or a booking.") == [
        ("meta", "user.device.cookie", False)]


def test_a_body_data_is_sent_to_stays_a_recipient():
    assert pairs("We send your name to the Regional Rowing League.") == [("name:Regional Rowing League", "user.name", False)]


# --- "we register your child with X, giving ..." ------------------------------------------------------------

def test_registering_a_person_with_a_body_gives_it_the_data_named():
    assert pairs("We register your child with the Harts & Downs Chess Union online, giving their name and date of birth.") == [
        ("name:Harts & Downs Chess Union", "user.demographic.date_of_birth", False),
        ("name:Harts & Downs Chess Union", "user.name", False)]


def test_registering_a_thing_with_a_body_is_no_disclosure_of_the_person():
    assert pairs("We register your boiler with the Gas Safe Register.") == []


def test_card_payments_that_go_through_a_service_later_in_the_sentence():
    assert pairs("If you would rather pay by card for match fees, those payments go through Quillpay.") == [
        ("name:Quillpay", "user.financial.credit_card", False)]


def test_paying_by_card_at_a_desk_names_no_service():
    assert pairs("You can pay by card at the desk.") == []
