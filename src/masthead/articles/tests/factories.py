"""Factories that build pages in a real Wagtail tree, published like an editor would."""

import io
from datetime import timedelta

import factory
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.models import Collection, Locale, Page, Site

from masthead.articles.models import (
    Agency,
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)
from masthead.core.models import CustomImage
from masthead.newsroom.roles import ensure_roles


def home_page() -> HomePage:
    """The site's front page, rebuilt as migrations make it if a transactional
    test flushed the database."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    home.add_child(instance=AuthorIndexPage(title="Authors", slug="authors"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    ensure_roles()
    return home


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under `parent` (default: the front page) and publishes it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return publish(parent or cls._default_parent(), model_class(*args, **kwargs))

    @classmethod
    def _default_parent(cls) -> Page:
        return home_page()


class SectionFactory(PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    intro = "News from here."


class AuthorFactory(PageFactory):
    class Meta:
        model = AuthorPage

    title = factory.Sequence(lambda n: f"Author Number{n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Staff Reporter"

    @classmethod
    def _default_parent(cls) -> Page:
        home_page()
        return AuthorIndexPage.objects.get()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = "Bay News Agency"
    short_name = "BNA"


class ArticleFactory(PageFactory):
    """An article in a new section unless `parent` names one."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Council approves plan number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "The plan passed after a long debate."
    dateline = "DHAKA"
    byline_credit = "Staff Reporter"
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>The council met on Tuesday.</p>")]
    )

    @classmethod
    def _default_parent(cls) -> Page:
        return SectionFactory()

    @classmethod
    def _create(cls, model_class, *args, parent=None, authors=(), tags=(), **kwargs):
        article = model_class(*args, **kwargs)
        for author in authors:
            article.byline_authors.add(ArticleAuthor(author=author))
        article.tags.add(*tags)
        return publish(parent or cls._default_parent(), article)


def make_image(title: str = "A photo", width: int = 800, height: int = 450, **kw):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (40, 90, 140)).save(buffer, "JPEG")
    return CustomImage.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"{title.replace(' ', '-')}.jpg"),
        **kw,
    )


def add_correction(article: ArticlePage, text: str, days_later: int = 1):
    correction = ArticleCorrection(
        text=text, published_at=article.first_published_at + timedelta(days=days_later)
    )
    article.corrections.add(correction)
    article.save_revision().publish()
    return correction
