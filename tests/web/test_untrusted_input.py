"""Names and files from a request are data: drawn and echoed as written, bounded in the work they cause."""

import base64
import io

import pytest

pytest.importorskip("httpx")

#: names that matplotlib would read as mathtext: one it cannot parse, one it would set in math italics
MATH_NAMES = ("$\\frac{1}$", "cost $5 and $6")


def _protocol(name):
    return {"name": f"a {name} b", "cell": "huvec",
            "groups": {"control": [], name: [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
            "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min", "1 h"]}}


@pytest.mark.parametrize("name", MATH_NAMES)
def test_a_dollar_sign_in_a_name_is_drawn_as_written(client, name):
    for figure in ("western_blot", "qpcr", "timecourses"):
        r = client.post("/api/figure", json={"protocol": _protocol(name), "figure": figure, "format": "svg"})
        assert r.status_code == 200, (figure, r.text[:300])
        assert name in r.text, figure  # the name as text in the SVG, not a formula
    r = client.post("/api/experiment", json=_protocol(name))
    assert r.status_code == 200, r.text[:300]
    assert set(r.json()["figures"]) == {"western_blot", "qpcr", "timecourses"}


def test_a_dollar_sign_in_a_lab_table_is_drawn_as_written(client):
    rows = ["sample,condition,gene,ct"]
    for s, cond, ct in (("c1", "control", 28.1), ("c2", "control", 28.3), ("t1", MATH_NAMES[0], 25.2),
                        ("t2", MATH_NAMES[0], 25.0)):
        rows += [f"{s},{cond},GAPDH,18.0", f"{s},{cond},$^^$,{ct}"]
    body = {"kind": "qpcr", "filename": "cts.csv", "control": "control", "reference": "GAPDH",
            "content_base64": base64.b64encode("\n".join(rows).encode()).decode()}
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 200, r.text[:300]
    assert MATH_NAMES[0] in r.json()["figure"]["svg"] and "$^^$" in r.json()["figure"]["svg"]


def test_literal_text_keeps_the_mathtext_of_a_log_axis():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from il6sim.plotting import literal_text

    fig, (a, b) = plt.subplots(1, 2)
    a.loglog([1, 1000], [1, 100])
    a.set_title("$\\frac{1}$")
    b.plot([0, 1], [0, 1])
    b.set_xticks([0, 1])
    b.set_xticklabels(["cost $5 and $6", "$x$"])
    literal_text(fig)
    literal_text(fig)  # a second call changes nothing
    svg = io.StringIO()
    fig.savefig(svg, format="svg")
    plt.close(fig)
    fig.canvas.draw()
    assert a.title.get_parse_math() is False
    assert all(t.get_text().startswith("$\\mathdefault{10^") and t.get_parse_math()
               for t in a.xaxis.get_ticklabels() if t.get_text())
    assert [t.get_text() for t in b.xaxis.get_ticklabels()] == ["cost \\$5 and \\$6", "\\$x\\$"]
    assert "cost $5 and $6" in svg.getvalue()


def test_a_table_of_too_many_bars_for_the_plot_is_refused_at_once(client):
    import time

    from il6sim.web.labdata import MAX_BARS

    rows = ["sample,condition,gene,ct", "k1,control,GAPDH,18", "k1,control,SOCS3,28"]
    for i in range(MAX_BARS):
        rows += [f"s{i},cond{i},GAPDH,18.{i % 10}", f"s{i},cond{i},SOCS3,2{i % 10}.5"]
    body = {"kind": "qpcr", "filename": "many.csv", "control": "control", "reference": "GAPDH",
            "content_base64": base64.b64encode("\n".join(rows).encode()).decode()}
    start = time.monotonic()
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    assert time.monotonic() - start < 20  # plotting them took 5 s, 3,000 bars 40 s
    p = r.json()["problems"][0]
    assert p["where"] == "file 'many.csv'"
    assert p["message"].startswith(f"{MAX_BARS + 1} bars (genes in each condition) are too many for the page's plot")
    assert "`il6sim qpcr FILE`" in p["message"]


def test_a_full_queue_is_503_with_a_message_and_when_to_retry():
    from fastapi.testclient import TestClient

    from il6sim.web.app import RETRY_AFTER_S, create_app
    from il6sim.web.pool import Busy

    app = create_app()

    async def full(*args):
        raise Busy("the server is busy (32 jobs queued or running); try again in a moment")

    app.state.pool.run = full  # no worker is started: the app is not entered
    r = TestClient(app).post("/api/run", json={"cell": "huvec", "groups": {"g": []}})
    assert r.status_code == 503
    assert r.headers["retry-after"] == str(RETRY_AFTER_S)
    assert r.json() == {"problems": [{"where": "server", "message": "the server is busy (32 jobs queued or running); "
                                                                    "try again in a moment"}]}
