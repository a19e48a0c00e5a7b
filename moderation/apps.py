from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # ideas announces held and refused submissions; moderation opens cases and audits.
        from accounts import personal_data as accounts_personal_data
        from ideas import signals
        from moderation import personal_data, services

        accounts_personal_data.register("moderation", export=personal_data.export)

        signals.item_held.connect(services.on_item_held, dispatch_uid="moderation.held")
        signals.submission_refused.connect(
            services.on_submission_refused, dispatch_uid="moderation.refused"
        )
