"""The print-out says in plain words what the data marks UNCERTAIN or DERIVED for clinicians (issue 15)."""

import re

import pytest

from webapp import i18n
from webapp.formatting import plain_note

MARKERS = re.compile(r"\b(UNCERTAIN|DERIVED|INCIERT[OA]|DERIVAD[OA])\b")


@pytest.mark.parametrize("protocol", ["cog-sr", "cog-hr", "t-all", "hyper-cvad", "aieop-bfm-2017", "alltogether1"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_print_view_has_no_capital_markers(client, protocol, lang):
    body = client.get(f"/print?start=2026-01-05&protocol={protocol}&lang={lang}").get_data(
        as_text=True)
    assert "class=\"note\"" in body
    assert MARKERS.findall(body) == []


def test_an_opening_marker_becomes_a_sentence_and_others_lower_case():
    assert plain_note("UNCERTAIN: about 3 to 4 weeks.") == "The sources leave this open: about 3 to 4 weeks."
    assert plain_note("UNCERTAIN placement: AALL1731 gave 2 cycles") == "uncertain placement: AALL1731 gave 2 cycles"
    assert plain_note("Typical DERIVED window") == "Typical derived window"
    assert plain_note("8 weeks. UNCERTAIN: CCG-1961 ran 9.") == "8 weeks. The sources leave this open: CCG-1961 ran 9."
    with i18n.active("es"):
        assert plain_note("INCIERTO: unas 3 a 4 semanas.") == "Las fuentes no lo precisan: unas 3 a 4 semanas."


def test_the_print_out_states_an_entered_delay_and_its_effect_on_the_end(client):
    body = client.get("/print?start=2026-01-05&protocol=cog-sr&delay=induction:7").get_data(as_text=True)
    assert ('<p class="delay-note"><strong>The delays you entered (Induction: 7 days) move the planned end 7 days '
            'later, to ') in body
    plain = client.get("/print?start=2026-01-05&protocol=cog-sr").get_data(as_text=True)
    assert "delay-note" not in plain
