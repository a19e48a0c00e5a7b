"""The Jinja2 environment for pages: NHS.UK frontend macros plus a few helpers."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import localtime
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from frontend.forms import CommentForm
from frontend.text import highlighted_html, plain_text_html
from guide.exports.common import paragraphs
from ideas import rules
from ideas.models import RoleKind


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, fmt: str = "%-d %B %Y") -> str:
    return localtime(value).strftime(fmt) if value else ""


def datetime(value) -> str:
    return (
        localtime(value).strftime("%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")
        if value
        else ""
    )


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"


def is_moderator_anywhere(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.challenge_roles.filter(kind=RoleKind.MODERATOR).exists()


def works_on_a_panel_or_guide(user) -> bool:
    """Organisers, panel members and editors: the header links their panels and guides."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or user.challenge_roles.filter(kind__in=[RoleKind.PANEL, RoleKind.EDITOR]).exists()
    )


def environment(**options) -> Environment:
    # The NHS.UK macros read optional nested parameters (params.navigation.colour).
    options["undefined"] = ChainableUndefined
    # Django's Jinja2 backend passes autoescape=True in options.
    env = Environment(**options, extensions=["jinja2.ext.do"])  # noqa: S701
    env.loader = ChoiceLoader(
        [
            env.loader,
            PackageLoader("nhsuk_frontend_jinja", package_path="templates/nhsuk/components"),
            PackageLoader("nhsuk_frontend_jinja", package_path="templates/nhsuk/macros"),
            PackageLoader("nhsuk_frontend_jinja"),
        ]
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "STATIC_URL": settings.STATIC_URL,
            "plural": plural,
            "can_vote": rules.can_vote,
            "is_moderator_anywhere": is_moderator_anywhere,
            "works_on_a_panel_or_guide": works_on_a_panel_or_guide,
            "comment_form_factory": CommentForm,
        }
    )
    # plain_text_html escapes every character before adding links, so this is safe markup.
    env.filters["plain_text"] = lambda text: Markup(plain_text_html(text))  # noqa: S704
    # highlighted_html escapes the text and adds only <mark> elements.
    env.filters["highlight"] = lambda text, needles: Markup(  # noqa: S704
        highlighted_html(text, needles)
    )
    env.filters["date"] = date
    env.filters["paragraphs"] = paragraphs
    env.filters["datetime"] = datetime
    return env
