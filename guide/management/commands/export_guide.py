"""Export a challenge's guide, its open data or its Pol.is files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide import exports
from guide.exports.files import write_atomic
from ideas.models import Challenge

TEXT_FORMATS = ("html", "md", "json", "csv")
FORMATS = (*exports.DOCUMENT_FORMATS, "csv", "polis")


class Command(BaseCommand):
    help = (
        "Export a challenge's guide as a self-contained HTML file, a PDF, Markdown or JSON "
        "(docs/guide.schema.json); or the challenge's published contributions as open data "
        "(csv: pseudonyms only, spreadsheet formulas escaped) or in Pol.is's export format "
        "(polis: a folder, or a .zip, holding comments.csv and votes.csv). Only published "
        "content is exported. Files are written whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("challenge", help="Slug of the challenge.")
        parser.add_argument(
            "--format", dest="fmt", choices=FORMATS, default="html", help="Default: html."
        )
        parser.add_argument(
            "--out",
            required=True,
            help="File to write (for polis: a folder, or a path ending in .zip); "
            "'-' writes html, md, json or csv to standard output.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Export the editors' working copy of the guide instead of the published "
            "version (html, pdf, md and json only).",
        )

    def handle(self, *args, challenge: str, fmt: str, out: str, draft: bool, **options):
        try:
            target = Challenge.objects.get(slug=challenge)
        except Challenge.DoesNotExist:
            raise CommandError(f"There is no challenge with the slug '{challenge}'.") from None
        if draft and fmt not in exports.DOCUMENT_FORMATS:
            raise CommandError(
                f"--draft applies to the guide (html, pdf, md, json), not to {fmt}: open data "
                "and Pol.is exports always hold the published contributions."
            )
        to_stdout = out == "-"
        if to_stdout and fmt not in TEXT_FORMATS:
            raise CommandError(f"A {fmt} export cannot go to standard output: give --out PATH.")
        path = None if to_stdout else Path(out)
        if path is not None:
            self._check_writable(path, fmt)

        if fmt == "polis":
            try:
                exports.write_polis(target, path)
            except OSError as error:
                raise CommandError(self._cannot_write(path, error)) from None
            self.stderr.write(f"Wrote the Pol.is export of '{target.slug}' to {path}.")
            return

        data = self._build(target, fmt, draft)
        if to_stdout:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            write_atomic(path, data)
        except OSError as error:
            raise CommandError(self._cannot_write(path, error)) from None
        what = "open data" if fmt == "csv" else ("draft guide" if draft else "guide")
        self.stderr.write(
            f"Wrote the {what} of '{target.slug}' ({fmt}, {len(data):,} bytes) to {path}."
        )

    def _build(self, challenge: Challenge, fmt: str, draft: bool) -> bytes:
        # The selectors are imported here, when needed (guide's selectors own the reading).
        from guide import selectors

        if fmt == "csv":
            return exports.open_data_csv(challenge, selectors.contribution_theme_names(challenge))
        try:
            document = selectors.guide_document(challenge, draft=draft)
        except LookupError as missing:  # guide.selectors.NoPublishedGuide, among others
            detail = f" ({missing})" if str(missing) else ""
            hint = "" if draft else " Publish it first, or export the working copy with --draft."
            raise CommandError(
                f"The challenge '{challenge.slug}' has no {'draft' if draft else 'published'} "
                f"guide to export{detail}.{hint}"
            ) from None
        return exports.render(document, fmt)

    @staticmethod
    def _check_writable(path: Path, fmt: str) -> None:
        """Fail before the (possibly slow) export if the result could not be written."""
        folder = path.parent
        if not folder.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {folder} does not exist.")
        if path.is_dir() and not (fmt == "polis" and path.suffix.lower() != ".zip"):
            raise CommandError(f"Cannot write {path}: it is a folder.")
        if fmt == "polis" and path.exists() and not path.is_dir() and path.suffix != ".zip":
            raise CommandError(
                f"Cannot write the Pol.is export to {path}: it is a file; give a folder or a "
                "path ending in .zip."
            )

    @staticmethod
    def _cannot_write(path: Path, error: OSError) -> str:
        return f"Cannot write {path}: {error.strerror or error}."
