"""Problems with the builder's boxes say what to write instead (HTTP 422, under the box's place in the protocol)."""

import pytest

BASE = {"name": "t", "cell": "huvec", "groups": {"trans": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
        "readouts": {"observables": ["pSTAT3"], "times": ["15 min"]}}


@pytest.mark.parametrize("change, where, message", [
    ({"medium": {"volume": "lots", "cells": "2e5"}}, "Protocol 't', medium.volume",
     "'lots' is not a number followed by a unit (write e.g. '1 mL' or '500 uL')"),
    ({"readouts": {"observables": ["pSTAT3"], "times": ["1e9 h"]}}, "Protocol 't', readouts.times",
     "time 1: 1e9 h is outside +/- 30 days of stimulation (write a time within 30 days of it, e.g. '30 min' or "
     "'24 h')"),
    ({"groups": {"trans": [{"at": "90 days", "add": "IL-6", "dose": "10 ng/mL"}]}},
     "Protocol 't', group 'trans', step 1",
     "at: 90 days is outside +/- 30 days of stimulation (write a time within 30 days of it, e.g. '30 min' or "
     "'24 h')"),
    ({"groups": {"trans": [{"at": "0 min", "add": "IL-6", "dose": "1e40 ng/mL"}]}},
     "Protocol 't', group 'trans', step 1",
     "dose 1e40 ng/mL of IL-6 is 4.76e+38 nM, above the 10 mM limit; check the number and its unit, e.g. "
     "'10 ng/mL' or '0.5 nM'"),
])
def test_a_value_out_of_range_or_unreadable_says_what_to_write(client, change, where, message):
    r = client.post("/api/experiment", json={**BASE, **change})
    assert r.status_code == 422, r.text
    assert r.json()["problems"] == [{"where": where, "message": message}]
