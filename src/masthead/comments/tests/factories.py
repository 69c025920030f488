import time

import factory
from wagtail.models import Site

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment, CommentSettings
from masthead.comments.spam import make_token

ORIGIN = "http://testserver"  # the test client's host


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    text = factory.Sequence(lambda n: f"A thoughtful comment, number {n}.")
    status = Comment.APPROVED
    ip_address = factory.Sequence(lambda n: f"198.51.100.{n % 250 + 1}")


def form_data(article, seconds_ago: float = 60, **fields) -> dict:
    """What a reader's browser posts, from a page rendered `seconds_ago`."""
    return {
        "name": "Nasrin Haque",
        "email": "nasrin@example.org",
        "website": "",
        "text": "The dredging should have started years ago.",
        "parent": "",
        "homepage": "",
        "token": make_token(article.pk, time.time() - seconds_ago),
        **fields,
    }


def post(client, article, ip="203.0.113.7", origin=ORIGIN, **fields):
    headers = {"REMOTE_ADDR": ip}
    if origin:
        headers["HTTP_ORIGIN"] = origin
    return client.post(
        f"/comments/post/{article.pk}/", form_data(article, **fields), **headers
    )


def set_policy(**changes) -> CommentSettings:
    """Change the default site's comment settings, as a moderator would."""
    policy = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.save()
    return policy
