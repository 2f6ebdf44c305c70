"""The family guide over HTTP: glossary, questions and warning signs, glossary links, presentation mode."""

import re

import pytest

from tests.test_views import COG, text


def test_glossary_page_lists_terms_with_anchors_and_sources(client):
    response = client.get("/glossary")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Glossary: the words in plain language</h1>" in body
    assert '<div class="glossary-entry" id="term-mrd"> <dt>MRD (minimal residual disease)</dt>' in body
    assert '<a href="#term-leukapheresis">Leukapheresis</a>' in body
    assert "takes about 3 to 6 hours." in body
    assert "[S52]" in body and "[S35]" in body
    assert "Educational picture, not medical advice." in body
    # An entry links other terms, never itself.
    entry = body.split('id="term-intrathecal">', 1)[1].split("</dd>", 1)[0]
    assert '<a class="term" href="/glossary#term-lumbar-puncture">lumbar puncture</a>' in entry
    assert "#term-intrathecal" not in entry


def test_phase_panels_link_their_terms_to_the_glossary(client):
    body = text(client.get(COG))
    # The links carry the timeline's query, so the glossary's "Timeline" link brings it back (issue 10).
    glossary = "/glossary?start=2026-01-05&protocol=cog-sr&today=2026-11-24"
    assert ('to clear leukaemia from the blood and <a class="term" href="' + glossary + '#term-bone-marrow">bone marrow</a> '
            'as fast as possible, which is called <a class="term" href="' + glossary + '#term-remission">remission</a>.'
            ).lower() in body.lower()
    assert ('A blood test for leftover leukaemia (<a class="term" href="' + glossary + '#term-mrd">MRD</a>) on Day 8, '
            'and a <a class="term" href="' + glossary + '#term-bone-marrow-test">bone marrow test</a> with MRD on Day 29.'
            ) in body


def test_timeline_page_has_help_now_and_questions_panels(client):
    body = text(client.get(COG))
    assert '<section class="help-now" id="help-now" aria-labelledby="help-now-title">' in body
    assert '<h3 id="help-now-title">When to get help now</h3>' in body
    assert "<h4>Superior vena cava (SVC) syndrome: an emergency</h4>" in body
    assert "<li>Swelling of the face, neck, arms or upper chest</li>" in body
    assert "<li>Swollen lymph nodes (glands)</li>" in body
    assert '<h3 id="questions-title">Questions for your care team</h3>' in body
    query = "start=2026-01-05&protocol=cog-sr&today=2026-11-24"
    assert (f'<li>Is there a <a class="term" href="/glossary?{query}#term-clinical-trial">clinical trial</a> we could '
            'take part in?<span class="answer-space" aria-hidden="true"></span></li>') in body
    assert f'<a href="/questions?{query}">Print these questions on their own</a>' in body
    assert "[S1]" in body


def test_questions_page_stands_alone_for_printing(client):
    response = client.get("/questions")
    assert response.status_code == 200
    body = text(response)
    assert '<h1 id="questions-title">Questions for your care team</h1>' in body
    assert body.count("Questions for your care team</h") == 1
    assert "<h2>Questions worth asking</h2>" in body
    assert '<h2 id="help-now-title">When to get help now</h2>' in body
    assert body.count('<span class="answer-space" aria-hidden="true"></span>') == 10
    assert "Print these questions on their own" not in body
    assert re.search(r'<script src="/static/js/guide\.[0-9a-f]{12}\.js" defer></script>', body)
    assert re.search(r'<link rel="stylesheet" href="/static/css/guide\.[0-9a-f]{12}\.css">', body)


def test_site_navigation_marks_the_current_page(client):
    body = text(client.get("/glossary"))
    assert '<nav class="site-nav" aria-label="Site">' in body
    assert '<a href="/glossary" aria-current="page">Glossary</a>' in body
    assert '<a href="/questions#help-now">When to get help now</a>' in body


def test_timeline_links_to_its_presentation(client):
    body = text(client.get("/?start=2026-01-05&protocol=general&induction_weeks=5"))
    assert '<a href="/present?start=2026-01-05&protocol=general&induction_weeks=5&step=1">' in body


@pytest.mark.parametrize(("step", "name", "prev", "next_"), [
    ("", "Induction", None, 2), ("1", "Induction", None, 2), ("3", "Interim maintenance I", 2, 4),
    ("6", "Maintenance", 5, None),
])
def test_presentation_shows_one_phase_per_step(client, step, name, prev, next_):
    query = "start=2026-01-05&protocol=cog-sr" + (f"&step={step}" if step else "")
    response = client.get("/present?" + query)
    assert response.status_code == 200
    body = text(response)
    number = int(step or 1)
    assert f'<span class="step-count">Step {number} of 6:</span> {name}</h1>' in body
    base = "/present?start=2026-01-05&protocol=cog-sr&step="
    assert (f'<a class="step-link" href="{base}{prev}" rel="prev"' in body) == (prev is not None)
    assert (f'<a class="step-link" href="{base}{next_}" rel="next"' in body) == (next_ is not None)
    assert f'href="{base}1" data-key="first"' in body and f'href="{base}6" data-key="last"' in body
    assert '<a href="/?start=2026-01-05&protocol=cog-sr">Leave the presentation: the whole timeline</a>' in body
    assert re.search(r'<script src="/static/js/present\.[0-9a-f]{12}\.js" defer></script>', body)
    assert "<script>" not in body


def test_presentation_without_a_start_date_counts_days(client):
    body = text(client.get("/present?protocol=general&step=2"))
    assert '<span class="step-count">Step 2 of 3:</span> Consolidation (intensification)</h1>' in body
    assert "Day 29 to Day 175: 147 days (21 weeks)." in body
    assert "in Day numbers" in body


def test_presentation_highlights_its_phase_in_the_figure(client):
    body = client.get("/present?start=2026-01-05&protocol=cog-sr&step=3").get_data(as_text=True)
    island = body.split('id="figure-data">', 1)[1].split("</script>", 1)[0]
    assert '"opacity": [0.3, 0.3, 1, 0.3, 0.3, 0.3]' in island
    assert '"width": [1, 1, 4, 1, 1, 1]' in island


@pytest.mark.parametrize(("query", "message"), [
    ("step=7", "step 7 does not exist: this presentation has steps 1 to 6."),
    ("step=0", "step 0 does not exist: this presentation has steps 1 to 6."),
    ("step=-1", "step “-1” is not a step number: use a whole number from 1 to 6."),
    ("step=two", "step “two” is not a step number: use a whole number from 1 to 6."),
    ("step=" + "9" * 40, "step “99999999…” is not a step number: use a whole number from 1 to 6."),
    ("step=1&step=2", "step was given 2 times in the address; give it once."),
])
def test_bad_step_is_a_400_naming_step(client, query, message):
    response = client.get("/present?protocol=cog-sr&" + query)
    assert response.status_code == 400
    body = text(response)
    assert f"<p>{message}</p>" in body
    assert '<a href="/present?protocol=cog-sr&step=1">Start again from a page that works</a>' in body


def test_bad_timeline_query_in_presentation_is_a_400_naming_the_field(client):
    response = client.get("/present?start=2026-02-30&step=1")
    assert response.status_code == 400
    assert "Treatment start date: “2026-02-30” is not a real date: February 2026 has 28 days." in text(response)


def test_presentation_escapes_what_was_typed(client):
    body = client.get("/present?step=<script>").get_data(as_text=True)
    assert "<script>" not in body.split("<main", 1)[1]


@pytest.mark.parametrize("url", ["/glossary", "/questions", "/present", "/present?step=99"])
def test_security_headers_on_the_guide_pages(client, url):
    headers = client.get(url).headers
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in headers


def test_glossary_lists_other_spellings_once(client):
    body = text(client.get("/glossary"))
    assert "Also written: neutrophils, neutrophil count.</p>" in body
    assert "Also written: minimal residual disease.</p>" in body
