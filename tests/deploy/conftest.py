"""Shared fixtures for the static deployment tests (no Django, no Docker engine)."""

import importlib
import json
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The Compose Specification schema, as vendored (with its licence) by
# check-jsonschema, which tracks compose-spec/compose-spec upstream.
SCHEMA_PACKAGE = "check_jsonschema.builtin_schemas.vendor"
SCHEMA_FILE = "compose-spec.json"
MISSING_DEV_DEPENDENCY = (
    "{what} is missing: install the dev requirements "
    "(pip install -r requirements/dev.txt), which must pin check-jsonschema."
)


def _import_or_fail(name: str, what: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.fail(MISSING_DEV_DEPENDENCY.format(what=what), pytrace=False)


def load_yaml(text: str):
    """Parse YAML the way Compose does: YAML 1.2, merge keys, no duplicate keys."""
    yaml = _import_or_fail("ruamel.yaml", "ruamel.yaml (a dependency of check-jsonschema)")
    return yaml.YAML(typ="safe", pure=True).load(text)


@pytest.fixture(scope="session")
def compose_schema() -> dict:
    package = _import_or_fail(SCHEMA_PACKAGE, "The Compose Specification schema")
    schema_file = resources.files(package) / SCHEMA_FILE
    if not schema_file.is_file():
        pytest.fail(
            f"{SCHEMA_FILE} not found in {SCHEMA_PACKAGE}: "
            "has check-jsonschema stopped vendoring the compose-spec schema?",
            pytrace=False,
        )
    return json.loads(schema_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def compose_text() -> str:
    return (REPO / "docker-compose.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def compose(compose_text) -> dict:
    return load_yaml(compose_text)


@pytest.fixture(scope="session")
def services(compose) -> dict:
    return compose["services"]
