"""A person's part of analysis (the runs they started), for their personal-data download
(registered with ``accounts.personal_data`` in ``AnalysisConfig.ready``). An erased account's
runs stay, with no link to it."""

from accounts.personal_data import stamp
from analysis.models import AnalysisRun


def export(user) -> dict:
    return {
        "runs_started": [
            {
                "challenge": run.challenge.slug,
                "run": run.pk,
                "themes_asked_for": run.requested_k,
                "status": run.status,
                "created_at": stamp(run.created_at),
            }
            for run in AnalysisRun.objects.filter(created_by=user)
            .select_related("challenge")
            .defer("model")
            .order_by("created_at", "id")
        ]
    }
