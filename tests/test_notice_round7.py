"""pia.notice mechanisms of round 7 (precision on unseen text), each on small sentences written for these
tests (none copied from a benchmark notice): broad nouns another word qualifies ("delivery records"),
words inside an organisation's name, "along with" and "assigned to" that name no recipient, transfer
and retention sentences that restate flows, list items opening with a label, and lexicon phrases that
were ambiguous across domains ("buyer", "registrar", "audio recording")."""
from __future__ import annotations

import pytest

from pia.notice.extract import extract
from pia.notice.segment import segment_text
from tests.test_notice_generalise import pairs


# --- "records" qualified by a word the lexicon does not know ----------------------------------------

@pytest.mark.parametrize("text", [
    "Our bookkeeper checks the delivery records every quarter.",
    "We hand parcel records to the police when a court orders it.",
    "The courier firm sees the route records for its drivers.",
])
def test_qualified_records_are_not_all_of_the_persons_data(text):
    assert [p for p in pairs(text) if p[1] == "user"] == []


@pytest.mark.parametrize("text, expected", [
    ("We only pass records to the police when a court orders it.", [("law_enforcement", "user", False)]),
    ("We may disclose your records to our auditors.", [("professional_advisers", "user", False)]),
    ("Nothing your scale records is ever sent to an advertising network.", [("advertising_partners", "user", True)]),
])
def test_bare_records_stay_the_persons_data(text, expected):
    assert pairs(text) == expected


# --- a data word inside an organisation's name -------------------------------------------------------

def test_a_data_word_inside_an_agency_name_is_no_data():
    assert pairs("We report suspected fraud to the National Health Directorate.") == []
    assert pairs("We send your name to the Regional Medicines Agency.") == [
        ("name:Regional Medicines Agency", "user.name", False)]


def test_title_case_data_in_a_list_is_still_data():
    assert pairs("We collect your Name, Email Address and Date of Birth.") == [
        ("first_party", "user.contact.email", False), ("first_party", "user.demographic.date_of_birth", False),
        ("first_party", "user.name", False)]


# --- "along with", "assigned to": no recipient follows ----------------------------------------------

def test_along_with_names_more_data_not_a_recipient():
    assert pairs("We send the kennel your phone number along with the feeding plan.") == [
        ("name:kennel", "user.contact.phone_number", False)]


def test_together_with_names_no_recipient():
    assert pairs("We send the lab your name together with the sample history.") == [
        ("name:lab", "user.name", False)]


@pytest.mark.parametrize("text, expected", [
    ("The coach assigned to a training group receives your first name.", [("name:coach", "user.name.first", False)]),
    ("The promoter responsible for the event receives your email address.",
     [("name:promoter", "user.contact.email", False)]),
    ("The school in your area receives your name.", [("name:school", "user.name", False)]),
    ("We share your name with the coach assigned to your group.", [("name:coach", "user.name", False)]),
])
def test_a_noun_after_a_preposition_modifies_the_recipient(text, expected):
    assert pairs(text) == expected


# --- transfer sentences restate flows ----------------------------------------------------------------

def test_personal_data_going_abroad_to_a_known_recipient_is_a_restatement():
    text = ("SendGrid receives your email address to send our newsletters. "
            "SendGrid may process personal data in the United States under Standard Contractual Clauses.")
    assert pairs(text) == [("sendgrid", "user.contact.email", False)]


def test_personal_data_to_a_recipient_named_only_there_stays():
    assert pairs("We share personal data with SendGrid in the United States.") == [("sendgrid", "user", False)]


def test_a_transfer_of_specific_data_stays():
    text = ("SendGrid receives your email address. "
            "SendGrid stores your name on servers in the United States.")
    assert pairs(text) == [("sendgrid", "user.contact.email", False), ("sendgrid", "user.name", False)]


# --- retention periods set by someone else -----------------------------------------------------------

def test_records_kept_for_a_period_another_body_sets_go_nowhere():
    text = ("Records about your permit are retained for six years, or for such period as is prescribed by "
            "the Department for Transport.")
    assert [p for p in pairs(text) if p[0] != "first_party"] == []


def test_the_publisher_keeping_data_for_a_period_still_holds_it():
    assert pairs("Your order history is kept for six years.") == [
        ("first_party", "user.behavior.purchase_history", False)]


# --- list items opening with a label ------------------------------------------------------------------

def test_a_label_opening_an_item_inherits_no_broad_data():
    md = ("We may share information in these cases:\n\n"
          "- **Auditors.** Once a year our auditors check your invoices and your bank details.\n"
          "- **Repairs.** When a part fails, we give the workshop your address.\n")
    assert pairs(md, "md") == [("name:workshop", "user.contact.address", False),
                               ("professional_advisers", "user.financial.bank_account", False),
                               ("professional_advisers", "user.payment", False)]


def test_a_bare_label_item_still_inherits_the_lead():
    md = "We may share information with:\n\n- Insurers.\n- Debt collectors.\n"
    assert ("professional_advisers", "user", False) in pairs(md, "md")


def test_a_label_under_a_who_question_inherits_no_broad_data():
    md = ("## Who else sees my information?\n\n"
          "- **Payments.** Stripe receives your card number when you pay.\n"
          "- **Insurers.** After an accident we give the insurer your phone number.\n")
    assert pairs(md, "md") == [("professional_advisers", "user.contact.phone_number", False),
                               ("stripe", "user.financial.credit_card", False)]


# --- lexicon phrases ambiguous across domains --------------------------------------------------------

def test_a_buyer_of_goods_is_no_acquirer():
    assert not any(p == "acquirers" for p, _, _ in pairs(
        "If the event changes, the organiser emails the buyers of tickets their new time."))


def test_a_buyer_of_the_business_is_an_acquirer():
    assert pairs("If we sell our shop, we pass your account data to the buyer of our business.") == [
        ("acquirers", "user.account", False)]


def test_a_domain_registrar_is_no_public_authority():
    assert not any(p == "law_enforcement" for p, _, _ in pairs(
        "We send your name and email address to the domain registrar that holds your domain."))


def test_an_audio_recording_is_content_not_biometric():
    assert pairs("We store audio recordings of your lessons.") == [("first_party", "user.content", False)]


# --- ", which receives": the noun phrase before the relative pronoun receives ----------------------

@pytest.mark.parametrize("text, expected", [
    ("We pass your details to (a) the relevant exam board, which receives your date of birth; and "
     "(b) the coach assigned to a training group, who receives your first name.",
     [("name:coach", "user.name.first", False), ("name:exam board", "user.demographic.date_of_birth", False)]),
    ("We work with Acme Payments Ltd, which receives your card details.",
     [("name:Acme Payments Ltd", "user.financial.credit_card", False)]),
])
def test_the_antecedent_of_which_receives_is_the_recipient(text, expected):
    assert pairs(text) == expected


def test_the_publisher_is_never_the_one_a_relative_clause_says_receives():
    assert not any(p == "first_party" for p, _, _ in pairs(
        "Where you sit an external exam, the body running it, which receives your passport number, sets the date."))


# --- a qualified "records" is a noun, never the verb "records" --------------------------------------

def test_qualified_records_do_not_become_a_verb():
    assert pairs("If the law requires it, we may disclose account details and parcel records to the police.") == [
        ("law_enforcement", "user.account", False)]


def test_records_of_use_are_behaviour():
    assert pairs("We share your session records with your employer.") == [("employers", "user.behavior", False)]
    assert pairs("The app stores your lesson progress.") == [("first_party", "user.behavior", False)]


# --- not using data for one purpose limits a flow, it is no denial -----------------------------------

def test_not_using_collected_data_for_a_purpose_is_no_denial():
    text = "We use your email address to send receipts. We do not use your email address for advertising."
    assert pairs(text) == [("first_party", "user.contact.email", False)]


def test_not_using_data_never_collected_stays_a_denial():
    assert pairs("We do not use your health data for advertising.") == [
        ("first_party", "user.health_and_medical", True)]


def test_the_law_requiring_it_is_a_condition_not_a_collection():
    assert pairs("If the law requires it, we may disclose your account details to the police.") == [
        ("law_enforcement", "user.account", False)]


# --- defined things, "in connection with" -------------------------------------------------------------

def test_a_term_defined_as_a_website_is_no_recipient():
    text = ('In this notice, "the Hub" means the website at example.org and our apps. '
            "We process personal data in connection with the Hub, and we share your name with the Hub.")
    assert not any(p.startswith("name:") for p, _, _ in pairs(text))


def test_a_company_whose_name_holds_the_defined_term_stays_a_recipient():
    text = ('In this notice, "the Hub" means the website at example.org. '
            "We send your name to Hub Couriers Ltd.")
    assert pairs(text) == [("name:Hub Couriers Ltd", "user.name", False)]


# --- a known vendor's tool after a passive verb --------------------------------------------------------

def test_data_handled_in_a_known_vendor_goes_to_that_vendor():
    assert pairs("Your messages and your email address are handled in Intercom.") == [
        ("intercom", "user.contact.email", False), ("intercom", "user.content", False)]


def test_data_handled_in_a_place_stays_with_the_publisher():
    assert pairs("Your messages are handled in our office.") == [("first_party", "user.content", False)]


# --- a class word describing the vendor of the same row ------------------------------------------------

def test_a_class_word_describing_the_named_vendor_in_a_row_is_dropped():
    md = ("We use these processors.\n\n"
          "| Processor | Service | Data processed |\n|---|---|---|\n"
          "| Hetzner Online GmbH | Data centre and backup servers | Your contact details; customer account details |\n")
    assert pairs(md, "md") == [("hetzner", "user.account", False), ("hetzner", "user.contact", False)]


# --- "on behalf of" names whom the work is for, not the subject ----------------------------------------

def test_on_behalf_of_the_publisher_is_no_subject():
    assert pairs("SendGrid, which sends our receipts on behalf of us and receives your email address, is in the US.") == [
        ("sendgrid", "user.contact.email", False)]


# --- what the person accepts is a condition, not the data -----------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We may share information with selected partners, but only if you have accepted advertising cookies.",
     [("third_parties", "user", False)]),
    ("Our website loads a booking widget (only if you accept functional cookies) to take reservations.", []),
    ("If you agree, we share your email address with Mailchimp.", [("mailchimp", "user.contact.email", False)]),
    ("If you allow it, we collect your precise location.", [("first_party", "user.location.precise", False)]),
])
def test_what_the_person_accepts_is_no_data(text, expected):
    assert pairs(text) == expected


def test_cookies_that_are_shared_stay_data():
    assert pairs("We share advertising cookies with our advertising partners.") == [
        ("advertising_partners", "user.device.cookie", False)]


# --- a police force is law enforcement ------------------------------------------------------------------

def test_a_named_police_force_is_law_enforcement():
    assert pairs("We share CCTV footage with Police Scotland when a crime is investigated.") == [
        ("law_enforcement", "user.content.self_image", False)]


# --- a data word modifying a coordinated noun that is not data -------------------------------------------

def test_data_word_before_coordinated_reminders_is_no_data():
    assert pairs("We use your phone number to send vaccination and appointment reminders.") == [
        ("first_party", "user.contact.phone_number", False)]


def test_a_verb_between_data_and_reminders_keeps_the_data():
    assert pairs("We store your class bookings and send reminders to your phone.") == [
        ("first_party", "user.behavior.purchase_history", False)]


# --- "by" names who keeps the data in a clause that carries the subject over ---------------------------

def test_not_stored_by_us_after_going_to_a_provider_is_our_denial():
    assert pairs("Card details go to our payment provider and are not stored by us.") == [
        ("first_party", "user.financial.credit_card", True), ("payment_processors", "user.financial.credit_card", False)]


# --- the publisher's name in the title, a welcome, or "operated by" ------------------------------------

def test_the_publisher_named_in_the_title_and_welcome_is_the_first_party():
    text = ("HARBOUR HALL — PRIVACY NOTICE\n\n"
            "Welcome to The Harbour Hall. We are a concert venue operated by Harbour Venues Ltd.\n\n"
            "Card numbers go to our payment provider and are never stored by The Harbour Hall.\n")
    assert pairs(text) == [("first_party", "user.financial.credit_card", True),
                           ("payment_processors", "user.financial.credit_card", False)]


def test_a_welcome_to_our_website_names_no_publisher():
    from pia.notice.extract import self_names
    from pia.notice.lexicon import Lexicon
    assert self_names(segment_text("Welcome to our website. We sell shoes.", "text"), Lexicon.default()) == []


# --- a common noun in the possessive owns what follows ---------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Some registries publish the registrant's name.", []),
    ("We do not disclose your records to any third party for the purposes of that third party's own marketing.",
     [("third_parties", "user", True)]),
    ("We share your name with Sainsbury's.", [("name:Sainsbury's", "user.name", False)]),
])
def test_a_possessive_common_noun_is_no_recipient(text, expected):
    assert pairs(text) == expected


# --- records of an unknown kind still take the verb's object place ---------------------------------------

def test_unknown_records_take_no_data_from_the_sentence_before():
    text = ("If you owe us money, we pass your name and address to a debt collector. "
            "We give borrowing records to the police only when a court order requires it.")
    assert pairs(text) == [("debt_collectors", "user.contact.address", False),
                           ("debt_collectors", "user.name", False)]


# --- a capitalised word before data opens no name ---------------------------------------------------------

def test_a_label_that_is_data_names_no_recipient():
    md = ("We share information with these services:\n\n"
          "- **Reminder emails.** Overdue notices are sent through Postmark, which receives your email address.\n")
    got = pairs(md, "md")
    assert ("postmark", "user.contact.email", False) in got
    assert not any(p.startswith("name:") for p, _, _ in got)


# --- ", and" + a noun phrase with a verb of its own opens a new clause ---------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We never sell member information, and the reading history of children is never shared with schools.",
     [("name:schools", "user.behavior.browsing_history", True), ("third_parties", "user", True)]),
    ("We share your name with the school, and your reading history is shared with the library.",
     [("name:library", "user.behavior.browsing_history", False), ("name:school", "user.name", False)]),
    ("We collect your name, and your email address is shared with Mailchimp.",
     [("first_party", "user.name", False), ("mailchimp", "user.contact.email", False)]),
])
def test_a_noun_phrase_after_comma_and_opens_its_own_clause(text, expected):
    assert pairs(text) == expected


def test_a_coordinated_object_with_a_relative_clause_stays_in_the_clause():
    got = pairs("The organisers receive your name, and any allergies you tell us about.")
    assert ("name:organisers", "user.health_and_medical", False) in got


# --- a picture of a thing is content, a picture of a person is their image -------------------------------

@pytest.mark.parametrize("text, expected", [
    ("If you send photos of the leak, we keep them with the job.", [("first_party", "user.content", False)]),
    ("We take photos of the children during activities.", [("first_party", "user.content.self_image", False)]),
    ("We take a photo of you at the door.", [("first_party", "user.content.self_image", False)]),
])
def test_a_picture_of_a_thing_is_content(text, expected):
    assert pairs(text) == expected


# --- "these partners" points back to the recipients of the sentence just before ------------------------

def test_these_partners_are_the_recipients_just_named():
    text = "We share your email address with Mailchimp and Zendesk. These partners also receive your name."
    assert pairs(text) == [("mailchimp", "user.contact.email", False), ("mailchimp", "user.name", False),
                           ("zendesk", "user.contact.email", False), ("zendesk", "user.name", False)]


def test_these_partners_after_a_sentence_naming_no_one_stay_vague():
    text = ("We share your email address with Mailchimp. We also work with other partners. "
            "These partners receive your name.")
    assert pairs(text) == [("mailchimp", "user.contact.email", False), ("third_parties", "user.name", False)]


@pytest.mark.parametrize("text, expected", [
    ("If the club is sold or merged, your personal information may be transferred to the buyer.",
     [("acquirers", "user", False)]),
    ("We pass your email address to the buyer so they can arrange collection.",
     [("name:buyer", "user.contact.email", False)]),
])
def test_a_buyer_is_an_acquirer_only_when_the_business_is_sold(text, expected):
    assert pairs(text) == expected


# --- a table's lead must introduce it; a "Record" column lists data --------------------------------------

def test_a_sentence_of_its_own_before_a_table_is_no_lead():
    html = ("<p>We never share your records with marketing companies.</p>"
            "<table><tr><th>Record</th><th>Kept for</th></tr><tr><td>Dental records</td><td>11 years</td></tr></table>")
    got = pairs(html, "html")
    assert ("first_party", "user.health_and_medical", False) in got
    assert not any(neg for p, _, neg in got if p == "first_party")


def test_a_table_introduced_by_a_colon_keeps_its_lead():
    html = ("<p>We share the following with our partners:</p>"
            "<table><tr><th>Partner</th><th>Data</th></tr><tr><td>Stripe</td><td>card number</td></tr></table>")
    assert pairs(html, "html") == [("stripe", "user.financial.credit_card", False)]


# --- a pronoun after ", and" points to the party named earlier in the same sentence ----------------------

def test_a_pronoun_prefers_the_name_in_its_own_sentence():
    text = ("Our website is hosted by Netlify. "
            "Payments go through Debitline, and it gets your bank details and your email address.")
    assert pairs(text) == [("name:Debitline", "user.contact.email", False),
                           ("name:Debitline", "user.financial.bank_account", False)]


def test_a_capitalised_word_is_no_antecedent():
    text = ("Our shop is run by Tillpoint. "
            "When you buy a Christmas card, it uses your name and address to send it.")
    assert not any(p == "name:Christmas" for p, _, _ in pairs(text))


def test_trips_and_sessions_of_the_person_are_behaviour():
    assert pairs("Your employer receives a monthly list of your business trips.") == [
        ("employers", "user.behavior", False)]
    assert pairs("We keep a record of your charging sessions.") == [("first_party", "user.behavior", False)]


@pytest.mark.parametrize("text, expected", [
    ("We look at how busy a location is at certain hours.", []),
    ("Staff at each location can see the rota.", []),
    ("We collect your location when you open the map.", [("first_party", "user.location", False)]),
])
def test_a_location_is_a_place_your_location_is_data(text, expected):
    assert pairs(text) == expected
