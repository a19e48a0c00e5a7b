from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # ideas announces held and refused submissions; moderation opens cases and audits.
        from ideas import signals
        from moderation import services

        signals.item_held.connect(services.on_item_held, dispatch_uid="moderation.held")
        signals.submission_refused.connect(
            services.on_submission_refused, dispatch_uid="moderation.refused"
        )
