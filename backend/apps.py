from django.apps import AppConfig


class BackendConfig(AppConfig):
    """The project itself: wires the apps' events to the live-update publisher."""

    name = "backend"
    verbose_name = "Groundswell"

    def ready(self) -> None:
        from analysis import signals as analysis_signals
        from backend import events
        from ideas import signals as idea_signals
        from moderation import signals as moderation_signals

        idea_signals.contribution_changed.connect(
            events.on_contribution_changed, dispatch_uid="live.contribution"
        )
        idea_signals.comment_changed.connect(events.on_comment_changed, dispatch_uid="live.comment")
        idea_signals.vote_changed.connect(events.on_vote_changed, dispatch_uid="live.vote")
        moderation_signals.queue_changed.connect(events.on_queue_changed, dispatch_uid="live.queue")
        analysis_signals.run_progressed.connect(events.on_run_progressed, dispatch_uid="live.run")
