from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from masthead.wordpress.importer import FAILED, WordPressImport
from masthead.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0-1.2, .xml or .xml.gz): "
        "posts become articles, categories sections, users authors; images come "
        "from --media-dir; comments keep their threads; every old address gets a "
        "permanent redirect. Running it again updates instead of duplicating."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file (.xml or .xml.gz).")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="A copy of the site's wp-content/uploads folder, for the images.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print what the import would do.",
        )
        parser.add_argument(
            "--category-base",
            default="category",
            help="The category base of the old permalinks (default: category).",
        )
        parser.add_argument(
            "--tag-base",
            default="tag",
            help="The tag base of the old permalinks (default: tag).",
        )
        parser.add_argument(
            "--no-related",
            action="store_true",
            help="Leave the related stories for `compute_related --missing` "
            "(a very large archive can run it later).",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Bring the database up to date once the file is checked "
            "(`masthead import-wordpress` does).",
        )

    def handle(self, *args, **options):
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(f"{export}: no such file (give the export's path)")
        media_dir = options["media_dir"]
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(
                f"--media-dir {media_dir}: no such folder (give a copy of "
                "wp-content/uploads)"
            )
        verbosity = options["verbosity"]

        def log(line: str) -> None:
            tqdm.write(line, end="", file=self.stdout)

        def migrate() -> None:
            if options["migrate"]:
                call_command("migrate", interactive=False, verbosity=0)

        importer = WordPressImport(
            export,
            media_dir=media_dir,
            dry_run=options["dry_run"],
            category_base=options["category_base"],
            tag_base=options["tag_base"],
            progress=verbosity > 0,
            related=not options["no_related"],
            log=log if verbosity >= 2 else None,
            before_writing=migrate,
        )
        try:
            report = importer.run()
        except WXRError as exc:
            raise CommandError(str(exc)) from None
        if verbosity > 0:
            self.stdout.write(report.render())
        failed = report.total(FAILED)
        if failed:
            raise CommandError(
                f"{failed:,} item(s) could not be imported (reasons above); the "
                "rest were"
            )
