"""The guide document itself as JSON: UTF-8, indented, keys in the order the schema lists
them (``docs/guide.schema.json``), so a reader sees the fields where the documentation does.
"""

import json
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "guide.schema.json"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _resolve(node: dict) -> dict:
    reference = node.get("$ref", "")
    if reference.startswith("#/"):
        target = schema()
        for part in reference[2:].split("/"):
            target = target[part]
        return target
    return node


def in_schema_order(value, node: dict | None = None):
    """``value`` with every object's keys in its schema's property order (unknown keys last)."""
    node = _resolve(node if node is not None else schema())
    if isinstance(value, dict):
        properties = node.get("properties", {})
        ordered = {
            key: in_schema_order(value[key], properties[key]) for key in properties if key in value
        }
        ordered.update((key, item) for key, item in value.items() if key not in properties)
        return ordered
    if isinstance(value, list):
        items = node.get("items", {})
        return [in_schema_order(item, items) for item in value]
    return value


def render_json(document: dict) -> bytes:
    text = json.dumps(in_schema_order(document), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
