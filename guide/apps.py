from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Panels and the guide"

    def ready(self) -> None:
        # Every new challenge starts with the default panel rubric.
        from django.db.models.signals import post_save

        from accounts import personal_data as accounts_personal_data
        from guide import personal_data, services
        from ideas.models import Challenge

        accounts_personal_data.register(
            "panels_and_guide", export=personal_data.export, erase=personal_data.erase
        )

        post_save.connect(
            services.on_challenge_saved, sender=Challenge, dispatch_uid="guide.rubric"
        )
