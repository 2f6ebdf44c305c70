"""Glossary linking: escape first, then link the first mention of each known term."""

import pytest

from webapp.glossary import Linker, Term


def href(term):
    return f"/glossary#term-{term.id}"


@pytest.fixture
def linker():
    return Linker([
        Term("mrd", "MRD (minimal residual disease)", ("minimal residual disease",), "Leftover cells.", ("S5",)),
        Term("bone-marrow", "Bone marrow", ("marrow",), "Where blood is made.", ("S1",)),
        Term("bone-marrow-test", "Bone marrow test", (), "A needle test.", ("S1",)),
        Term("remission", "Remission", (), "No signs found.", ("S1",)),
        Term("lp", "Lumbar puncture (spinal tap)", ("spinal tap", "spinal taps", "LP"), "A back needle.", ("S3",)),
        Term("amp", "Amp", ("quot", "39"), "A trap for escaped text.", ()),
        Term("interim", "Interim maintenance", ("interim maintenance I",), "A calmer phase.", ("S3",)),
    ])


@pytest.mark.parametrize(("text", "expected"), [
    ("A blood test for MRD on Day 8.",
     'A blood test for <a class="term" href="/glossary#term-mrd">MRD</a> on Day 8.'),
    # The longest spelling wins, and each entry links once.
    ("A bone marrow test checks the bone marrow.",
     'A <a class="term" href="/glossary#term-bone-marrow-test">bone marrow test</a> checks the '
     '<a class="term" href="/glossary#term-bone-marrow">bone marrow</a>.'),
    ("Remission, then remission again.",
     '<a class="term" href="/glossary#term-remission">Remission</a>, then remission again.'),
    ("Weekly spinal taps; one spinal tap.",
     'Weekly <a class="term" href="/glossary#term-lp">spinal taps</a>; one spinal tap.'),
    # Abbreviations match only as written; words never match inside longer words.
    ("help me, mrd, Helper, marrowbone", "help me, mrd, Helper, marrowbone"),
    ("The first day of Interim maintenance I.",
     'The first day of <a class="term" href="/glossary#term-interim">Interim maintenance I</a>.'),
])
def test_links_first_mention_of_each_term(linker, text, expected):
    assert str(linker.link(text, href)) == expected


def test_markup_in_the_text_is_escaped_before_linking(linker):
    text = '<script>alert("MRD")</script> & "quot" Tom\'s 39 <a href="x">remission</a>'
    linked = str(linker.link(text, href))
    assert "<script>" not in linked and '<a href="x">' not in linked
    assert linked == (
        '&lt;script&gt;alert(&#34;<a class="term" href="/glossary#term-mrd">MRD</a>&#34;)&lt;/script&gt; &amp; '
        '&#34;<a class="term" href="/glossary#term-amp">quot</a>&#34; Tom&#39;s 39 '
        '&lt;a href=&#34;x&#34;&gt;<a class="term" href="/glossary#term-remission">remission</a>&lt;/a&gt;'
    )


def test_character_references_made_by_escaping_are_never_linked(linker):
    # "&amp;", "&#34;" and "&#39;" contain the spellings "amp", "quot" and "39": none may be touched.
    assert str(linker.link("fish & chips, \"hi\" it's", href)) == "fish &amp; chips, &#34;hi&#34; it&#39;s"


def test_skip_leaves_the_current_entry_unlinked(linker):
    assert str(linker.link("Remission and MRD.", href, skip="remission")) == (
        'Remission and <a class="term" href="/glossary#term-mrd">MRD</a>.'
    )


def test_href_is_escaped(linker):
    assert str(linker.link("MRD", lambda t: '/g?a=1&b="2"')) == '<a class="term" href="/g?a=1&amp;b=&#34;2&#34;">MRD</a>'


def test_no_terms_only_escapes():
    assert str(Linker([]).link("<b>", href)) == "&lt;b&gt;"


def test_spellings_drop_the_bracketed_expansion():
    term = Term("crs", "CRS (cytokine release syndrome)", ("cytokine release syndrome", "CRS"), "", ())
    assert term.spellings == ("CRS", "cytokine release syndrome")


def test_a_chinese_term_links_between_chinese_characters_and_a_latin_one_only_as_a_word():
    linker = Linker([Term("remission", "缓解", (), "", ()), Term("mrd", "MRD", (), "", ())])
    linked = str(linker.link("诱导治疗后病情缓解，MRD阴性。MRDX", lambda t: f"#term-{t.id}"))
    assert linked == '诱导治疗后病情<a class="term" href="#term-remission">缓解</a>，<a class="term" href="#term-mrd">MRD</a>阴性。MRDX'
    assert str(linker.link("MRDX and XMRD", lambda t: "#")) == "MRDX and XMRD"
