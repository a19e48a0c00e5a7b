from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Panels and the guide"

    def ready(self) -> None:
        # Every new challenge starts with the default panel rubric.
        from django.db.models.signals import post_save

        from guide import services
        from ideas.models import Challenge

        post_save.connect(
            services.on_challenge_saved, sender=Challenge, dispatch_uid="guide.rubric"
        )
