"""The picker's grouping, each protocol's one line and status, and the which-protocol page."""

from __future__ import annotations

import re

from webapp import registry
from webapp.i18n import active


def test_the_picker_groups_protocols_by_region_then_group(catalogue):
    order = [(p.region, p.group, p.id) for p in registry.in_picker_order(catalogue.protocols)]
    assert [pid for _, _, pid in order] == [
        "cog-sr", "cog-hr", "t-all", "aall1331", "total-xvii", "dfci-16-001", "calgb-10403", "hyper-cvad",
        "ph-positive-adult", "alltogether1", "ukall2011", "aieop-bfm-2017", "aieop-bfm-2017-hr", "graall-2005",
        "interfant-06", "relapse-hr-blinatumomab", "general",
    ]


def test_each_protocol_says_who_it_is_for_where_and_its_status(catalogue):
    protocols = catalogue.protocols
    assert registry.one_line(protocols["ukall2011"], protocols) == (
        "Children and young adults with ALL treated in the UK until the end of 2018 (regimens A, B and C). "
        "Used in: UK (closed to new patients at the end of 2018). Closed to new patients, replaced by Children and "
        "young adults: ALLTogether1 (UK and Europe) (version of 2011).")
    assert registry.status_text(protocols["alltogether1"], protocols) == "Current (version of 2021)"
    assert registry.one_line(protocols["aall1331"], protocols).startswith(
        "For a leukaemia that has come back (relapse). Children and young people aged 1 to 30")
    assert registry.group_label(protocols["aieop-bfm-2017"]) == "UK and Europe: AIEOP-BFM"


def test_the_lines_are_in_spanish_too(app):
    with active("es"):
        protocols = app.extensions["all_timeline.catalogues"]["es"].protocols
        assert registry.status_text(protocols["total-xvii"], protocols) == "Cerrado a nuevos pacientes (versión de 2017)"
        assert registry.group_label(protocols["interfant-06"]) == "Internacional: Interfant (bebés menores de 1 año)"


def test_the_form_shows_optgroups_and_the_chosen_protocols_line(client):
    body = client.get("/?protocol=alltogether1").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">', body)
    assert groups == [
        "North America: Children&#39;s Oncology Group (COG)", "North America: St. Jude Children&#39;s Research Hospital",
        "North America: Dana-Farber ALL Consortium", "North America: Adult cooperative groups (CALGB)",
        "North America: MD Anderson Cancer Center", "UK and Europe: ALLTogether consortium",
        "UK and Europe: UK trials (UKALL)", "UK and Europe: AIEOP-BFM",
        "UK and Europe: GRAALL (adults, French-speaking countries)",
        "International: Interfant (babies under 1 year)", "International: International relapse trials",
        "Anywhere: general outline: General outline",
    ]
    line = re.search(r'<p class="hint protocol-line" id="protocol-line" aria-live="polite">([^<]*)</p>', body)
    assert line.group(1).endswith("Current (version of 2021).")
    assert '<a href="/protocols">Which protocol is mine?</a>' in body


def test_the_which_protocol_page_lists_every_protocol_with_a_link(client, catalogue):
    response = client.get("/protocols")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [re.sub("<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", body)] == [
        "Where to find its name", "North America", "UK and Europe", "International", "Anywhere: general outline"]
    for pid in catalogue.protocols:
        assert f'<a href="/?protocol={pid}">' in body, pid
    assert "The care team decides." in body and "consent form" in body
    relapse_row = re.search(r'<tr id="protocol-aall1331">.*?</tr>', body, re.S).group(0)
    assert "For a leukaemia that has come back (relapse)." in relapse_row
    assert '<a href="/questions">Questions for the care team</a>' in relapse_row
    assert 'href="/protocols" aria-current="page"' in body


def test_the_which_protocol_page_in_spanish(client):
    body = client.get("/protocols?lang=es").get_data(as_text=True)
    assert "<h1>¿Cuál es mi protocolo?</h1>" in body
    assert "Para una leucemia que ha vuelto (recaída)." in body
    assert '<a href="/?protocol=ukall2011&amp;lang=es">Niños y adultos jóvenes: UKALL 2011 (Reino Unido, cerrado)</a>' in body
