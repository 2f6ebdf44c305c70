"""The data validated once and translated per language is the data each language would have loaded itself."""

import pytest

from tests.conftest import ROOT
from webapp import catalogue, i18n, translated


@pytest.fixture(scope="module")
def english():
    return catalogue.load(ROOT / "data")


@pytest.mark.parametrize("code", [c for c in i18n.REGISTRY if c != i18n.DEFAULT])
def test_translating_the_validated_data_equals_loading_it_in_the_language(english, code):
    translate = i18n.translator(code)
    assert translated.catalogue(english, translate) == catalogue.load(ROOT / "data", translate)


def test_every_text_field_is_translated_and_nothing_else(english):
    spanish = translated.catalogue(english, i18n.translator("es"))
    protocol, original = spanish.protocols["cog-sr"], english.protocols["cog-sr"]
    assert protocol.phases[0].name == "Inducción" and original.phases[0].name == "Induction"
    assert protocol.phases[0].id == "induction" and protocol.phases[0].sources == original.phases[0].sources
    assert spanish.sources is english.sources or spanish.sources == english.sources  # titles stay as published


def test_the_app_shares_the_untranslated_records(app):
    catalogues = app.extensions["all_timeline.catalogues"]
    # Records without text (sources) are the very same objects in every language: loaded once.
    assert all(c.sources["S1"] is catalogues["en"].sources["S1"] for c in catalogues.values())
