"""pia.notice mechanisms of round 9 (structure and grammar, generalising to unseen notices), each on small
sentences written for these tests (none copied from a benchmark notice): retention lines that state no
flow, lists of recipients named by common nouns, verbless lists of data after a label under a heading
that says what is collected, what a record the organisation keeps contains, table cells, recipients named
with no data, channels that are no recipients, and leading clauses that keep the main clause's subject."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- a retention line states no flow -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# Keeping data\n\n- Refund records: seven years, for HMRC.\n",
    "# Keeping data\n\n- Visit logs: 3 years after your last visit (or until any child's 21st birthday for anyone under 18)\n",
    "Refund records: for up to six years, for HMRC.",
])
def test_a_retention_line_gives_nothing_to_whoever_it_names(text):
    assert [p for p in pairs(text, "md") if p[0] != "first_party"] == []


def test_a_label_line_that_states_a_flow_still_does():
    # the same shape, but what follows the colon says who gets what, not how long it is kept
    assert pairs("Lockers: we share your name and phone number with Keyfast Ltd.") != []
    assert ("first_party", "user.contact.email", False) in pairs(
        "Newsletters: we keep your email address for 2 years.")


# --- lists of recipients named by common nouns -------------------------------------------------------

def test_a_serial_comma_list_of_common_noun_recipients_is_read_to_its_end():
    got = pairs("We may give your name to the florist, the organist, and the stonemason.")
    assert got == [("name:florist", "user.name", False), ("name:organist", "user.name", False),
                   ("name:stonemason", "user.name", False)]


def test_two_nouns_joined_by_or_are_two_recipients():
    # the adjudicated gold (GUIDELINES.md): several recipients in one sentence make one line each
    got = pairs("We pass your phone number to the caterer or events manager.")
    assert got == [("name:caterer", "user.contact.phone_number", False),
                   ("name:events manager", "user.contact.phone_number", False)]


def test_a_capitalised_noun_before_to_is_no_preposition_phrase():
    # "the Member to the club": a defined term, not "subject to"
    assert ("name:club secretary", "user.name", False) in pairs(
        "The Society may disclose the name of the Data Subject to the club secretary.")
    assert pairs("Subject to the law, nothing is kept.") == []


# --- a verbless list of data in running text under a collection heading ---------------------------------

_LABELLED = ("# Privacy\n\n## What we collect\n\n"
             "**When you book a table.** Your name, mobile number and email address; and any notes that you add.\n\n"
             "**When you pay.** Your receipt; your payment details; and, if you ask for an invoice, your company's VAT number.\n")


def test_a_data_list_after_a_bold_label_is_collected():
    got = pairs(_LABELLED, "md")
    for key in ("user.name", "user.contact.phone_number", "user.contact.email", "user.payment"):
        assert ("first_party", key, False) in got


def test_a_data_list_needs_a_heading_that_says_what_is_collected():
    md = _LABELLED.replace("What we collect", "Booking a table")
    assert ("first_party", "user.contact.email", False) not in pairs(md, "md")


def test_data_as_the_subject_of_a_main_verb_is_no_list():
    md = "# Privacy\n\n## What we collect\n\nYour name and email address are passed to Tablefix Ltd.\n"
    assert pairs(md, "md") == [("name:Tablefix Ltd", "user.contact.email", False), ("name:Tablefix Ltd", "user.name", False)]


# --- what a record the organisation keeps contains ------------------------------------------------------

def test_what_a_kept_record_contains_is_held_by_the_organisation():
    text = ("We keep a membership file for every climber. It includes your name, date of birth and phone number. "
            "It also holds any allergies you tell us about.")
    assert pairs(text) == [("first_party", "user.contact.phone_number", False),
                           ("first_party", "user.demographic.date_of_birth", False),
                           ("first_party", "user.health_and_medical", False), ("first_party", "user.name", False)]


def test_a_kept_record_that_never_holds_data_denies_it():
    assert pairs("We open a file for each tenant. The file never contains your bank details.") == [
        ("first_party", "user.financial.bank_account", True)]


def test_it_contains_without_a_record_kept_before_says_nothing_of_us():
    assert not [p for p in pairs("Our courier prints a label for each parcel. It contains your name and address.")
                if p[0] == "first_party"]


# --- table cells and names joined by "and" -----------------------------------------------------------------

_PROCESSOR_TABLE = ("We use the following processors:\n\n"
                    "| Processor | Service | Data involved |\n|---|---|---|\n"
                    "| Ringly | Phone calls and call recording | Phone number, call recordings |\n"
                    "| Westmoor Borough Council and Eastfell Borough Council | Funding decisions | Name, care needs |\n")


def test_a_service_column_describes_the_recipient_it_does_not_name_it():
    got = pairs(_PROCESSOR_TABLE, "md")
    assert ("name:Ringly", "user.contact.phone_number", False) in got
    assert not [p for p in got if "Phone calls" in p[0]]


def test_a_service_provider_column_alone_still_names_the_recipient():
    md = ("We share data with these firms:\n\n| Service provider | Data |\n|---|---|\n| Ringly | Phone number |\n")
    assert pairs(md, "md") == [("name:Ringly", "user.contact.phone_number", False)]


def test_two_bodies_with_the_same_head_noun_joined_by_and_are_two_recipients():
    got = pairs(_PROCESSOR_TABLE, "md")
    assert ("name:Westmoor Borough Council", "user.name", False) in got
    assert ("name:Eastfell Borough Council", "user.name", False) in got
    assert pairs("We send your name to Westmoor Borough Council and Eastfell Borough Council.") == [
        ("name:Eastfell Borough Council", "user.name", False), ("name:Westmoor Borough Council", "user.name", False)]


def test_a_name_with_and_inside_stays_one():
    assert pairs("We send your name to the Department for Culture and Sport.") == [
        ("name:Department for Culture and Sport", "user.name", False)]


# --- a recipient named with no data ------------------------------------------------------------------------

@pytest.mark.parametrize("text, party", [
    ("Our booking system is hosted on Amazon Web Services in Frankfurt.", "amazon_web_services"),
    ("Our member portal is hosted by Hetzner.", "hetzner"),
])
def test_a_host_named_with_no_data_gets_data_in_general(text, party):
    assert pairs(text) == [(party, "user", False)]


def test_each_party_a_check_is_run_with_gets_data_in_general():
    got = pairs("Before lending, the broker runs a credit check with Experian and Equifax.")
    assert ("experian", "user", False) in got and ("equifax", "user", False) in got
    assert not [p for p in got if "broker" in p[0]]  # who runs the check is not said to receive anything


def test_no_broad_statement_for_a_host_whose_data_is_named():
    text = "Our member portal is hosted by Hetzner. Hetzner stores your name and email address."
    assert ("hetzner", "user", False) not in pairs(text)


def test_the_person_checking_with_a_party_is_no_disclosure():
    assert pairs("You can check opening times with the reception desk.") == []


def test_the_host_of_a_public_website_gets_nothing_said():
    assert pairs("Our website is hosted by Hetzner.") == []


# --- channels are no recipients ----------------------------------------------------------------------------

def test_a_channel_written_in_capitals_is_no_recipient():
    assert pairs("We send appointment reminders by SMS through Pingwell Ltd, which receives your mobile number.") == [
        ("name:Pingwell Ltd", "user.contact.phone_number", False)]
    assert pairs("We send your test results by SMS.") == []


def test_a_name_after_by_is_still_a_recipient():
    assert pairs("Your address is used by Postwise Ltd.") == [("name:Postwise Ltd", "user.contact.address", False)]


# --- a leading clause keeps its words out of the main clause's subject ---------------------------------------

def test_the_person_in_a_leading_clause_is_not_the_one_who_passes_data_on():
    assert pairs("When we enter you for an exam for you, we pass your name to the Regional Exams Board.") == [
        ("name:Regional Exams Board", "user.name", False)]


def test_the_person_as_the_subject_still_gives_data_to_us():
    assert pairs("When you enrol, you give us your name.") == [("first_party", "user.name", False)]


# --- classes described by their task ----------------------------------------------------------------------

def test_providers_described_by_their_tasks_are_those_classes():
    got = pairs("We rely on suppliers who help us run the studio, for example to host our booking system, "
                "send our newsletters and answer your questions.")
    assert ("hosting_providers", "user", False) in got
    assert ("email_providers", "user", False) in got
    assert ("support_providers", "user", False) in got
    assert ("service_providers", "user", False) in got


def test_task_classes_receive_the_data_the_sentence_names_outside_the_tasks():
    got = pairs("We share your name and address with companies that deliver your parcels.")
    assert ("delivery_providers", "user.name", False) in got and ("delivery_providers", "user.contact.address", False) in got


def test_a_task_naming_no_kind_of_service_adds_no_class():
    got = pairs("We work with partners who organise our summer events.")
    assert not [p for p in got if p[0].endswith("_providers") or p[0] in ("payment_processors", "credit_agencies")]


# --- examples under a class, a group, a buyer of the business ------------------------------------------------

def test_examples_named_after_a_class_are_recipients_beside_it():
    got = pairs("With your consent we share your email address with selected partners, such as theatres and "
                "tour operators.")
    assert ("third_parties", "user.contact.email", False) in got
    assert ("name:theatres", "user.contact.email", False) in got
    assert ("name:tour operators", "user.contact.email", False) in got


def test_such_as_after_a_purpose_names_no_recipients():
    got = pairs("We share your email address with selected partners for purposes such as marketing and research.")
    assert got == [("third_parties", "user.contact.email", False)]


def test_sharing_within_the_group_goes_to_affiliates():
    assert pairs("We share your information within the Hollin group so that every hotel can welcome you.") \
        == [("affiliates", "user", False)]


def test_a_buyer_when_the_publisher_sells_a_site_is_an_acquirer():
    assert pairs("If Hollin sells a hotel, guest information may be transferred to the buyer.") == [("acquirers", "user", False)]


# --- a tool on the organisation's own servers -------------------------------------------------------------

def test_a_tool_running_on_our_own_servers_is_the_organisation():
    text = "We use Matomo to see which pages are read most. Matomo runs on our own servers in Leeds."
    got = pairs(text)
    assert ("first_party", "user.behavior.browsing_history", False) in got
    assert not [p for p in got if p[0] == "matomo"]


def test_a_tool_on_its_makers_servers_stays_the_maker():
    assert ("matomo", "user.behavior.browsing_history", False) in pairs(
        "We use Matomo to see which pages are read most. Matomo runs on servers in France.")


# --- agreements and links are no flows ---------------------------------------------------------------------

def test_a_party_one_signs_an_agreement_with_receives_nothing_by_it():
    got = pairs("We have signed a data transfer agreement with Brightcell and the readings are tied only to a meter "
                "number, so they do not include your name.")
    assert not [p for p in got if "Brightcell" in p[0]]
    assert ("name:Brightcell", "user.name", False) in pairs("We share your name with Brightcell.")


def test_data_linked_to_other_data_is_no_use():
    assert pairs("Your readings are linked only to a meter serial number.") == []
    assert ("first_party", "user.contact.email", False) in pairs("We link your loyalty card to your email address.")


# --- an organisation described, named, then called by its description again ----------------------------------

_DESCRIBED_TEXT = ("Samples go to our partner laboratory, Quellgen Analytics GmbH in Kiel. The lab only sees a "
                   "barcode – not your name or email address. It reads your genetic markers.")


def test_the_description_used_again_names_the_organisation():
    got = pairs(_DESCRIBED_TEXT)
    assert ("name:Quellgen Analytics GmbH", "user.name", True) in got
    assert ("name:Quellgen Analytics GmbH", "user.contact.email", True) in got
    assert not [p for p in got if p[0] in ("third_parties", "name:lab")]


def test_a_description_alone_is_not_a_name():
    got = pairs("The lab only sees a barcode – not your name or email address.")
    assert not [p for p in got if "Quellgen" in p[0]]


def test_a_dash_before_not_denies_what_follows():
    assert pairs("Our printer, Inkwell Ltd, receives your address – not your email address.") == [
        ("name:Inkwell Ltd", "user.contact.address", False), ("name:Inkwell Ltd", "user.contact.email", True)]


def test_a_table_cell_naming_two_kinds_of_recipient_makes_two():
    md = ("We share data with these organisations:\n\n| Recipient | What they receive |\n|---|---|\n"
          "| Your optician and hearing clinic | Your name |\n| Office for Tax and Benefits | Your name |\n")
    got = pairs(md, "md")
    assert ("name:optician", "user.name", False) in got and ("name:hearing clinic", "user.name", False) in got
    assert ("name:Office for Tax and Benefits", "user.name", False) in got  # one body whose name holds "and"


# --- a list item's label names the recipient its pronouns point to ---------------------------------------------

_LABEL_ITEMS = ("# Notice\n\n## Who we share information with\n\n"
                "- **Your coach.** Most of our coaches are self-employed contractors. They see your name and "
                "mobile number, but not your payment details.\n")


def test_pronouns_in_a_labelled_item_point_to_the_label():
    got = pairs(_LABEL_ITEMS, "md")
    assert ("name:coaches", "user.name", False) in got or ("name:coach", "user.name", False) in got
    assert not [p for p in got if p[0] in ("service_providers", "third_parties")]


def test_a_describing_sentence_in_a_labelled_item_states_no_flow():
    assert pairs(_LABEL_ITEMS.replace(" They see your name and mobile number, but not your payment details.", ""),
                 "md") == []


# --- a generic repeat ----------------------------------------------------------------------------------------

def test_no_broad_statement_for_a_named_recipient_whose_data_is_named():
    got = pairs("After an accident we share the dash-cam footage and your details with Fairmile Insurance Ltd.")
    assert ("name:Fairmile Insurance Ltd", "user", False) not in got
    assert ("name:Fairmile Insurance Ltd", "user.content.self_image", False) in got


def test_the_broad_statement_stays_when_no_data_is_named_for_the_recipient():
    assert pairs("We share your details with Fairmile Insurance Ltd.") == [("name:Fairmile Insurance Ltd", "user", False)]


def test_a_class_keeps_its_broad_statement_beside_specific_data_of_another_body():
    got = pairs("We disclose information to the police where the law requires it. We send your name to HMRC.")
    assert ("law_enforcement", "user", False) in got


# --- names inside descriptions --------------------------------------------------------------------------------

def test_a_name_after_its_description_without_a_comma_is_the_recipient():
    assert pairs("We exchange your member number with the booking platform Courtside Hub.") == [
        ("name:Courtside Hub", "user.unique_id", False)]
    assert pairs("We pass your name to your employer's HR or payroll team.") == [] or not [
        p for p in pairs("We pass your name to your employer's HR or payroll team.") if p[0] == "name:HR"]


def test_a_name_glossed_by_a_modified_class_stays_the_name():
    text = ("Hollin Trust is a reading charity. Elmfield Trading Ltd, our trading subsidiary, runs the shop. When you "
            "order, it uses your name and address to send you the parcel.")
    got = pairs(text)
    assert ("name:Elmfield Trading Ltd", "user.name", False) in got
    assert not [p for p in got if p[0] == "affiliates"]


def test_a_defined_term_is_no_recipient():
    assert not [p for p in pairs('"Processor" means any person who processes Personal Data on behalf of the Society.')
                if p[0].startswith("name:")]


# --- whom the notice is about --------------------------------------------------------------------------------

def test_people_with_a_separate_notice_are_not_whom_this_one_is_about():
    md = ("# Privacy for riders\n\nThis page is for riders. Drivers have a separate notice.\n\n"
          "## Sharing\n\nYour driver never gets your phone number.\n")
    got = pairs(md, "md")
    assert [p for p in got if p[0].startswith("name:driver")] and all(p[2] for p in got if p[0].startswith("name:driver"))


def test_people_the_notice_is_for_stay_no_recipients():
    md = "# Privacy for drivers\n\nThis page is for drivers.\n\n## Sharing\n\nThe driver never gets your card number.\n"
    assert not [p for p in pairs(md, "md") if p[0].startswith("name:driver")]


def test_a_possessive_owning_another_party_does_not_make_a_subject():
    md = ("# Privacy\n\nThis page is for riders.\n\n## Sharing\n\nAfter an accident we share your contact details "
          "with the driver's insurer. Your driver never gets your phone number.\n")
    assert [p for p in pairs(md, "md") if p[0].startswith("name:driver") and p[1] == "user.contact.phone_number"]


# --- coordinated subjects, examples in brackets, cross-references -------------------------------------------

def test_names_coordinated_with_other_members_of_a_class_each_deny():
    got = pairs("Snapchat, Pinterest and other social networks do not receive any data.")
    assert ("snapchat", "user", True) in got or ("name:Snapchat", "user", True) in got
    assert ("pinterest", "user", True) in got or ("name:Pinterest", "user", True) in got


def test_names_in_brackets_after_a_recipient_are_recipients_too():
    got = pairs("We pass your name to the registry (for example Nominet or DENIC).")
    assert ("name:Nominet", "user.name", False) in got and ("name:DENIC", "user.name", False) in got


def test_a_cross_reference_is_no_verb():
    assert pairs("We pass your name to the registry (see section 4).") == [("name:registry", "user.name", False)]


def test_data_going_from_one_place_to_a_party_goes_to_that_party():
    assert pairs("Your card number goes straight from the checkout page to Paywell Ltd.") == [
        ("name:Paywell Ltd", "user.financial.credit_card", False)]
    assert pairs("Your card number never goes from our tills to anyone else.") == [
        ("third_parties", "user.financial.credit_card", True)]


def test_each_of_which_makes_every_party_named_before_the_subject():
    got = pairs("Card payments are handled by Paywell Ltd and Cardio Ltd, each of which receives your card number.")
    assert ("name:Paywell Ltd", "user.financial.credit_card", False) in got
    assert ("name:Cardio Ltd", "user.financial.credit_card", False) in got
    got = pairs("We use Acme Cloud Ltd and Boxly Ltd, both of which store your name.")
    assert ("name:Acme Cloud Ltd", "user.name", False) in got and ("name:Boxly Ltd", "user.name", False) in got


def test_which_alone_keeps_the_one_before_it():
    got = pairs("We use Acme Cloud Ltd and Boxly Ltd, which stores your name.")
    assert ("name:Boxly Ltd", "user.name", False) in got and ("name:Acme Cloud Ltd", "user.name", False) not in got


def test_a_payment_service_named_with_no_data_gets_data_in_general():
    assert pairs("We accept PayPal for gift cards.") == [("paypal", "user", False)]
    assert pairs("We do not accept PayPal.") == []
    assert ("paypal", "user", False) not in pairs("We accept PayPal. PayPal receives your email address.")


def test_they_after_task_classes_are_those_classes_too():
    got = pairs("We work with service providers who host our booking system and send our emails. They may see your "
                "name and phone number.")
    for cls in ("service_providers", "hosting_providers", "email_providers"):
        assert (cls, "user.name", False) in got


def test_them_after_examples_under_a_class_is_the_examples_too():
    got = pairs("With your consent we share your email address with partners, such as theatres and tour operators. "
                "We never share your card details with them.")
    assert ("name:theatres", "user.financial.credit_card", True) in got
    assert ("name:tour operators", "user.financial.credit_card", True) in got


def test_they_without_a_class_of_examples_before_adds_nothing():
    got = pairs("We work with Acme Hosting Ltd. They may see your name.")
    assert not [p for p in got if p[0].endswith("_providers")]


# --- a report sent, then what it includes; a relative clause inside the object ---------------------------------

def test_what_a_reported_report_includes_goes_to_its_recipient():
    text = ("We must report sellers who earn over the threshold to the Revenue Office of Tarnia. The report includes "
            "the seller's name and date of birth.")
    got = pairs(text)
    assert ("name:Revenue Office of Tarnia", "user.name", False) in got
    assert ("name:Revenue Office of Tarnia", "user.demographic.date_of_birth", False) in got


def test_a_report_made_nowhere_carries_nothing():
    assert not [p for p in pairs("We write a report each year. The report includes your name.") if p[0].startswith("name:")]


# --- a named tool where records are kept --------------------------------------------------------------------

@pytest.mark.parametrize("text, party", [
    ("Client files are held in the Caseline practice management system.", "name:Caseline"),
    ("Everything about you is kept in our member database, Rosterly.", "name:Rosterly"),
])
def test_a_named_tool_where_records_are_kept_holds_them(text, party):
    assert (party, "user", False) in pairs(text)


def test_a_place_where_records_are_kept_is_no_party():
    assert [p for p in pairs("Client files are held in the United Kingdom.") if p[0] != "first_party"] == []


def test_items_after_a_colon_under_a_class_are_they_too():
    got = pairs("We work with suppliers who help us run the club: the print shop that makes our flyers, our booking and "
                "payroll company, and a local call centre. They use your phone number only on our instructions.")
    assert ("name:booking and payroll company", "user.contact.phone_number", False) in got
    assert ("service_providers", "user.contact.phone_number", False) in got


def test_an_example_with_a_relative_clause_is_read_whole():
    got = pairs("We run joint events with selected partners, such as cafes that sell our books. We share your email "
                "address with them.")
    assert ("name:cafes that sell our books", "user.contact.email", False) in got


def test_a_colon_list_of_data_is_no_list_of_members():
    got = pairs("We work with suppliers who need a few details: your name, your phone number and your address. "
                "They use them only for deliveries.")
    assert not [p for p in got if p[0] == "name:phone number"]


def test_a_country_in_brackets_inside_a_company_name_stays_in_it():
    assert pairs("Payment by credit card is processed by Paymore (UK) Limited.") == [
        ("name:Paymore (UK) Limited", "user.financial.credit_card", False)]
    assert ("name:Paymore", "user.financial.credit_card", False) in pairs(
        "Payment by credit card is processed by Paymore (our payment provider).")


# --- a denial with an exception ----------------------------------------------------------------------------

def test_a_denial_with_an_exception_is_the_positive_line_only():
    text = ("We collect any allergies you tell us about. We do not ask for your medical history, except for any "
            "allergies you tell us about.")
    got = pairs(text)
    assert ("first_party", "user.health_and_medical", False) in got
    assert ("first_party", "user.health_and_medical", True) not in got


def test_a_plain_denial_stays():
    assert ("first_party", "user.health_and_medical", True) in pairs(
        "We collect any allergies you tell us about. We do not ask for your medical history.")


# --- "we and our partners"; "This involves ..." --------------------------------------------------------------

def test_we_and_our_partners_are_both_subjects():
    got = pairs("When you visit our shop online, we and our partners use cookies to remember your basket.")
    assert ("first_party", "user.device.cookie", False) in got and ("third_parties", "user.device.cookie", False) in got


def test_this_involves_names_the_data_of_the_sentence_before():
    got = pairs("We and our partners use cookies on our site. This involves your IP address and the pages you look at.")
    for party in ("first_party", "third_parties"):
        assert (party, "user.device.ip_address", False) in got


def test_this_includes_after_a_denial_adds_no_flow():
    got = pairs("We never sell your data to advertisers. This includes your name.")
    assert not [p for p in got if not p[2]]


def test_a_centre_that_is_an_organisation_is_a_recipient():
    assert pairs("We send the referral centre your name.") == [("name:referral centre", "user.name", False)]
    assert pairs("Please send your questions to our help centre.") == []


def test_a_demonstrative_and_a_class_noun_before_which_is_the_subject():
    text = "Where your course is paid for by his or her employer, that employer, which receives your attendance records."
    assert ("employers", "user.behavior", False) in pairs(text) or [p for p in pairs(text) if p[0] == "employers"]
    assert not [p for p in pairs("Where you pay yourself, that course, which includes your attendance records.")
                if p[0] != "first_party"]


def test_a_device_of_the_person_sending_to_us_after_a_leading_clause():
    got = pairs("If you opt in, your thermostat sends temperature readings to our platform, along with your IP address.")
    assert ("first_party", "user.device.ip_address", False) in got
    assert not [p for p in got if p[0] == "name:platform"]


def test_them_after_a_sentence_naming_several_parties_is_its_subject():
    text = ("If you choose to pay monthly, our lending partner, Brookfield Credit Ltd, will run a credit check with "
            "Experian. We pass them your name and date of birth.")
    got = pairs(text)
    assert ("name:Brookfield Credit Ltd", "user.name", False) in got
    assert ("experian", "user.name", False) not in got


def test_it_or_them_is_the_party_the_person_nominated():
    got = pairs("Where you have nominated a travel agent to book for you, we may disclose to it your passport number.")
    assert ("name:travel agent", "user.government_id.passport_number", False) in got
    assert not [p for p in pairs("If you have a question, we may pass it to our team.") if p[0].startswith("name:")]


def test_an_authority_that_approved_something_is_no_recipient():
    assert not [p for p in pairs("Transfers rely on the Standard Contractual Clauses approved by the European "
                                 "Commission, and your name goes to Acme Ltd.") if "Commission" in p[0]]


def test_not_using_data_of_a_kind_we_hold_for_a_purpose_is_no_denial():
    text = ("We collect your precise location while you navigate. We do not use your location history to show you "
            "adverts.")
    assert ("first_party", "user.location", True) not in pairs(text)
    assert ("first_party", "user", True) in pairs("We collect your name. We do not use your information for advertising.")


def test_a_tool_hosted_on_the_publishers_named_servers_is_the_publisher():
    md = ("# Oakham Library privacy notice\n\nOakham Library (\"the Library\", \"we\") lends books.\n\n"
          "Our website uses Matomo, hosted on Library servers, to count visits. Matomo records the pages viewed.\n")
    got = pairs(md, "md")
    assert ("first_party", "user.behavior.browsing_history", False) in got
    assert not [p for p in got if p[0] in ("matomo", "name:Library")]


def test_a_denial_lifted_by_the_persons_say_is_a_disclosure_on_a_condition():
    assert ("name:Homefind Lettings Ltd", "user.contact.address", False) in pairs(
        "We will not share your address with Homefind Lettings Ltd unless you ask us to.")
    got = pairs("We don't sell member data, and we never share your address with Homefind Lettings Ltd without asking you first.")
    assert ("third_parties", "user", True) in got  # the other clause stays a denial


def test_data_after_a_conditional_insertion_in_a_data_list_is_collected_too():
    md = ("# Notice\n\n## What we collect\n\n**When you register.** Your name and date of birth; and, if you give it, "
          "your email address.\n")
    assert ("first_party", "user.contact.email", False) in pairs(md, "md")


def test_a_named_system_before_which_is_the_subject():
    got = pairs("Bookings are kept in the Holdfast booking system, which stores your name and visit history.")
    assert ("name:Holdfast", "user.name", False) in got
    assert ("first_party", "user.name", False) not in got


def test_a_described_name_ends_with_its_sentence():
    got = pairs("We send referrals to our partner clinic, Elm Street Clinic. The clinic receives your name.")
    assert ("name:Elm Street Clinic", "user.name", False) in got


def test_a_list_of_data_without_any_verb_after_a_label_is_collected():
    html = ("<h2>What we collect</h2><p><strong>When you book.</strong> Your name, mobile number and home address; "
            "and the names of anyone in your group.</p>")
    got = pairs(html, "html")
    assert ("first_party", "user.contact.phone_number", False) in got and ("first_party", "user.name", False) in got
