"""The newsroom's roles: what a reporter, an editor and an administrator may do.

`ensure_roles()` runs after every `migrate` (see signal_handlers.py), once the
permissions it grants exist. It creates missing groups and grants missing
permissions; it never takes away what an administrator added by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

REPORTERS, EDITORS, ADMINISTRATORS = "Reporters", "Editors", "Administrators"
REVIEW_WORKFLOW = "Editor review"

# Page permissions on the front page, inherited by every section and story.
# "add" lets a reporter create stories and edit their own drafts; only
# "publish" puts anything in front of readers.
PAGE_PERMISSIONS = {
    REPORTERS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}
IMAGE_PERMISSIONS = {
    REPORTERS: ["add_image", "choose_image"],
    EDITORS: ["add_image", "change_image", "delete_image", "choose_image"],
    ADMINISTRATORS: ["add_image", "change_image", "delete_image", "choose_image"],
}
# Editors moderate readers' comments and set the comment policies.
COMMENT_MODERATION = [
    f"comments.{action}_{model}"
    for model in ("comment", "blockedsender", "closedthread")
    for action in ("add", "change", "delete", "view")
] + ["comments.change_commentsettings"]

# Editors set the breaking-news banner across the top of every page.
BREAKING_BANNER = [
    f"discovery.{action}_breakingnews" for action in ("add", "change", "delete", "view")
]

# Editors take in agency copy: the Wire queue and the sources it comes from.
WIRE_DESK = [
    f"wire.{action}_wiresource" for action in ("add", "change", "delete", "view")
] + ["wire.view_wireitem"]

# Model permissions: "app_label.codename".
MODEL_PERMISSIONS = {
    REPORTERS: ["wagtailadmin.access_admin", "articles.view_agency"],
    EDITORS: [
        "wagtailadmin.access_admin",
        "articles.add_agency",
        "articles.change_agency",
        "articles.view_agency",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        *COMMENT_MODERATION,
        *BREAKING_BANNER,
        *WIRE_DESK,
    ],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "articles.add_agency",
        "articles.change_agency",
        "articles.delete_agency",
        "articles.view_agency",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "core.change_sitesettings",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        *COMMENT_MODERATION,
        *BREAKING_BANNER,
        *WIRE_DESK,
    ],
}

# What Wagtail's own first migrations create, which Masthead's roles replace:
# a "Moderators" group, "Editors" and "Moderators" rights on the tree's root
# (above the site, so on everything) and a "Moderators approval" workflow.
WAGTAIL_MODERATORS = "Moderators"
WAGTAIL_WORKFLOW = "Moderators approval"
WAGTAIL_ROOT_GRANTS = ["add_page", "change_page"]


def model_permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


@transaction.atomic
def ensure_roles() -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root_collection = Collection.get_first_root_node()
    if site is None or root_collection is None:
        return  # nothing to attach page permissions to yet
    home = site.root_page
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS
    }
    for name, group in groups.items():
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for codename in IMAGE_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )
        group.permissions.add(
            *filter(None, (model_permission(p) for p in MODEL_PERMISSIONS[name]))
        )
    ensure_review_workflow(home, groups[EDITORS])
    remove_wagtail_defaults(groups[EDITORS])


def ensure_review_workflow(home: Page, editors: Group) -> None:
    """Stories under the front page go through "Editor review" before they go out."""
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if created:
        task = GroupApprovalTask.objects.create(name="Editor approval")
        task.groups.set([editors])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})


def remove_wagtail_defaults(editors: Group) -> None:
    """Leave only Masthead's roles and workflow in the admin.

    Wagtail's default workflow goes (or is switched off, if stories have been
    through it, to keep their history); its "Moderators" group goes unless
    someone has been put in it; the rights Wagtail gave "Editors" on the tree's
    root go, since ours are granted on the front page. Safe to run again.
    """
    workflow = Workflow.objects.filter(name=WAGTAIL_WORKFLOW).first()
    if workflow is not None:
        tasks = [link.task for link in workflow.workflow_tasks.select_related("task")]
        if workflow.workflow_states.exists():
            if workflow.active:
                workflow.deactivate()
        else:
            workflow.delete()
            for task in tasks:
                if not task.workflow_tasks.exists() and not task.task_states.exists():
                    task.delete()
    moderators = Group.objects.filter(name=WAGTAIL_MODERATORS).first()
    if moderators is not None and not moderators.user_set.exists():
        moderators.delete()
    GroupPagePermission.objects.filter(
        group=editors,
        page__depth=1,
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=WAGTAIL_ROOT_GRANTS,
    ).delete()
