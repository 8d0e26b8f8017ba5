"""`homeward bench pages [--size 10000] [--rate 50] [--seconds 60]`: the main pages' server time under load.

On the configured database (SQLite under HOMEWARD_DATA_DIR, or PostgreSQL
through HOMEWARD_DATABASE_URL, e.g. under scripts/with_postgres.py): the demo
scenario is loaded at ``--size`` people per side unless it is there already;
gunicorn serves it with ``--workers`` processes on 127.0.0.1 only, as in
production (debug off, random keys of the run), with the Server-Timing header
on; each demo user of homeward.lib.page_catalogue signs in through the pages,
the coordinators with their authenticator's code; then requests go out at
``--rate`` a second for ``--seconds``, on a fixed schedule (open loop: a slow
answer does not delay the next request, so slow moments are not
under-sampled), spread evenly over the catalogue's pages. Per page: server
time (the header) and client latency, p50 and p99, queries, errors. Figures
are printed and saved as JSON under benchmarks/results/.

The load driver is this command's own threads rather than Locust: Locust
users wait for each answer before the next request (closed loop), so the rate
sags exactly when the server is slow, and its gevent patching does not mix
with Django in one process; here 2 cores are shared by the server and the
driver, and a thread per request in flight costs less than Locust's runner.
"""

from __future__ import annotations

import gc
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess  # nosec B404
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from homeward.lib.page_catalogue import PAGES, Page
from homeward.lib.server_timing import parse as parse_server_timing

SEED = 2026
TARGET_P99_MS = {"sqlite": 150, "postgresql": 100}
SLOWEST = 15  # requests kept in the report with their time in the database and in garbage collection
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """One signed-in user: the cookies of its session, shared by every request made as that user."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None, timeout: float = 30
                ) -> tuple[int, dict[str, str], bytes]:
        connection_ = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection_.request(method, path, body=body, headers=headers)
            response = connection_.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            connection_.close()

    def follow(self, path: str) -> tuple[str, int, bytes]:
        """GET, following redirects on this server; (final path, status, body)."""
        for _ in range(5):
            status, headers, content = self.request("GET", path)
            if status not in (301, 302, 303):
                return path, status, content
            path = urlsplit(headers["location"]).path or "/"
        raise CommandError(f"too many redirects from {path}")

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[str, int, bytes]:
        _, status, content = self.follow(path)
        token = CSRF_FIELD.search(content.decode("utf-8", "replace"))
        if status != 200 or token is None:
            raise CommandError(f"{path} answered {status} without a form")
        status, headers, content = self.request("POST", path, {**fields, "csrfmiddlewaretoken": token.group(1)})
        if status in (301, 302, 303):
            return self.follow(urlsplit(headers["location"]).path or "/")
        return path, status, content


def sign_in(browser: Browser, username: str) -> None:
    """The demo user's password, then (coordinators) the current code of their authenticator."""
    from homeward.registry.demo import DEMO_PASSWORD, demo_code

    landed, status, _ = browser.post_form("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    for _attempt in range(2):
        if landed != "/accounts/otp/":
            break
        landed, status, _ = browser.post_form("/accounts/otp/", {"token": demo_code(username)})
        if landed == "/accounts/otp/":
            # A code is accepted once: a sign-in of this user in the same 30 s step (an earlier run) used it.
            time.sleep(31 - time.time() % 30)
    if landed != "/" or status != 200:
        raise CommandError(f"{username} could not sign in: ended on {landed} ({status})")


@dataclass(frozen=True)
class Sample:
    page: int
    status: int
    client_ms: float
    late_ms: float
    timing: dict[str, float]


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: the figure is one that was measured)."""
    ordered = sorted(values)
    return round(ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))], 1)


def _summary(samples: list[Sample]) -> dict[str, Any]:
    ok = [s for s in samples if s.status == 200]
    server = [s.timing.get("app", 0.0) for s in ok]
    figures: dict[str, Any] = {"requests": len(samples), "errors": len(samples) - len(ok)}
    if ok:
        figures.update(
            server_p50_ms=_percentile(server, 50), server_p99_ms=_percentile(server, 99),
            server_max_ms=round(max(server), 1),
            db_p50_ms=_percentile([s.timing.get("db", 0.0) for s in ok], 50),
            gc_max_ms=round(max(s.timing.get("gc", 0.0) for s in ok), 1),
            client_p50_ms=_percentile([s.client_ms for s in ok], 50),
            client_p99_ms=_percentile([s.client_ms for s in ok], 99),
            queries=int(statistics.median(s.timing.get("queries", 0) for s in ok)),
        )
    return figures


class Command(BaseCommand):
    help = "Serve the demo with gunicorn on 127.0.0.1 and time the main pages under load; prints and saves JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=10_000, help="people per side, as `homeward demo --size`")
        parser.add_argument("--rate", type=float, default=50, help="requests a second")
        parser.add_argument("--seconds", type=float, default=60, help="how long the measured load lasts")
        parser.add_argument("--warmup", type=float, default=10, help="seconds of load before measuring")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
        parser.add_argument("--port", type=int, default=8106, help="port on 127.0.0.1")
        parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rate"] <= 0 or options["seconds"] <= 0 or options["workers"] < 1:
            raise CommandError("--rate, --seconds and --workers must be positive")
        vendor = connection.vendor
        people = self._demo(options["size"])
        pages = [(page, page.url()) for page in PAGES]
        connection.close()  # the server's workers have the database to themselves
        # The load driver runs in this process, which may just have loaded the demo: what that left (the name
        # keys' caches alone hold a million entries) is frozen, or the driver's own full garbage collections
        # walk it all minute long and take a core from the server being measured.
        gc.collect()
        gc.freeze()
        load_before = [round(x, 2) for x in os.getloadavg()]
        server = self._serve(options["workers"], options["port"])
        try:
            browsers = self._sign_in(options["port"])
            first = self._first_visits(pages, browsers)
            self._load(pages, browsers, options["rate"], options["warmup"])
            started = time.time()
            samples, loads = self._load(pages, browsers, options["rate"], options["seconds"])
            elapsed = time.time() - started
        finally:
            self._stop(server)
        report = self._report(vendor, people, options, pages, samples, first, elapsed, load_before, loads)
        self._save(report, options["out"] / f"pages-{vendor}-{options['size']}.json")
        if report["overall"]["errors"]:
            raise CommandError(f"{report['overall']['errors']} requests failed")

    # The database and the demo

    def _demo(self, size: int) -> int:
        from django.core.management import call_command

        from homeward.registry.demo import ORGS, demo_loaded, load_demo
        from homeward.registry.models import Declaration

        _ensure_postgres_database()
        call_command("migrate", verbosity=0)
        if not demo_loaded():
            self.stdout.write(f"loading the demo scenario, {size:,} people per side (minutes)")
            load_demo(seed=SEED, size=size, say=lambda line: self.stdout.write(f"  {line}"))
        if connection.vendor == "postgresql":
            # As after any bulk load: statistics for the planner and a vacuumed heap, rather than
            # autovacuum and autoanalyze starting in the middle of the measured minute; then a checkpoint,
            # so that the load's dirty pages are written out now rather than by the checkpointer during it.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                cursor.execute("CHECKPOINT")
        people = Declaration.objects.filter(party__short_name=ORGS[0].short_name).count()
        low, high = 0.8 * size, 1.2 * size
        if not low <= people <= high:
            raise CommandError(f"this database holds a demo of {people:,} records for party A, not about "
                               f"{size:,}: give the benchmark a fresh HOMEWARD_DATA_DIR or database")
        return people

    # The server

    def _serve(self, workers: int, port: int) -> subprocess.Popen[bytes]:
        env = dict(os.environ, HOMEWARD_ENV="production", HOMEWARD_SECRET_KEY=secrets.token_urlsafe(64),
                   HOMEWARD_IMPORT_STAGING_KEY=secrets.token_urlsafe(64), HOMEWARD_ALLOWED_HOSTS="127.0.0.1",
                   HOMEWARD_SSL_REDIRECT="0", HOMEWARD_HSTS_SECONDS="0", HOMEWARD_SERVER_TIMING="1",
                   HOMEWARD_DB_CONN_MAX_AGE=os.environ.get("HOMEWARD_DB_CONN_MAX_AGE", "60"))
        command = [sys.executable, "-m", "gunicorn", "homeward.wsgi:application", "--workers", str(workers),
                   "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"]
        server = subprocess.Popen(command, env=env)  # nosec B603
        deadline = time.time() + 60
        while time.time() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with status {server.returncode}")
            try:
                if Browser("127.0.0.1", port).request("GET", "/accounts/login/", timeout=5)[0] == 200:
                    return server
            except OSError:
                time.sleep(0.5)
        self._stop(server)
        raise CommandError(f"gunicorn did not answer on 127.0.0.1:{port} within a minute")

    def _stop(self, server: subprocess.Popen[bytes]) -> None:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    def _sign_in(self, port: int) -> dict[str, Browser]:
        browsers = {}
        for username in dict.fromkeys(page.user for page in PAGES):
            browsers[username] = Browser("127.0.0.1", port)
            sign_in(browsers[username], username)
        self.stdout.write(f"signed in: {', '.join(browsers)}")
        return browsers

    # The load

    def _first_visits(self, pages: list[tuple[Page, str]], browsers: dict[str, Browser]) -> list[float]:
        """Each page once, in turn: it must answer 200; its time on a cold worker is kept apart."""
        times = []
        for page, url in pages:
            status, headers, _ = browsers[page.user].request("GET", url)
            if status != 200:
                raise CommandError(f"{page.name} for {page.user}: {url} answered {status}")
            times.append(parse_server_timing(headers.get("server-timing", "")).get("app", 0.0))
        return times

    def _load(self, pages: list[tuple[Page, str]], browsers: dict[str, Browser], rate: float, seconds: float
              ) -> tuple[list[Sample], list[float]]:
        order = list(range(len(pages)))
        random.Random(SEED).shuffle(order)  # nosec B311
        total = int(rate * seconds)
        samples: list[Sample] = []
        lock = threading.Lock()
        loads: list[float] = []

        def fetch(number: int, due: float) -> None:
            index = order[number % len(order)]
            page, url = pages[index]
            started = time.perf_counter()
            try:
                status, headers, _ = browsers[page.user].request("GET", url)
                timing = parse_server_timing(headers.get("server-timing", ""))
            except OSError:
                status, timing = 0, {}
            done = time.perf_counter()
            with lock:
                samples.append(Sample(index, status, 1000 * (done - started), 1000 * (started - due), timing))

        with ThreadPoolExecutor(max_workers=64) as pool:
            begin = time.perf_counter()
            for number in range(total):
                due = begin + number / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                if number % max(1, int(rate * 5)) == 0:
                    loads.append(round(os.getloadavg()[0], 2))
                pool.submit(fetch, number, due)
        return samples, loads

    # The figures

    def _report(self, vendor: str, people: int, options: dict[str, Any], pages: list[tuple[Page, str]],
                samples: list[Sample], first: list[float], elapsed: float, load_before: list[float],
                loads: list[float]) -> dict[str, Any]:
        target = TARGET_P99_MS.get(vendor)
        per_page = {}
        for index, (page, _url) in enumerate(pages):
            figures = _summary([s for s in samples if s.page == index])
            figures["first_visit_ms"] = round(first[index], 1)
            per_page[f"{page.name} ({page.user})"] = figures
        overall = _summary(samples)
        overall["achieved_rate"] = round(len(samples) / elapsed, 1)
        overall["driver_late_p99_ms"] = _percentile([s.late_ms for s in samples], 99) if samples else 0.0
        slow = [name for name, f in per_page.items() if target and f.get("server_p99_ms", 0) >= target]
        # The slowest requests with what their time went on: a page slow at its median is slow work, a single
        # slow request of a fast page is the database, a garbage collection or a busy CPU; these tell which.
        slowest = [{"page": f"{pages[s.page][0].name} ({pages[s.page][0].user})",
                    "server_ms": round(s.timing["app"], 1),
                    "db_ms": round(s.timing.get("db", 0.0), 1), "gc_ms": round(s.timing.get("gc", 0.0), 1),
                    "queries": int(s.timing.get("queries", 0)), "client_ms": round(s.client_ms, 1)}
                   for s in sorted((s for s in samples if s.status == 200 and "app" in s.timing),
                                   key=lambda s: -s.timing["app"])[:SLOWEST]]
        return {
            "benchmark": "pages", "database": vendor, "people_per_side": options["size"], "party_a_records": people,
            "server": f"gunicorn, {options['workers']} workers, 127.0.0.1, debug off",
            "rate": options["rate"], "seconds": options["seconds"], "warmup_seconds": options["warmup"],
            "target_server_p99_ms": target, "target_met": bool(target) and not slow and not overall["errors"],
            "pages_over_target": slow,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_before": load_before, "load_average_1min_during": loads,
                        "load_average_after": [round(x, 2) for x in os.getloadavg()]},
            "overall": overall, "pages": per_page, "slowest_requests": slowest,
        }

    def _save(self, report: dict[str, Any], target: Path) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"homeward bench pages: {report['database']}, {report['people_per_side']:,} per side, "
                            f"{report['rate']:g} requests/s for {report['seconds']:g} s")
        for column in ("page (user)", "n", "server p50", "server p99", "client p99", "queries", "errors"):
            table.add_column(column, justify="left" if column.startswith("page") else "right")
        for name, f in [*report["pages"].items(), ("all pages", report["overall"])]:
            table.add_row(name, str(f["requests"]), str(f.get("server_p50_ms", "-")), str(f.get("server_p99_ms", "-")),
                          str(f.get("client_p99_ms", "-")), str(f.get("queries", "-")), str(f["errors"]))
        Console(width=120).print(table)
        for request in report["slowest_requests"][:5]:
            self.stdout.write(f"slow: {request['page']} {request['server_ms']} ms, of which database "
                              f"{request['db_ms']} ms ({request['queries']} queries), garbage collection "
                              f"{request['gc_ms']} ms")
        self.stdout.write(f"achieved {report['overall']['achieved_rate']} requests/s; load average "
                          f"{report['machine']['load_average_before']} before, "
                          f"{report['machine']['load_average_1min_during']} during; target p99 < "
                          f"{report['target_server_p99_ms']} ms met: {report['target_met']}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"saved {target}")


def _ensure_postgres_database() -> None:
    """A throwaway cluster (scripts/with_postgres.py) has no database yet: create the configured one."""
    if connection.vendor != "postgresql":
        return
    import psycopg
    from psycopg import sql

    settings_ = connection.settings_dict
    params = {"host": settings_["HOST"], "port": settings_["PORT"] or None, "user": settings_["USER"],
              "password": settings_["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings_["NAME"]]).fetchone()
        if exists is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_["NAME"])))
