from django.core.management.base import BaseCommand

from masthead.discovery.counting import flush_view_counts


class Command(BaseCommand):
    help = "Write the read counts gathered in the cache to the database."

    def handle(self, *args, **options):
        views = flush_view_counts()
        if options["verbosity"]:
            self.stdout.write(f"Wrote {views:,} views.")
