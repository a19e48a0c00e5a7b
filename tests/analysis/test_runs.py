"""Analysis runs on the database: results stored, identities kept across re-runs, later
contributions placed, failures explained, the task path, permissions and small cells."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from analysis import services
from analysis.models import AnalysisRun, Membership, RunStatus, Theme
from ideas import services as idea_services
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Challenge, Contribution, Phase, RoleKind
from tests.conftest import api_client_for, make_user

TOPICS = {
    "rota": "staff rota planning shifts nights weekends cover gaps agency nurses rota",
    "parking": "car parking spaces hospital site permits buses cycling parking charges",
    "training": "leadership training courses managers mentoring coaching development training",
}


@pytest.fixture
def seeded(db, password_hash) -> Challenge:
    """A small challenge with three clear topics and votes."""
    call_command("seed_demo", "--contributions", "150", "--seed", "3", stdout=StringIO())
    return Challenge.objects.get(slug="nhs-change-challenge")


def analyse(challenge, olive, k=None, question=None) -> AnalysisRun:
    run = services.run_create(
        user=olive, challenge=challenge, k=k, question=question, enqueue=False
    )
    return services.run_execute(run_id=run.pk)


def test_a_run_stores_themes_memberships_figures_and_the_model(seeded, olive):
    run = analyse(seeded, olive, k=6)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 1.0 and run.finished_at is not None
    published = seeded.contributions.filter(status="published").count()
    assert run.contribution_count == published
    assert Membership.objects.filter(run=run).count() == published
    themes = list(run.themes.all())
    assert 2 <= len(themes) <= 6
    assert (
        sum(t.size for t in themes) + Membership.objects.filter(run=run, theme__isnull=True).count()
        == published
    )
    for theme in themes:
        assert theme.label and theme.key_phrases
        assert theme.statistics["size"] == theme.size
        assert set(theme.representative_ids) <= set(
            Membership.objects.filter(theme=theme).values_list("contribution_id", flat=True)
        )
        assert theme.most_supported_ids
    assert {"total", "load", "pipeline", "save"} <= set(run.timings)
    assert run.model


def test_a_rerun_keeps_theme_identities_and_names_given_by_people(seeded, olive):
    first = analyse(seeded, olive, k=5)
    named = first.themes.order_by("-size").first()
    named.identity.name = "Time to think"
    named.identity.save(update_fields=["name"])
    second = analyse(seeded, olive, k=5)
    assert second.status == RunStatus.SUCCEEDED
    carried = Theme.objects.get(run=second, identity=named.identity)
    assert carried.display_name == "Time to think"
    same = {t.identity_id for t in first.themes.all()} & {
        t.identity_id for t in second.themes.all()
    }
    assert len(same) >= 4  # the same data: nearly every theme keeps its identity


def test_later_contributions_are_placed_in_their_nearest_theme(
    seeded, olive, alice, django_capture_on_commit_callbacks
):
    run = analyse(seeded, olive, k=6)
    question = seeded.questions.first()
    with django_capture_on_commit_callbacks(execute=True):
        late = idea_services.contribution_create(
            user=alice,
            question=question,
            body="Give every ward protected time each month to test small improvements.",
        )
    membership = Membership.objects.get(run=run, contribution=late)
    assert membership.placed_later
    assert membership.theme is not None


def test_a_failed_run_says_why_and_can_be_run_again(seeded, olive, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError("out of memory while clustering")

    monkeypatch.setattr("analysis.pipeline.run_pipeline", broken)
    run = analyse(seeded, olive)
    assert run.status == RunStatus.FAILED and "out of memory" in run.error
    monkeypatch.undo()
    again = analyse(seeded, olive, k=4)
    assert again.status == RunStatus.SUCCEEDED


def test_only_organisers_start_runs_and_one_at_a_time(seeded, olive, alice, password_hash):
    with pytest.raises(NotAllowed):
        services.run_create(user=alice, challenge=seeded, enqueue=False)
    moderator = make_user("mo", password_hash)
    seeded.roles.create(user=moderator, kind=RoleKind.MODERATOR)
    with pytest.raises(NotAllowed):
        services.run_create(user=moderator, challenge=seeded, enqueue=False)
    with pytest.raises(InvalidInput):
        services.run_create(user=olive, challenge=seeded, k=1, enqueue=False)
    services.run_create(user=olive, challenge=seeded, enqueue=False)
    with pytest.raises(Conflict):
        services.run_create(user=olive, challenge=seeded, enqueue=False)


def test_one_question_can_be_analysed_alone(seeded, olive):
    question = seeded.questions.last()
    run = analyse(seeded, olive, k=3, question=question)
    assert run.status == RunStatus.SUCCEEDED
    assert (
        run.contribution_count
        == seeded.contributions.filter(question=question, status="published").count()
    )


def test_small_cells_are_suppressed():
    counts = Counter({"GB": 40, "IE": 6, "NG": 4, "IN": 2, "US": 1})
    result = services.suppress_small_cells(counts)
    assert result["shown"] == {"GB": 40, "IE": 6}
    assert result["suppressed_values"] == 3 and result["suppressed_people"] == 7
    tiny = services.suppress_small_cells(Counter({"GB": 3, "IE": 1}))
    assert tiny == {"shown": {}, "suppressed_values": 2, "suppressed_people": None}


def test_theme_figures_never_show_a_cell_under_five(seeded, olive):
    run = analyse(seeded, olive, k=6)
    for theme in run.themes.all():
        for group in ("countries", "roles"):
            assert all(n >= 5 for n in theme.statistics[group]["shown"].values())
            hidden = theme.statistics[group]["suppressed_people"]
            assert hidden is None or hidden >= 5


def test_themes_are_visible_to_roles_before_publication_and_to_all_after(
    seeded, olive, alice, client_for, client
):
    run = analyse(seeded, olive, k=4)
    theme = run.themes.first()
    assert client.get(f"/challenges/{seeded.slug}/themes/").status_code == 302
    assert client_for(alice).get(f"/challenges/{seeded.slug}/themes/").status_code == 403
    assert api_client_for(alice).get(f"/api/themes/{theme.pk}/").status_code == 403
    organiser = client_for(olive)
    page = organiser.get(f"/challenges/{seeded.slug}/themes/")
    html = page.content.decode()
    assert page.status_code == 200 and theme.label in html and "<svg" in html
    assert organiser.get(f"/themes/{theme.pk}/").status_code == 200
    Challenge.objects.filter(pk=seeded.pk).update(phase=Phase.PUBLISHED)
    assert client.get(f"/challenges/{seeded.slug}/themes/").status_code == 200
    assert api_client_for(None).get(f"/api/challenges/{seeded.slug}/themes/").status_code == 200


def test_run_pages_and_api_for_organisers(seeded, olive, alice, client_for):
    organiser = client_for(olive)
    response = organiser.post(f"/challenges/{seeded.slug}/analysis/", {"k": "4"})
    run = AnalysisRun.objects.get()
    assert response["Location"] == f"/analysis/runs/{run.pk}/"
    progress = organiser.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in progress and "<progress" in progress
    services.run_execute(run_id=run.pk)
    done = organiser.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in done and "See the themes" in done
    assert api_client_for(olive).get(f"/api/analysis/runs/{run.pk}/").json()["status"] == (
        "succeeded"
    )
    assert client_for(alice).get(f"/analysis/runs/{run.pk}/").status_code == 403
    assert client_for(alice).post(f"/challenges/{seeded.slug}/analysis/").status_code == 403
    bad = organiser.post(f"/challenges/{seeded.slug}/analysis/", {"k": "1"})
    assert bad.status_code == 400 and "at least 2" in bad.content.decode()


def test_similar_contributions_for_someone_writing(seeded, olive, api):
    analyse(seeded, olive, k=6)
    sample = seeded.contributions.filter(status="published").first()
    response = api.get(f"/api/challenges/{seeded.slug}/similar/", {"text": sample.body})
    results = response.json()
    assert response.status_code == 200 and 1 <= len(results) <= 5
    assert results[0]["id"] == sample.pk
    assert api.get(f"/api/challenges/{seeded.slug}/similar/", {"text": "hi"}).json() == []


def test_analyse_command_prints_a_summary(seeded):
    out = StringIO()
    call_command("analyse", seeded.slug, "--k", "4", stdout=out)
    text = out.getvalue()
    assert "themes" in text and "contributions" in text
    assert AnalysisRun.objects.get().status == RunStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_the_task_path_runs_in_db_worker(password_hash):
    if connection.vendor != "postgresql":
        pytest.skip("the task path is tested on PostgreSQL (the production database)")
    call_command("seed_demo", "--contributions", "80", "--seed", "5", stdout=StringIO())
    challenge = Challenge.objects.get(slug="nhs-change-challenge")
    olive = make_user("olive", password_hash, is_staff=True)
    run = services.run_create(user=olive, challenge=challenge, k=3)  # enqueued on commit
    assert run.status == RunStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.themes.exists()
    assert Contribution.objects.filter(memberships__run=run).exists()


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "insert"])
def test_memberships_are_written_the_same_by_copy_and_by_insert(seeded, olive, copy):
    if copy and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    run = analyse(seeded, olive, k=3)
    theme = run.themes.first()
    first, second = seeded.contributions.filter(status="published").order_by("id")[:2]
    Membership.objects.filter(run=run, contribution__in=[first, second]).delete()
    services.memberships_write(
        [(run.pk, first.pk, theme.pk, 0.25, -0.5), (run.pk, second.pk, None, -1.0, 1.0)],
        copy=copy,
    )
    written = Membership.objects.filter(run=run, contribution__in=[first, second])
    assert sorted(written.values_list("contribution_id", "theme_id", "x", "y", "placed_later")) == [
        (first.pk, theme.pk, 0.25, -0.5, False),
        (second.pk, None, -1.0, 1.0, False),
    ]


def test_analyse_if_missing_runs_once(seeded):
    call_command("analyse", seeded.slug, "--k", "3", "--if-missing", stdout=StringIO())
    out = StringIO()
    call_command("analyse", seeded.slug, "--if-missing", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert AnalysisRun.objects.filter(challenge=seeded).count() == 1
    with pytest.raises(CommandError, match="No challenge"):
        call_command("analyse", "no-such-challenge", stdout=StringIO())


def test_a_run_whose_worker_stopped_is_failed_and_can_be_run_again(seeded, olive, client_for):
    from datetime import timedelta

    from django.utils import timezone

    stuck = services.run_create(user=olive, challenge=seeded, enqueue=False)
    assert services._claim(stuck.pk)
    # Still reporting: a second run must wait.
    with pytest.raises(Conflict):
        services.run_create(user=olive, challenge=seeded, enqueue=False)
    # Ten silent minutes: the worker is gone.
    AnalysisRun.objects.filter(pk=stuck.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=11)
    )
    page = client_for(olive).get(f"/analysis/runs/{stuck.pk}/").content.decode()
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "worker stopped" in stuck.error
    assert "worker stopped" in page and 'http-equiv="refresh"' not in page
    again = services.run_create(user=olive, challenge=seeded, k=3, enqueue=False)
    assert services.run_execute(run_id=again.pk).status == RunStatus.SUCCEEDED


def test_a_theme_link_follows_the_theme_through_re_runs(seeded, olive, alice, client_for):
    first = analyse(seeded, olive, k=5)
    old = first.themes.order_by("-size").first()
    second = analyse(seeded, olive, k=5)
    new = Theme.objects.get(run=second, identity=old.identity)
    organiser = client_for(olive)
    link = f"/themes/identity/{old.identity_id}/"
    assert organiser.get(link)["Location"] == f"/themes/{new.pk}/"
    earlier = organiser.get(f"/themes/{old.pk}/").content.decode()
    assert "See it in the latest analysis" in earlier and f'href="/themes/{new.pk}/"' in earlier
    latest = organiser.get(f"/themes/{new.pk}/").content.decode()
    assert "See it in the latest analysis" not in latest and link in latest
    assert client_for(alice).get(link).status_code == 403
    assert organiser.get("/themes/identity/999999/").status_code == 404
