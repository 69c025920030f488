from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from masthead.newsroom.roles import ensure_roles


@receiver(post_migrate, dispatch_uid="masthead.newsroom.ensure_roles")
def create_roles_after_migrate(sender, **kwargs) -> None:
    # post_migrate comes once per app with models; the last one comes after
    # every app's permissions exist.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        ensure_roles()
