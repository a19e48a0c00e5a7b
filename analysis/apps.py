from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = "Analysis"

    def ready(self) -> None:
        # Contributions published after a run are placed in their nearest theme.
        from analysis import services
        from ideas import signals

        signals.contribution_changed.connect(
            services.on_contribution_changed, dispatch_uid="analysis.place"
        )
