"""Settings read from the environment: one typed helper that knows each default and where a value came from."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(RuntimeError):
    """A setting is missing or malformed; raised at start-up so a bad deployment never half-runs."""


@dataclass(frozen=True)
class Source:
    name: str
    value: Any
    origin: str  # "environment" or "default" or a file path


SOURCES: dict[str, Source] = {}


def to_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected one of {sorted(TRUE_WORDS | FALSE_WORDS)}")


def to_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def env(name: str, default: Any = None, cast: Callable[[str], Any] = str, required: bool = False) -> Any:
    """Read `name` from the environment, cast it, and remember where it came from."""
    raw = os.environ.get(name)
    if raw is None:
        if required:
            raise ConfigError(f"{name} must be set")
        SOURCES[name] = Source(name, default, "default")
        return default
    try:
        value = cast(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not valid: {exc}") from exc
    SOURCES[name] = Source(name, value, "environment")
    return value


def data_dir() -> Path:
    path = Path(env("BACKOFFICE_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else generated once and kept in the data directory."""
    from_env = env("SECRET_KEY")
    if from_env:
        return from_env
    key_file = directory / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    SOURCES["SECRET_KEY"] = Source("SECRET_KEY", "***", str(key_file))
    return key_file.read_text().strip()
