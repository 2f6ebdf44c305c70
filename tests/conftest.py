"""Shared fixtures: the app, its test client, and the loaded data."""

from pathlib import Path

import pytest

from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def catalogue(app):
    return app.extensions["all_timeline.catalogue"]


@pytest.fixture(scope="session")
def cog_sr(catalogue):
    return catalogue.protocols["cog-sr"]


@pytest.fixture(scope="session")
def general(catalogue):
    return catalogue.protocols["general"]
