"""The guide as one self-contained, accessible HTML file.

Everything the page needs is inside it: the style sheet and the small search-and-filter
script are inlined, and a Content-Security-Policy (hashes of exactly those two) stops a
browser from fetching anything else, so the file can be emailed, archived or opened offline.
The only addresses in it are links (``<a href>``) to the challenge, the guide and each quoted
contribution. Contribution text is plain text: Jinja2 escapes every character of it.
"""

import base64
import hashlib
import re
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from guide.exports import common

CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)

# The NHS.UK palette; tests check each text/background pair for WCAG AA contrast.
PALETTE = {
    "text": "#212b32",
    "secondary_text": "#4c6272",
    "background": "#ffffff",
    "page": "#f0f4f5",
    "link": "#005eb8",
    "link_visited": "#330072",
    "link_hover": "#7c2855",
    "focus": "#ffeb3b",
    "focus_text": "#212b32",
    "border": "#d8dde0",
    "blue": "#005eb8",
    "white": "#ffffff",
    "warning": "#ffeb3b",
}


def _paragraphs_html(text: str | None) -> Markup:
    """Escaped paragraphs; a single newline inside a paragraph is a line break."""
    parts = []
    for paragraph in common.paragraphs(text):
        lines = [escape(line) for line in paragraph.split("\n")]
        parts.append(Markup("<p>{}</p>").format(Markup("<br>").join(lines)))
    return Markup("\n").join(parts)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("guide.exports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["paragraphs"] = _paragraphs_html
    environment.filters["one_line"] = common.one_line
    environment.filters["stance"] = common.stance_label
    environment.globals["common"] = common
    return environment


@cache
def _assets() -> tuple[str, str]:
    """The inline style sheet (with the palette filled in) and the filter script."""
    folder = resources.files("guide.exports") / "templates"
    css = _environment().from_string(folder.joinpath("guide.css").read_text("utf-8"))
    script = folder.joinpath("guide.js").read_text("utf-8")
    # Both are inlined verbatim, so neither may contain "</" (tests/guide/test_exports.py).
    # The sheet's comments are for its readers here, not for every exported file.
    return CSS_COMMENT.sub("", css.render(palette=PALETTE)).strip(), script


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(document: dict) -> bytes:
    style, script = _assets()
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(style)}; "
        f"script-src {_csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    stances = []
    for section in document["sections"]:
        stance = section["figures"]["stance"]
        if stance not in stances:
            stances.append(stance)
    page = (
        _environment()
        .get_template("guide.html")
        .render(
            doc=document,
            challenge=document["challenge"],
            guide=document["guide"],
            figures=document["figures"],
            sections=document["sections"],
            stances=stances,
            # Markup: the sheet and the script are ours, inlined verbatim (hashed above).
            style=Markup(style),  # noqa: S704
            script=Markup(script),  # noqa: S704
            csp=csp,
        )
    )
    return page.encode("utf-8")
