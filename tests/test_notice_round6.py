"""pia.notice mechanisms of round 6 (generalisation), each on small sentences written for these tests
(none copied from a benchmark notice): verbs of motion ("goes to"), pronouns pointing back to a recipient
the lexicon does not know, definition lists of recipients, floating quantifiers in passives, plural
class names, negative subjects, where requests go, coordinated "or otherwise", and the vocabulary added
to the data and recipient lexicons."""
from __future__ import annotations

import pytest

from pia.notice.extract import extract
from pia.notice.segment import segment_text
from tests.test_notice_generalise import pairs


def triples(text: str, fmt: str = "text"):
    return sorted((s.party, s.action, s.data, s.negated) for s in extract(segment_text(text, fmt)))


# --- data as the subject of "goes to" --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Your payslips go to the landlord you picked.",
     [("name:landlord", "user.financial", False)]),
    ("A copy of your invoice goes to Stripe.", [("stripe", "user.payment", False)]),
    ("Your passport number went to the tour operator.",
     [("name:tour operator", "user.government_id.passport_number", False)]),
])
def test_data_going_to_a_recipient(text, expected):
    assert pairs(text) == expected


def test_questions_going_somewhere_are_no_disclosure():
    assert triples("Complaints about your records should go to the surgery first.") == []
    assert triples("Questions go to our office.") == []


# --- "they"/"it" after an unknown recipient ---------------------------------------------------------

def test_they_points_back_to_an_unknown_recipient():
    text = "When you accept an offer, your CV goes to the employer who is hiring. They see your phone number too."
    assert pairs(text) == [("name:employer", "user.contact.phone_number", False),
                           ("name:employer", "user.job_title", False)]


def test_it_points_back_to_an_unknown_recipient_with_negation():
    text = "Your card details go straight to the venue. It never sees your home address."
    assert pairs(text) == [("name:venue", "user.contact.address", True),
                           ("name:venue", "user.financial.credit_card", False)]


def test_they_without_a_recipient_before_is_nobody():
    assert triples("They see your phone number.") == []


# --- definition lists: a term line naming a recipient, then its paragraph -----------------------------

_DL = """<html><body><h2>Who gets your data</h2>
<dl>
<dt>Parcelhawk Logistics</dt>
<dd>Brings your parcel to your door. The courier's handheld shows your name and delivery address.</dd>
<dt>Our tax adviser</dt>
<dd>Prepares the annual accounts. They already hold your invoices; we send them nothing else.</dd>
<dt>Hetzner</dt>
<dd>Runs the servers. Your order history is all kept there.</dd>
</dl>
<h2>Contact</h2><p>We answer your email within a week.</p>
</body></html>"""


def test_a_definition_list_names_the_recipient_of_its_paragraph():
    got = pairs(_DL, "html")
    assert ("name:Parcelhawk Logistics", "user.name", False) in got
    assert ("name:Parcelhawk Logistics", "user.contact.address", False) in got
    assert ("hetzner", "user.behavior.purchase_history", False) in got
    assert not any(p == "first_party" and d in ("user.name", "user.contact.address") for p, d, _ in got)


def test_a_term_line_in_markdown():
    md = "## Our suppliers\n\n**Quillbox Print**\n\nPrints your membership card. Your photo and name are sent to it once.\n"
    assert pairs(md, "md") == [("name:Quillbox Print", "user.content.self_image", False),
                               ("name:Quillbox Print", "user.name", False)]


def test_a_sentence_with_we_keeps_the_first_party_under_a_term():
    html = ("<dl><dt>Brightline Payroll</dt><dd>Runs our payroll service for staff. We keep your bank details "
            "in our own records.</dd></dl>")
    assert pairs(html, "html") == [("first_party", "user.financial.bank_account", False)]


def test_a_line_that_is_not_a_recipient_is_no_term():
    html = "<dl><dt>Retention</dt><dd>Your order history is kept for six years.</dd></dl>"
    assert pairs(html, "html") == [("first_party", "user.behavior.purchase_history", False)]


# --- floating quantifiers in passives -----------------------------------------------------------------

def test_all_inside_a_passive_is_still_a_verb():
    assert pairs("Your invoices and your bank details are all stored on our server.") == [
        ("first_party", "user.financial.bank_account", False), ("first_party", "user.payment", False)]
    assert pairs("We delete all stored photos after a year.") == []


# --- plural class names -----------------------------------------------------------------------------

def test_a_singular_class_noun_takes_the_plural_the_notice_uses():
    text = "We work with local florists. Your florist is given your name and delivery address."
    assert pairs(text) == [("name:florists", "user.contact.address", False), ("name:florists", "user.name", False)]
    text = "Our clients are firms that hire. Your CV goes to the client who is hiring."
    assert pairs(text) == [("name:clients", "user.job_title", False)]


def test_a_singular_without_a_plural_elsewhere_stays():
    assert pairs("Your florist is given your name.") == [("name:Your florist", "user.name", False)]
    text = "We use Quayside Florists. We send your name to Quayside Florist."  # a proper name is left as written
    assert ("name:Quayside Florist", "user.name", False) in pairs(text)


def test_a_name_with_of_is_not_pluralised_at_its_last_word():
    text = "We run two quizzes a year. Your email address is shared with the organiser of the quiz."
    assert pairs(text) == [("name:organiser of the quiz", "user.contact.email", False)]


# --- negative subjects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Nothing your watch records is ever sent to an advertising network.",
     [("advertising_partners", "user", True)]),
    ("No card number is passed to our couriers.", [("delivery_providers", "user.financial.credit_card", True)]),
    ("If you have no account, we send your payslip to your employer.", [("employers", "user.financial", False)]),
])
def test_a_negative_subject_denies_the_verb(text, expected):
    assert pairs(text) == expected


# --- "or otherwise" -----------------------------------------------------------------------------------

def test_or_otherwise_keeps_the_negation_of_the_verb_list():
    assert pairs("The Society shall not rent, sell or otherwise disclose member details to any third party.") == [
        ("third_parties", "user", True)]


# --- data phrases: the round-6 vocabulary, and words that look like data but are not -----------------

@pytest.mark.parametrize("text, expected", [
    ("We record your relationship status.", ("first_party", "user.demographic.marital_status", False)),
    ("We collect your vehicle registration number.", ("first_party", "user.government_id.vehicle_registration", False)),
    ("We ask for your household income.", ("first_party", "user.financial", False)),
    ("The app logs your location history.", ("first_party", "user.location", False)),
    ("We keep your frequent flyer number.", ("first_party", "user.unique_id", False)),
    ("We collect your work experience.", ("first_party", "user.job_title", False)),
    ("We keep a record of where you work.", ("first_party", "user.workplace", False)),
    ("We record your access needs.", ("first_party", "user.health_and_medical", False)),
    ("We collect your app version.", ("first_party", "user.device", False)),
    ("We keep the reviews you write.", ("first_party", "user.content", False)),
    ("Tessera stores the messages you send to your tutor.", ("name:Tessera", "user.content", False)),
    ("We check your DBS certificate.", ("first_party", "user.criminal_history", False)),
    ("We keep your booking reference.", ("first_party", "user.unique_id", False)),
])
def test_round6_data_phrases(text, expected):
    assert expected in pairs(text)


def test_a_phone_that_owns_something_is_the_device():
    assert pairs("The app reads your phone's location.") == [("first_party", "user.location", False)]
    assert pairs("Pushly receives an identifier for your phone.") == [("name:Pushly", "user.device.device_id", False)]


def test_what_looks_like_data_but_is_not():
    assert triples("Password reset links are sent through Postmark.") == []
    assert triples("Members can comment on any class timetable.") == []
    assert triples("We pass your records to the police if a court orders us to.") == [
        ("law_enforcement", "share", "user", False)]


# --- small readings of round 6 ------------------------------------------------------------------------

def test_you_inside_a_data_phrase_is_not_the_subject():
    assert pairs("What you type in the chat is sent to Intercom.") == [("intercom", "user.content", False)]


def test_no_before_a_noun_is_a_determiner_and_does_no_is_a_negation():
    assert pairs("No log of what you watch is passed to Meta.") == [("meta", "user.behavior.browsing_history", True)]
    assert pairs("We don't sell your order history.") == [("third_parties", "user.behavior.purchase_history", True)]


def test_what_a_recipient_returns_is_not_what_it_is_given():
    text = ("Your name and date of birth are submitted to the Vetting Office, which returns a certificate of any "
            "convictions to us.")
    assert pairs(text) == [("name:Vetting Office", "user.demographic.date_of_birth", False),
                           ("name:Vetting Office", "user.name", False)]


# --- recipient classes: the round-6 vocabulary --------------------------------------------------------

@pytest.mark.parametrize("text, party", [
    ("We pass your name to an identity verification provider.", "credit_agencies"),
    ("Your address is given to the border force.", "law_enforcement"),
    ("We share your postcode with social services.", "law_enforcement"),
    ("We send your delivery address to our fulfilment provider.", "delivery_providers"),
    ("Your mobile number is passed to our SMS gateway.", "communication_providers"),
    ("We disclose your date of birth to our insurance company.", "professional_advisers"),
    ("Your email address is shared with our email marketing platform.", "email_providers"),
    ("Your IP address is shared with an ad exchange.", "advertising_partners"),
    ("We give your name to our IT support provider.", "support_providers"),
    ("Your invoices are stored by our cloud storage provider.", "hosting_providers"),
    ("We share your email address with a market research agency.", "analytics_providers"),
    ("Your CV is passed to a staffing agency.", "recruitment_providers"),
])
def test_round6_recipient_classes(text, party):
    assert {p for p, _, _ in pairs(text)} == {party}


def test_our_staff_named_by_role_are_not_a_recipient_class():
    # "our recruiters" are the organisation's people; a recruitment agency is a class
    assert pairs("Our recruiters read your CV.") == [("first_party", "user.job_title", False)]


def test_the_class_before_a_colon_is_what_they_points_back_to():
    text = ("We use suppliers who help us run the club: a mailing house and our IT support company. "
            "They use your email address only on our instructions.")
    assert ("service_providers", "user.contact.email", False) in pairs(text)
    assert not any(p == "first_party" for p, _, _ in pairs(text))


def test_a_class_in_apposition_after_a_name_glosses_the_name():
    md = ("## Advertising\n\nWith your consent these load on our pages:\n\n"
          "- **Bidwell**, our ad exchange - reads a cookie identifier to run the auction.\n")
    assert pairs(md, "md") == [("name:Bidwell", "user.device.cookie_id", False)]


# --- passives with an adverb, indirect objects, relatives, what a sent thing holds --------------------

def test_a_negated_passive_keeps_its_subject_as_recipient():
    text = "Posts are checked by Moderato, a moderation service. It is not given your email address."
    assert pairs(text) == [("name:Moderato", "user.contact.email", True), ("name:Moderato", "user.content.public", False)]


def test_each_and_every_open_an_indirect_object():
    assert pairs("We tell each referee your name.") == [("name:referee", "user.name", False)]
    assert pairs("We tell every member the results.") == []  # the people the notice is about


def test_which_keeps_after_a_name_is_that_names_store():
    assert pairs("Reminders go out through Quillpost Ltd, which keeps your phone number.") == [
        ("name:Quillpost Ltd", "user.contact.phone_number", False)]


def test_what_the_thing_sent_holds_goes_to_its_recipient():
    assert pairs("If the app freezes, a diagnostic report goes to Bugtrail. It never includes your name.") == [
        ("name:Bugtrail", "user.name", True), ("name:Bugtrail", "user.telemetry", False)]
    assert pairs("We send a weekly file to Paycastle. It contains your bank details and never your address.") == [
        ("name:Paycastle", "user.contact.address", True), ("name:Paycastle", "user.financial.bank_account", False)]
    assert pairs("It contains your bank details.") == []  # nothing was sent before: no recipient


def test_and_never_denies_the_data_after_it():
    assert pairs("The till keeps the last four digits and never the full card number.") == [
        ("first_party", "user.financial.credit_card", False), ("first_party", "user.financial.credit_card", True)]


def test_a_pronoun_subject_of_a_passive_is_the_data_before():
    assert pairs("Card numbers go straight to Adyen; they are never stored on our servers.") == [
        ("adyen", "user.financial.credit_card", False), ("first_party", "user.financial.credit_card", True)]
    # but a pronoun given something is the recipient
    assert pairs("Adyen processes payments. It is given your postcode.") == [
        ("adyen", "user.contact.address.postal_code", False)]


# --- definition lists, continued; demonstratives; a noun subject that collects ------------------------

_DL2 = """<html><body><h2>Who else sees your data</h2>
<dl>
<dt>Harbourline Support Centre</dt>
<dd>Answers our helpline. Agents see your name and recent invoices. They never see your card number.</dd>
<dt>Tenancy deposit scheme</dt>
<dd>Protects your deposit. It is given your name and your email address.</dd>
<dt>Notes</dt>
<dd>Some partners change over time. Your postcode is kept for a year.</dd>
</dl></body></html>"""


def test_a_terms_people_and_pronouns_are_the_term():
    got = pairs(_DL2, "html")
    assert ("name:Harbourline Support Centre", "user.name", False) in got
    assert ("name:Harbourline Support Centre", "user.financial.credit_card", True) in got
    assert ("name:Tenancy deposit scheme", "user.contact.email", False) in got
    assert not any(p == "service_providers" for p, _, _ in got)


def test_a_term_line_that_is_no_recipient_ends_the_term_before():
    got = pairs(_DL2, "html")
    assert ("first_party", "user.contact.address.postal_code", False) in got
    assert not any(p.startswith("name:Notes") or (p != "first_party" and d.endswith("postal_code")) for p, d, _ in got)


def test_these_standing_alone_points_back_to_the_data():
    text = "We note your dietary requirements. These are never passed to our caterers' suppliers."
    assert ("first_party", "user.health_and_medical", False) in pairs(text)
    text = "We note your dietary requirements. These are never passed to advertisers."
    assert pairs(text) == [("advertising_partners", "user.health_and_medical", True),
                           ("first_party", "user.health_and_medical", False)]
    assert pairs("These providers host our website.") == []


def test_a_common_noun_subject_of_collects_is_the_collector():
    assert pairs("At the stand, the exhibitor collects your email address directly.") == [
        ("name:exhibitor", "user.contact.email", False)]
    assert pairs("Your email address is collected at the door.") == [("first_party", "user.contact.email", False)]


def test_borrowing_history_is_behaviour():
    assert pairs("We do not share your borrowing history with anyone.") == [("third_parties", "user.behavior", True)]


# --- subjects of "they" and "it" after a subordinate clause; lets us; accounts made with data --------

def test_it_after_an_opening_when_clause_points_back_to_the_name():
    text = "Lessons run on Slotwise, an online booking platform. When you book a lesson it is given your first name."
    assert pairs(text) == [("name:Slotwise", "user.name.first", False)]


def test_people_described_as_outside_the_organisation_are_who_they_means():
    text = "Our dog walkers are self-employed. If you book a walk, they see your home address."
    assert pairs(text) == [("name:dog walkers", "user.contact.address", False)]
    assert pairs("Our dog walkers are friendly. They see your home address.") == []


def test_data_that_lets_us_do_something_is_collected():
    assert pairs("Your postcode and phone number let us arrange the delivery.") == [
        ("first_party", "user.contact.address.postal_code", False), ("first_party", "user.contact.phone_number", False)]
    assert pairs("Cookies on other sites let us nothing.") == []


def test_an_account_made_with_data_is_collection():
    assert pairs("Members open an account with their email address and a password.") == [
        ("first_party", "user.authorization.password", False), ("first_party", "user.contact.email", False)]
    assert pairs("Sign up using your mobile number.") == [("first_party", "user.contact.phone_number", False)]
    assert pairs("You can ask us to close the account with all your data.") == []


# --- legal drafting: defined terms, "the said", hyphenated and legal-form names, "provided to X by Y" --

_LEGAL = ('1.1 "Passenger Details" means the full name, date of birth and gender of the traveller.\n\n'
          '1.2 "Agent" means any travel agency with whom the Society has an agreement.\n\n'
          '2.1 The Society shall send the Passenger Details of each traveller to the immigration service.\n\n'
          '2.2 The Society shall disclose to such Agent the traveller\'s email address.\n\n'
          '2.3 Where a booking is made through Wayfarer Tours & Travel S.A., the said Agent shall receive the '
          'traveller\'s phone number.\n')


def test_a_defined_data_term_stands_for_the_data_it_lists():
    got = pairs(_LEGAL)
    assert {d for p, d, _ in got if p == "law_enforcement"} == {
        "user.name", "user.demographic.date_of_birth", "user.demographic.gender"}


def test_a_defined_catch_all_is_a_recipient_and_the_said_one_is_the_company_named():
    got = pairs(_LEGAL)
    assert ("name:Agent", "user.contact.email", False) in got
    assert ("name:Wayfarer Tours & Travel S.A", "user.contact.phone_number", False) in got
    assert not any(p == "service_providers" for p, _, _ in got)


def test_a_hyphenated_name_is_one_name():
    assert pairs("Your licence number is sent to Drive-a-Lot Hire Limited.") == [
        ("name:Drive-a-Lot Hire Limited", "user.government_id.drivers_license_number", False)]


def test_infrastructure_provided_to_us_by_a_vendor_hosts_the_data():
    got = pairs('"the Guild" means Harrow Guild Ltd.\n\nAll member data is hosted on servers provided to the Guild by Hetzner.')
    assert ("hetzner", "user", False) in got


def test_a_name_qualifying_the_data_is_not_the_subject():
    assert pairs("All personal data relating to the Rewards Club is stored in Ireland.") == [("first_party", "user", False)]


def test_use_thereof_is_a_noun():
    assert pairs("The authorities may retain your passport number; we are not responsible for any use thereof.") == [
        ("law_enforcement", "user.government_id.passport_number", False)]


# --- the people the notice is about as givers; names as indirect objects; a name kept as subject -------

def test_the_people_the_notice_is_about_give_data_to_the_organisation():
    assert pairs("Guests from abroad fill in a registration card with their passport number.") == [
        ("first_party", "user.government_id.passport_number", False)]
    assert pairs("Parents submit their phone numbers when a child joins.") == [
        ("first_party", "user.contact.phone_number", False)]
    # the organisation's own staff are not givers
    assert not any(p == "first_party" and d == "user.content" for p, d, _ in
                   pairs("Care workers add short notes about each visit."))


def test_with_their_data_names_no_recipient_but_with_their_school_does():
    assert not any(p.startswith("name:") for p, _, _ in pairs("Guests fill in a card with their passport number."))
    assert pairs("We share your child's test results with their school.") == [
        ("name:school", "user.health_and_medical", False)]


def test_a_capitalised_name_right_after_give_is_the_recipient():
    assert pairs("We must give Revenue Scotland details of your income.") == [
        ("name:Revenue Scotland", "user.financial", False)]
    assert pairs("We send Paystream your bank details every month.") == [
        ("name:Paystream", "user.financial.bank_account", False)]


def test_a_name_opening_the_sentence_stays_the_subject_after_and():
    assert pairs("Notewell hosts all records on servers in the EU and cannot read them.") == [
        ("name:Notewell", "user", False), ("name:Notewell", "user", True)]


# --- a negative subject after ", and"; what a vendor reports; visible to -------------------------------

def test_and_nobody_opens_a_clause_of_its_own():
    text = "Your photos are never given to advertisers, and nobody can use them for marketing."
    got = pairs(text)
    assert ("advertising_partners", "user.content.self_image", True) in got
    assert ("advertising_partners", "user.content.self_image", False) not in got
    # an Oxford comma before the last of coordinated subjects is not a new clause
    assert {p for p, _, _ in pairs("Stripe, Adyen, and PayPal receive your card number.")} == {"stripe", "adyen", "paypal"}


def test_what_a_vendor_reports_to_no_one_named_it_collects():
    assert pairs("Matomo sets a cookie and reports which pages you visited.") == [
        ("matomo", "user.behavior.browsing_history", False), ("matomo", "user.device.cookie", False)]


def test_visible_to_is_a_disclosure():
    assert pairs("Your treatment notes are not visible to Zendesk.") == [("zendesk", "user.health_and_medical", True)]
    assert pairs("Your booking history is visible to our partner hotels.") == [
        ("name:partner hotels", "user.behavior.purchase_history", False)]


# --- exceptions named in lower case; infinitives after "to"; legal forms before a dash; "save where" ---

def test_lower_case_exceptions_to_a_denial_receive():
    text = "We will not disclose your medical reports to anyone other than our loss assessors and nurse advisers."
    assert pairs(text) == [("name:loss assessors", "user.health_and_medical", False),
                           ("name:nurse advisers", "user.health_and_medical", False),
                           ("third_parties", "user.health_and_medical", True)]


def test_save_where_is_a_condition_not_the_verb_save():
    text = "We shall not disclose your medical records to any third party, save where required by law."
    assert pairs(text) == [("third_parties", "user.health_and_medical", True)]


def test_an_infinitive_after_to_is_no_recipient():
    assert pairs("We may share your details with brokers to spread our risk.") == [("name:brokers", "user", False)]
    assert pairs("We send your payslip to our broker to check your pay.") == [("name:broker", "user.financial", False)]


def test_a_legal_form_with_a_full_stop_opens_a_list_item():
    md = "We use these sub-processors:\n\n- Billwise Inc. – invoicing; receives billing contact details\n"
    assert pairs(md, "md") == [("name:Billwise Inc", "user.contact", False)]


# --- terms under a section about the tools used; lines that are not terms; clauses after "When ..., " ----

_SYSTEMS = """<html><body><h2>Our systems</h2>
<p>Clubhub</p>
<p>Our booking app. It stores your class bookings.</p>
<p>Opening hours</p>
<p>Doors open at six. Your membership number is checked at the door.</p>
</body></html>"""


def test_a_name_under_a_section_about_systems_is_a_term_and_a_common_line_is_not():
    got = pairs(_SYSTEMS, "html")
    assert ("name:Clubhub", "user.behavior.purchase_history", False) in got
    assert ("first_party", "user.unique_id", False) in got
    assert not any(p.startswith("name:Opening") or p.startswith("name:Clubhub Our") for p, _, _ in got)


def test_data_after_the_comma_of_an_opening_clause_is_the_main_clauses():
    text = "When you pay by card, your card number goes straight to Stripe and we never see it."
    assert pairs(text) == [("first_party", "user.financial.credit_card", True), ("stripe", "user.financial.credit_card", False)]


# --- names after engage/rely on; pronouns after a name earlier in the sentence; "a monthly report" -----

def test_a_pronoun_points_back_to_the_one_name_earlier_in_the_sentence():
    assert pairs("We engage Inkwell Mailing Ltd to post your statements, so it receives your postal address.") == [
        ("name:Inkwell Mailing Ltd", "user.contact.address", False)]
    assert pairs("We rely on Parcelbird for deliveries; they get your phone number.") == [
        ("name:Parcelbird", "user.contact.phone_number", False)]
    # two parties before: who "it" is stays unknown, and it is not us
    assert not any(p == "first_party" for p, _, _ in pairs(
        "We use Stripe and Mollie for payments, so it receives your card number."))


def test_a_report_after_an_article_and_a_modifier_is_a_noun():
    assert pairs("Your employer receives a monthly report listing your attendance.") == [
        ("employers", "user.behavior", False)]
    assert pairs("The terminal records your card number.") == [("first_party", "user.financial.credit_card", False)]


# --- tables: "Shared with" and "Examples" columns, names in apposition in a cell ----------------------

_TABLE = """# Data we hold

| Category of data | Examples | Shared with |
|---|---|---|
| Identity | name, date of birth | credit reference agencies |
| Contact | postal address, phone number | our printing partner, Quillpress Ltd |
| Payment | bank account details | none |
"""


def test_shared_with_and_examples_columns():
    got = pairs(_TABLE, "md")
    assert ("credit_agencies", "user.name", False) in got
    assert ("credit_agencies", "user.demographic.date_of_birth", False) in got
    assert ("name:Quillpress Ltd", "user.contact.phone_number", False) in got
    assert ("third_parties", "user.financial.bank_account", True) in got
    assert not any(p == "third_parties" and not neg for p, _, neg in got)


# --- apposition after an opening name; neither ... nor; letting someone see --------------------------

def test_a_description_between_commas_after_an_opening_name():
    assert pairs("Payslipper, our payroll bureau, processes your bank details.") == [
        ("name:Payslipper", "user.financial.bank_account", False)]


def test_neither_nor_coordinates_subjects():
    assert pairs("Neither Stripe nor PayPal receives your home address.") == [
        ("paypal", "user.contact.address", True), ("stripe", "user.contact.address", True)]


def test_the_one_let_or_allowed_to_see_is_the_party():
    assert pairs("We let our caterer see your dietary requirements.") == [
        ("name:caterer", "user.health_and_medical", False)]
    assert pairs("We allow Stripe to store your card number.") == [("stripe", "user.financial.credit_card", False)]
    assert pairs("Our app allows you to download your order history.") == []
    assert pairs("Cookies allow us to remember your preferences.") == []


@pytest.mark.parametrize("text, expected", [
    ("We keep your proof of address.", ("first_party", "user.contact.address", False)),
    ("The box records the vehicle's location.", ("first_party", "user.location", False)),
    ("We analyse your driving behaviour.", ("first_party", "user.behavior", False)),
    ("We store your survey responses.", ("first_party", "user.content", False)),
    ("We record your height and weight.", ("first_party", "user.health_and_medical", False)),
    ("We keep your rent payments.", ("first_party", "user.financial", False)),
])
def test_round6_data_phrases_more(text, expected):
    assert pairs(text) == [expected]


def test_a_list_under_a_heading_naming_a_recipient_is_what_it_gets():
    md = ("# Privacy\n\n## Who receives your data\n\n### Sendwell\n\n- your email address\n- your first name\n\n"
          "### Quillbox Couriers\n\nThey receive:\n\n- your delivery address\n\n## What we collect\n\n- your name\n")
    assert pairs(md, "md") == [("first_party", "user.name", False),
                               ("name:Quillbox Couriers", "user.contact.address", False),
                               ("name:Sendwell", "user.contact.email", False),
                               ("name:Sendwell", "user.name.first", False)]
    # a heading that is no recipient leaves its list with the organisation
    assert pairs("# Privacy\n\n## Our services\n\n### Retention\n\n- your email address\n", "md") == [
        ("first_party", "user.contact.email", False)]


def test_topic_headings_are_no_terms():
    md = ("# Privacy\n\n## Our services\n\n### Data Retention\n\n- your email address\n\n"
          "### Security\n\nYour card number is kept encrypted on our servers.\n")
    assert pairs(md, "md") == [("first_party", "user.contact.email", False),
                               ("first_party", "user.financial.credit_card", False)]


# --- running-text lists: "For each child: ...", "Recipients: X (data), Y (data)" ------------------------

def test_a_verbless_colon_list_under_a_heading_about_what_is_kept():
    md = "# Nursery\n\n## What we hold\n\nFor each child: name, date of birth and allergies.\n"
    assert pairs(md, "md") == [("first_party", "user.demographic.date_of_birth", False),
                               ("first_party", "user.health_and_medical", False), ("first_party", "user.name", False)]
    md = "# Nursery\n\n## Opening times\n\nFor each child: name, date of birth and allergies.\n"
    assert pairs(md, "md") == []


def test_a_recipients_line_with_the_data_in_brackets():
    text = "Recipients: Revenue Scotland (tax returns), Stripe (card details), and our auditors (invoices)."
    assert pairs(text) == [("name:Revenue Scotland", "user.financial", False),
                           ("professional_advisers", "user.payment", False),
                           ("stripe", "user.financial.credit_card", False)]


# --- lists of recipients; the organisation's own staff by role; "where needed" --------------------------

def test_recipients_listed_with_commas_and_determiners():
    assert pairs("We send your address to the caterer, the florist and the photographer.") == [
        ("name:caterer", "user.contact.address", False), ("name:florist", "user.contact.address", False),
        ("name:photographer", "user.contact.address", False)]
    assert pairs("We disclose your name to the venue and, where needed, the police.") == [
        ("law_enforcement", "user.name", False), ("name:venue", "user.name", False)]


def test_unknown_names_listed_after_a_known_vendor():
    assert ("name:Mailquill", "user.contact", False) in pairs(
        "We share your contact details with providers such as Twilio, Mailquill and Hetzner.")


def test_our_staff_by_role_are_the_organisation():
    assert pairs("Our customer service agents can view your order history.") == [
        ("first_party", "user.behavior.purchase_history", False)]
    assert pairs("Your order history is passed to the travel agents.") == [
        ("name:travel agents", "user.behavior.purchase_history", False)]


def test_within_our_group_of_companies():
    assert pairs("Your data is shared within our group of companies.") == [("affiliates", "user", False)]


def test_a_passive_disclosure_under_a_term_goes_to_the_term():
    md = ("# Privacy\n\n## Third parties\n\n### Law Enforcement\n\nYour data may be disclosed if the law requires it.\n\n"
          "### Stripe\n\nYour card number is never shared.\n")
    assert pairs(md, "md") == [("law_enforcement", "user", False), ("third_parties", "user.financial.credit_card", True)]
    assert pairs("# Privacy\n\n## Retention\n\nYour data may be disclosed if the law requires it.\n", "md") == []


# --- organisations as subjects of seeing; an unknown name opening a sentence is "it" next -------------

def test_an_organisation_noun_that_sees_data_is_a_recipient_but_staff_are_not():
    assert pairs("When you park, the car park operator sees your licence plate.") == [
        ("name:car park operator", "user.government_id.vehicle_registration", False)]
    assert pairs("Your coach and the secretary see your phone number.") == []


def test_an_unknown_name_opening_a_sentence_is_what_it_points_back_to():
    assert pairs("Mapwright draws our maps. It receives your approximate location.") == [
        ("name:Mapwright", "user.location.imprecise", False)]
    assert pairs("- **Tilemaker** shows the map. It receives your postcode.\n", "md") == [
        ("name:Tilemaker", "user.contact.address.postal_code", False)]
    assert pairs("Payments are simple. It receives your card number.") == [
        ("first_party", "user.financial.credit_card", False)]  # no name before: as before round 6


def test_a_paragraph_opening_with_a_name_and_a_dash_or_colon():
    md = ("## Who we work with\n\n**Cardloop** — processes card payments and receives your card number.\n\n"
          "Printworks Ltd: prints your membership card, so it receives your name and photo.\n\n"
          "Important: we keep your email address.\n")
    assert pairs(md, "md") == [("first_party", "user.contact.email", False),
                               ("name:Cardloop", "user.financial.credit_card", False),
                               ("name:Printworks Ltd", "user.content.self_image", False),
                               ("name:Printworks Ltd", "user.name", False)]
