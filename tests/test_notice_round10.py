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
