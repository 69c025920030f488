"""Replace Wagtail's "Welcome" page with the paper's front page and /authors/."""

import uuid

from django.db import migrations


def create_front_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("articles.HomePage")
    AuthorIndexPage = apps.get_model("articles.AuthorIndexPage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2
    ).delete()
    if Page.objects.filter(depth=2).exists():
        return  # someone else's tree: leave it alone
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)

    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=ContentType.objects.get_or_create(
            app_label="articles", model="homepage"
        )[0],
        path=f"{root.path}0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
    )
    AuthorIndexPage.objects.create(
        title="Authors",
        draft_title="Authors",
        slug="authors",
        content_type=ContentType.objects.get_or_create(
            app_label="articles", model="authorindexpage"
        )[0],
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/authors/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_front_page, migrations.RunPython.noop)]
