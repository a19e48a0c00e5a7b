"""Import a Pol.is conversation export as contributions and votes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analysis.polis import PolisFormatError, challenge_for_import, polis_import


class Command(BaseCommand):
    help = (
        "Import a Pol.is export folder (comments.csv, and votes.csv or participants-votes.csv) "
        "into a challenge, creating the challenge (closed for posting) if it does not exist. "
        "Pol.is participants become pseudonymous participants without accounts; agree and "
        "disagree become up and down votes; comments moderated out come in as removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export_dir", type=Path, help="The Pol.is export folder.")
        parser.add_argument("--challenge", required=True, help="Slug of the challenge.")
        parser.add_argument("--title", help="Title for a new challenge (default: the folder).")

    def handle(self, *args, export_dir: Path, challenge: str, title: str | None, **options):
        if not export_dir.is_dir():
            raise CommandError(f"{export_dir} is not a folder.")
        target, question = challenge_for_import(slug=challenge, title=title or export_dir.name)
        try:
            summary = polis_import(folder=export_dir, challenge=target, question=question)
        except PolisFormatError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.contributions:,} contributions ({summary.removed:,} removed, "
                f"{summary.held:,} held for review) and {summary.votes:,} votes from "
                f"{summary.participants:,} participants into '{target.slug}'."
            )
        )
        for note in summary.notes:
            self.stdout.write(note)
