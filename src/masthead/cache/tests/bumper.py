"""Run in a separate process by test_generation: imports nothing of Django's models."""

from masthead.cache.generation import FileGeneration


def bump(path: str, times: int) -> None:
    other = FileGeneration(path)
    for _ in range(times):
        other.bump()
