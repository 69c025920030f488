"""Background jobs through Redis: each done once, none lost to a killed worker.

With REDIS_URL set (TASKS in settings), a job enqueued by a request waits in
a Redis list until a `masthead worker` on any machine takes it:

* it is pushed only once the transaction that asked for it has committed, so
  the job never reads the database as it was before the change;
* a worker takes a job with one BLMOVE from the queue to a "running" list of
  its own, so two workers never take the same job, and removes it from there
  when the job is done;
* each worker renews a heartbeat key every HEARTBEAT_SECONDS. A worker killed
  mid-job (SIGKILL, a lost machine) stops renewing it; once it has expired
  (ALIVE_SECONDS) any other worker moves the dead one's running jobs back to
  the queue, and they run again, once.

A job runs twice only when its worker dies after finishing it but before
removing it from its list, or when a live worker cannot reach Redis for
ALIVE_SECONDS (it is then taken for dead). Our jobs (CDN purges, related
stories) give the same result when run twice.

We wrote this rather than use django-tasks-rq: RQ takes a killed worker's job
for abandoned only after its heartbeat (60 s past the monitoring interval,
fixed in RQ) and then fails it unless the job was enqueued with a Retry,
which django-tasks-rq does not set; it also brings django-rq, rq-scheduler
and their dependencies. See docs/operations.md, "Background jobs".
"""

import json
import logging
import socket
import threading
import uuid

import redis
from django.db import close_old_connections, transaction
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)

PREFIX = "masthead:jobs"
QUEUE = f"{PREFIX}:queue"
WORKERS = f"{PREFIX}:workers"  # every worker that may hold running jobs
HEARTBEAT_SECONDS = 1
ALIVE_SECONDS = 10  # a worker not heard from this long is taken for dead
TAKE_TIMEOUT = 1  # seconds a worker waits on an empty queue before looking round


def running_key(worker: str) -> str:
    return f"{PREFIX}:running:{worker}"


def alive_key(worker: str) -> str:
    return f"{PREFIX}:alive:{worker}"


class RedisBackend(BaseTaskBackend):
    """django-tasks' side: enqueueing a job pushes it onto the Redis queue."""

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.redis = redis.Redis.from_url(self.options["url"])

    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        job = json.dumps(
            {
                "id": result.id,
                "task": task.module_path,
                "args": result.args,
                "kwargs": result.kwargs,
            }
        )
        # robust: Redis down loses this job (logged), not the reader's request.
        transaction.on_commit(lambda: self.redis.lpush(QUEUE, job), robust=True)
        return result


class Worker:
    """Takes jobs from the queue and runs them, one at a time, until stopped."""

    def __init__(self, url: str, stop: threading.Event):
        self.redis = redis.Redis.from_url(url)
        self.stop = stop
        self.id = f"{socket.gethostname()}:{uuid.uuid4().hex[:12]}"
        self.running = running_key(self.id)

    def run(self) -> None:
        self.redis.set(alive_key(self.id), 1, ex=ALIVE_SECONDS)
        self.redis.sadd(WORKERS, self.id)
        # The heartbeat goes on until the job under way is done, not just
        # until asked to stop: a job left silent would be run again.
        done = threading.Event()
        beat = threading.Thread(target=self.heartbeat, args=(done,), daemon=True)
        beat.start()
        try:
            while not self.stop.is_set():
                try:
                    self.requeue_dead_workers_jobs()
                    # Oldest first: enqueueing pushes on the left.
                    raw = self.redis.blmove(
                        QUEUE, self.running, TAKE_TIMEOUT, "RIGHT", "LEFT"
                    )
                except (redis.ConnectionError, redis.TimeoutError) as error:
                    logger.warning("cannot reach Redis for jobs; retrying: %s", error)
                    self.stop.wait(TAKE_TIMEOUT)
                    continue
                if raw is not None:
                    self.perform(raw)
        finally:
            self.stop.set()
            done.set()
            beat.join()
            self.leave()

    def perform(self, raw: bytes) -> None:
        job = json.loads(raw)
        close_old_connections()
        try:
            task = import_string(job["task"])
            task.call(*job["args"], **job["kwargs"])
        except Exception:
            # Like the inline backend: a failed job is logged, not retried.
            logger.exception("background job %s (%s) failed", job["id"], job["task"])
        finally:
            close_old_connections()
        if not self.redis.lrem(self.running, 1, raw):
            logger.warning(
                "background job %s was taken back from this worker while it ran "
                "(out of touch with Redis for %s s?): it may run again",
                job["id"],
                ALIVE_SECONDS,
            )

    def heartbeat(self, done: threading.Event) -> None:
        while not done.wait(HEARTBEAT_SECONDS):
            try:
                self.redis.set(alive_key(self.id), 1, ex=ALIVE_SECONDS)
            except redis.RedisError as error:
                logger.warning("cannot reach Redis for the heartbeat: %s", error)

    def requeue_dead_workers_jobs(self) -> None:
        """Put the jobs of workers whose heartbeat has expired back in the
        queue, at the end taken next. Each LMOVE moves one job atomically, so
        two workers doing this at once still put each job back once."""
        for worker in self.redis.smembers(WORKERS):
            worker = worker.decode()
            if worker == self.id or self.redis.exists(alive_key(worker)):
                continue
            while raw := self.redis.lmove(running_key(worker), QUEUE, "LEFT", "RIGHT"):
                logger.warning(
                    "worker %s stopped answering: its job %s runs again",
                    worker,
                    json.loads(raw)["id"],
                )
            self.redis.srem(WORKERS, worker)

    def leave(self) -> None:
        """A clean stop: nothing is left running; anything still listed goes
        back to the queue."""
        while self.redis.lmove(self.running, QUEUE, "LEFT", "RIGHT"):
            pass
        self.redis.srem(WORKERS, self.id)
        self.redis.delete(alive_key(self.id))
