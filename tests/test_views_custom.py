"""The upload page over HTTP: CSRF, size limit, every error at once, and a timeline that lives in its URL."""

import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from tests.test_views import text


@pytest.fixture
def csrf(client):
    page = client.get("/custom").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture(scope="module")
def template(app):
    return app.test_client().get("/custom/template-general.csv").get_data(as_text=True)


def test_home_page_links_the_upload_page(client):
    assert 'draw your own protocol from a CSV file</a>' in text(client.get("/"))


def test_upload_page_has_the_form_the_format_and_templates(client):
    response = client.get("/custom")
    assert response.status_code == 200
    body = text(response)
    assert 'enctype="multipart/form-data"' in body and 'name="csrf_token"' in body
    assert "protocol,phase,order,name,track,after,anchor,offset,length,length_min,length_max,unit,clock_from,until,inserts,option,setting,summary,sources,note" in body
    assert 'href="/custom/template-cog-sr.csv"' in body and 'href="/custom/template-general.csv"' in body
    assert "Nothing is stored on our server:" in body
    assert "Educational picture, not medical advice." in body


def test_template_download_is_a_named_csv(client):
    response = client.get("/custom/template-cog-sr.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-template-cog-sr.csv"'
    assert client.get("/custom/template-nope.csv").status_code == 404


def test_pasted_csv_redirects_to_a_timeline_that_carries_it(client, csrf, template):
    response = client.post("/custom", data={"csrf_token": csrf, "name": "St Elsewhere ALL", "start": "2026-01-05",
                                            "csv_text": template})
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert location.path == "/" and query["start"] == ["2026-01-05"] and query["protocol"] == ["custom"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    body = text(page)
    assert "<h1>Treatment timeline: St Elsewhere ALL</h1>" in body
    assert "This is a clinician's own protocol, uploaded by them. ALL Timeline has not checked it:" in body
    assert "<td>Mon, 5 Jan 2026</td><td>Sun, 1 Feb 2026</td>" in body
    assert "Gentler chemotherapy, mostly tablets at home, for about two years." in body  # the summary explains
    assert '<li id="source-own"><strong>own</strong>: The clinician\'s own protocol' in body
    assert 'id="figure-data"' in body
    carried = "start=2026-01-05&protocol=custom&custom=" + query["custom"][0]
    for url in ("/print?", "/schedule.pdf?", "/schedule.ics?", "/schedule.csv?", "/schedule.json?"):
        assert f'href="{url}{carried}"' in body
    assert 'name="custom" value="' + query["custom"][0] + '"' in body  # the change-the-date form keeps it


def test_uploaded_file_works_like_pasted_text(client, csrf, template):
    data = {"csrf_token": csrf, "csv_file": (io.BytesIO(("\ufeff" + template).encode("utf-8")), "mine.csv")}
    response = client.post("/custom", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    assert "start" not in parse_qs(urlsplit(response.headers["Location"]).query)
    body = text(client.get(response.headers["Location"]))
    assert "<h1>Treatment timeline: Your own protocol</h1>" in body and "Day 176 to 905" in body


def test_exports_of_an_uploaded_protocol(client, csrf, template):
    location = client.post("/custom", data={"csrf_token": csrf, "start": "2026-01-05", "csv_text": template}).headers["Location"]
    query = urlsplit(location).query
    ics = client.get("/schedule.ics?" + query)
    assert ics.headers["Content-Disposition"] == 'attachment; filename="all-timeline-custom-2026-01-05.ics"'
    events = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    # Its phases and end, then what comes after treatment: an upload gets the same rows (US guidance by default).
    assert summaries[3] == "Planned last day of treatment"
    assert summaries[4:] == [
        "Last day of treatment (as drawn above)",
        "Vaccines usually start again: about 3 months after chemotherapy (US guidance)",
        "Long-term follow-up clinic: from about 2 years after the end of treatment (COG guidelines)",
    ]
    csv_text = client.get("/schedule.csv?" + query).get_data(as_text=True)
    assert "\r\nphase,maintenance,Maintenance,main,maintenance,2026-06-29,2028-06-28,731,176,906," in csv_text
    printed = text(client.get("/print?" + query))
    assert "This is a clinician's own protocol, uploaded by them. ALL Timeline has not checked it:" in printed
    assert "<strong>S1</strong>: Acute Lymphocytic Leukemia" in printed
    assert "<strong>own</strong>: The clinician's own protocol, uploaded by them with this schedule. Not checked by ALL Timeline." in printed
    assert "The address is too long for a QR code." in printed
    # What to type instead: the upload page, since the protocol lives only in its (long) address.
    share = re.search(r'<span class="url share-url">([^<]+)</span>', printed).group(1)
    length = len(html.unescape(share))
    assert (f'<strong class="short-form">It is {length} characters long: to see this timeline again, type '
            'http://localhost/custom and upload the same CSV file again with the treatment start Mon, 5 Jan 2026.'
            '</strong>') in printed
    spanish = text(client.get("/print?" + query + "&lang=es"))
    assert "escriba http://localhost/custom?lang=es" in spanish


def test_missing_csrf_token_is_refused(client, template):
    client.get("/custom")
    response = client.post("/custom", data={"csv_text": template})
    assert response.status_code == 400
    assert "This form has expired or was not sent from this page" in text(response)
    response = client.post("/custom", data={"csrf_token": "forged", "csv_text": template})
    assert response.status_code == 400


def test_broken_csv_lists_every_error_at_once(client, csrf, template):
    broken = template.replace(",weeks,", ",fortnights,", 1).replace(",home,", ",sofa,", 1)
    response = client.post("/custom", data={"csrf_token": csrf, "csv_text": broken})
    assert response.status_code == 400
    body = text(response)
    assert "These 3 things need fixing" in body  # the unit, the option that needs weeks, the setting
    assert "<li>phases.csv, line 2, column 'unit': 'fortnights' is not a unit. Fix: use one of days, weeks, months, years.</li>" in body
    assert "<li>phases.csv, line 4, column 'setting': 'sofa' is not a setting. Fix: use one of inpatient, inpatient-first, outpatient, home, varies.</li>" in body
    assert broken[:60] in body  # the pasted text comes back, to be fixed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "csv_file: choose a CSV file to upload, or paste the CSV text."),
        ({"csv_text": "x", "csv_file": (io.BytesIO(b"x"), "a.csv")},
         "csv_file: give the CSV once: either upload a file or paste the text, not both."),
        # Windows-1252 (é is one byte) is read as Excel writes it (tests/test_upload_files.py); 0x81 is in no text.
        ({"csv_file": (io.BytesIO(b"protocol\n\x81"), "a.csv")},
         "csv_file: line 2 holds a byte (0x81) that is neither UTF-8 nor Windows-1252 text. Fix: save the file as "
         "“CSV UTF-8”."),
        ({"csv_text": "x", "start": "2026-02-30"},
         "Treatment start date (optional): “2026-02-30” is not a real date: February 2026 has 28 days."),
        ({"csv_text": "x", "name": "n" * 81}, "Name of the protocol (optional): is too long (81 characters; the most is 80)."),
    ],
    ids=["nothing", "both", "not-text", "bad-start", "long-name"],
)
def test_bad_form_input_names_the_field(client, csrf, data, message):
    response = client.post("/custom", data={"csrf_token": csrf, **data}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in text(response)


def test_oversized_upload_gets_413_with_a_message(client, csrf):
    response = client.post("/custom", data={"csrf_token": csrf, "csv_text": "x" * (101 * 1024)})
    assert response.status_code == 413
    assert "the most is 100 KB" in text(response)


@pytest.mark.parametrize("url", ["/", "/schedule.json", "/print", "/schedule.csv"])
def test_damaged_protocol_in_the_address_is_a_400_naming_custom(client, url):
    response = client.get(url + "?protocol=custom&custom=abcdef")
    assert response.status_code == 400
    body = text(response) if url != "/schedule.json" else response.get_json()["errors"]["custom"]
    assert "custom: the uploaded protocol in this address cannot be read: it is damaged" in body


def test_only_the_upload_page_sets_a_cookie(client):
    assert "Set-Cookie" not in client.get("/?start=2026-01-05").headers
    cookie = client.get("/custom").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_upload_works_over_https_without_a_referrer(client, template):
    # Referrer-Policy is no-referrer, so a referrer check (Flask-WTF's CSRFProtect on HTTPS) would refuse every upload.
    https = "https://localhost"
    page = client.get("/custom", base_url=https).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/custom", base_url=https, data={"csrf_token": token, "csv_text": template})
    assert response.status_code == 303


def test_a_branch_step_counted_back_is_refused_in_an_upload_not_a_500(client, csrf):
    header = ("protocol,phase,order,name,track,after,anchor,offset,length,length_min,length_max,unit,clock_from,"
              "until,inserts,option,setting,summary,sources,note")
    rows = ["mine,induction,1,Induction,main,,,,28,,,days,,,,,inpatient,Start.,own,",
            "mine,search,2,Search,hsct,induction,start,-60,20,,,days,,,,,outpatient,Search.,own,"]
    response = client.post("/custom", data={"csrf_token": csrf, "csv_text": "\n".join([header, *rows])})
    assert response.status_code == 400
    assert "line 3, column 'offset': '-60' is not a whole number of at least 0" in text(response)


def test_spanish_upload_redirect_keeps_the_language(client, csrf, template):
    response = client.post("/custom?lang=es", data={"csrf_token": csrf, "csv_text": template, "start": "2026-01-05"})
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query)["lang"] == ["es"]


def test_an_uploaded_length_option_works_on_any_phase_and_is_named_after_it(client, csrf, template):
    # Move the choosable length from induction to consolidation: nothing assumes the first phase is the one.
    lines = template.splitlines(keepends=True)
    moved = [lines[0], lines[1].replace(",induction_weeks,", ",,"),
             lines[2].replace(",147,,,days,,,,", ",20,20,22,weeks,,,,induction_weeks"), *lines[3:]]
    response = client.post("/custom", data={"csrf_token": csrf, "start": "2026-01-05", "csv_text": "".join(moved)})
    assert response.status_code == 303, text(response)
    page = client.get(response.headers["Location"] + "&induction_weeks=22")
    body = text(page)
    assert page.status_code == 200
    assert "Length of Consolidation (intensification)" in body  # the label names the phase it lengthens
    # 22 weeks from 2 February; the uploaded induction's 4 to 6 weeks leave it a 2-week window (issue 11).
    assert ('<td>Mon, 2 Feb 2026<br><span class="note">may start between Mon, 2 Feb 2026 and Mon, 16 Feb 2026</span>'
            '</td><td>Sun, 5 Jul 2026<br><span class="note">may end between Sun, 5 Jul 2026 and Sun, 19 Jul 2026'
            '</span></td>') in body
    refused = client.get(response.headers["Location"] + "&induction_weeks=30")
    assert refused.status_code == 400
    assert "allows for induction_weeks. Allowed: 20, 21, 22." in text(refused)
