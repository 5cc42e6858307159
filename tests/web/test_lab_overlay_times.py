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


def _png_width(b64):
    import struct

    return struct.unpack(">I", base64.b64decode(b64)[16:20])[0]


def test_a_plot_of_three_genes_of_seven_bars_fits_the_page(client):
    # three panels of seven bars side by side were drawn 2,200 px wide, shown at no less than 3/4 of that: the
    # third gene (here ICAM1) was off the right of a 1400 px window, reached only by scrolling the plot
    three = "".join(line + "\n" + line.replace("SOCS3", "CCL2") + "\n" + line.replace("SOCS3", "ICAM1") + "\n"
                    for line in CTS.splitlines() if "SOCS3" in line)
    three += "".join(line + "\n" for line in CTS.splitlines() if "GAPDH" in line)
    three += "".join(f"i{t}_{r},inhibition,{t},GAPDH,18.0\ni{t}_{r},inhibition,{t},{g},26.0\n"
                     for t in (30, 60) for r in (1, 2) for g in ("SOCS3", "CCL2", "ICAM1"))
    body = {**_body(), "content_base64": base64.b64encode(("sample,condition,Time (min),gene,ct\n" + three)
                                                          .encode("utf-8")).decode("ascii")}
    d = client.post("/api/labdata", json=body).json()
    assert len(d["records"]) == 21 and {r["gene"] for r in d["records"]} == {"SOCS3", "CCL2", "ICAM1"}
    width = _png_width(d["figure"]["png"])
    assert width * 0.75 <= 1300, width  # at 3/4 size within the column of a 1366-1400 px window
    assert all(f"<!-- {g} -->" in d["figure"]["svg"] for g in ("SOCS3", "CCL2", "ICAM1"))


def test_the_control_mean_ddct_is_shown_as_0_not_its_rounding_error(client):
    # three control samples' ddCt (each sample's dCt less their mean) add up to -5.921e-16, which the page's table
    # and the downloaded CSV showed as the control's ddct_mean
    rows = "".join(f"c{i},control,GAPDH,{g}\nc{i},control,SOCS3,{s}\nt{i},il6,GAPDH,{g}\nt{i},il6,SOCS3,{s - 4}\n"
                   for i, (g, s) in enumerate([(17.93, 28.14), (18.05, 27.90), (18.02, 28.07)]))
    content = base64.b64encode(("sample,condition,gene,ct\n" + rows).encode("utf-8")).decode("ascii")
    d = client.post("/api/labdata", json={"kind": "qpcr", "filename": "p.csv", "content_base64": content,
                                          "control": "control", "reference": "GAPDH"}).json()
    got = {r["condition"]: r for r in d["records"]}
    assert got["control"]["ddct_mean"] == 0 and got["control"]["fold_change"] == 1
    assert abs(got["il6"]["ddct_mean"] + 4) < 1e-9 and abs(got["il6"]["fold_change"] - 16) < 1e-9
    assert "e-16" not in d["csv"] and "e-15" not in d["csv"]
