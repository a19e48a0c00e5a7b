"""What the apps above accounts hold about a person, for the personal-data download and for
erasure, without accounts importing them (the house's arrows point down).

Each app registers its part when it loads (``AppConfig.ready``): a function that returns its
records about a person as JSON-ready data, and optionally one that clears what must not
outlive the account before it is deleted. ``accounts.selectors.personal_data_export`` and
``accounts.services.account_erase`` call every registered part.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_parts: dict[str, Part] = {}


def register(
    name: str, *, export: Callable[[Any], Any], erase: Callable[[Any], None] | None = None
) -> None:
    """Add (or replace, on a reload) an app's part of a person's data under ``name``."""
    _parts[name] = Part(name=name, export=export, erase=erase)


def parts() -> list[Part]:
    return list(_parts.values())


def stamp(value) -> str | None:
    """A datetime as ISO 8601 text, or None."""
    return value.isoformat() if value else None
