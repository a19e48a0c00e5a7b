from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = "Analysis"

    def ready(self) -> None:
        # Contributions published after a run are placed in their nearest theme.
        from accounts import personal_data as accounts_personal_data
        from analysis import personal_data, services
        from ideas import signals

        accounts_personal_data.register("analysis", export=personal_data.export)

        signals.contribution_changed.connect(
            services.on_contribution_changed, dispatch_uid="analysis.place"
        )
