from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.wire.ingest import (
    DOCUMENT_SUFFIXES,
    FAILED,
    STATUSES,
    Report,
    ingest_source,
)
from masthead.wire.models import WireSource


class Command(BaseCommand):
    help = (
        "Take in agency stories as draft articles in the Wire queue: from every "
        "active source, from one (--source), or from the given files credited "
        "to a source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="NAME", help="A wire source's name.")
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="RSS, Atom, NewsML-G2 or NITF files, or folders of them.",
        )

    def handle(self, *args, **options):
        sources = self.chosen_sources(options["source"], bool(options["paths"]))
        paths = self.expand(options["paths"]) if options["paths"] else None
        report = Report()
        for source in sources:
            ingest_source(source, paths, report)
        self.print_report(report, options["verbosity"])
        failed = report.counts[FAILED]
        if failed:
            raise CommandError(
                f"{failed} failed (reasons above); everything else was ingested"
            )

    def chosen_sources(self, name: str | None, with_paths: bool) -> list[WireSource]:
        everything = WireSource.objects.select_related("agency")
        if name:
            source = everything.filter(name=name).first()
            if source is None:
                known = ", ".join(everything.values_list("name", flat=True))
                raise CommandError(
                    f"no wire source named {name!r} "
                    f"({'known: ' + known if known else 'add one in Wire → Sources'})"
                )
            return [source]
        if with_paths:
            if everything.count() == 1:
                return [everything.get()]
            raise CommandError(
                "say which source the files come from: --source NAME "
                "(its agency is credited and its section gets the drafts)"
            )
        active = list(everything.filter(active=True))
        if not active:
            raise CommandError(
                "no active wire source: add one in the admin under Wire → Sources"
            )
        return active

    def expand(self, raw_paths: list[str]) -> list[Path]:
        paths = []
        for raw in raw_paths:
            path = Path(raw)
            if path.is_dir():
                paths.extend(
                    sorted(
                        p
                        for p in path.iterdir()
                        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                    )
                )
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder")
        return paths

    def print_report(self, report: Report, verbosity: int) -> None:
        if verbosity == 0:
            return
        for outcome in report.outcomes:
            if outcome.reason or verbosity > 1:
                line = f"  {outcome.status}: {outcome.label}"
                if outcome.reason:
                    line = f"{line}: {outcome.reason}"
                self.stdout.write(line)
        for warning in report.warnings:
            self.stdout.write(f"  warning: {warning}")
        counts = report.counts
        self.stdout.write(
            "Wire: " + ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        )
