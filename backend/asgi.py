"""ASGI entry point: HTTP through Django (plain votes in front of it, ``ideas.fast_votes``),
websockets (live updates) through Channels."""

import gc
import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup(set_prefix=False)  # what django.core.asgi.get_asgi_application() does first

from backend.handlers import ThreadPoolASGIHandler  # noqa: E402  (needs Django set up first)

# Django's views on a fixed set of threads per process (backend/handlers.py says why).
django_asgi_app = ThreadPoolASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from frontend import consumers  # noqa: E402
from ideas.fast_votes import FastVotes  # noqa: E402
from moderation import prescreen  # noqa: E402


# Load the offensive-language model (a few seconds, ~115 MB) in the background as the server
# starts, so neither start-up nor the first person to post waits for it.
def _warm_up() -> None:
    prescreen.warm_up()
    gc.freeze()  # the model too lives as long as the process (see below)


threading.Thread(target=_warm_up, name="prescreen-warm-up", daemon=True).start()

websocket_urlpatterns = [
    path("ws/challenges/<slug:slug>/", consumers.ChallengeConsumer.as_asgi()),
    path("ws/moderation/<slug:slug>/", consumers.ModerationConsumer.as_asgi()),
    path("ws/analysis/runs/<int:pk>/", consumers.RunConsumer.as_asgi()),
]

# Everything loaded so far lives as long as the process: keep it out of the garbage
# collector's full passes, which otherwise walk it all again and again under load.
gc.freeze()

# Plain votes are answered in front of Django; everything else is Django's.
fast_votes = FastVotes(django_asgi_app)

application = ProtocolTypeRouter(
    {
        "http": fast_votes,
        "lifespan": fast_votes.lifespan,
        # Sockets carry the session (for moderators and organisers) and must come from one of
        # the allowed hosts' pages: another site cannot open them with a visitor's cookie.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
