"""The lab-data page's model overlay on a time course: the figure says at which time the model is read, and a
'read at' time that the table's time column overrides is said to be unused."""

import base64

import pytest

pytest.importorskip("httpx")

# SOCS3 Cts of a time course: the control at 0, 30 and 60 min, IL-6 + sIL-6R ('trans') at 30 and 60 min
CTS = "".join(f"{c}{t}_{r},{c},{t},GAPDH,18.0\n{c}{t}_{r},{c},{t},SOCS3,{ct + 0.1 * r}\n"
              for c, t, ct in [("control", 0, 28.0), ("control", 30, 27.9), ("control", 60, 28.1),
                               ("trans", 30, 24.0), ("trans", 60, 23.2)] for r in (1, 2))


def _body(header="sample,condition,Time (min),gene,ct\n", **extra):
    content = base64.b64encode((header + CTS).encode("utf-8")).decode("ascii")
    return {"kind": "qpcr", "filename": "course.csv", "content_base64": content, "control": "control",
            "reference": "GAPDH", "protocol": "seed:sgp130fc_inhibition", **extra}


def test_the_legend_names_the_readout_the_model_is_read_at_where_the_protocol_lacks_the_data_time(client):
    # the seed reads at 15, 30, 240, 1440 min: 0 and 60 min are read at 15 and 30 min; the legend said
    # "(the data's time_min)", so the downloaded figure showed the 60 min bar beside the model at 30 min unsaid
    r = client.post("/api/labdata", json=_body())
    assert r.status_code == 200, r.text
    d = r.json()
    assert [x["model_time_min"] for x in d["records"]] == [15, 30, 30, 30, 30]
    svg = d["figure"]["svg"]
    assert "the data's time_min" not in svg
    assert "(at each bar's time, or the protocol's nearest readout: 0 min \u2192 15 min, 60 min \u2192 30 min)" in svg
    # a protocol that reads at the data's times: the legend says just that
    body = _body()
    body["protocol"] = {"yaml": "cell: huvec\ngroups:\n  control: []\n  trans: [{at: 0 min, add: IL-6, dose: 10 ng/mL},"
                                " {at: 0 min, add: sIL-6R, dose: 25 ng/mL}]\nreadouts: {observables: [SOCS3_mRNA], "
                                "times: [0 min, 30 min, 60 min]}\n"}
    d = client.post("/api/labdata", json=body).json()
    assert [x["model_time_min"] for x in d["records"]] == [0, 30, 60, 30, 60]
    assert "(at each bar's time)" in d["figure"]["svg"] and "nearest readout" not in d["figure"]["svg"]


def test_a_read_at_time_that_the_time_column_overrides_is_said_to_be_unused(client):
    # the page sends its 'read at' box (4 h for qPCR unless emptied); with a time column it was dropped unsaid
    d = client.post("/api/labdata", json=_body(time="4 h")).json()
    assert "The time in 'read at' (4 h) is not used: the table's time column gives the time of each bar, and the " \
           "model is read there." in d["notes"]
    assert 240 not in [x["model_time_min"] for x in d["records"]]
    assert not [n for n in client.post("/api/labdata", json=_body()).json()["notes"] if "read at" in n]
    # without a time column the box is what the model is read at, and no such note is given
    one_time = "".join(line.split(",", 3)[0] + "," + line.split(",", 3)[1] + "," + line.split(",", 3)[3] + "\n"
                       for line in CTS.splitlines() if ",0," not in line and ",60," not in line)
    content = base64.b64encode(("sample,condition,gene,ct\n" + one_time).encode("utf-8")).decode("ascii")
    d = client.post("/api/labdata", json={**_body(time="4 h"), "content_base64": content}).json()
    assert [x["model_time_min"] for x in d["records"]] == [240, 240]
    assert not [n for n in d["notes"] if "read at" in n]
