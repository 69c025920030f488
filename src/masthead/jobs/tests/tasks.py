"""A job for the tests that writes down each run, in a table the tests make
(jobs_test_runs), so runs in any worker process can be counted."""

import os
import time

from django.db import connection
from django_tasks import task

TABLE = "jobs_test_runs"
CREATE_TABLE = f"CREATE TABLE {TABLE} (job integer, event varchar(10), pid integer)"
WRITE = f"INSERT INTO {TABLE} (job, event, pid) VALUES (%s, %s, %s)"  # noqa: S608


@task()
def record_run(job: int, seconds: float = 0) -> None:
    """Writes 'started', takes `seconds`, then writes 'finished'."""
    with connection.cursor() as cursor:
        cursor.execute(WRITE, [job, "started", os.getpid()])
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(WRITE, [job, "finished", os.getpid()])
