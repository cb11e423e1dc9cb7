"""Issue 25 item 4, run for real: two gunicorn nodes, each with a folder of its own (VAR_DIR) so that they can share
nothing by disk, behind nginx on 127.0.0.1 (the project's own configuration, deploy/nginx/default.conf.template,
with the two nodes in place of Docker's DNS), with the test's PostgreSQL and Redis and moto's standalone S3 server
as the object store (S3_BUCKET and friends, verzuim/settings.py).

(a) A message attachment uploaded through the proxy, taken by one node (its access log says which), downloads
    byte for byte from the other node (nginx takes them in turn; the test asks until the other one answered), and
    neither node has a file of it in its own folder.
(b) A short run of sickness reports through nginx, with node 2 killed (SIGKILL) halfway while a report is inside
    it: every POST is answered with the redirect to its case once, or fails cleanly (a 5xx, a cut connection) and
    is sent once more with the same form, and no employee gets two cases (the form's one-time key, decision 376).

Needs nginx (`make nginx` installs Debian's nginx-light; `make test` runs it first).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import boto3
import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction
from django.utils import timezone

from cases.absence.models import AbsenceCase, SickPeriod
from cases.messages.models import CaseMessage
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, UserFactory
from tests.processes import CONTROLLED, database_url_of_test_database
from verzuim.models import Employee, Employer, Role, User

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60
BUCKET = "verzuim-test-documenten"
S3_KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "us-east-1"}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REPORTS = 24
CASE_URL = re.compile(r"^/verzuim/([0-9a-f-]{36})/$")


def free_ports(count: int) -> list[int]:
    """Distinct free ports, all held open until every one is chosen (one at a time the kernel may hand out the
    same port twice)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def wait_for(condition: object, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}" + (f":\n{log.read_text(errors='replace')}" if log else ""))
        time.sleep(0.2)


def answers(url: str, server: str) -> bool:
    """Whether `server` (its Server header: gunicorn, nginx, moto's Werkzeug) answers 200 at `url`."""
    try:
        response = requests.get(url, timeout=2)
    except requests.RequestException:
        return False
    return response.status_code == 200 and response.headers.get("Server", "").lower().startswith(server)


class Process:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                args,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def send(self, number: int) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)

    def stop(self, number: int = signal.SIGTERM) -> None:
        self.send(number)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.send(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.send(signal.SIGKILL)  # whatever of the group outlived its leader


class Node:
    """One web node: gunicorn as the image runs it, on a free port, with a VAR_DIR of its own."""

    def __init__(self, name: str, port: int, folder: Path, environment: dict[str, str]) -> None:
        self.name = name
        self.port = port
        self.var_dir = folder / name
        self.var_dir.mkdir()
        self.environment = {**environment, "VAR_DIR": str(self.var_dir)}
        if self.environment["DATABASE_URL"].startswith("postgres"):
            # Its database sessions are told apart in pg_stat_activity by their application_name.
            self.environment["DATABASE_URL"] += f"?application_name={name}"
        self.process: Process | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "gunicorn", "verzuim.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        args += ["--workers", "2", "--timeout", "30", "--graceful-timeout", "5", "--access-logfile", "-"]
        args += ["--preload"]  # the image's sync workers, importing the portal once instead of once per worker
        self.process = Process(args, self.var_dir.parent / f"{self.name}.log", self.environment)

    def wait_ready(self) -> None:
        assert self.process is not None
        wait_for(lambda: answers(f"http://127.0.0.1:{self.port}/healthz", "gunicorn"), self.name, self.process.log)

    def stop(self, number: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.stop(number)
            self.process = None

    def served(self, method: str, path: str) -> int:
        """How often this node's access log shows it answered `method path`."""
        assert self.process is not None
        return self.process.log.read_text(errors="replace").count(f'"{method} {path} HTTP/')

    def files(self) -> list[Path]:
        return [path for path in self.var_dir.rglob("*") if path.is_file() and "media" in path.parts]


def nginx_configuration(folder: Path, port: int, nodes: list[Node]) -> Path:
    """deploy/nginx/default.conf.template as the nginx image fills it in, with the two nodes as the upstream."""
    template = (Path(settings.BASE_DIR) / "deploy" / "nginx" / "default.conf.template").read_text()
    server = template.replace("${REQUEST_BODY_MAX_MB}", str(settings.REQUEST_BODY_MAX_MB))
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("resolver 127.0.0.11 valid=10s;\n", "")
    server = server.replace("set $portal http://web:8000;", "set $portal http://portal_nodes;")
    assert "http://portal_nodes" in server
    assert "${" not in server
    upstream = "".join(f"        server 127.0.0.1:{node.port} max_fails=1 fail_timeout=1s;\n" for node in nodes)
    configuration = folder / "nginx.conf"
    configuration.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        + "events { worker_connections 256; }\n"
        + "http {\n"
        + f"    access_log {folder}/access.log;\n"
        + "".join(
            f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + "    upstream portal_nodes {\n"
        + upstream
        + "    }\n"
        + server
        + "}\n"
    )
    return configuration


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"],
        region_name=S3_KEYS["S3_REGION"],
    )


@dataclass
class Cluster:
    proxy: str
    nodes: list[Node]
    s3: str
    folder: Path
    processes: list[Process] = field(default_factory=list)

    def bucket_keys(self) -> list[str]:
        client = s3_client(self.s3)
        return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, django_db_setup: None) -> Iterator[Cluster]:
    """The whole set-up once for this file's tests (each node takes seconds to start on a loaded machine)."""
    tmp_path = tmp_path_factory.mktemp("nodes")
    assert os.path.exists(NGINX), "nginx is missing: run `make nginx` (Debian's nginx-light)"
    s3_port, proxy_port, *node_ports = free_ports(4)
    s3 = f"http://127.0.0.1:{s3_port}"
    started: list[Process] = []
    nodes: list[Node] = []
    try:
        moto = Process(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], tmp_path / "s3.log"
        )
        started.append(moto)
        wait_for(lambda: answers(f"{s3}/moto-api/", "werkzeug"), "moto's S3 server", moto.log)
        s3_client(s3).create_bucket(Bucket=BUCKET)

        environment = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
        environment.update(
            DATABASE_URL=database_url_of_test_database(),
            REDIS_URL=settings.REDIS_URL or "",
            DEBUG="false",
            PYTHONUNBUFFERED="1",
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=s3,
            **S3_KEYS,
        )
        nodes = [Node(f"node{n}", port, tmp_path, environment) for n, port in enumerate(node_ports, start=1)]
        for node in nodes:
            node.start()  # both boot at once
        for node in nodes:
            node.wait_ready()
        nginx_folder = tmp_path / "nginx"
        nginx_folder.mkdir()
        proxy = Process(
            [NGINX, "-c", str(nginx_configuration(nginx_folder, proxy_port, nodes))], tmp_path / "nginx.log"
        )
        started.append(proxy)
        wait_for(lambda: answers(f"http://127.0.0.1:{proxy_port}/healthz", "nginx"), "nginx", proxy.log)
        yield Cluster(proxy=f"http://127.0.0.1:{proxy_port}", nodes=nodes, s3=s3, folder=tmp_path, processes=started)
    finally:
        for node in nodes:
            node.stop(signal.SIGKILL)
        for process in reversed(started):
            process.stop(signal.SIGKILL)  # test scaffolding: nothing to finish


def employer_account() -> User:
    """An employer user whose password the nodes can check: they hash with the settings' first hasher (PBKDF2),
    not with the fast one this process's tests use."""
    user = cast(User, UserFactory(role=Role.EMPLOYER))
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def login(base: str, user: User) -> requests.Session:
    """A real session through the proxy: the login form, its CSRF token and cookie, the POST."""
    session = requests.Session()
    page = session.get(f"{base}/inloggen/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None, page.text
    response = session.post(
        f"{base}/inloggen/",
        data={"csrfmiddlewaretoken": token[1], "username": user.email, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text
    return session


def csrf_of(html: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None, html
    return token[1]


def test_a_document_uploaded_through_one_node_downloads_through_the_other(cluster: Cluster) -> None:
    employer_user = employer_account()
    case = make_case(employer=employer_user.employer)
    session = login(cluster.proxy, employer_user)
    pdf = b"%PDF-1.4\n" + os.urandom(48 * 1024) + b"\n%%EOF\n"  # past nginx's in-memory body buffer
    thread = f"{cluster.proxy}/verzuim/{case.pk}/berichten/"

    upload = session.post(
        thread,
        data={"csrfmiddlewaretoken": csrf_of(session.get(thread, timeout=30).text), "text": "Het verslag."},
        files={"attachment": ("verslag huisarts.pdf", pdf, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert upload.status_code == 302, upload.text
    uploaded_by, _counts = served_by(cluster, "POST", f"/verzuim/{case.pk}/berichten/", [0, 0])
    message = CaseMessage.objects.get(case=case)
    assert cluster.bucket_keys() == [message.attachment.name]

    # nginx takes the nodes in turn: ask until the other node has answered (twice is enough when nothing else
    # runs; more leaves room for a retry), each answer the same bytes.
    other = next(node for node in cluster.nodes if node is not uploaded_by)
    download = f"/verzuim/{case.pk}/berichten/{message.pk}/bijlage/"
    counts = [0, 0]
    for _attempt in range(6):
        response = session.get(f"{cluster.proxy}{download}", timeout=30)
        assert response.status_code == 200
        assert response.content == pdf
        assert 'filename="verslag huisarts.pdf"' in response.headers["Content-Disposition"]
        answered_by, counts = served_by(cluster, "GET", download, counts)
        if answered_by is other:
            break
    assert other.served("GET", download) >= 1
    assert [node.files() for node in cluster.nodes] == [[], []]  # neither node kept the document on its own disk


def served_by(cluster: Cluster, method: str, path: str, before: list[int]) -> tuple[Node, list[int]]:
    """The node that answered one more `method path` than the `before` counts of the nodes' access logs, and the
    new counts. gunicorn writes its access line just after the answer, so this waits for it."""
    counts = before
    deadline = time.monotonic() + 10
    while sum(counts) == sum(before) and time.monotonic() < deadline:
        time.sleep(0.05)
        counts = [node.served(method, path) for node in cluster.nodes]
    assert sum(counts) == sum(before) + 1, (before, counts)
    return next(node for node, now, then in zip(cluster.nodes, counts, before, strict=True) if now > then), counts


@dataclass
class Outcome:
    employee: Employee
    first: int | str = 0
    retried: int | str | None = None
    location: str = ""


def report(base: str, session: requests.Session, employee: Employee) -> Outcome:
    """One employer's sickness report as a browser sends it: open the form, send it; a send that gets no answer
    (the node died) or a 5xx is sent once more, the same form with the same key."""
    outcome = Outcome(employee=employee)
    form, seen = "", []
    for _attempt in range(2):  # a GET whose node died mid-answer is asked again
        try:
            response = session.get(f"{base}/verzuim/ziekmelden/", timeout=30)
        except requests.RequestException as exc:
            seen.append(repr(exc))
            continue
        seen.append(str(response.status_code))
        if response.status_code == 200:
            form = response.text
            break
    key = re.search(r'name="report_key" value="([0-9a-f-]{36})"', form)
    assert key is not None, (seen, form[:2000])
    data = {
        "csrfmiddlewaretoken": csrf_of(form),
        "report_key": key[1],
        "employee": str(employee.pk),
        "first_sick_day": timezone.localdate().isoformat(),
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
    }
    for attempt in ("first", "retried"):
        try:
            response = session.post(f"{base}/verzuim/ziekmelden/", data=data, allow_redirects=False, timeout=30)
        except requests.RequestException as exc:  # the connection was cut: nothing came back
            setattr(outcome, attempt, type(exc).__name__)
            continue
        setattr(outcome, attempt, response.status_code)
        if response.status_code < 500:
            outcome.location = response.headers.get("Location", "")
            break
    return outcome


def kill_node_2_with_a_report_inside(cluster: Cluster, employer: Employer) -> bool:
    """Kill node 2 (SIGKILL: a crash, not a polite shutdown) while a sickness report is inside it, mid-transaction.

    This process holds the employees' rows (select_for_update, as the report's own lock), so every report POST in
    flight waits inside its node; once one waits inside node 2 (pg_stat_activity, by application_name), node 2
    is killed and the rows let go. False when none reached node 2 in time (nginx sent them all to node 1): the
    caller tries again. On SQLite there is nothing to hold: False."""
    if connection.vendor != "postgresql":
        return False
    with transaction.atomic():
        list(Employee.objects.select_for_update().filter(employer=employer).values_list("pk", flat=True))
        deadline = time.monotonic() + 15
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE application_name = 'node2' AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:  # type: ignore[index]
                    cluster.nodes[1].stop(signal.SIGKILL)
                    return True
                time.sleep(0.1)
    return False


def test_stopping_a_node_during_a_run_of_sickness_reports_loses_none_and_doubles_none(cluster: Cluster) -> None:
    employer_user = employer_account()
    employees = [
        cast(Employee, EmployeeFactory(employer=employer_user.employer, last_name=f"Werknemer {n:02d}"))
        for n in range(REPORTS)
    ]
    sessions = [login(cluster.proxy, employer_user) for _ in range(4)]
    sent = 0
    lock = threading.Lock()
    halfway = threading.Event()

    def one(index: int) -> Outcome:
        nonlocal sent
        outcome = report(cluster.proxy, sessions[index % len(sessions)], employees[index])
        with lock:
            sent += 1
            if sent == REPORTS // 2:
                halfway.set()
        return outcome

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        futures = [pool.submit(one, index) for index in range(REPORTS)]
        assert halfway.wait(WAIT_SECONDS)
        killed_mid_report = False
        for _attempt in range(4):
            killed_mid_report = kill_node_2_with_a_report_inside(cluster, employer_user.employer)
            if killed_mid_report:
                break
        if connection.vendor != "postgresql":  # no row locks to hold a report inside node 2: just kill it now
            cluster.nodes[1].stop(signal.SIGKILL)
        outcomes = [future.result(timeout=WAIT_SECONDS) for future in futures]

    summary = [(o.employee.last_name, o.first, o.retried, o.location) for o in outcomes]
    if connection.vendor == "postgresql":
        assert killed_mid_report
        # At least one POST was cut off inside node 2, rolled back by PostgreSQL, and sent again.
        assert any(o.retried is not None for o in outcomes), summary
    for outcome in outcomes:
        # Answered once, or failed cleanly (a 5xx or a cut connection) and answered on the one retry; either way
        # with the redirect to the employee's case page.
        answered = outcome.first if outcome.retried is None else outcome.retried
        assert answered == 302, summary
        assert outcome.retried is None or not isinstance(outcome.first, int) or outcome.first >= 500, summary
        match = CASE_URL.match(outcome.location)
        assert match is not None, summary
        assert AbsenceCase.objects.get(pk=match[1]).employee_id == outcome.employee.pk
    assert AbsenceCase.objects.count() == REPORTS
    assert sorted(AbsenceCase.objects.values_list("employee_id", flat=True)) == sorted(e.pk for e in employees)
    assert SickPeriod.objects.count() == REPORTS
    assert cluster.nodes[0].process is not None
    assert cluster.nodes[0].process.process.poll() is None
