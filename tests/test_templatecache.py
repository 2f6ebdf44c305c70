"""Compiled templates are kept on disk between starts, and a changed template or setting is compiled again."""

import pytest
from jinja2 import Environment, FileSystemLoader

from webapp import create_app, templatecache


def environment(templates, cache=None, **options) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, **options)
    if cache is not None:
        assert templatecache.install(env, str(cache))
    return env


def refuse_to_compile(env: Environment) -> None:
    def compile_(*args, **kwargs):
        raise AssertionError("compiled a template the cache holds")

    env.compile = compile_


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ name }} v1</p>", encoding="utf-8")
    return folder


def test_a_second_start_reads_the_compiled_template_instead_of_compiling_it(templates, tmp_path):
    cache = tmp_path / "cache" / "made"
    assert environment(templates, cache).get_template("page.html").render(name="<A>") == "<p>&lt;A&gt; v1</p>"
    assert len(list(cache.glob("*.cache"))) == 1
    later = environment(templates, cache)
    refuse_to_compile(later)
    assert later.get_template("page.html").render(name="B") == "<p>B v1</p>"


def test_a_changed_template_is_compiled_again(templates, tmp_path):
    environment(templates, tmp_path / "cache").get_template("page.html").render()
    (templates / "page.html").write_text("<p>{{ name }} v2</p>", encoding="utf-8")
    assert environment(templates, tmp_path / "cache").get_template("page.html").render(name="C") == "<p>C v2</p>"


def test_other_settings_never_read_each_others_compiled_templates(templates, tmp_path):
    plain = environment(templates)
    trimmed = environment(templates, extensions=["jinja2.ext.i18n"])
    trimmed.policies["ext.i18n.trimmed"] = True
    keys = {templatecache.settings_key(env) for env in (plain, trimmed, environment(templates, trim_blocks=True))}
    assert len(keys) == 3
    environment(templates, tmp_path / "cache").get_template("page.html").render()
    other = environment(templates, trim_blocks=True)
    templatecache.install(other, str(tmp_path / "cache"))
    compiled = []
    original = other.compile
    other.compile = lambda *args, **kwargs: compiled.append(1) or original(*args, **kwargs)
    assert other.get_template("page.html").render(name="D") == "<p>D v1</p>"
    assert compiled == [1]


def test_a_cache_folder_that_cannot_be_made_or_written_only_costs_the_compiling(templates, tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    env = environment(templates)
    assert templatecache.install(env, str(tmp_path / "a-file" / "cache")) is False
    assert env.bytecode_cache is None
    gone = tmp_path / "gone"
    env = environment(templates, gone)
    gone.rmdir()  # the folder disappears (or turns read-only) after start-up: the page is still served
    assert env.get_template("page.html").render(name="E") == "<p>E v1</p>"


def record_compiling(env: Environment) -> list[str]:
    names: list[str] = []
    original = env.compile

    def compile_(source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return original(source, name, filename, *args, **kwargs)

    env.compile = compile_
    return names


def test_the_app_keeps_its_compiled_templates_and_serves_the_same_pages(tmp_path):
    urls = ("/", "/?start=2026-01-05&protocol=cog-sr&lang=es", "/glossary")
    plain = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": ""})
    assert plain.jinja_env.bytecode_cache is None
    expected = [plain.test_client().get(url).get_data() for url in urls]
    first = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path / "compiled")})
    compiled_first = record_compiling(first.jinja_env)
    assert [first.test_client().get(url).get_data() for url in urls] == expected
    assert len(compiled_first) >= 10 and len(list((tmp_path / "compiled").glob("*.cache"))) == len(compiled_first)
    second = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path / "compiled")})
    compiled_second = record_compiling(second.jinja_env)
    assert [second.test_client().get(url).get_data() for url in urls] == expected
    assert set(compiled_second).isdisjoint(compiled_first)  # what the first start compiled, the second only read
