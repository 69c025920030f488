"""A local S3-compatible server for the object storage tests: moto's server
mode, on loopback, with a bucket readers may fetch media from."""

import contextlib
import json
import socket

import boto3
from moto.server import ThreadedMotoServer

from masthead.config.env import media_storage

PORTS = range(18310, 18320)  # the object storage tests' scratch ports
CREDENTIALS = {
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "masthead-test",
    "AWS_SECRET_ACCESS_KEY": "masthead-test-secret",
}


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@contextlib.contextmanager
def s3_server():
    """The endpoint URL of a running server, stopped afterwards."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def environment(endpoint: str) -> dict[str, str]:
    """What an operator sets besides MEDIA_STORAGE_URL."""
    return {"AWS_S3_ENDPOINT_URL": endpoint, **CREDENTIALS}


def empty_bucket(endpoint: str, name: str, public_prefix: str):
    """The bucket, emptied, its objects under public_prefix readable by
    anyone (docs/operations.md, "Media in object storage")."""
    s3 = boto3.resource(
        "s3",
        endpoint_url=endpoint,
        region_name=CREDENTIALS["AWS_S3_REGION_NAME"],
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    bucket = s3.Bucket(name)
    if bucket.creation_date is None:
        bucket.create()
    bucket.objects.all().delete()
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/{public_prefix}/*",
            }
        ],
    }
    bucket.Policy().put(Policy=json.dumps(policy))
    return bucket


def keys(bucket) -> list[str]:
    return sorted(item.key for item in bucket.objects.all())


MEDIA_BUCKET, MEDIA_PREFIX = "masthead-media", "news"


def use_media_bucket(endpoint: str, settings, monkeypatch):
    """This process's media in a fresh bucket, configured as an operator
    would: MEDIA_STORAGE_URL and the AWS_* variables, read by env.py."""
    for name, value in environment(endpoint).items():
        monkeypatch.setenv(name, value)
    bucket = empty_bucket(endpoint, MEDIA_BUCKET, MEDIA_PREFIX)
    storage, origin = media_storage(f"s3://{MEDIA_BUCKET}/{MEDIA_PREFIX}")
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "img-src": ["'self'", origin]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return bucket
