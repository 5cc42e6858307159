"""An add step with no agent (`add:` left empty in YAML, or "" in JSON): HTTP 422 saying the agent is missing and
what to write, not "unknown agent 'None'"."""

import pytest

pytest.importorskip("httpx")


@pytest.mark.parametrize("agent", ["", "  ", None])
def test_an_empty_agent_is_called_empty(client, agent):
    r = client.post("/api/run", json={"cell": "huvec",
                                      "groups": {"g": [{"at": "0 min", "add": agent, "dose": "10 ng/mL"}]}})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"].endswith("group 'g', step 1")
    assert problem["message"].startswith("add is empty (name the agent, e.g. 'add: IL-6'; known: IL-6, sIL-6R,")
    assert "unknown agent" not in problem["message"]


def test_the_yaml_of_the_builder_with_an_empty_agent_is_refused_the_same_way(client):
    r = client.post("/api/protocol/parse", json={"yaml": "cell: huvec\ngroups:\n  g:\n    - {at: 0 min, add: , dose: 10 ng/mL}\n"})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert "add is empty" in problem["message"] and "'None'" not in problem["message"]
