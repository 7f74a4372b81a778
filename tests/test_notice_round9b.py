"""pia.notice mechanisms of round 9b (following benchmarks/notices/GUIDELINES.md where older tests read
otherwise), each on small sentences written for these tests (none copied from a benchmark notice): a line
that only states a retention period is no statement, whoever it is about; a named vendor the person pays
through, with no data named, is a recipient of the person's data in general; examples listed before "any other <class>" keep their own
lines beside the class; "your <someone> sees ..." gives that someone access; the
town after "<Vendor> servers in" before a relative clause is no recipient; what a vendor tells us or reports to us, we receive too; "other <kind>" is that kind as written, not
third_parties."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- a retention period alone is not a statement ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "## Keeping records\n\n- Loan history: five years.\n",
    "## Keeping records\n\n- Garden plans: 18 months after your last visit.\n",
    "Workshop bookings: for up to two years.",
])
def test_a_label_and_a_period_give_no_line(text):
    assert pairs(text, "md") == []


def test_a_label_line_with_a_verb_still_states_who_holds_what():
    # must stay quiet: the colon is followed by a sentence that says who keeps what
    assert pairs("Loans: we keep your library card number for two years.") == [
        ("first_party", "user.unique_id", False)]
    assert ("first_party", "user.contact.email", False) in pairs(
        "## Keeping records\n\nNewsletter: we store your email address until you unsubscribe.\n", "md")


# --- a vendor the person pays through, with no data named --------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Members may pay their subscription with PayPal.", [("paypal", "user", False)]),
    ("At the till you can pay using Klarna or PayPal.", [("klarna", "user", False), ("paypal", "user", False)]),
])
def test_paying_through_a_named_vendor_is_a_recipient_with_no_data(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "You can pay with cash or a cheque at the desk.",         # no vendor
    "You cannot pay with Klarna at our shop.",                # not a way to pay
    "We pay our plumbers with PayPal every month.",           # the organisation paying, not the person
])
def test_paying_without_a_vendor_gives_nothing(text):
    assert pairs(text) == []


def test_a_vendor_whose_data_is_named_gets_no_generic_line():
    assert pairs("You can pay with Klarna at the till. Klarna receives your email address.") == [
        ("klarna", "user.contact.email", False)]


# --- examples listed before "any other <class>" keep their lines beside the class ------------------------

@pytest.mark.parametrize("text, expected", [
    ("We pass your phone number to florists, bakers or any other advertisers.",
     [("advertising_partners", "user.contact.phone_number", False), ("name:bakers", "user.contact.phone_number", False),
      ("name:florists", "user.contact.phone_number", False)]),
    ("We share your name with third parties such as museums and galleries.",
     [("name:galleries", "user.name", False), ("name:museums", "user.name", False), ("third_parties", "user.name", False)]),
])
def test_examples_under_a_class_each_get_a_line(text, expected):
    assert pairs(text) == expected


def test_a_class_alone_gives_only_the_class():
    # must stay quiet: no examples listed, no extra lines
    assert pairs("We never pass your phone number to advertisers.") == [
        ("advertising_partners", "user.contact.phone_number", True)]


# --- "your <someone> sees ...": the one who sees has access ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Your tutor sees your email address.", [("name:tutor", "user.contact.email", False)]),
    ("Your courier can see your postal address.", [("name:courier", "user.contact.address", False)]),
])
def test_your_someone_who_sees_data_receives_it(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "Your browser sees your IP address.",               # the person's own thing, not a recipient
    "Our staff see your email address.",                # the organisation's own people
    "You can see your postal address in the app.",      # the person seeing their own data
])
def test_seeing_by_no_one_else_gives_no_recipient(text):
    assert [p for p in pairs(text) if p[0] != "first_party"] == []


# --- "<Vendor> servers in <Place>, which ...": the place is no recipient --------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Backups sit on Hetzner servers in Nuremberg, which keep your phone number.",
     [("hetzner", "user.contact.phone_number", False)]),
    ("Your photos live on Quarrymoor servers in Lisbon, which store your name.", [("name:Quarrymoor", "user.name", False)]),
])
def test_the_owner_of_the_servers_stores_the_data_not_their_town(text, expected):
    assert pairs(text) == expected


def test_a_town_after_a_recipient_that_is_no_server_stays_apart():
    # must stay quiet: no servers named, the reading of the sentence is left as it was
    got = pairs("We pass your name to the parish office in Kendal, which files it.")
    assert ("name:parish office", "user.name", False) in got


# --- "X tells us / reports to us ...": X collects it and we receive it --------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Plumfinch tells us which pages you open.",
     [("first_party", "user.behavior.browsing_history", False),
      ("name:Plumfinch", "user.behavior.browsing_history", False)]),
    ("Mixpanel reports to us which buttons you press.",
     [("first_party", "user.behavior", False), ("mixpanel", "user.behavior", False)]),
])
def test_a_vendor_telling_us_gives_us_the_data_too(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    # to no one named: the vendor only
    ("Mixpanel reports which buttons you press.", [("mixpanel", "user.behavior", False)]),
    # a denial: the vendor's denial only, no line for us
    ("Plumfinch never tells us your bank details.", [("name:Plumfinch", "user.financial.bank_account", True)]),
])
def test_a_vendor_reporting_to_no_one_or_denying_gives_us_nothing(text, expected):
    assert pairs(text) == expected


# --- "other <kind>": the kind as written; "other companies" stays anyone else ------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We never pass your email address to other museums.", [("name:other museums", "user.contact.email", True)]),
    ("We do not sell your data to other riding schools.", [("name:other riding schools", "user", True)]),
])
def test_other_of_a_named_kind_is_that_kind(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("We never pass your email address to other organisations.", [("third_parties", "user.contact.email", True)]),
    ("We share your name with other museums in our group.", [("affiliates", "user.name", False)]),
])
def test_other_companies_and_group_members_keep_their_class(text, expected):
    assert pairs(text) == expected
