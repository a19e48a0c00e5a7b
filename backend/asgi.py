"""ASGI entry point: HTTP through Django; websockets are routed here as they are added."""

import os
import threading

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402  (needs Django set up first)

from moderation import prescreen  # noqa: E402

# Load the offensive-language model (a few seconds, ~115 MB) in the background as the server
# starts, so neither start-up nor the first person to post waits for it.
threading.Thread(target=prescreen.warm_up, name="prescreen-warm-up", daemon=True).start()

application = ProtocolTypeRouter({"http": django_asgi_app})
