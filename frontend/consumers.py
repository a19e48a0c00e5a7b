"""Websockets for live pages. They check who may listen when a socket opens, then only forward
what the event publisher (``backend.events``) puts on the channel layer: no queries of their
own, and nothing a browser sends is acted on.

- ``/ws/challenges/<slug>/``: everyone who may see the challenge: new contributions, vote and
  comment counts.
- ``/ws/moderation/<slug>/``: the challenge's moderators: the queue's open cases.
- ``/ws/analysis/runs/<id>/``: organisers: a run's progress.

Sockets are authenticated with the session cookie and checked against the allowed hosts'
origins (``backend.asgi``). A socket that may not listen is closed with code 4403.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from backend import events

FORBIDDEN = 4403


class _LiveConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def group_for(self) -> str | None:
        """The group this socket may listen to, or None to refuse it."""
        raise NotImplementedError

    async def connect(self) -> None:
        self.group = await self.group_for()
        if self.group is None:
            await self.close(code=FORBIDDEN)
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        """Browsers only listen; anything they send is ignored."""

    async def live_event(self, event: dict) -> None:
        await self.send_json(event["payload"])


class ChallengeConsumer(_LiveConsumer):
    async def group_for(self) -> str | None:
        challenge_id = await _visible_challenge_id(self.scope["url_route"]["kwargs"]["slug"])
        return events.challenge_group(challenge_id) if challenge_id else None


class ModerationConsumer(_LiveConsumer):
    async def group_for(self) -> str | None:
        challenge_id = await _moderated_challenge_id(
            self.scope.get("user"), self.scope["url_route"]["kwargs"]["slug"]
        )
        return events.moderation_group(challenge_id) if challenge_id else None


class RunConsumer(_LiveConsumer):
    async def group_for(self) -> str | None:
        run_id = int(self.scope["url_route"]["kwargs"]["pk"])
        allowed = await _may_watch_run(self.scope.get("user"), run_id)
        return events.run_group(run_id) if allowed else None


@database_sync_to_async
def _visible_challenge_id(slug: str) -> int | None:
    from ideas.models import Challenge

    return Challenge.objects.visible().filter(slug=slug).values_list("pk", flat=True).first()


@database_sync_to_async
def _moderated_challenge_id(user, slug: str) -> int | None:
    from ideas.models import Challenge
    from moderation.rules import is_moderator

    challenge = Challenge.objects.filter(slug=slug).first()
    if challenge is None or not is_moderator(user, challenge):
        return None
    return challenge.pk


@database_sync_to_async
def _may_watch_run(user, run_id: int) -> bool:
    from analysis.models import AnalysisRun
    from analysis.rules import can_run_analysis

    run = AnalysisRun.objects.filter(pk=run_id).select_related("challenge").defer("model").first()
    return run is not None and can_run_analysis(user, run.challenge)
