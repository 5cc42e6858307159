"""Error headings on the pages, in a real browser (Debian's chromium; skipped where it is missing)."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def test_a_bad_lab_table_is_not_called_a_protocol(browser, server, tmp_path):  # noqa: F811
    bad = tmp_path / "cts.csv"
    bad.write_text("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,control,SOCS3,abc\n"
                   "t1,trans,GAPDH,18\nt1,trans,SOCS3,25\n")
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(browser, "lab-file").send_keys(str(bad))
    by_testid(browser, "lab-run").click()
    wait_for(browser, lambda d: d.find_element("id", "l-error").is_displayed())
    text = browser.find_element("id", "l-error").text
    assert "Ct must be a number (got 'abc')" in text
    assert text.startswith("The table cannot be analysed:") and "protocol" not in text.splitlines()[0]
