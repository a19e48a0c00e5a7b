"""Hostile input through every door: the services, the API and the page forms.

Each payload is either refused with a clear 4xx and a message (nothing half-written left
behind) or stored as normalised plain text, exactly as expected, and then shown escaped on the
contribution page, never as markup. Payloads come from the OWASP XSS filter evasion cheat sheet,
SQL injection habits, Unicode tricks and plain carelessness.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontend.text import LINK_REL, plain_text_html
from ideas import services
from ideas.errors import InvalidInput
from ideas.models import Comment, Contribution, Participant
from ideas.text import normalise_line, normalise_text
from tests.conftest import api_client_for

NUL_REFUSED = "Null characters are not allowed."
SURROGATE_REFUSED = "Surrogate characters are not allowed"
ENTER_IT = "Enter your {noun}."


@dataclass(frozen=True)
class Payload:
    """What someone types, and what must become of it.

    ``stored`` is the exact text kept (None when every door refuses it, with ``refusal`` in
    the message). ``refused_at`` names doors that refuse what the others store: the API and
    forms reject NUL bytes and lone surrogates outright, the service quietly drops them.
    """

    id: str
    raw: str
    stored: str | None
    refusal: str = ""
    refused_at: dict[str, str] = field(default_factory=dict)


PAYLOADS = [
    # --- markup, from the OWASP XSS filter evasion cheat sheet ---------------------------
    Payload(
        "script-tag",
        "<script>alert('xss')</script>Give managers protected time on the wards",
        "alert('xss')Give managers protected time on the wards",
    ),
    Payload(
        "img-onerror",
        "<img src=x onerror=alert(1)>Buddy every manager with a nurse",
        "Buddy every manager with a nurse",
    ),
    Payload(
        "img-javascript-mixed-case",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>Train managers in NHS finance",
        "Train managers in NHS finance",
    ),
    Payload(
        "malformed-img-quotes",
        '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>Speak up without fear',
        'alert("XSS")"\\>Speak up without fear',
    ),
    Payload(
        "svg-onload",
        "<svg/onload=alert('XSS')>Small clinically led improvement teams",
        "Small clinically led improvement teams",
    ),
    Payload(
        "body-onload",
        "<BODY ONLOAD=alert('XSS')>Mentoring for doctors in training",
        "Mentoring for doctors in training",
    ),
    Payload(
        "extraneous-open-brackets",
        '<<SCRIPT>alert("XSS");//\\<</SCRIPT>Find staffing gaps early',
        '<alert("XSS");//\\<Find staffing gaps early',
    ),
    Payload(
        "javascript-link",
        '<a href="javascript:alert(1)">Read more</a> about action learning sets',
        "Read more about action learning sets",
    ),
    Payload(
        "iframe",
        '<iframe src="javascript:alert(`XSS`)"></iframe>Leadership diplomas for all',
        "Leadership diplomas for all",
    ),
    Payload(
        "style-import",
        "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>Less top-down change",
        "@import'http://xss.rocks/xss.css';Less top-down change",
    ),
    Payload(
        "html-comment",
        "<!--<script>alert(1)</script>-->Trust local teams more",
        "Trust local teams more",
    ),
    Payload(
        "attribute-breakout",
        '"><img src=x onerror=alert(1)>Board-level talent matters',
        '">Board-level talent matters',
    ),
    Payload(
        "event-handler-on-bold",
        "<b onmouseover=alert(1)>Floor</b> time for managers",
        "Floor time for managers",
    ),
    Payload(
        "split-tag",
        "<scr<script>ipt>alert(1)</script>Shadowing for juniors",
        "ipt>alert(1)Shadowing for juniors",
    ),
    Payload(
        "entity-escaped-tags",
        "&lt;script&gt;alert(1)&lt;/script&gt;E-learning for every manager",
        "alert(1)E-learning for every manager",
    ),
    Payload(
        "decimal-entity-tags",
        "&#60;script&#62;alert(1)&#60;/script&#62;Graduate trainee placements",
        "alert(1)Graduate trainee placements",
    ),
    Payload(
        "escaped-three-times",
        "&amp;amp;lt;script&amp;amp;gt;alert(1)&amp;amp;lt;/script&amp;amp;gt;Keep talent",
        "alert(1)Keep talent",
    ),
    Payload(
        "zero-width-inside-entity",
        "&&#8203;lt;script&&#8203;gt;alert(1)&&#8203;lt;/script&&#8203;gt;Keep talent",
        "alert(1)Keep talent",
    ),
    Payload(
        "padded-with-tags",
        "<i></i>" * 2000 + "Tags do not count towards the limit",
        "Tags do not count towards the limit",
    ),
    # --- SQL-looking text is just text -----------------------------------------------------
    Payload(
        "sql-drop-table",
        "Robert'); DROP TABLE ideas_contribution;--",
        "Robert'); DROP TABLE ideas_contribution;--",
    ),
    Payload(
        "sql-or-true",
        "' OR '1'='1' -- a code of practice",
        "' OR '1'='1' -- a code of practice",
    ),
    Payload(
        "sql-union",
        "1 UNION SELECT email, password FROM accounts_user --",
        "1 UNION SELECT email, password FROM accounts_user --",
    ),
    # --- invisible, control and odd Unicode --------------------------------------------
    Payload(
        "zero-width-space",
        "Protected\u200b time to\u200b think",
        "Protected time to think",
    ),
    Payload(
        "right-to-left-override",
        "Staffing gaps \u202eevil\u202c found early",
        "Staffing gaps evil found early",
    ),
    Payload(
        "left-to-right-isolate",
        "\u2066Isolated\u2069 text direction trick",
        "Isolated text direction trick",
    ),
    Payload(
        "byte-order-mark", "\ufeffStarts with a byte order mark", "Starts with a byte order mark"
    ),
    Payload(
        "entity-encoded-override",
        "&#8238;Entity-encoded override here",
        "Entity-encoded override here",
    ),
    Payload(
        "control-characters",
        "Bell\x07 and escape\x1b[31m in the text\x7f",
        "Bell and escape[31m in the text",
    ),
    Payload(
        "nul-byte",
        "Null\x00 byte in the middle",
        "Null byte in the middle",
        refused_at={"api": NUL_REFUSED, "page": NUL_REFUSED},
    ),
    Payload("nul-entity", "&#0;Null entity at the start", "Null entity at the start"),
    Payload(
        "unpaired-surrogate",
        "\ud800Lone surrogate at the start",
        "Lone surrogate at the start",
        refused_at={"api": SURROGATE_REFUSED},
    ),
    Payload(
        "decomposed-accent", "Cafe\u0301 culture on the wards", "Caf\u00e9 culture on the wards"
    ),
    Payload(
        "accent-by-entity",
        "Cafe&#769; culture matters here",
        "Caf\u00e9 culture matters here",
    ),
    Payload(
        "untidy-whitespace",
        "  Lots   of\t\tspace\r\n\r\n\r\n\r\nand   blank lines\u00a0 ",
        "Lots of space\n\nand blank lines",
    ),
    Payload(
        "emoji-sequence-kept",
        "\U0001f469\u200d\u2695\ufe0f nurses leading change",
        "\U0001f469\u200d\u2695\ufe0f nurses leading change",
    ),
    # --- links stay text that becomes a link on display --------------------------------
    Payload(
        "web-link",
        "See https://example.org/floor?a=1&b=2 for the rota",
        "See https://example.org/floor?a=1&b=2 for the rota",
    ),
    Payload(
        "javascript-url-as-text",
        "javascript:alert(document.cookie) is not a link",
        "javascript:alert(document.cookie) is not a link",
    ),
    # --- nothing left to post -----------------------------------------------------------
    Payload("empty", "", None, refusal=ENTER_IT),
    Payload("whitespace-only", " \t\n\r\n  \u00a0 ", None, refusal=ENTER_IT),
    Payload("only-tags", "<b></b><i></i><script></script>", None, refusal=ENTER_IT),
    Payload(
        "only-invisible",
        "\u200b\u202e\ufeff\u2066\x00",
        None,
        refusal=ENTER_IT,
        refused_at={"api": NUL_REFUSED, "page": NUL_REFUSED},
    ),
]
# Text a form cannot carry (a lone surrogate has no UTF-8); its percent-encoded bytes are posted
# in test_page_percent_encoded_bad_bytes_are_dropped.
NOT_FORM_SAFE = {"unpaired-surrogate"}


@dataclass(frozen=True)
class Kind:
    """Contribution or comment: the noun in messages and the shortest text kept."""

    name: str
    minimum: int


CONTRIBUTION = Kind("contribution", services.BODY_MIN)
COMMENT = Kind("comment", services.COMMENT_MIN)


def expected(payload: Payload, kind: Kind, door: str) -> tuple[str | None, str]:
    """(text stored, or None) and the refusal message expected at this door."""
    if door in payload.refused_at:
        return None, payload.refused_at[door]
    if payload.stored is None:
        return None, payload.refusal.format(noun=kind.name)
    if len(payload.stored) < kind.minimum:
        return None, f"at least {kind.minimum} characters"
    return payload.stored, ""


# --- reading pages --------------------------------------------------------------------------


class PageReader(HTMLParser):
    """Collects what a page shows: the text and tags inside each ``gs-body`` block, the
    value of each textarea and text input (by id), every attribute on every tag, inline
    script text and the h1 headings.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bodies: list[dict] = []
        self.textareas: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        self.attributes: list[tuple[str, str, str]] = []
        self.script_text = ""
        self.headings: list[str] = []
        self._depth = 0  # open elements inside the current gs-body
        self._textarea: str | None = None
        self._in_script = self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if self._depth:
            self._depth += tag not in VOID_ELEMENTS
            self.bodies[-1]["tags"].append((tag, attributes))
        elif "gs-body" in (attributes.get("class") or "").split():
            self._depth = 1
            self.bodies.append({"text": "", "tags": []})
        if tag == "textarea":
            self._textarea = attributes.get("id", "")
            self.textareas[self._textarea] = ""
        if tag == "input" and attributes.get("type") in {"text", None}:
            self.inputs[attributes.get("id", "")] = attributes.get("value") or ""
        self._in_script = tag == "script"
        if tag == "h1":
            self._in_h1 = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if self._depth and tag not in VOID_ELEMENTS:
            self._depth -= 1
        if tag == "textarea":
            self._textarea = None
        if tag == "script":
            self._in_script = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._depth:
            self.bodies[-1]["text"] += data
        if self._textarea is not None:
            self.textareas[self._textarea] += data
        if self._in_script:
            self.script_text += data
        if self._in_h1:
            self.headings[-1] += data


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}

MARKUP_FROM_PAYLOADS = [
    "<script>alert",
    "<script>",  # the layout's own scripts all carry src or nonce attributes
    "onerror=",
    "onload=",
    "onmouseover=",
    "<iframe",
    "<style>@import",
    "<svg/onload",
    'href="javascript:',
]


def assert_shown_as_text(html: str, stored: str) -> None:
    """The stored text is on the page as text; nothing from it became markup."""
    for marker in MARKUP_FROM_PAYLOADS:
        assert marker not in html.lower(), f"{marker!r} rendered as markup"
    page = read_page(html)
    for tag, name, value in page.attributes:
        assert not name.lower().startswith("on"), f"<{tag} {name}=...> on the page"
        if name in {"href", "src", "action", "formaction"}:
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    assert "alert" not in page.script_text
    shown = [body for body in page.bodies if body["text"].strip() == stored]
    assert shown, f"{stored!r} is not shown as the text of a post"
    for tag, attributes in shown[0]["tags"]:
        # Only links that linkify made: web addresses, marked as user content.
        assert tag == "a", f"<{tag}> inside a post"
        assert set(attributes) == {"href", "rel"}
        assert attributes["href"].startswith(("http://", "https://", "mailto:"))
        assert attributes["rel"] == LINK_REL


def assert_api_error(response, status: int, message: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"]
    assert message in error["message"]
    if field:
        assert any(message in text for text in error["fields"][field])
    return error


# --- set-up ---------------------------------------------------------------------------------


@pytest.fixture
def theirs(bob, question):
    """A contribution by bob, for alice to comment on."""
    return services.contribution_create(
        user=bob, question=question, body="Managers should spend a day a month on the wards."
    )


@pytest.fixture
def alice_page(alice, client_for) -> Client:
    return client_for(alice)


def rows(alice) -> tuple[int, int, int]:
    return (
        Contribution.objects.filter(author__user=alice).count(),
        Comment.objects.filter(author__user=alice).count(),
        Participant.objects.filter(user=alice).count(),
    )


NOTHING = (0, 0, 0)
by_id = pytest.mark.parametrize("payload", PAYLOADS, ids=[p.id for p in PAYLOADS])
FORM_PAYLOADS = [p for p in PAYLOADS if p.id not in NOT_FORM_SAFE]
form_safe = pytest.mark.parametrize("payload", FORM_PAYLOADS, ids=[p.id for p in FORM_PAYLOADS])


# --- the services ---------------------------------------------------------------------------


@by_id
def test_service_contribution_create(payload, alice, question, client):
    stored, refusal = expected(payload, CONTRIBUTION, "service")
    if stored is None:
        with pytest.raises(InvalidInput, match=refusal) as refused:
            services.contribution_create(user=alice, question=question, body=payload.raw)
        assert refused.value.field == "body"
        assert rows(alice) == NOTHING
        return
    contribution = services.contribution_create(user=alice, question=question, body=payload.raw)
    contribution.refresh_from_db()
    assert contribution.body == stored
    assert_shown_as_text(client.get(f"/contributions/{contribution.pk}/").text, stored)


@by_id
def test_service_comment_create(payload, alice, theirs, client):
    stored, refusal = expected(payload, COMMENT, "service")
    if stored is None:
        with pytest.raises(InvalidInput, match=refusal):
            services.comment_create(user=alice, contribution=theirs, body=payload.raw)
        assert rows(alice) == NOTHING
        theirs.refresh_from_db()
        assert theirs.comment_count == 0
        return
    comment = services.comment_create(user=alice, contribution=theirs, body=payload.raw)
    comment.refresh_from_db()
    assert comment.body == stored
    assert_shown_as_text(client.get(f"/contributions/{theirs.pk}/").text, stored)


# --- the API --------------------------------------------------------------------------------


def post_json(user, url: str, data: dict):
    # json.dumps escapes what cannot be encoded (a lone surrogate becomes "\\ud800"), as a
    # hostile client would send it.
    return api_client_for(user).generic(
        "POST", url, json.dumps(data), content_type="application/json"
    )


@by_id
def test_api_contribution_post(payload, alice, challenge, question, client):
    response = post_json(
        alice,
        f"/api/challenges/{challenge.slug}/contributions/",
        {"question": question.pk, "body": payload.raw, "title": ""},
    )
    stored, refusal = expected(payload, CONTRIBUTION, "api")
    if stored is None:
        assert_api_error(response, 400, refusal, field="body")
        assert rows(alice) == NOTHING
        return
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == stored
    contribution = Contribution.objects.get(pk=response.json()["id"])
    assert contribution.body == stored
    assert_shown_as_text(client.get(f"/contributions/{contribution.pk}/").text, stored)


@by_id
def test_api_comment_post(payload, alice, theirs, client):
    response = post_json(alice, f"/api/contributions/{theirs.pk}/comments/", {"body": payload.raw})
    stored, refusal = expected(payload, COMMENT, "api")
    if stored is None:
        assert_api_error(response, 400, refusal, field="body")
        assert rows(alice) == NOTHING
        return
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == stored
    assert Comment.objects.get(pk=response.json()["id"]).body == stored
    assert_shown_as_text(client.get(f"/contributions/{theirs.pk}/").text, stored)


# --- the page forms -------------------------------------------------------------------------


@form_safe
def test_page_contribute(payload, alice, alice_page, challenge, question, client):
    category = challenge.categories.first()
    posted = {
        "question": str(question.pk),
        "category": str(category.pk),
        "title": "",
        "body": payload.raw,
    }
    response = alice_page.post(f"/challenges/{challenge.slug}/contribute/", posted)
    stored, refusal = expected(payload, CONTRIBUTION, "page")
    if stored is None:
        assert response.status_code == 400
        html = response.text
        assert "There is a problem" in html
        assert refusal in html
        # The person's text comes back in the form, exactly as typed (but never as markup).
        assert read_page(html).textareas["id_body"] == payload.raw
        assert rows(alice) == NOTHING
        return
    assert response.status_code == 302
    contribution = Contribution.objects.get(author__user=alice)
    assert response.url == f"/contributions/{contribution.pk}/"
    assert contribution.body == stored
    assert contribution.category == category
    assert_shown_as_text(client.get(response.url).text, stored)


@form_safe
def test_page_comment(payload, alice, alice_page, theirs, client):
    response = alice_page.post(f"/contributions/{theirs.pk}/comments/", {"body": payload.raw})
    stored, refusal = expected(payload, COMMENT, "page")
    if stored is None:
        assert response.status_code == 400
        html = response.text
        assert "There is a problem" in html
        assert refusal in html
        assert read_page(html).textareas["id_body"] == payload.raw
        assert rows(alice) == NOTHING
        return
    assert response.status_code == 302
    comment = Comment.objects.get(author__user=alice)
    assert response.url == f"/contributions/{theirs.pk}/#comment-{comment.pk}"
    assert comment.body == stored
    assert_shown_as_text(client.get(f"/contributions/{theirs.pk}/").text, stored)


def test_a_refused_reply_comes_back_in_its_own_form(alice, bob, alice_page, theirs):
    top = services.comment_create(user=bob, contribution=theirs, body="Who covers the ward?")
    raw = "<script></script>\u200b<b> </b>\u202e"
    response = alice_page.post(
        f"/contributions/{theirs.pk}/comments/", {"body": raw, "parent": top.pk}
    )
    assert response.status_code == 400
    assert "Enter your comment." in response.text
    page = read_page(response.text)
    assert page.textareas[f"reply-{top.pk}-body"] == raw
    assert page.textareas["id_body"] == ""  # the comment form below is left alone
    assert "<script></script>" not in response.text  # kept as text, not as markup
    assert rows(alice) == NOTHING


# --- titles, choices and sizes --------------------------------------------------------------

HOSTILE_TITLE = "<i>Floor</i> time\u202e for <script>alert(1)</script>\nmanagers\u200b"
HOSTILE_TITLE_STORED = "Floor time for alert(1) managers"
BODY = "Managers should spend a day a month on the wards."


def test_hostile_title_is_stored_as_one_plain_line_everywhere(
    alice, alice_page, challenge, question, client
):
    services.contribution_create(user=alice, question=question, body=BODY, title=HOSTILE_TITLE)
    api_client_for(alice).post(
        f"/api/challenges/{challenge.slug}/contributions/",
        {"question": question.pk, "body": BODY, "title": HOSTILE_TITLE},
        format="json",
    )
    alice_page.post(
        f"/challenges/{challenge.slug}/contribute/",
        {"question": question.pk, "body": BODY, "title": HOSTILE_TITLE},
    )
    titles = list(Contribution.objects.filter(author__user=alice).values_list("title", flat=True))
    assert titles == [HOSTILE_TITLE_STORED] * 3
    contribution = Contribution.objects.filter(author__user=alice).first()
    html = client.get(f"/contributions/{contribution.pk}/").text
    assert read_page(html).headings == [HOSTILE_TITLE_STORED]
    assert_shown_as_text(html, BODY)
    assert_shown_as_text(client.get(f"/challenges/{challenge.slug}/").text, BODY)


def test_too_long_title_is_refused_with_the_text_kept(alice, alice_page, challenge, question):
    title = "<b>" + "t" * 151 + "</b>"
    response = api_client_for(alice).post(
        f"/api/challenges/{challenge.slug}/contributions/",
        {"question": question.pk, "body": BODY, "title": title},
        format="json",
    )
    assert_api_error(response, 400, "The title must be 150 characters or fewer.", field="title")
    response = alice_page.post(
        f"/challenges/{challenge.slug}/contribute/",
        {"question": question.pk, "body": BODY, "title": title},
    )
    assert response.status_code == 400
    assert "The title must be 150 characters or fewer." in response.text
    page = read_page(response.text)
    assert page.inputs["id_title"] == title
    assert page.textareas["id_body"] == BODY
    assert rows(alice) == NOTHING


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"question": "1 OR 1=1"}, "Select one of the questions."),
        ({"question": "<script>alert(1)</script>"}, "Select one of the questions."),
        ({"category": "'; DROP TABLE ideas_category;--"}, "Select a category."),
        ({"category": "99999999999999999999999"}, "Select a category."),
    ],
    ids=["question-sql", "question-tag", "category-sql", "category-huge"],
)
def test_hostile_choices_on_the_page_are_refused(
    posted, message, alice, alice_page, challenge, question
):
    form = {"question": str(question.pk), "category": "", "title": "", "body": BODY} | posted
    response = alice_page.post(f"/challenges/{challenge.slug}/contribute/", form)
    assert response.status_code == 400
    assert message in response.text
    assert "<script>alert" not in response.text
    assert read_page(response.text).textareas["id_body"] == BODY
    assert rows(alice) == NOTHING


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"question": "1 OR 1=1"}, "question"),
        ({"category": "<script>alert(1)</script>"}, "category"),
        ({"category": 2**70}, "category"),
        ({"category": 999_999}, "category"),
        ({"question": 999_999}, "question"),
        ({"body": ["a", "list"]}, "body"),
        ({"body": {"html": "<b>"}}, "body"),
        ({"body": None}, "body"),
    ],
    ids=[
        "question-sql",
        "category-tag",
        "category-huge",
        "category-missing",
        "question-missing",
        "body-list",
        "body-object",
        "body-null",
    ],
)
def test_hostile_shapes_in_the_api_are_refused(posted, field, alice, challenge, question):
    data = {"question": question.pk, "body": BODY} | posted
    response = api_client_for(alice).post(
        f"/api/challenges/{challenge.slug}/contributions/", data, format="json"
    )
    error = assert_api_error(response, 400, "")
    assert field in error["fields"]
    assert rows(alice) == NOTHING


HUNDRED_KB = ("Managers on the floor. " * 4400)[:100_000]


def test_a_100_kb_body_is_refused_everywhere_with_the_limit(
    alice, alice_page, challenge, question, theirs
):
    limit = "Your contribution must be 2,000 characters or fewer."
    with pytest.raises(InvalidInput, match=re.escape(limit)):
        services.contribution_create(user=alice, question=question, body=HUNDRED_KB)
    with pytest.raises(InvalidInput, match=r"Your comment must be 2,000 characters or fewer\."):
        services.comment_create(user=alice, contribution=theirs, body=HUNDRED_KB)
    api = api_client_for(alice)
    response = api.post(
        f"/api/challenges/{challenge.slug}/contributions/",
        {"question": question.pk, "body": HUNDRED_KB},
        format="json",
    )
    assert_api_error(response, 400, limit, field="body")
    response = api.post(
        f"/api/contributions/{theirs.pk}/comments/", {"body": HUNDRED_KB}, format="json"
    )
    assert_api_error(response, 400, "Your comment must be 2,000 characters or fewer.", "body")
    response = alice_page.post(
        f"/challenges/{challenge.slug}/contribute/", {"question": question.pk, "body": HUNDRED_KB}
    )
    assert response.status_code == 400
    assert limit in response.text
    assert read_page(response.text).textareas["id_body"] == HUNDRED_KB
    response = alice_page.post(f"/contributions/{theirs.pk}/comments/", {"body": HUNDRED_KB})
    assert response.status_code == 400
    assert "Your comment must be 2,000 characters or fewer." in response.text
    assert read_page(response.text).textareas["id_body"] == HUNDRED_KB
    assert rows(alice) == NOTHING


def test_a_body_just_over_the_limit_after_tidying_is_refused(alice, question):
    with pytest.raises(InvalidInput, match="2,000 characters or fewer"):
        services.contribution_create(user=alice, question=question, body="<b>x</b>" * 2001)
    assert rows(alice) == NOTHING


# --- raw bytes ------------------------------------------------------------------------------


def test_invalid_utf8_json_is_refused_by_the_api(alice, challenge, question, theirs):
    api = api_client_for(alice)
    for url, body in [
        (
            f"/api/challenges/{challenge.slug}/contributions/",
            b'{"question": %d, "body": "Bad bytes \xff\xfe in JSON here"}' % question.pk,
        ),
        (f"/api/contributions/{theirs.pk}/comments/", b'{"body": "Bad \xc3\x28 bytes"}'),
    ]:
        response = api.generic("POST", url, body, content_type="application/json")
        assert_api_error(response, 400, "JSON parse error")
    assert rows(alice) == NOTHING


def test_a_json_lone_surrogate_escape_is_refused_by_the_api(alice, challenge, question):
    body = b'{"question": %d, "body": "\\ud800 lone surrogate text"}' % question.pk
    response = api_client_for(alice).generic(
        "POST",
        f"/api/challenges/{challenge.slug}/contributions/",
        body,
        content_type="application/json",
    )
    assert_api_error(response, 400, SURROGATE_REFUSED, field="body")
    assert rows(alice) == NOTHING


# Percent-encoded bytes that are not UTF-8 (even an encoded lone surrogate) decode to
# replacement characters, which are dropped.
PERCENT_ENCODED = [
    (b"Bad bytes %FF%FE percent-encoded", "Bad bytes percent-encoded"),
    (b"%ED%A0%80Lone surrogate at the start", "Lone surrogate at the start"),
]
# Raw bytes that are not UTF-8 make the whole form unreadable: refused, not read as Latin-1.
RAW_UNDECODABLE = [b"Bad bytes \xff\xfe in a form post", b"Caf\xc3\xa9 culture \xff on wards"]
CANNOT_READ = "The form could not be read. Send it as UTF-8 text."


def form_post(client, url: str, form: bytes):
    return client.generic("POST", url, form, content_type="application/x-www-form-urlencoded")


def contribute_form(question, body: bytes) -> bytes:
    return b"question=%d&category=&title=&body=" % question.pk + body.replace(b" ", b"+")


@pytest.mark.parametrize(("raw", "stored"), PERCENT_ENCODED, ids=["invalid", "surrogate"])
def test_page_percent_encoded_bad_bytes_are_dropped(
    raw, stored, alice, alice_page, challenge, question, theirs, client
):
    url = f"/challenges/{challenge.slug}/contribute/"
    assert form_post(alice_page, url, contribute_form(question, raw)).status_code == 302
    contribution = Contribution.objects.get(author__user=alice)
    assert contribution.body == stored
    assert_shown_as_text(client.get(f"/contributions/{contribution.pk}/").text, stored)
    # Said again as a comment (in other words, so it is not held as a repeat).
    url = f"/contributions/{theirs.pk}/comments/"
    comment = b"body=In+short%3A+" + raw.replace(b" ", b"+")
    assert form_post(alice_page, url, comment).status_code == 302
    assert Comment.objects.get(author__user=alice).body == f"In short: {stored}"
    assert_shown_as_text(client.get(f"/contributions/{theirs.pk}/").text, f"In short: {stored}")


@pytest.mark.parametrize(("raw", "stored"), PERCENT_ENCODED, ids=["invalid", "surrogate"])
def test_api_percent_encoded_bad_bytes_are_dropped(raw, stored, alice, challenge, question):
    response = form_post(
        api_client_for(alice),
        f"/api/challenges/{challenge.slug}/contributions/",
        contribute_form(question, raw),
    )
    assert response.status_code == 201, response.content
    assert response.json()["body"] == stored


@pytest.mark.parametrize("raw", RAW_UNDECODABLE, ids=["invalid", "mixed-with-utf8"])
def test_raw_bytes_that_are_not_utf8_are_refused(
    raw, alice, alice_page, challenge, question, theirs
):
    for url, form in [
        (f"/challenges/{challenge.slug}/contribute/", contribute_form(question, raw)),
        (f"/contributions/{theirs.pk}/comments/", b"body=" + raw),
    ]:
        response = form_post(alice_page, url, form)
        assert response.status_code == 400
        assert CANNOT_READ in response.text
    api = api_client_for(alice)
    for url, form in [
        (f"/api/challenges/{challenge.slug}/contributions/", contribute_form(question, raw)),
        (f"/api/contributions/{theirs.pk}/comments/", b"body=" + raw),
    ]:
        error = assert_api_error(form_post(api, url, form), 400, CANNOT_READ)
        assert error["code"] == "bad_encoding"
    assert rows(alice) == NOTHING


# --- normalise_text -------------------------------------------------------------------------

NORMALISED = [
    ("plain", "Protected time to think", "Protected time to think"),
    ("tags", "<p>Hello <b>there</b></p>", "Hello there"),
    ("script-keeps-its-text", "<script>alert(1)</script>", "alert(1)"),
    ("comment", "a<!-- hidden -->b", "ab"),
    ("less-than-is-text", "a < b and c > d", "a < b and c > d"),
    ("bare-brackets", "<>", "<>"),
    ("ampersand", "Tom & Jerry, AT&T", "Tom & Jerry, AT&T"),
    ("named-entity", "&copy; NHS &amp; partners", "\u00a9 NHS & partners"),
    ("escaped-tag", "&lt;b&gt;bold&lt;/b&gt;", "bold"),
    ("escaped-twice", "&amp;lt;b&amp;gt;bold", "bold"),
    ("escaped-five-times", "&amp;amp;amp;amp;lt;b&amp;amp;amp;amp;gt;bold", "bold"),
    ("escaped-bare-less-than", "1 &lt; 2", "1 < 2"),
    ("nbsp-entity", "&nbsp;&nbsp;indented", "indented"),
    ("nul-entity", "a&#0;b", "ab"),
    ("surrogate-entity", "a&#xd800;b", "ab"),
    ("out-of-range-entity", "a&#1114112;b", "ab"),
    ("replacement-character", "a\ufffdb", "ab"),
    ("zero-width-space", "a\u200bb", "ab"),
    ("zero-width-joiner-in-words", "a\u200db", "ab"),
    ("zero-width-joiner-in-emoji", "\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb"),
    ("right-to-left-override", "a\u202eb\u202c", "ab"),
    ("isolates", "\u2066a\u2069\u2067b\u2069\u2068c\u2069", "abc"),
    ("byte-order-mark", "\ufeffa", "a"),
    ("soft-hyphen", "co\u00adoperate", "cooperate"),
    ("line-separator", "a\u2028b\u2029c", "abc"),
    ("private-use", "a\ue000b", "ab"),
    ("tag-characters", "a\U000e0041\U000e007fb", "ab"),
    ("controls", "a\x00b\x07c\x1bd\x7fe\x85f", "abcdef"),
    ("lone-surrogate", "a\ud800b\udfffc", "abc"),
    ("nfc", "Cafe\u0301", "Caf\u00e9"),
    ("nfc-after-dropping", "e\u200b\u0301", "\u00e9"),
    ("nfc-after-unescaping", "e&#769;", "\u00e9"),
    ("tabs-and-spaces", "a\t \u2003 b", "a b"),
    ("crlf", "a\r\nb\rc", "a\nb\nc"),
    ("blank-lines", "a\n\n\n\n\nb", "a\n\nb"),
    ("line-ends-trimmed", "  a  \n  b  ", "a\nb"),
    ("only-whitespace", " \t\r\n\u00a0\u3000", ""),
    ("only-tags", "<br><hr><img src=x>", ""),
    ("empty", "", ""),
    ("sql", "'; DROP TABLE x;--", "'; DROP TABLE x;--"),
    ("url", "https://example.org/?a=1&b=2", "https://example.org/?a=1&b=2"),
]


@pytest.mark.parametrize(
    ("raw", "tidy"), [row[1:] for row in NORMALISED], ids=[r[0] for r in NORMALISED]
)
def test_normalise_text(raw, tidy):
    assert normalise_text(raw) == tidy
    assert normalise_text(tidy) == tidy  # stable: normalising stored text changes nothing


def test_normalise_line_joins_lines():
    assert (
        normalise_line(" <b>Floor</b>\n\ntime \u202e for\tmanagers ") == "Floor time for managers"
    )


# Pieces that combine into tags, entities and invisible characters in awkward ways.
PIECES = st.one_of(
    st.sampled_from(("<", ">", "&", ";", "#", "/", "=", '"', "\n", " ", "b", "i", "e", "lt", "gt")),
    st.sampled_from(("amp", "script", "<b>", "</b>", "&lt;", "&amp;", "&#0;", "&#769;", "&#8203;")),
    st.sampled_from(("<!--", "-->", "\u0301", "\u200b", "\u200d", "\u202e", "\ufeff", "\x00")),
    st.sampled_from(("\ud800", "\U0001f469", "\u2695")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join))
def test_normalised_text_is_stable_and_has_no_tags(raw):
    import html as html_module
    import unicodedata

    import bleach

    tidy = normalise_text(raw)
    assert normalise_text(tidy) == tidy
    assert unicodedata.is_normalized("NFC", tidy)
    assert html_module.unescape(bleach.clean(tidy, tags=set(), strip=True)) == tidy
    assert not any(
        unicodedata.category(char) in {"Cc", "Cs", "Co"} for char in tidy.replace("\n", "")
    )


# --- plain_text_html ------------------------------------------------------------------------

REL = f'rel="{LINK_REL}"'
DISPLAYED = [
    ("plain", "Protected time", "Protected time"),
    ("escaped", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("ampersand", "Tom & Jerry", "Tom &amp; Jerry"),
    ("newlines-kept", "a\nb", "a\nb"),
    (
        "web-link",
        "see https://example.org/floor?a=1&b=2 now",
        f'see <a href="https://example.org/floor?a=1&amp;b=2" {REL}>'
        "https://example.org/floor?a=1&amp;b=2</a> now",
    ),
    (
        "bare-domain",
        "www.example.org",
        f'<a href="http://www.example.org" {REL}>www.example.org</a>',
    ),
    (
        "link-in-brackets",
        "(https://example.org/path)",
        f'(<a href="https://example.org/path" {REL}>https://example.org/path</a>)',
    ),
    ("javascript-url", "javascript:alert(1)", "javascript:alert(1)"),
    ("javascript-url-mixed-case", "JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)"),
    ("vbscript-url", "vbscript:msgbox(1)", "vbscript:msgbox(1)"),
    ("data-url", "data:text/html,<b>x</b>", "data:text/html,&lt;b&gt;x&lt;/b&gt;"),
    ("ftp-not-linked", "ftp://example.org/file", "ftp://example.org/file"),
    ("email-not-linked", "someone@example.org", "someone@example.org"),
    ("empty", "", ""),
    ("none", None, ""),
]


@pytest.mark.parametrize(
    ("text", "shown"), [row[1:] for row in DISPLAYED], ids=[r[0] for r in DISPLAYED]
)
def test_plain_text_html(text, shown):
    assert plain_text_html(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/'><script>alert(1)</script>",
        "javascript://example.org/%0aalert(1)",
        "https://example.org/<img src=x onerror=alert(1)>",
    ],
    ids=["quote-breakout", "tag-in-url", "javascript-with-slashes", "img-in-url"],
)
def test_plain_text_html_links_cannot_break_out(text):
    shown = plain_text_html(text)
    page = read_page(f'<div class="gs-body">{shown}</div>')
    assert page.bodies[0]["text"] == text
    for tag, attributes in page.bodies[0]["tags"]:
        assert tag == "a"
        assert set(attributes) == {"href", "rel"}
        assert attributes["href"].startswith(("http://", "https://"))
        assert attributes["rel"] == LINK_REL
