"""The site navigation and the guide links keep the current timeline's query (webapp/views/navigation.py)."""

import re
from pathlib import Path

import pytest

from tests.test_views import text

NAV_PAGES = ["/", "/glossary", "/questions", "/present", "/custom"]


def nav_links(client, url):
    body = text(client.get(url))
    nav = body.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


def test_glossary_navigation_carries_the_timeline_query(client):
    query = "start=2026-01-05&protocol=cog-hr&branch=hsct&today=2026-11-24"
    assert nav_links(client, "/glossary?" + query) == [
        f"/?{query}", f"/protocols?{query}", f"/questions?{query}", f"/questions?{query}#help-now", f"/glossary?{query}", f"/present?{query}",
    ]


def test_only_the_timeline_parameters_travel_in_their_fixed_order_with_the_language(client):
    url = ("/present?step=2&delay=consolidation:14&branch=hsct&protocol=cog-hr&start=2026-01-05&induction_weeks="
           "&a=x&paper=letter&lang=es")
    assert nav_links(client, url)[0] == "/?start=2026-01-05&protocol=cog-hr&branch=hsct&delay=consolidation%3A14&lang=es"


def test_repeated_paths_and_an_uploaded_protocol_travel_too(client):
    links = nav_links(client, "/glossary?protocol=custom&custom=abc&branch=hsct&branch=car-t&start=2026-01-05")
    assert links[0] == "/?start=2026-01-05&protocol=custom&branch=hsct&branch=car-t&custom=abc"


@pytest.mark.parametrize("url", NAV_PAGES)
def test_without_a_timeline_the_navigation_keeps_only_the_language(client, url):
    assert nav_links(client, url + "?lang=es")[:2] == ["/?lang=es", "/protocols?lang=es"]
    assert nav_links(client, url)[:2] == ["/", "/protocols"]


def test_what_was_typed_travels_as_typed_so_the_timeline_page_names_it(client):
    links = nav_links(client, "/glossary?start=2026-02-30&protocol=cog-sr")
    assert links[0] == "/?start=2026-02-30&protocol=cog-sr"
    assert "“2026-02-30” is not a real date" in text(client.get(links[0]))


def test_compare_navigation_leaves_its_scenarios_behind(client):
    url = "/compare?a=start%3D2026-01-05%26protocol%3Dcog-sr&b=start%3D2026-01-05%26protocol%3Dcog-hr"
    assert nav_links(client, url)[0] == "/"


def test_timeline_guide_links_carry_the_query(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-sr&today=2026-11-24&lang=es"))
    query = "start=2026-01-05&protocol=cog-sr&today=2026-11-24&lang=es"
    assert f'<a href="/questions?{query}">Imprimir solo estas preguntas</a>' in body
    assert f'href="/glossary?{query}#term-mrd"' in body
    assert f'<a href="/glossary?{query}">' in text(client.get(f"/questions?{query}"))


def test_compare_links_come_from_the_one_link_builder_with_the_language_once(client):
    # navigation.compare_url: each side's query without the language, the page's language added once by the hook.
    body = text(client.get("/?start=2026-01-05&protocol=cog-hr&branch=hsct&lang=es"))
    assert [link.replace("&amp;", "&") for link in re.findall(r'href="(/compare[^"]*)"', body)] == [
        "/compare?a=start%3D2026-01-05%26protocol%3Dcog-hr&b=start%3D2026-01-05%26protocol%3Dcog-hr%26branch%3Dhsct"
        "&lang=es",
        "/compare?a=start%3D2026-01-05%26protocol%3Dcog-hr%26branch%3Dhsct&b=start%3D2026-01-05%26protocol%3Dcog-hr"
        "%26branch%3Dhsct%26branch%3Dcar-t&lang=es",
        "/compare?a=start%3D2026-01-05%26protocol%3Dcog-hr%26branch%3Dhsct&b=start%3D2026-01-05%26protocol%3Dcog-hr"
        "%26branch%3Dhsct%26branch%3Dtki&lang=es",
    ]
    templates = (Path(__file__).parent.parent / "templates").glob("*.html")
    assert not [t.name for t in templates if "url_for('timeline.compare', a=" in t.read_text(encoding="utf-8")]


def test_the_links_carry_the_timelines_parameters_in_its_order_each_value_as_given(app):
    from webapp.views import navigation

    query = ("a=x&branch=car-t&lang=es&sex=male&step=2&protocol=cog-hr&branch=hsct&start=2026-01-05&today="
             "&delay=im1:7&start=2026-02-02")
    with app.test_request_context(f"/?{query}"):
        app.preprocess_request()
        assert navigation.timeline_args() == [
            ("start", "2026-01-05"), ("start", "2026-02-02"), ("protocol", "cog-hr"), ("branch", "car-t"),
            ("branch", "hsct"), ("delay", "im1:7"), ("sex", "male"), ("lang", "es")]
