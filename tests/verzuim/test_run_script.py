"""`make run`'s supervisor (verzuim/scripts/run.sh), run for real: a killed worker comes back, web keeps running,
and Ctrl-C still stops everything."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import CONTROLLED, run_python

RUN_SCRIPT = "verzuim/scripts/run.sh"
WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


class RunScript:
    """run.sh on a free port, with SQLite and the filesystem broker in its own folder (no Redis, no PostgreSQL)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.output = folder / "run.log"
        var_dir = folder / "var"
        env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
        env.update(
            PORT=str(self.port),
            VAR_DIR=str(var_dir),
            VAR_DIR_PATH=str(var_dir),
            VENV_BIN=str(Path(sys.executable).parent),
            PYTHONUNBUFFERED="1",
        )
        self.seen: set[int] = set()
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                ["bash", RUN_SCRIPT],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def children(self) -> dict[str, int]:
        """run.sh's running children by name (web, worker, beat); each leads its own process group."""
        found: dict[str, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                arguments = (stat.parent / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[1]) != self.process.pid or fields[0] == "Z":
                continue
            for name, argument in (("web", b"runserver"), ("worker", b"worker"), ("beat", b"beat")):
                if argument in arguments:
                    found[name] = int(stat.parent.name)
        self.seen.update(found.values())
        return found

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"run.sh exited or timed out waiting for {what}:\n{self.text()}")
            time.sleep(0.2)

    def web_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        """Leave nothing behind, whatever the test did: run.sh and every process group it reported."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        for pid in self.seen:
            with suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


@pytest.fixture
def run_script(tmp_path: Path) -> Iterator[RunScript]:
    script = RunScript(tmp_path)
    try:
        yield script
    finally:
        script.stop()


@pytest.mark.worker
def test_run_sh_restarts_a_killed_worker_and_ctrl_c_still_stops_everything(run_script: RunScript) -> None:
    run_script.wait_until(lambda: "Verzuimportaal: http://127.0.0.1:" in run_script.text(), "the web server")
    run_script.wait_until(lambda: run_script.text().count(" ready.") == 1, "the worker to be ready")
    before = run_script.children()
    assert set(before) == {"web", "worker", "beat"}, before

    os.killpg(before["worker"], signal.SIGKILL)  # the worker and its pool processes, as the OOM killer might

    run_script.wait_until(
        lambda: run_script.children().get("worker", before["worker"]) != before["worker"], "a new worker"
    )
    run_script.wait_until(lambda: run_script.text().count(" ready.") == 2, "the new worker to be ready")
    after = run_script.children()
    assert after["worker"] != before["worker"]
    assert group_alive(after["worker"])
    assert not group_alive(before["worker"])
    text = run_script.text()
    assert f"The worker process stopped (exit status {128 + signal.SIGKILL})." in text
    assert "Restarting worker in 1 s" in text
    assert f"Started worker (pid {after['worker']})." in text
    # The rest of the portal never stopped.
    assert run_script.process.poll() is None
    assert (after["web"], after["beat"]) == (before["web"], before["beat"])
    assert run_script.web_answers()

    run_script.process.send_signal(signal.SIGINT)  # Ctrl-C
    assert run_script.process.wait(timeout=30) == 130, run_script.text()
    assert "Stopped." in run_script.text()
    for pgid in (before["web"], after["worker"], before["beat"]):
        assert not group_alive(pgid), run_script.text()


def _get(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None) -> tuple[str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with opener.open(url, data=body, timeout=10) as response:
        return response.geturl(), response.read().decode()


@pytest.mark.worker
def test_a_mail_link_sent_under_make_run_on_another_port_opens_on_that_port(tmp_path: Path) -> None:
    """Issue 20 item 8: run.sh points PORTAL_BASE_URL at the port it serves, so the worker's mail links work."""
    var_dir = tmp_path / "var"
    migrate = run_python(["manage.py", "migrate", "--noinput"], var_dir)
    assert migrate.returncode == 0, migrate.stderr
    make_user = run_python(
        [
            "manage.py",
            "shell",
            "-c",
            "from tests.factories import UserFactory; UserFactory(role='employer', email='link@example.nl')",
        ],
        var_dir,
    )
    assert make_user.returncode == 0, make_user.stderr
    script = RunScript(tmp_path)
    try:
        script.wait_until(lambda: "Verzuimportaal: http://127.0.0.1:" in script.text(), "the web server")
        script.wait_until(lambda: " ready." in script.text(), "the worker to be ready")
        base = f"http://127.0.0.1:{script.port}"
        assert script.port != 8000
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _url, form = _get(opener, f"{base}/wachtwoord-vergeten/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        _get(opener, f"{base}/wachtwoord-vergeten/", {"csrfmiddlewaretoken": token[1], "email": "link@example.nl"})
        # Hand the outbox to run.sh's worker now rather than waiting for beat's next minute.
        call = run_python(
            ["-m", "celery", "-A", "verzuim", "call", "verzuim.tasks.password_reset_send_pending"], var_dir
        )
        assert call.returncode == 0, call.stderr
        mail_dir = var_dir / "mail"
        script.wait_until(lambda: mail_dir.is_dir() and any(mail_dir.iterdir()), "the worker to send the mail")
        mail = next(mail_dir.iterdir()).read_text()
        link = re.search(r"http://\S+/wachtwoord-herstellen/\S+/", mail)
        assert link is not None, mail
        assert link[0].startswith(f"{base}/wachtwoord-herstellen/")
        landed, page = _get(opener, link[0])
        assert landed.startswith(f"{base}/wachtwoord-herstellen/")
        assert 'name="new_password1"' in page
    finally:
        script.stop()
