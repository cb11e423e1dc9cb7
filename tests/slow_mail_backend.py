"""An e-mail backend for worker tests: the file backend, made slow like SMTP, that can freeze mid-send.

A worker picks it up through the environment (EMAIL_BACKEND=tests.slow_mail_backend.EmailBackend):

* SLOW_MAIL_DELAY: seconds each message takes to hand over (default 0.01).
* SLOW_MAIL_HANG_BEFORE: freeze while handing over message number N+1 of this process, before it is written:
  the mail server never got it.
* SLOW_MAIL_HANG_AFTER: freeze right after message number N of this process was written: the mail server has
  it, the outbox does not know yet.
* SLOW_MAIL_HANG_MARKER: the file created when the backend freezes, so a test knows when to kill the process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as DjangoFileEmailBackend
from django.core.mail.message import EmailMessage

# A frozen sender is killed by the test long before this; it only bounds a forgotten process.
HANG_SECONDS = 120


class FileEmailBackend(DjangoFileEmailBackend):
    """Django's file backend with the process id in the file name.

    Django names the file after the second and id(backend); two processes started from the same script often
    get the same id, and their messages then interleave in one file (two mails read back as one).
    """

    def _get_filename(self) -> str:
        name: str | None = self._fname  # type: ignore[has-type]
        if name is None:
            path = Path(super()._get_filename())  # type: ignore[misc]  # private, not in django-stubs
            name = self._fname = str(path.with_name(f"{path.stem}-{os.getpid()}{path.suffix}"))
        return name


class EmailBackend(FileEmailBackend):
    handed_over = 0  # messages this process has written, over all backend instances

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if EmailBackend.handed_over == _setting("SLOW_MAIL_HANG_BEFORE"):
                _hang()
            time.sleep(float(os.environ.get("SLOW_MAIL_DELAY", "0.01")))
            sent += super().send_messages([message])
            EmailBackend.handed_over += 1
            if EmailBackend.handed_over == _setting("SLOW_MAIL_HANG_AFTER"):
                _hang()
        return sent


def _setting(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else None


def _hang() -> None:
    Path(os.environ["SLOW_MAIL_HANG_MARKER"]).touch()
    time.sleep(HANG_SECONDS)
