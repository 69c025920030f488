"""People in the newsroom, and the admin's page forms filled in as a browser would."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html


def member_of(role: str, username: str, **fields):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def admin_time(moment) -> str:
    """A time as the admin's date-time picker sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def page_form(client, url: str):
    """The admin's page form at `url`, as the browser would post it back."""
    form = client.get(url)
    assert form.status_code == 200, form.status_code
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data["body-count"] = data.get("body-count", "0")  # built by JavaScript
    return data


def post_new_story(client, section, title="A reporter's first story", **fields):
    """Fill in the real 'add article' form and post it with `fields` (for
    instance {"action-submit": "1"})."""
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    data = page_form(client, url)
    data["title"] = title
    data["slug"] = "first-story"
    for name, value in fields.items():
        data[name] = value
    return client.post(url, data)


def post_edit(client, page, **fields):
    url = f"/admin/pages/{page.pk}/edit/"
    data = page_form(client, url)
    for name, value in fields.items():
        data[name] = value
    return client.post(url, data)
