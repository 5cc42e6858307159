"""The API page's curl example names the address the app is served at: it named port 8050 (make serve's default)
whatever --port or host the page was opened on, so the example copied from `il6sim serve --port 8080` failed."""

import pytest

pytest.importorskip("httpx")


def test_the_curl_example_names_the_address_the_page_was_opened_at(client, server):
    page = client.get("/api").text
    assert f"curl -s -X POST {server}/api/run -H" in page  # the test server's free port
    assert ":8050" not in page or server.endswith(":8050")
    # the address is written as text: a Host header cannot add markup to the page
    from il6sim.web.app import render_page

    odd = render_page("api.html", 'http://lab-pc"><b>x</b>:9/')
    assert "<b>x</b>" not in odd and "curl -s -X POST http://lab-pc&quot;&gt;&lt;b&gt;x&lt;/b&gt;:9/api/run" in odd

def test_the_other_pages_are_unchanged_by_the_address(client):
    from il6sim.web.app import render_page

    assert "{{BASE_URL}}" not in render_page("api.html")
    assert "http://127.0.0.1:8050/api/run" in render_page("api.html")  # the default, as in the README
    for url in ("/", "/routes", "/lab", "/dose-response"):
        assert "{{" not in client.get(url).text, url
