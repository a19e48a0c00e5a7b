"""Importing real Pol.is conversations (CC BY 4.0, ../shared/data/polis)."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from ideas.models import Challenge, Contribution, Participant, Status, Vote
from moderation.models import Case

POLIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis"


def export(name: str) -> Path:
    folder = POLIS / name
    if not folder.exists():
        pytest.skip(f"the Pol.is data set {name} is not beside the repository")
    return folder


def test_import_bg2050_with_votes_csv(db):
    folder = export("bg2050-volunteers")
    call_command("import_polis", str(folder), "--challenge", "bg2050")
    challenge = Challenge.objects.get(slug="bg2050")
    comments = list(csv.DictReader(folder.joinpath("comments.csv").open(encoding="utf-8")))
    assert Contribution.objects.filter(challenge=challenge).count() == len(comments)
    removed = sum(1 for row in comments if row["moderated"] == "-1")
    assert Contribution.objects.filter(status=Status.REMOVED).count() >= removed
    # Imported participants are pseudonyms with no account.
    assert not Participant.objects.filter(challenge=challenge, user__isnull=False).exists()
    # Every stored count equals its rows, and agrees/disagrees match Pol.is's own totals.
    by_body = {row["comment-body"].strip(): row for row in comments}
    checked = 0
    for item in Contribution.objects.filter(challenge=challenge).annotate(
        ups=Count("votes", filter=Q(votes__value=1)),
        downs=Count("votes", filter=Q(votes__value=-1)),
    ):
        assert (item.up_count, item.down_count) == (item.ups, item.downs)
        row = by_body.get(item.body)
        if row is not None:
            assert item.up_count <= int(row["agrees"]) and item.down_count <= int(row["disagrees"])
            checked += 1
    assert checked > 300
    assert Vote.objects.filter(contribution__challenge=challenge).count() > 10_000


def test_import_with_participants_votes_matrix(db, tmp_path):
    """An export with only the participants x comments matrix reads the same votes."""
    import shutil

    from analysis.polis import read_votes

    folder = export("scoop-hivemind.biodiversity")
    for name in ("comments.csv", "participants-votes.csv"):
        shutil.copy(folder / name, tmp_path / name)
    from_matrix = read_votes(tmp_path)
    from_votes = read_votes(folder)
    agrees = {key for key, value in from_votes.items() if value == 1}
    assert len(from_matrix) > 1000
    same = sum(1 for key in agrees if from_matrix.get(key) == 1)
    assert same > 0.9 * len(agrees)
    call_command("import_polis", str(tmp_path), "--challenge", "biodiversity")
    assert Vote.objects.filter(contribution__challenge__slug="biodiversity").count() > 1000


def test_import_bowling_green_then_held_items_open_cases(db):
    folder = export("american-assembly.bowling-green")
    call_command("import_polis", str(folder), "--challenge", "bowling-green")
    challenge = Challenge.objects.get(slug="bowling-green")
    assert challenge.contributions.count() > 800
    held = challenge.contributions.filter(status=Status.HELD)
    assert Case.objects.filter(contribution__in=held).count() == held.count()


def test_bad_export_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_polis", str(tmp_path / "missing"), "--challenge", "x")
    with pytest.raises(CommandError, match=r"No comments\.csv"):
        call_command("import_polis", str(tmp_path), "--challenge", "x")
    (tmp_path / "comments.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks columns"):
        call_command("import_polis", str(tmp_path), "--challenge", "x")


def test_import_screens_comments_and_skips_own_votes(db, tmp_path):
    (tmp_path / "comments.csv").write_text(
        "timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1700000000000,1,7,1,0,1,More buses to the hospital please\n"
        "1700000000000,2,8,0,0,1,Call Dr Patel on ward 5 on 07700 900123\n"
        "1700000000000,3,9,0,0,-1,This was moderated out in Pol.is\n",
        encoding="utf-8",
    )
    (tmp_path / "votes.csv").write_text(
        "timestamp,comment-id,voter-id,vote\n1,1,7,1\n2,1,8,1\n3,1,9,-1\n4,1,9,1\n5,2,7,0\n",
        encoding="utf-8",
    )
    call_command("import_polis", str(tmp_path), "--challenge", "tiny")
    items = {c.body: c for c in Contribution.objects.all()}
    buses = items["More buses to the hospital please"]
    assert buses.status == Status.PUBLISHED
    assert (buses.up_count, buses.down_count) == (2, 0)  # own vote dropped; last vote counts
    assert items["Call Dr Patel on ward 5 on 07700 900123"].status == Status.HELD
    assert items["This was moderated out in Pol.is"].status == Status.REMOVED
    assert Vote.objects.count() == 2
