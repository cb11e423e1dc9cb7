"""One door for environment variables: each is declared once, with a help text, and listed in docs/settings.md."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EnvVar:
    name: str
    help: str
    default: str | None
    required: bool = False


REGISTRY: dict[str, EnvVar] = {}


def env(name: str, *, help: str, default: str | None = None, required: bool = False) -> str | None:
    """Read an environment variable, record it in the registry, and refuse to go on when required."""
    REGISTRY[name] = EnvVar(name=name, help=help, default=default, required=required)
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"{name} must be set: {help}")
        return default
    return value


def env_bool(name: str, *, help: str, default: bool = False) -> bool:
    value = env(name, help=help, default="true" if default else "false")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, *, help: str, default: str = "", required: bool = False) -> list[str]:
    value = env(name, help=help, default=default, required=required) or ""
    return [item.strip() for item in value.split(",") if item.strip()]
