"""Settings from the environment: typed, defaulted, and remembered with where they came from."""

import pytest

from backoffice.config import SOURCES, ConfigError, env, to_bool, to_list


def test_default_is_used_and_recorded(monkeypatch):
    monkeypatch.delenv("BO_TEST_VALUE", raising=False)
    assert env("BO_TEST_VALUE", 7, int) == 7
    assert SOURCES["BO_TEST_VALUE"].origin == "default"


def test_environment_value_is_cast_and_recorded(monkeypatch):
    monkeypatch.setenv("BO_TEST_VALUE", "42")
    assert env("BO_TEST_VALUE", 7, int) == 42
    assert SOURCES["BO_TEST_VALUE"].origin == "environment"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), ("off", False), ("", False)])
def test_booleans(raw, expected):
    assert to_bool(raw) is expected


def test_a_malformed_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("BO_TEST_FLAG", "maybe")
    with pytest.raises(ConfigError, match="BO_TEST_FLAG='maybe' is not valid"):
        env("BO_TEST_FLAG", False, to_bool)


def test_a_required_value_that_is_missing_stops_start_up(monkeypatch):
    monkeypatch.delenv("BO_TEST_REQUIRED", raising=False)
    with pytest.raises(ConfigError, match="BO_TEST_REQUIRED must be set"):
        env("BO_TEST_REQUIRED", required=True)


def test_lists():
    assert to_list("a.cz, b.cz,,") == ["a.cz", "b.cz"]
