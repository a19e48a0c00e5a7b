"""Background work: analysis runs, executed by `python manage.py db_worker`."""

from django.tasks import task

from analysis import services


@task()
def run_analysis(run_id: int) -> None:
    """Execute one queued analysis run (it records its own success or failure)."""
    services.run_execute(run_id=run_id)
