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
