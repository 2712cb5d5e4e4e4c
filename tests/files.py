"""Files are written when the transaction commits (aftersales/files.py); a test's never does."""

from contextlib import contextmanager

from django.test import TestCase


@contextmanager
def files_written():
    """Run the on-commit file writes queued inside the block, as a real commit would (and nothing else)."""
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        yield
    for callback in callbacks:
        if callback.__module__ == "aftersales.files":
            callback()
