"""In real Chromium, every page of tests/routes.py requests nothing outside 127.0.0.1."""

from urllib.parse import urlsplit

import pytest

from tests.charts import wait_for_chart
from tests.routes import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.path)
def test_no_request_leaves_the_server(page, live_server, route):
    p = page.page
    response = p.goto(live_server + route.url())
    if response.status == 404:
        pytest.skip(f"{route.path} is not served on this branch yet")
    if p.locator("#chart").count():
        wait_for_chart(p)
    # The bare address and a refused query render other templates (teaching view, error summary).
    for url in (route.path, route.url(**{name: "bad" for name in route.params})):
        p.goto(live_server + url)
    p.wait_for_load_state("networkidle")
    assert page.refused == []
    assert page.requests and all(urlsplit(u).hostname == "127.0.0.1" for u in page.requests)
    assert [e for e in page.errors if "status of 400" not in e] == []
