"""The loaded data is kept between starts under a hash of all it comes from; any change loads it again."""

import pickle

import pytest

from tests.conftest import edit
from webapp import create_app, datacache
from webapp.phases import DataError


def test_the_key_changes_with_any_file_its_path_or_a_new_one(tmp_path):
    code, data = tmp_path / "code", tmp_path / "data"
    for folder in (code, data):
        folder.mkdir()
        (folder / "a.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    first = datacache.key([code, data])
    assert datacache.key([code, data]) == first and len(first) == 64
    (data / "a.csv").write_text("x,y\n1,3\n", encoding="utf-8")
    changed = datacache.key([code, data])
    (data / "a.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    assert changed != first and datacache.key([code, data]) == first
    (code / "b.py").write_text("", encoding="utf-8")
    added = datacache.key([code, data])
    (code / "b.py").rename(code / "c.py")
    assert len({first, added, datacache.key([code, data])}) == 3
    (code / "c.py").unlink()
    (code / "__pycache__").mkdir()
    (code / "__pycache__" / "a.pyc").write_bytes(b"compiled")  # bytecode follows the source: not part of the key
    assert datacache.key([code, data]) == first


def test_a_folder_others_may_write_to_is_neither_read_nor_written(tmp_path):
    # A pickle runs code when read: ALL_TIMELINE_DATA_CACHE_DIR=/tmp must not let another user's file in (review).
    shared = tmp_path / "shared"
    datacache.dump(str(shared), "k", {"a": 1})
    assert datacache.load(str(shared), "k") == {"a": 1}
    shared.chmod(0o777)
    assert not datacache.trusted(str(shared)) and datacache.load(str(shared), "k") is None
    datacache.dump(str(shared), "other", {"b": 2})
    assert not (shared / "other.pickle").exists()
    shared.chmod(0o755)
    assert datacache.trusted(str(shared)) and datacache.load(str(shared), "k") == {"a": 1}


def test_what_is_kept_is_read_back_and_a_missing_or_broken_file_is_none(tmp_path):
    assert datacache.load(str(tmp_path), "nothing") is None
    datacache.dump(str(tmp_path / "made"), "k", {"a": (1, "b")})
    assert datacache.load(str(tmp_path / "made"), "k") == {"a": (1, "b")}
    (tmp_path / "made" / "k.pickle").write_bytes(pickle.dumps({"a": 1})[:5])
    assert datacache.load(str(tmp_path / "made"), "k") is None
    assert [p.name for p in (tmp_path / "made").iterdir()] == ["k.pickle"]  # no partial file left behind


def test_a_folder_that_cannot_be_written_only_costs_the_loading(tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    datacache.dump(str(tmp_path / "a-file" / "cache"), "k", {"a": 1})
    datacache.dump(str(tmp_path), "k", lambda: None)  # cannot be pickled: nothing kept, nothing raised
    assert datacache.load(str(tmp_path), "k") is None and not list(tmp_path.glob("*.pickle"))


def test_only_the_newest_files_are_kept(tmp_path):
    for number in range(datacache.KEEP + 3):
        datacache.dump(str(tmp_path), f"k{number:02}", number)
    assert len(list(tmp_path.glob("*.pickle"))) == datacache.KEEP
    assert datacache.load(str(tmp_path), f"k{datacache.KEEP + 2:02}") == datacache.KEEP + 2


def test_a_second_start_reads_the_kept_data_and_serves_the_same_pages(tmp_path, monkeypatch):
    urls = ("/?start=2026-01-05&protocol=cog-sr", "/?start=2026-01-05&protocol=cog-hr&lang=ar", "/glossary?lang=zh")
    plain = create_app({"TESTING": True, "DATA_CACHE_DIR": ""})
    expected = [plain.test_client().get(url).get_data() for url in urls]
    first = create_app({"TESTING": True, "DATA_CACHE_DIR": str(tmp_path)})
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    assert first.extensions["all_timeline.catalogues"] == plain.extensions["all_timeline.catalogues"]

    def refuse(*args, **kwargs):
        raise AssertionError("loaded the data files although they were kept")

    monkeypatch.setattr("webapp.load_data", refuse)
    second = create_app({"TESTING": True, "DATA_CACHE_DIR": str(tmp_path)})
    assert second.extensions["all_timeline.catalogues"] == plain.extensions["all_timeline.catalogues"]
    assert second.extensions["all_timeline.catalogue"] is second.extensions["all_timeline.catalogues"]["en"]
    assert [second.test_client().get(url).get_data() for url in urls] == expected


def test_changed_data_is_loaded_again_and_bad_data_is_never_kept(tmp_path, data_dir):
    kept = tmp_path / "kept"
    config = {"TESTING": True, "DATA_DIR": str(data_dir), "DATA_CACHE_DIR": str(kept)}
    create_app(config)
    edit(data_dir / "phases.csv", "Induction", "Inducción nueva")
    page = create_app(config).test_client().get("/?start=2026-01-05&protocol=cog-sr").get_data(as_text=True)
    assert "Inducción nueva" in page
    assert len(list(kept.glob("*.pickle"))) == 2
    edit(data_dir / "phases.csv", ",induction,,,4,,,weeks,", ",induction,,,4,,,fortnights,")
    for _ in range(2):
        with pytest.raises(DataError, match="'fortnights' is not a unit"):
            create_app(config)
    assert len(list(kept.glob("*.pickle"))) == 2

