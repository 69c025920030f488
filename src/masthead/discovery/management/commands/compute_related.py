import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from masthead.articles.models import ArticlePage
from masthead.discovery.related import compute_related


class Command(BaseCommand):
    help = (
        "Compute and store every live story's related stories (publishing does "
        "this for one story; run it after an import or a bulk load)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only stories that have no related stories stored yet.",
        )

    def handle(self, *args, **options):
        stories = ArticlePage.objects.live()
        if options["missing"]:
            stories = stories.filter(related_rows__isnull=True)
        ids = list(stories.values_list("pk", flat=True).distinct())
        for pk in tqdm(
            ids, unit=" stories", disable=not options["verbosity"], file=sys.stderr
        ):
            compute_related(pk)
        if options["verbosity"]:
            self.stdout.write(f"Related stories stored for {len(ids):,} stories.")
