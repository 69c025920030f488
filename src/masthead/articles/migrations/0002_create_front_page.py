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

    def create(model, title, slug, parent_path, url_path, numchild):
        return model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=ContentType.objects.get_or_create(
                app_label="articles", model=model.__name__.lower()
            )[0],
            path=f"{parent_path}0001",
            depth=len(parent_path) // 4 + 1,
            numchild=numchild,
            url_path=url_path,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
        )

    home = create(HomePage, "Home", "home", root.path, "/home/", numchild=1)
    create(AuthorIndexPage, "Authors", "authors", home.path, "/home/authors/", 0)
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
