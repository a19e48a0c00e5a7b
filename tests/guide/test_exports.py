"""The guide's exports: the four document formats rendered from one hostile guide document,
the open-data CSV and the Pol.is files built from a challenge through the ideas services, and
the export_guide command.
"""

import csv
import io
import itertools
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from analysis.polis import challenge_for_import, polis_import
from guide import exports
from guide.exports import htmldoc, jsondoc, pdfdoc
from guide.exports.opendata import COLUMNS
from guide.management.commands.export_guide import Command as ExportGuide
from ideas import services
from ideas.models import Category, Contribution, Status
from tests.conftest import PERSONAS, make_challenge, make_user

SCHEMA = json.loads(jsondoc.SCHEMA_PATH.read_text(encoding="utf-8"))
SITE = "https://ideas.example.org"

SCRIPT = "<script>alert('guide')</script>"
FORMULA = "=cmd|' /C calc'!A0"
HEADING = "# heading"
LINK = "[link](http://x)"
NON_LATIN = "Łódź 医院 🙂"
# Lines that would start Markdown blocks: a list, a numbered list, a quote, a rule, a fence.
MARKDOWN_BLOCKS = "1. not a list\n- nor this\n> nor a quote\n---\n```\n    not code"


def cells(shown=(), suppressed_values=0, suppressed_people=None):
    return {
        "shown": [{"value": v, "label": label, "people": n} for v, label, n in shown],
        "suppressed_values": suppressed_values,
        "suppressed_people": suppressed_people,
    }


def quote(pk, text, pseudonym="Amber Otter 42", title="", up=12, down=3):
    return {
        "contribution_id": pk,
        "url": f"{SITE}/contributions/{pk}/",
        "title": title,
        "text": text,
        "pseudonym": pseudonym,
        "question": "What are the solutions?",
        "up_votes": up,
        "down_votes": down,
    }


def tip(pk, contribution_id, text, pseudonym="Cobalt Heron 7"):
    return {
        "comment_id": pk,
        "contribution_id": contribution_id,
        "url": f"{SITE}/contributions/{contribution_id}/#comment-{pk}",
        "text": text,
        "pseudonym": pseudonym,
        "up_votes": 4,
        "down_votes": 0,
    }


def section(position, theme_id, title, stance, quotes=(), tips=(), **extra):
    values = {
        "position": position,
        "theme_id": theme_id,
        "anchor": f"theme-{theme_id}",
        "title": title,
        "summary": f"Summary of {title}.\n\nA second paragraph.",
        "what_helps": "Protected time.\nA named sponsor.",
        "what_gets_in_the_way": "The day job crowding it out.",
        "what_to_do": "Rota it in.\n\nReview after three months.",
        "key_phrases": ["protected time", "frontline buddy"],
        "figures": {
            "size": 120,
            "up_votes": 800,
            "down_votes": 90,
            "support": 710,
            "approval": 0.899,
            "spread": 0.12,
            "stance": stance,
            "contributors": 64,
            "countries": cells([("GB", "United Kingdom", 50)], 3, 14),
            "roles": cells([("nurse", "Nurse or midwife", 30), ("doctor", "Doctor", 20)], 2, None),
        },
        "quotes": list(quotes),
        "tips": list(tips),
    }
    values.update(extra)
    return values


def hostile_document(**guide_extra) -> dict:
    """A realistic guide whose user-written parts try every trick a renderer could fall for."""
    guide = {
        "title": "Making bottom-up change happen",
        "introduction": "Over two months, 3,595 people made 13,000 contributions.\n\n"
        "This guide gathers what they said works.",
        "status": "published",
        "version": 2,
        "published_at": "2026-03-03T10:00:00+00:00",
        "url": f"{SITE}/challenges/nhs-change/guide/",
    }
    guide.update(guide_extra)
    return {
        "format": "groundswell-guide",
        "format_version": 1,
        "generated_at": "2026-03-04T09:30:00+00:00",
        "challenge": {
            "slug": "nhs-change",
            "title": "How do we make <em>bottom-up</em> change happen?",
            "summary": "Tell us what helps & what gets in the way.",
            "url": f"{SITE}/challenges/nhs-change/",
        },
        "guide": guide,
        "figures": {
            "contributions": 13012,
            "comments": 4100,
            "votes": 61000,
            "contributors": 3595,
            "themes": 14,
            "countries": cells([("GB", "United Kingdom", 3100), ("IE", "Ireland", 40)], 43, 455),
            "roles": cells([("nurse", "Nurse or midwife", 1200)], 1, None),
        },
        "sections": [
            section(
                1,
                101,
                "Time on the floor",
                "consensus",
                quotes=[
                    quote(
                        11, f"{SCRIPT} Managers on the wards.\n\n{HEADING}\n{LINK}", title=FORMULA
                    ),
                    quote(
                        12,
                        f"{NON_LATIN}: a buddy on every ward.\n\n{MARKDOWN_BLOCKS}",
                        pseudonym="Łucja 医 5",
                    ),
                ],
                tips=[tip(501, 11, f"{FORMULA} then book it in the rota <b>weekly</b>.")],
            ),
            section(
                2,
                102,
                f"Speaking up {SCRIPT}",
                "divided",
                quotes=[quote(21, "Freedom to Speak Up guardians in every team.", up=5, down=5)],
                tips=[tip(502, 21, "Anonymous routes matter - @everyone should know them.")],
            ),
            section(3, 103, "Finance made plain", "no votes yet", key_phrases=[]),
        ],
    }


def own_urls(document: dict) -> set[str]:
    urls = {document["challenge"]["url"], document["guide"]["url"]}
    for part in document["sections"]:
        urls |= {item["url"] for item in part["quotes"] + part["tips"]}
    return urls


@pytest.fixture
def document() -> dict:
    doc = hostile_document()
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    return doc


def test_the_schema_is_a_valid_2020_12_schema_and_rejects_a_small_cell(document):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    document["figures"]["roles"]["shown"][0]["people"] = 4
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_unknown_format_is_refused(document):
    with pytest.raises(ValueError, match="html, pdf, md, json"):
        exports.render(document, "docx")


# --- HTML ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of an HTML page the checks below look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self._open_heading = None
        self._raw = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._open_heading = [int(tag[1]), ""]
        if tag in self.inline:
            self._raw = tag

    def handle_endtag(self, tag):
        if self._open_heading and tag == f"h{self._open_heading[0]}":
            self.headings.append((self._open_heading[0], self._open_heading[1].strip()))
            self._open_heading = None
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self.inline[self._raw].append(data)
            return
        self.text.append(data)
        if self._open_heading:
            self._open_heading[1] += data

    def all(self, tag, **attrs):
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def by_id(self, element_id):
        found = [(t, a) for t, a in self.elements if a.get("id") == element_id]
        assert len(found) == 1, f"id {element_id!r} appears {len(found)} times"
        return found[0]


@pytest.fixture
def page(document) -> Page:
    return Page(exports.render(document, "html").decode("utf-8"))


def test_html_is_one_accessible_page_with_landmarks_and_a_heading_outline(document, page):
    assert page.all("html")[0]["lang"] == "en-GB"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), f"no <{landmark}>"
    skip = page.elements[[t for t, _ in page.elements].index("a")]
    assert skip[1]["href"] == "#main" and "Skip to main content" in "".join(page.text)
    assert page.by_id("main")[0] == "main"
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    titles = [text for _, text in page.headings]
    for part in document["sections"]:
        assert f"{part['position']}. {part['title']}" in titles
        assert page.by_id(part["anchor"])[0] == "section"
    # The table of contents links to every section.
    toc_links = {a["href"] for a in page.all("a") if a.get("href", "").startswith("#theme-")}
    assert toc_links >= {f"#{part['anchor']}" for part in document["sections"]}
    # Figures are real tables: a caption each, every header cell scoped.
    tables = page.all("table")
    assert len(tables) >= 1 + 3 * len(document["sections"])
    assert len(page.all("caption")) == len(tables)
    assert all(th.get("scope") in {"row", "col"} for th in page.all("th"))


def test_html_fetches_nothing_and_links_only_to_its_own_addresses(document, page):
    raw = exports.render(document, "html").decode("utf-8")
    assert not page.all("link") and not page.all("img") and not page.all("iframe")
    scripts = page.all("script")
    assert len(scripts) == 1 and "src" not in scripts[0]
    style = "".join(page.inline["style"])
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    hrefs = set()
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if value and re.search(r"(https?:)?//", value) and name != "content":
                assert (tag, name) == ("a", "href"), f"<{tag} {name}={value!r}>"
                hrefs.add(value)
    assert hrefs == own_urls(document)
    # The policy a browser enforces: nothing but this very style sheet and script.
    policy = page.all("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert "default-src 'none'" in policy
    assert (
        htmldoc._csp_hash(style) in policy and htmldoc._csp_hash(page.inline["script"][0]) in policy
    )
    assert "http" not in policy
    # Nothing of ours can end its element early.
    assert raw.count("</script>") == 1 and raw.count("</style>") == 1


def test_html_escapes_every_piece_of_user_text(document, page):
    raw = exports.render(document, "html").decode("utf-8")
    text = "".join(page.text)
    assert "alert('guide')" not in "".join(page.inline["script"])
    assert "<script>alert" not in raw and "<b>weekly" not in raw and "<em>bottom" not in raw
    for typed in (SCRIPT, FORMULA, HEADING, LINK, NON_LATIN, "<b>weekly</b>", "<em>bottom-up</em>"):
        assert typed in text, typed
    # Paragraphs: a blank line starts a new one; a single newline is a line break.
    assert "<p>Protected time.<br>A named sponsor.</p>" in raw
    assert "<p>Rota it in.</p>\n<p>Review after three months.</p>" in raw


def test_html_search_and_filters_are_there_but_hidden_until_the_script_runs(document, page):
    tag, form = page.by_id("gs-filter")
    assert tag == "form" and "hidden" in form and form.get("role") == "search"
    assert page.by_id("gs-query")[0] == "input"
    labels = {a.get("for") for a in page.all("label")}
    assert {"gs-query", "gs-theme", "gs-stance", "gs-kind"} <= labels
    themes = [a["value"] for t, a in page.elements if t == "option" and "theme-" in a["value"]]
    assert themes == [part["anchor"] for part in document["sections"]]
    stances = {a["value"] for t, a in page.elements if t == "option"}
    assert {"consensus", "divided", "no votes yet"} <= stances
    _, status = page.by_id("gs-count")
    assert status.get("aria-live") == "polite" and status.get("role") == "status"
    # Every quote and tip is a filterable item that is shown without the script.
    items = [a for t, a in page.elements if "gs-item" in a.get("class", "").split()]
    expected = sum(len(p["quotes"]) + len(p["tips"]) for p in document["sections"])
    assert len(items) == expected and not any("hidden" in a for a in items)
    assert "form.hidden = false" in page.inline["script"][0]


def test_html_prints_without_controls_and_keeps_quotes_whole(page):
    style = "".join(page.inline["style"])
    printing = style[style.index("@media print") :]
    assert re.search(r"\.gs-filter[^{]*\{[^}]*display:\s*none", printing)
    assert re.search(r"\.gs-toc[^{]*\{[^}]*display:\s*none", printing)
    assert re.search(r"\.gs-item[^{]*\{[^}]*break-inside:\s*avoid", printing)
    assert "attr(href)" in printing


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("text", "background"),
        ("text", "page"),
        ("secondary_text", "background"),
        ("link", "background"),
        ("link", "page"),
        ("link_visited", "background"),
        ("link_hover", "background"),
        ("focus_text", "focus"),
        ("white", "blue"),
        ("text", "warning"),
    ],
)
def test_html_colours_meet_wcag_aa_contrast(foreground, background):
    palette = htmldoc.PALETTE
    assert contrast(palette[foreground], palette[background]) >= 4.5


def test_html_inline_assets_cannot_close_their_elements():
    style, script = htmldoc._assets()
    assert "</" not in style and "</" not in script


def test_html_of_a_draft_says_so(document):
    draft = hostile_document(status="draft", version=None, published_at=None)
    jsonschema.validate(draft, SCHEMA, cls=jsonschema.Draft202012Validator)
    text = "".join(Page(exports.render(draft, "html").decode("utf-8")).text)
    assert "has not been published" in text
    assert "has not been published" not in "".join(
        Page(exports.render(document, "html").decode()).text
    )


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_other_formats_of_a_draft_say_so_too(fmt):
    draft = hostile_document(status="draft", version=None, published_at=None)
    data = exports.render(draft, fmt)
    text = "\n".join(pdf_pages(data)[1]) if fmt == "pdf" else data.decode("utf-8")
    assert "has not been published" in " ".join(text.split())


# --- PDF ----------------------------------------------------------------------------------


def pdf_pages(data: bytes):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() or "" for page in reader.pages]


def test_pdf_is_a_typeset_document_with_contents_outline_and_metadata(document):
    data = exports.render(document, "pdf")
    assert data.startswith(b"%PDF-")
    reader, pages = pdf_pages(data)
    assert reader.metadata.title == document["guide"]["title"]
    assert reader.metadata.author == "Groundswell"
    assert document["guide"]["title"] in " ".join(pages[0].split())
    contents = next(i for i, text in enumerate(pages) if "Contents" in text)
    listing = reader.pages[contents].extract_text(extraction_mode="layout").splitlines()
    outline = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    for part in document["sections"]:
        title = f"{part['position']}. {part['title']}"
        # The contents line names the page the section (and its bookmark) starts on.
        page_number = outline[title]
        assert title in " ".join(pages[page_number - 1].split())
        line = next(line for line in listing if title in line)
        assert re.search(rf"\.\s+{page_number}$", line.rstrip()), (line, page_number)
    everything = "\n".join(pages)
    assert "Amber Otter 42" in everything and "Cobalt Heron 7" in everything
    assert "Łódź" in everything  # DejaVu Sans or Vera draws it, or stands in for it visibly
    assert "<script>alert('guide')</script>" in everything  # shown as text, not markup


def test_pdf_survives_text_no_bundled_font_can_draw(document, monkeypatch, tmp_path):
    monkeypatch.setattr(pdfdoc, "DEJAVU_DIR", tmp_path / "no-fonts-here")
    assert pdfdoc.fonts().regular == "GsVera"
    data = exports.render(document, "pdf")
    _, pages = pdf_pages(data)
    assert "Time on the floor" in "\n".join(pages)


def test_pdf_falls_back_to_helvetica_and_replaces_what_it_cannot_encode(document, monkeypatch):
    monkeypatch.setattr(pdfdoc, "_TRUETYPE_FAMILIES", ())
    assert pdfdoc.fonts().regular == "Helvetica"
    data = exports.render(document, "pdf")
    _, pages = pdf_pages(data)
    assert "Time on the floor" in "\n".join(pages)


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_has_a_linked_contents_and_escapes_user_text(document):
    text = exports.render(document, "md").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Making bottom-up change happen"
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    for part in document["sections"]:
        assert f"(#{part['anchor']})" in text and f'<a id="{part["anchor"]}"></a>' in text
    assert "## 1\\. Time on the floor" in lines
    assert "\\# heading" in text and "\\[link\\](http://x)" in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert NON_LATIN in text


def test_markdown_renders_without_injected_headings_links_or_html(document):
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(
        exports.render(document, "md").decode("utf-8")
    )
    page = Page(html)
    assert [text for level, text in page.headings if level == 1] == [document["guide"]["title"]]
    assert "heading" not in [text for _, text in page.headings]
    assert not page.all("script") and not page.all("b") and not page.all("em")
    hrefs = {a["href"] for a in page.all("a") if "href" in a}
    external = {href for href in hrefs if not href.startswith("#")}
    assert external == own_urls(document)
    text = "".join(page.text)
    for typed in (SCRIPT, HEADING, LINK, FORMULA, "<em>bottom-up</em>"):
        assert typed in text, typed
    assert len(page.all("blockquote")) == sum(len(p["quotes"]) for p in document["sections"])
    assert not page.all("ol") and not page.all("pre") and len(page.all("hr")) == 1
    for line in MARKDOWN_BLOCKS.splitlines():
        assert line.strip() in text


# --- JSON ---------------------------------------------------------------------------------


def test_json_round_trips_validates_and_keeps_schema_order(document):
    data = exports.render(document, "json")
    assert NON_LATIN.encode("utf-8") in data  # UTF-8, not \u escapes
    assert data.startswith(b'{\n  "format"')
    parsed = json.loads(data)
    assert parsed == document
    jsonschema.validate(parsed, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert list(parsed) == list(SCHEMA["properties"])
    section_keys = list(SCHEMA["$defs"]["section"]["properties"])
    assert list(parsed["sections"][0]) == section_keys
    assert list(parsed["sections"][0]["quotes"][0]) == list(SCHEMA["$defs"]["quote"]["properties"])


# --- open data and Pol.is: a challenge built through the services --------------------------


@pytest.fixture
def busy_challenge(db, password_hash):
    """Published, held, hidden, removed and withdrawn contributions; comments; votes."""
    challenge = make_challenge(slug="exports", watched_words="quarantine")
    question, second = challenge.questions.all()[:2]
    formula_category = Category.objects.create(challenge=challenge, name="@SUM(1+1)", position=9)
    alice = make_user("alice", password_hash, country="GB", role_group="nurse")
    bob = make_user("bob", password_hash, country="IE")
    voters = [make_user(f"voter{i}", password_hash) for i in range(4)]

    def post(user, body, **kw):
        return services.contribution_create(
            user=user, question=kw.pop("q", question), body=body, **kw
        )

    published = [
        post(alice, f"{FORMULA} managers on the floor", title="+1 for buddies"),
        post(bob, "-protect time to think and test", q=second, category=formula_category),
        post(alice, f'Plain idea about {NON_LATIN}\n\nSecond paragraph, "quoted", here.'),
        post(voters[0], "\tTabbed idea about leadership diplomas"),
    ]
    held = post(bob, "Keep the quarantine ward staffed properly")
    hidden = post(bob, "An idea a moderator later hid from view")
    removed = post(bob, "An idea a moderator later removed entirely")
    withdrawn = post(alice, "An idea its author later withdrew again")
    assert held.status == Status.HELD

    for voter in voters:
        services.vote_cast(user=voter, item=published[0], value=1)
        services.vote_cast(user=voter, item=hidden, value=1)
    services.vote_cast(user=voters[1], item=published[1], value=-1)
    services.vote_cast(user=voters[2], item=published[1], value=1)
    services.vote_cast(user=alice, item=published[1], value=-1)
    services.vote_cast(user=voters[3], item=withdrawn, value=1)
    # Votes cast while they were published stay in the database, and out of the exports.
    services.item_status_set(item=hidden, status=Status.HIDDEN)
    services.item_status_set(item=removed, status=Status.REMOVED)
    services.contribution_withdraw(user=alice, contribution=withdrawn)

    services.comment_create(user=bob, contribution=published[0], body="Rota it in weekly.")
    services.comment_create(user=voters[1], contribution=published[0], body="Yes, with cover.")
    gone = services.comment_create(user=voters[2], contribution=published[0], body="Maybe not.")
    services.comment_withdraw(user=voters[2], comment=gone)
    services.comment_create(user=bob, contribution=published[1], body="quarantine first")  # held
    return challenge, published, [held, hidden, removed, withdrawn]


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())  # so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_open_data_has_only_published_contributions_with_counts(busy_challenge):
    challenge, published, _ = busy_challenge
    names = {published[0].pk: "=Time on the floor", 999_999: "Not in this challenge"}
    rows = read_csv(exports.open_data_csv(challenge, names))
    assert list(rows[0]) == list(COLUMNS)
    by_id = {int(row["contribution_id"]): row for row in rows}
    assert set(by_id) == {c.pk for c in published}
    first, second = by_id[published[0].pk], by_id[published[1].pk]
    assert (first["up_votes"], first["down_votes"], first["comments"]) == ("4", "0", "2")
    assert (second["up_votes"], second["down_votes"], second["comments"]) == ("1", "2", "0")
    assert first["url"] == f"{settings.SITE_URL.rstrip('/')}/contributions/{published[0].pk}/"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["date"])
    assert first["question"] == "What enables bottom-up change?"
    assert first["pseudonym"] == published[0].author.pseudonym
    assert by_id[published[2].pk]["text"] == published[2].body  # newlines and quotes intact
    assert by_id[published[2].pk]["theme"] == ""


def test_open_data_escapes_spreadsheet_formulas(busy_challenge):
    challenge, published, _ = busy_challenge
    rows = read_csv(exports.open_data_csv(challenge, {published[0].pk: "=Time on the floor"}))
    by_id = {int(row["contribution_id"]): row for row in rows}
    first, second = by_id[published[0].pk], by_id[published[1].pk]
    assert first["text"] == "'" + published[0].body and first["text"].startswith("'=cmd")
    assert first["title"] == "'+1 for buddies"
    assert first["theme"] == "'=Time on the floor"
    assert second["text"].startswith("'-protect") and second["category"] == "'@SUM(1+1)"
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)


def test_open_data_names_nobody(busy_challenge):
    challenge, _, _ = busy_challenge
    data = exports.open_data_csv(challenge, {}).decode("utf-8-sig")
    for email, _first, last in PERSONAS.values():
        assert email not in data and last not in data
    assert "@example.com" not in data


def test_open_data_reads_in_a_fixed_number_of_queries(
    busy_challenge, django_assert_max_num_queries
):
    challenge, _, _ = busy_challenge
    with django_assert_max_num_queries(2):
        exports.open_data_csv(challenge, {})


def polis_tables(files: dict[str, bytes]):
    comments = list(csv.DictReader(io.StringIO(files["comments.csv"].decode("utf-8"))))
    votes = list(csv.DictReader(io.StringIO(files["votes.csv"].decode("utf-8"))))
    return comments, votes


def test_polis_files_hold_published_contributions_and_renumbered_people(busy_challenge):
    challenge, published, _ = busy_challenge
    files = exports.polis_files(challenge)
    assert files["comments.csv"].splitlines()[0] == (
        b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"
    )
    assert files["votes.csv"].splitlines()[0] == b"timestamp,datetime,comment-id,voter-id,vote"
    comments, votes = polis_tables(files)
    assert {int(row["comment-id"]) for row in comments} == {c.pk for c in published}
    assert {int(row["comment-id"]) for row in votes} <= {c.pk for c in published}
    assert all(row["moderated"] == "1" for row in comments)
    assert {row["vote"] for row in votes} == {"1", "-1"}
    # People are 0, 1, 2 … in order of first appearance, the same number in both files.
    order = [row["author-id"] for row in comments] + [row["voter-id"] for row in votes]
    seen = list(dict.fromkeys(order))
    assert seen == [str(n) for n in range(len(seen))]
    author = {int(row["comment-id"]): row["author-id"] for row in comments}
    assert author[published[0].pk] == author[published[2].pk]  # both alice's
    # Each comment's totals are its vote rows.
    for row in comments:
        mine = [v["vote"] for v in votes if v["comment-id"] == row["comment-id"]]
        assert (int(row["agrees"]), int(row["disagrees"])) == (mine.count("1"), mine.count("-1"))
    stored = {c.pk: (c.up_count, c.down_count) for c in Contribution.objects.filter(pk__in=author)}
    assert {
        int(r["comment-id"]): (int(r["agrees"]), int(r["disagrees"])) for r in comments
    } == stored
    assert all(row["timestamp"].isdigit() and len(row["timestamp"]) == 13 for row in votes)


def test_polis_export_round_trips_through_the_importer(busy_challenge, tmp_path):
    challenge, published, _ = busy_challenge
    exports.write_polis(challenge, tmp_path / "export")
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == ["comments.csv", "votes.csv"]
    target, question = challenge_for_import(slug="reimported", title="Reimported")
    summary = polis_import(folder=tmp_path / "export", challenge=target, question=question)
    assert (summary.contributions, summary.removed, summary.held) == (len(published), 0, 0)
    before = {c.body: (c.up_count, c.down_count) for c in published_fresh(published)}
    after = {c.body: (c.up_count, c.down_count) for c in target.contributions.all()}
    assert after == before
    assert summary.votes == sum(up + down for up, down in before.values())


def published_fresh(items):
    return Contribution.objects.filter(pk__in=[c.pk for c in items])


def test_polis_zip_holds_the_same_two_files(busy_challenge, tmp_path):
    challenge, _, _ = busy_challenge
    exports.write_polis(challenge, tmp_path / "polis.zip")
    with zipfile.ZipFile(tmp_path / "polis.zip") as archive:
        assert sorted(archive.namelist()) == ["comments.csv", "votes.csv"]
        comments = archive.read("comments.csv")
    assert comments == exports.polis_files(challenge)["comments.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name != "polis.zip"]  # no temporary left


# --- the command --------------------------------------------------------------------------


@pytest.fixture
def fake_selectors(monkeypatch):
    """The command's own work (formats, files, errors) on the hostile document: the real
    selector's document is swapped for it, except for a challenge named "unpublished", which
    goes to the real selector (and has no guide). tests/guide/test_export_privacy.py runs the
    command end to end on a real published guide."""
    from guide import selectors

    calls = []
    real_document = selectors.guide_document
    real_names = selectors.contribution_theme_names

    def guide_document(challenge, *, draft=False):
        calls.append(("guide_document", challenge.slug, draft))
        if challenge.slug == "unpublished":
            return real_document(challenge, draft=draft)
        return hostile_document()

    def contribution_theme_names(challenge):
        calls.append(("contribution_theme_names", challenge.slug))
        return real_names(challenge)

    monkeypatch.setattr(selectors, "guide_document", guide_document)
    monkeypatch.setattr(selectors, "contribution_theme_names", contribution_theme_names)
    return calls


def export(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(ExportGuide(), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["html", "pdf", "md", "json"])
def test_command_writes_each_guide_format(challenge, fake_selectors, tmp_path, fmt):
    target = tmp_path / f"guide.{fmt}"
    _, err = export(challenge.slug, "--format", fmt, "--out", str(target))
    if fmt == "pdf":  # stamped with the time it was made
        assert target.read_bytes().startswith(b"%PDF-")
    else:
        assert target.read_bytes() == exports.render(hostile_document(), fmt)
    assert target.stat().st_size > 1000 and "Wrote the guide" in err
    assert fake_selectors == [("guide_document", challenge.slug, False)]
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_command_draft_and_standard_output(challenge, fake_selectors):
    out, _ = export(challenge.slug, "--format", "json", "--out", "-", "--draft")
    assert json.loads(out) == hostile_document()
    assert fake_selectors == [("guide_document", challenge.slug, True)]


def test_command_open_data_and_polis(busy_challenge, fake_selectors, tmp_path):
    challenge, published, _ = busy_challenge
    export(challenge.slug, "--format", "csv", "--out", str(tmp_path / "open.csv"))
    assert len(read_csv((tmp_path / "open.csv").read_bytes())) == len(published)
    assert fake_selectors == [("contribution_theme_names", challenge.slug)]
    export(challenge.slug, "--format", "polis", "--out", str(tmp_path / "polis"))
    assert (tmp_path / "polis" / "votes.csv").exists()


def test_command_errors_are_clear(db, fake_selectors, tmp_path):
    make_challenge(slug="unpublished")
    with pytest.raises(CommandError, match="no challenge with the slug 'nope'"):
        export("nope", "--out", str(tmp_path / "x.html"))
    with pytest.raises(CommandError, match=r"no published guide.*--draft"):
        export("unpublished", "--out", str(tmp_path / "x.html"))
    with pytest.raises(CommandError, match=r"folder .* does not exist"):
        export("unpublished", "--draft", "--out", str(tmp_path / "missing" / "x.html"))
    with pytest.raises(CommandError, match="standard output"):
        export("unpublished", "--draft", "--format", "pdf", "--out", "-")
    with pytest.raises(CommandError, match="--draft applies to the guide"):
        export("unpublished", "--draft", "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert list(tmp_path.iterdir()) == []


def test_command_leaves_the_old_file_whole_when_writing_fails(
    challenge, fake_selectors, tmp_path, monkeypatch
):
    target = tmp_path / "guide.html"
    target.write_bytes(b"the previous export")

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("guide.exports.files.os.fsync", disk_full)
    with pytest.raises(CommandError, match=r"Cannot write .*No space left on device"):
        export(challenge.slug, "--out", str(target))
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["guide.html"]


def test_command_refuses_an_unwritable_folder(challenge, fake_selectors, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if _can_write(locked):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(CommandError, match=r"Cannot write .*Permission denied"):
            export(challenge.slug, "--out", str(locked / "guide.html"))
    finally:
        locked.chmod(0o700)


def _can_write(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True
