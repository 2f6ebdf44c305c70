"""Headers on every route of tests/routes.py, no cookies on GET pages, nothing typed in the app's logs."""

import logging
import re

import pytest
from flask import request

from tests.routes import ROUTES
from webapp import create_app


def served(client, route):
    """Skip routes other branches have not added yet."""
    with client.get(route.url()) as response:
        missing = response.status_code == 404
    if missing:
        pytest.skip(f"{route.path} is not served on this branch yet")


def variants(route):
    """The example address, the bare path, a bad value in every parameter, and an unknown parameter."""
    yield route.url()
    yield route.path
    yield route.url(**{name: "not-valid<>" for name in route.params})
    yield route.url(zzz="unknown")


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_every_response_carries_the_security_headers_and_no_cookie(client, route):
    served(client, route)
    for url in variants(route):
        with client.get(url, headers={"Accept-Encoding": "gzip"}) as response:
            status, headers = response.status_code, response.headers
        assert status < 500, url
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "'unsafe-eval'" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "no-referrer", url
        assert "camera=()" in headers["Permissions-Policy"], url
        assert "Set-Cookie" not in headers, url


def test_static_files_carry_the_security_headers(client):
    body = client.get(ROUTES[0].url()).get_data(as_text=True)

    links = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', body))
    assert len(links) >= 3
    for link in links:
        with client.get(link) as response:
            assert response.status_code == 200, link
            assert response.headers["X-Content-Type-Options"] == "nosniff", link
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], link
            assert "Set-Cookie" not in response.headers, link


SECRET = "Zq7-private-value-9Xk"


@pytest.fixture
def crashing_app():
    """The real app plus a route that fails with the query value in its exception message."""
    app = create_app({"TESTING": True})

    def boom():
        raise ValueError(f"cannot use {request.args['secret']}")

    app.add_url_rule("/boom", "boom", boom)
    return app


def test_unexpected_error_logs_the_stack_but_not_what_was_typed(crashing_app, caplog):
    with caplog.at_level(logging.DEBUG):
        response = crashing_app.test_client().get(f"/boom?secret={SECRET}")
    assert response.status_code == 500
    assert "unexpected ValueError in boom" in caplog.text
    assert "in boom" in caplog.text  # the stack is kept for debugging
    logged = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert SECRET not in logged
    assert SECRET not in response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_bad_input_is_not_logged(client, route, caplog):
    served(client, route)
    with caplog.at_level(logging.DEBUG):
        for name in route.params or ("zzz",):
            client.get(route.url(**{name: SECRET})).close()
    assert SECRET not in caplog.text
