"""The family guide over HTTP: glossary, questions and warning signs, glossary links, presentation mode."""

import json
import re
from datetime import date

import pytest

from tests.test_views import COG, text
from webapp import custom


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
    assert "<h4>Call your care team now, day or night</h4>" in body
    assert "<li>Contact with someone who has chickenpox, shingles or measles</li>" in body
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
    # The general guide shows every group, the T-cell one titled as such, and the line for the 24-hour number.
    assert headings(body) == ["Call your care team now, day or night",
                              "Call emergency services (for example 911, 999 or 112)",
                              "T-cell ALL only: superior vena cava (SVC) syndrome, an emergency",
                              "Not diagnosed yet? Signs to see a doctor about"]
    assert PHONE_LINE in body
    assert "Print these questions on their own" not in body
    assert re.search(r'<script src="/static/js/guide\.[0-9a-f]{12}\.js" defer></script>', body)
    assert re.search(r'<link rel="stylesheet" href="/static/css/guide\.[0-9a-f]{12}\.css">', body)


PHONE_LINE = ('<p class="phone-line"><strong>Our care team\'s 24-hour number:</strong> '
              '<span class="phone-blank" aria-hidden="true"></span> '
              '<span class="phone-hint">Write it in by hand, and save it in your phone too.</span></p>')
CALL_NOW = ("Call your care team now, day or night, for a fever of 38.0 °C (100.4 °F) or more (or the number your team "
            "gave you), chills or shivering,")
EMERGENCY_NOW = ("Call emergency services (for example 911, 999 or 112) if the person stops breathing or struggles to "
                 "breathe, has a fit (seizure), cannot be woken, or is bleeding heavily.")
SVC_NOW = "T-cell ALL only: swelling of the face, neck or arms, bluish-red skin of the head and neck,"


def headings(body: str) -> list[str]:
    """Return the titles of the "When to get help now" groups, in page order."""
    panel = body.split('id="help-now"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<div class="help-group" id="help-[a-z-]+"> <h\d>(.*?)</h\d>', panel)


def call_now_box(body: str) -> str:
    return body.split('<section class="call-now" aria-labelledby="call-now-title">', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("query", "groups"), [
    ("start=2026-01-05&protocol=cog-sr", ["Call your care team now, day or night",
                                          "Call emergency services (for example 911, 999 or 112)",
                                          "Not diagnosed yet? Signs to see a doctor about"]),
    ("start=2026-01-05&protocol=t-all", ["Call your care team now, day or night",
                                         "Call emergency services (for example 911, 999 or 112)",
                                         "T-cell ALL only: superior vena cava (SVC) syndrome, an emergency",
                                         "Not diagnosed yet? Signs to see a doctor about"]),
    ("protocol=cog-hr", ["Call your care team now, day or night",
                         "Call emergency services (for example 911, 999 or 112)",
                         "Not diagnosed yet? Signs to see a doctor about"]),
])
def test_help_groups_in_order_and_svc_only_on_t_all(client, query, groups):
    body = text(client.get("/?" + query))
    assert headings(body) == groups
    t_cell = "t-all" in query
    assert ("superior vena cava" in body) == t_cell
    assert ("<li>Swelling of the face, neck, arms or upper chest</li>" in body) == t_cell
    assert (SVC_NOW in call_now_box(body)) == t_cell


def test_call_now_box_comes_before_the_chart_and_links_the_full_list(client):
    body = text(client.get(COG))
    box = call_now_box(body)
    assert '<h3 id="call-now-title">When to call now</h3>' in box
    assert box.index(CALL_NOW) < box.index(EMERGENCY_NOW) < box.index(PHONE_LINE)
    assert '<a href="#help-now">Every sign, what to do, and where each comes from</a>' in box
    assert body.index('class="now"') < body.index("call-now-title") < body.index('<figure class="chart-figure">')
    assert body.index('<figure class="chart-figure">') < body.index('id="help-now"') < body.index('class="phases"')


def test_an_uploaded_protocol_gets_every_help_group(client):
    # Even with a built-in protocol's id, an upload's kind of ALL is unknown: it shows the T-cell signs, titled so.
    template = client.get("/custom/template-cog-sr.csv").get_data(as_text=True)
    token = custom.encode(custom.Upload(template, "Mine", date(2026, 1, 5)))
    response = client.get("/?start=2026-01-05&protocol=custom&custom=" + token)
    assert response.status_code == 200
    assert "T-cell ALL only: superior vena cava (SVC) syndrome, an emergency" in headings(text(response))


@pytest.mark.parametrize("url", ["/print?start=2026-01-05&protocol=cog-sr", "/print?protocol=general",
                                 "/questions"])
def test_every_print_out_has_the_24_hour_number_line(client, url):
    body = text(client.get(url))
    assert body.count(PHONE_LINE) == 1


def test_print_view_says_when_to_call_now_with_sources(client):
    body = text(client.get("/print?start=2026-01-05&protocol=cog-sr"))
    box = body.split('<div class="call-now">', 1)[1].split('<h2 id="notes-title">', 1)[0]
    assert box.startswith(" <h2>When to call now</h2> " + PHONE_LINE)
    assert box.index(CALL_NOW) < box.index(EMERGENCY_NOW)
    assert "[S201]" in box and "[S209]" in box and SVC_NOW not in box
    assert SVC_NOW in text(client.get("/print?start=2026-01-05&protocol=t-all"))


def test_help_now_in_spanish_keeps_the_numbers(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-sr&lang=es"))
    box = call_now_box(body)
    # Spanish writes decimals with a comma, as the rest of the catalogue does; the values stay the same.
    assert "38,0 °C (100,4 °F)" in box and "911, 999 o 112" in box
    assert "<h4>Llame a su equipo médico ahora, de día o de noche</h4>" in body
    assert "Número de 24 horas de nuestro equipo médico:" in box


def test_site_navigation_marks_the_current_page(client):
    body = text(client.get("/glossary"))
    assert '<nav class="site-nav" aria-label="Site">' in body
    assert '<a href="/glossary" aria-current="page">Glossary</a>' in body
    assert '<a href="/questions#help-now">When to get help now</a>' in body


def test_timeline_links_to_its_presentation(client):
    body = text(client.get("/?start=2026-01-05&protocol=general&induction_weeks=5"))
    assert '<a href="/present?start=2026-01-05&protocol=general&induction_weeks=5&step=1">' in body


def shown_steps(body):
    """Return the step sections of a presentation page as (number, shown, heading text)."""
    found = re.findall(r'<section class="slide slide-[a-z-]+" id="step-(\d+)".*?(hidden)?>\s*<h1 id="step-\d+-title">'
                       r'<span class="step-count">Step \d+ of \d+:</span> (.*?)</h1>', body)
    return [(int(number), hidden == "", name) for number, hidden, name in found]


@pytest.mark.parametrize(("step", "shown", "prev", "next_"), [("", 1, None, 2), ("1", 1, None, 2), ("3", 3, 2, 4),
                                                              ("8", 8, 7, None)])
def test_presentation_renders_every_step_and_shows_the_addressed_one(client, step, shown, prev, next_):
    query = "start=2026-01-05&protocol=cog-sr" + (f"&step={step}" if step else "")
    response = client.get("/present?" + query)
    assert response.status_code == 200
    body = text(response)
    names = ["The whole journey", "Induction", "Consolidation", "Interim maintenance I", "Delayed intensification",
             "Interim maintenance II", "Maintenance", "After treatment"]
    assert shown_steps(body) == [(n, n == shown, name) for n, name in enumerate(names, start=1)]
    assert f"<title>Step {shown} of 8: {names[shown - 1]} · Presenting" in body
    base = "/present?start=2026-01-05&protocol=cog-sr&step="
    previous = re.search(r'<a class="step-link" data-key="previous" rel="prev"( href="[^"]*")?( hidden)?>', body)
    following = re.search(r'<a class="step-link" data-key="next" rel="next"( href="[^"]*")?( hidden)?>', body)
    assert previous.group(1) == (f' href="{base}{prev}"' if prev else None)
    assert following.group(1) == (f' href="{base}{next_}"' if next_ else None)
    assert f'<span class="step-where">Step {shown} of 8</span>' in body
    assert '<a class="present-exit" href="/?start=2026-01-05&protocol=cog-sr">Leave the presentation' in body
    assert re.search(r'<script src="/static/js/present\.[0-9a-f]{12}\.js" defer></script>', body)
    assert "<script>" not in body


def test_presentation_steps_through_a_chosen_path(client):
    body = text(client.get("/present?start=2026-01-05&protocol=cog-hr&branch=hsct&step=6"))
    steps = shown_steps(body)
    # The transplant replaces the rest of the main road, so the road's last step is consolidation.
    assert [name for _n, _shown, name in steps][1:] == [
        "Induction", "Consolidation (augmented BFM)", "Stem-cell transplant (allogeneic)", "If transplant: donor search", "If transplant: conditioning",
        "If transplant: Day 0 to Day +100", "If transplant: counts recover (engraftment)",
        "If transplant: medicines against GVHD", "If transplant: immune system recovers", "After treatment"]
    assert [n for n, shown, _name in steps if shown] == [6]
    assert "Mon, 6 Apr 2026 to Sun, 12 Apr 2026: 7 days (1 week) (usually 7 days, from 2 to 7 days)." in body
    # The path's own step says who it is for and what it changes; the overview names it as a possible path.
    assert "<dt>Who it is for</dt>" in body and "<dt>What it changes</dt>" in body
    assert "Also drawn, as a possible path:" in body


def test_presentation_overview_and_closing(client):
    body = text(client.get("/present?start=2026-01-05&protocol=cog-sr"))
    overview = body.split('id="step-1"', 1)[1].split("</section>", 1)[0]
    assert "Mon, 5 Jan 2026 to" in overview and "<li><strong>Induction</strong>: 29 days (4 weeks 1 day)</li>" in overview
    closing = body.split('id="step-8"', 1)[1].split("</section>", 1)[0]
    assert "In general terms, for most people; the care team's own follow-up plan is the one to follow." in closing
    assert "Check-ups go on after the last day of treatment" in closing
    assert "[S150]" in closing and "[S153]" in closing
    # One line says it is educational and that schedules shift (the site's long disclaimer is hidden by CSS).
    assert ('<p class="disclaimer-line"><strong>Educational picture, not medical advice.</strong> Real schedules shift '
            "with blood counts, infections and response.</p>") in body


def test_presentation_without_a_start_date_counts_days(client):
    body = text(client.get("/present?protocol=general&step=3"))
    assert shown_steps(body)[2] == (3, True, "Consolidation (intensification)")
    assert "Day 29 to Day 175: 147 days (21 weeks)." in body
    assert "in Day numbers" in body


def test_presentation_sends_each_steps_emphasis_with_the_figure(client):
    body = client.get("/present?start=2026-01-05&protocol=cog-sr&step=3").get_data(as_text=True)
    figure = json.loads(body.split('id="figure-data">', 1)[1].split("</script>", 1)[0])
    steps = json.loads(body.split('id="steps-data">', 1)[1].split("</script>", 1)[0])
    assert "opacity" not in figure["data"][0]["marker"]
    assert len(steps) == 8
    assert steps[2]["url"] == "/present?start=2026-01-05&protocol=cog-sr&step=3"
    assert steps[2]["bars"] == [{"trace": 0, "opacity": [0.3, 1, 0.3, 0.3, 0.3, 0.3], "width": [1, 4, 1, 1, 1, 1]}]
    assert steps[0]["bars"] == [{"trace": 0, "opacity": [1] * 6, "width": [1] * 6}]


def test_presentation_of_an_uploaded_protocol(client):
    template = client.get("/custom/template-cog-sr.csv").get_data(as_text=True)
    token = custom.encode(custom.Upload(template, "ours.csv", date(2026, 1, 1)))
    response = client.get(f"/present?protocol=custom&custom={token}&step=2")
    assert response.status_code == 200
    body = text(response)
    assert "This is a clinician's own protocol, uploaded by them." in body
    assert shown_steps(body)[1] == (2, True, "Induction")


@pytest.mark.parametrize(("query", "message"), [
    ("step=9", "step 9 does not exist: this presentation has steps 1 to 8."),
    ("step=0", "step 0 does not exist: this presentation has steps 1 to 8."),
    ("step=-1", "step “-1” is not a step number: use a whole number from 1 to 8."),
    ("step=two", "step “two” is not a step number: use a whole number from 1 to 8."),
    ("step=" + "9" * 40, "step “99999999…” is not a step number: use a whole number from 1 to 8."),
    ("step=1&step=2", "step was given 2 times in the address; give it once."),
    ("branch=hsct&step=12", "step 12 does not exist: this presentation has steps 1 to 11."),
])
def test_bad_step_is_a_400_naming_step(client, query, message):
    protocol = "cog-hr" if "branch" in query else "cog-sr"
    response = client.get(f"/present?protocol={protocol}&" + query)
    assert response.status_code == 400
    body = text(response)
    assert f"<p>{message}</p>" in body
    assert f'<a href="/present?protocol={protocol}{"&branch=hsct" if "branch" in query else ""}&step=1">Start again' in body


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
