from datetime import timedelta

import factory
from django.utils import timezone

from masthead.discovery.models import BreakingNews


class BreakingNewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakingNews

    headline = factory.Sequence(lambda n: f"Cyclone {n} makes landfall near the coast")
    link_url = "https://example.org/live"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
