"""The guide's exports.

Every document format renders the one structure ``guide.selectors.guide_document`` returns
(described by ``docs/guide.schema.json``: published content only, pseudonyms, small cells
suppressed), so the formats cannot disagree:

- ``render(document, "html" | "pdf" | "md" | "json") -> bytes``
- ``open_data_csv(challenge, theme_names) -> bytes``: the published contributions as open data
- ``polis_files(challenge)`` / ``write_polis(challenge, out)``: the Pol.is export format

The document renderers import nothing from Django; the open-data and Pol.is exports read the
``ideas`` models.
"""

from importlib import import_module

DOCUMENT_FORMATS = ("html", "pdf", "md", "json")

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}

# Imported on first use: the PDF renderer loads ReportLab and its fonts.
_RENDERERS = {
    "html": ("guide.exports.htmldoc", "render_html"),
    "pdf": ("guide.exports.pdfdoc", "render_pdf"),
    "md": ("guide.exports.mddoc", "render_markdown"),
    "json": ("guide.exports.jsondoc", "render_json"),
}


def render(document: dict, fmt: str) -> bytes:
    """The guide ``document`` as a file in format ``fmt`` (html, pdf, md or json)."""
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"Unknown guide format {fmt!r}: choose one of {', '.join(DOCUMENT_FORMATS)}."
        ) from None
    return getattr(import_module(module), function)(document)


def open_data_csv(challenge, theme_names: dict[int, str]) -> bytes:
    """See ``guide.exports.opendata.open_data_csv``."""
    from guide.exports.opendata import open_data_csv as build

    return build(challenge, theme_names)


def polis_files(challenge) -> dict[str, bytes]:
    """See ``guide.exports.polis.polis_files``."""
    from guide.exports.polis import polis_files as build

    return build(challenge)


def write_polis(challenge, out) -> None:
    """See ``guide.exports.polis.write_polis``."""
    from guide.exports.polis import write_polis as write

    write(challenge, out)
