from django_tasks import task

from masthead.discovery.related import compute_related, refresh_related


@task()
def compute_related_task(article_id: int) -> None:
    compute_related(article_id)


@task()
def refresh_related_task(article_id: int) -> None:
    refresh_related(article_id)
