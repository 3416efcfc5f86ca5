"""The benchmark (``make bench``): the site served as in production, loaded with wrk, against a ceiling.

For each size (1,000, 100,000 and 1,000,000 articles by default) it builds a fresh database
(``scripts/bench_data.py``), starts ``make serve``'s server (gunicorn, ``deploy/gunicorn.conf.py``, debug off)
with a minimal view at ``/__ceiling__/<bytes>/`` returning a body of the same size as each page, and loads
each page type with wrk on 127.0.0.1, interleaved with the ceiling:

- cached: the same URL again and again (what a story spreading on WhatsApp looks like);
- cold: a rotation through many different URLs (other articles, list pages, searches; a query string that
  the page ignores where there is only one URL) on a second, identical server with the page cache off:
  every page is built, as for a crawler or the long tail.

It prints a table per size and mode (req/s, p50, p99, errors, SQL queries per page, ratio to the ceiling) and
writes them to docs/performance.md with the date and the machine.

    make bench                                    # PostgreSQL at $BENCH_DATABASE_URL (see Makefile)
    python scripts/bench.py --sizes 1000 --duration 3   # a quick look
    python scripts/bench.py --sizes 100000 --reuse DIR --server granian --output granian.md   # another server
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROTATION = 500  # different URLs per page type in the cold mode
STATEMENT_TIMEOUT = 60  # seconds one query of the query-count pass may take
SERVER_STATEMENT_TIMEOUT = 25  # and one query of the served pages, as deploy/serve.sh sets it


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000", help="comma-separated article counts")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and mode")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="a server URL; a "
                        "database per size is made beside it (empty: SQLite files)")  # fmt: skip
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--server", choices=SERVERS, default="gunicorn", help="gunicorn as make serve runs it, "
                        "or granian with as many workers and threads (pip install granian first)")  # fmt: skip
    parser.add_argument("--reuse", help="measure the data a previous run left in this folder (one size only)")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # internal: build one size, print its URLs
    return parser.parse_args()


# --- one size: a database, its data and its URLs (runs in a child process with that database) ------------


def prepare(articles: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]  # the test client's host
    from django.db import connection
    from django.test import Client

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_data import COMMON_WORD, RARE_WORDS, generate

    from articles.models import Article, TaggedArticle
    from public.lists import MAX_PAGES
    from public.sitemaps import ArticleSitemap

    if os.environ.get("BENCH_REUSE"):
        data = existing_data()
    else:
        call_command("migrate", verbosity=0)
        data = generate(articles, log=lambda line: print(line, file=sys.stderr))
    published = Article.objects.published().order_by("-published_at", "-pk")
    newest = published.first()
    oldest = published.order_by("published_at", "pk").first()
    ids = list(published.values_list("slug", flat=True)[:ROTATION])
    city, event, official = data["cities"][0], data["events"][0], data["officials"][0]
    tagged = TaggedArticle.objects.filter(content_object__in=published.values("pk")).values("tag_id")
    used_tags = list(
        TaggedArticle.tag_model().objects.filter(pk__in=tagged).order_by("pk").values_list("slug", flat=True)[:ROTATION]
    )
    sitemap_pages = ArticleSitemap().paginator.num_pages
    months = [
        f"/berita/{first:%Y/%m}/" for year in published.local_years()[:10] for first in published.local_months(year)
    ]
    own = list(Article.objects.filter(city=city).order_by("-pk").values_list("pk", flat=True)[:ROTATION])
    article_admin = f"/admin/articles/article/{own[0]}/change/"
    admin_pages = max(1, -(-Article.objects.filter(city=city).count() // 50))
    pages = {
        "home": ("/", None),
        "article, new": (newest.get_absolute_url(), [f"/berita/{slug}/" for slug in ids]),
        "article, ten years old": (oldest.get_absolute_url(), None),
        "news list, page 1": ("/berita/", [f"/berita/?page={n}" for n in range(1, MAX_PAGES + 1)]),
        "news list, deepest page": (f"/berita/?page={MAX_PAGES}", None),
        "news archive, a month": (months[len(months) // 2], months),
        "city": (city.get_absolute_url(), [c.get_absolute_url() for c in data["cities"]]),
        "city news": (f"/kota/{city.slug}/berita/", [f"/kota/{c.slug}/berita/" for c in data["cities"]]),
        "event": (event.get_absolute_url(), [e.get_absolute_url() for e in data["events"][:ROTATION]]),
        "official": (official.get_absolute_url(), [o.get_absolute_url() for o in data["officials"]]),
        "tag": (f"/topik/{used_tags[0]}/", [f"/topik/{slug}/" for slug in used_tags]),
        "search, common word": (f"/cari/?q={COMMON_WORD}", [f"/cari/?q={COMMON_WORD}&page={n}" for n in range(1, 50)]),
        "search, rare word": (f"/cari/?q={RARE_WORDS[0]}", [f"/cari/?q={word}" for word in RARE_WORDS]),
        "search, phrase": ('/cari/?q="wali+kota"', [f'/cari/?q="{COMMON_WORD}+kota"&r={n}' for n in range(50)]),
        "rss": ("/rss/", [f"/kota/{c.slug}/rss/" for c in data["cities"]]),
        "sitemap index": ("/sitemap.xml", None),
        "sitemap page": (
            "/sitemap-articles.xml",
            [f"/sitemap-articles.xml?p={n}" for n in range(1, sitemap_pages + 1)]
            + [f"/sitemap-{section}.xml" for section in ("cities", "events", "officials", "tags", "news")],
        ),
        "agenda": ("/agenda/", [f"/kota/{c.slug}/agenda/" for c in data["cities"]]),
        "agenda iCalendar": ("/agenda.ics", [f"/kota/{c.slug}/agenda.ics" for c in data["cities"]]),
        # Staff pages are never cached: their cold mode rotates through real pages, never an ignored parameter.
        "desk (redaktur)": ("/admin/", ["/admin/"]),
        "admin article list (redaktur)": (
            "/admin/articles/article/",
            [f"/admin/articles/article/?p={n}" for n in range(1, min(20, admin_pages) + 1)],
        ),
        "admin change form (redaktur)": (article_admin, [f"/admin/articles/article/{pk}/change/" for pk in own]),
    }
    staff = verified_client(data["redaktur"])
    anonymous = Client()
    settings.PAGE_CACHE_SECONDS = 0  # query counts of building each page
    if connection.vendor == "postgresql":
        # A page whose query runs for minutes is a finding, not a reason to wait: it answers 503 instead.
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT * 1000}")
    anonymous.raise_request_exception = staff.raise_request_exception = False
    result = {"generated_seconds": data["seconds"], "vendor": connection.vendor, "pages": {}}
    for name, (url, rotation) in pages.items():
        client = staff if "(redaktur)" in name else anonymous
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)  # a page slower than STATEMENT_TIMEOUT answers 503 here
        if not rotation:
            rotation = [f"{url}{'&' if '?' in url else '?'}r={n}" for n in range(ROTATION)]
        if response.status_code != 200:
            # A redirect to the login or an error page would be measured as if it were the page.
            raise SystemExit(f"{name}: {url} answered {response.status_code}, not the page")
        result["pages"][name] = {
            "url": url,
            "rotation": rotation,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries),
            "staff": "(redaktur)" in name,
        }
    result["session"] = staff.cookies[settings.SESSION_COOKIE_NAME].value
    return result


def verified_client(user):
    """A client logged in as ``user`` with the second factor verified, as after the two-step login: a redaktur's
    session without it opens no admin page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="authenticator", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def existing_data() -> dict:
    """What ``generate`` returned, read back from a database it filled earlier."""
    from django.contrib.auth import get_user_model

    from articles.models import TaggedArticle
    from cities.models import City, Event, Official

    return {
        "seconds": 0.0,
        "cities": list(City.objects.order_by("pk")),
        "events": list(Event.objects.order_by("pk")[:2000]),
        "officials": list(Official.objects.order_by("pk")),
        "tags": list(TaggedArticle.tag_model().objects.order_by("pk")[:2000]),
        "redaktur": get_user_model().objects.get(username="bench-redaktur"),
    }


# --- the load ----------------------------------------------------------------------------------------------

WRK_ROTATE = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local n = math.random(#paths)
local cookie = os.getenv("BENCH_COOKIE")
request = function()
  n = n % #paths + 1
  local headers = {}
  if cookie ~= nil and cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[n], headers)
end
"""


def run_wrk(base, paths, args, workdir, cookie="") -> dict:
    list_file = Path(workdir) / "paths.txt"
    list_file.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / "rotate.lua"
    script.write_text(WRK_ROTATE)
    env = {**os.environ, "BENCH_PATHS": str(list_file), "BENCH_COOKIE": cookie}
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s"]
    command += ["--latency", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    return parse_wrk(output)


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def parse_wrk(output: str) -> dict:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"\s50%\s+(\S+)", output)
    p99 = re.search(r"\s99%\s+(\S+)", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50": _seconds(p50.group(1)) if p50 else None,
        "p99": _seconds(p99.group(1)) if p99 else None,
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_for(size: int, server_url: str, workdir: str) -> str:
    if not server_url:
        return f"sqlite:///{workdir}/bench-{size}.sqlite3"
    import psycopg

    base, _name = server_url.rsplit("/", 1)
    name = f"newsroom_bench_{size}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def server_env(database_url: str, workdir: str, port: int) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PLAIN_HTTP="1",
        DJANGO_MEDIA_ROOT=f"{workdir}/media",
        DJANGO_STATIC_ROOT=f"{workdir}/static",
        DJANGO_PAGE_CACHE_DIR=f"{workdir}/page-cache",
        DJANGO_SHARED_CACHE_DIR=f"{workdir}/shared-cache",
        DJANGO_LOG_LEVEL="ERROR",
        NEWSROOM_BENCHMARK_CEILING="1",
        WEB_LOG_LEVEL="warning",
        HOST="127.0.0.1",
        PORT=str(port),
    )
    return env


SERVERS = ("gunicorn", "granian")


def server_command(server: str, env: dict) -> list[str]:
    if server == "granian":
        # Granian's WSGI workers with as many worker processes and threads as gunicorn's (deploy/gunicorn.conf.py).
        workers = env.get("WEB_CONCURRENCY", str(max(2, os.cpu_count() or 1)))
        return [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", env["HOST"], "--port", env["PORT"],
            "--workers", workers, "--blocking-threads", env.get("WEB_THREADS", "4"), "--no-access-log",
        ]  # fmt: skip
    return [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null"]


def serve(env, workdir, server="gunicorn"):
    # As deploy/serve.sh runs the workers: each query stops before gunicorn gives up on its request.
    env = {**env, "DJANGO_DB_STATEMENT_TIMEOUT": str(SERVER_STATEMENT_TIMEOUT)}
    log = open(Path(workdir) / f"server-{env['PORT']}.log", "wb")  # noqa: SIM115 - closed with the process
    command = server_command(server, env)
    process = subprocess.Popen(  # noqa: S603
        [*command, "newsroom.wsgi:application"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", int(env["PORT"])), timeout=1):
                return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((Path(workdir) / f"server-{env['PORT']}.log").read_text()) from None
            time.sleep(0.3)


def measure_size(size: int, args) -> dict:
    if args.reuse:
        workdir = args.reuse
        base_url = args.database_url.rsplit("/", 1)[0]
        database_url = (
            f"{base_url}/newsroom_bench_{size}" if args.database_url else f"sqlite:///{workdir}/bench-{size}.sqlite3"
        )
    else:
        workdir = tempfile.mkdtemp(prefix=f"newsroom-bench-{size}-")
        database_url = database_for(size, args.database_url, workdir)
    port = free_port()
    env = server_env(database_url, workdir, port)
    print(f"== {size:,} articles: generating", flush=True)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)  # noqa: S603
    prepare_env = {**env, "BENCH_REUSE": "1"} if args.reuse else env
    prepared = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--prepare", str(size)], cwd=ROOT, env=prepare_env, capture_output=True, text=True
    )
    if prepared.returncode:
        raise RuntimeError(prepared.stderr[-4000:])
    info = json.loads(prepared.stdout.strip().splitlines()[-1])
    print(f"   {info['vendor']}: generated in {info['generated_seconds']:.0f} s", flush=True)
    # Two servers alike but for the page cache: the cold mode is what the cache cannot help with, so its
    # server builds every page; an idle server costs nothing while the other is loaded.
    cold_port = free_port()
    # The same secret key, or the redaktur's session (signed with it) would not open the cold server's admin.
    cold_env = {**env, "PORT": str(cold_port), "PAGE_CACHE_SECONDS": "0"}
    processes = [serve(env, workdir, args.server), serve(cold_env, workdir, args.server)]
    base, cold_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{cold_port}"
    rows = []
    try:
        for name, page in info["pages"].items():
            cookie = f"sessionid={info['session']}" if page["staff"] else ""
            ceiling = run_wrk(base, [f"/__ceiling__/{page['bytes']}/"], args, workdir)
            cached = run_wrk(base, [page["url"]], args, workdir, cookie)
            cold = run_wrk(cold_base, page["rotation"], args, workdir, cookie)
            time.sleep(2)  # let the requests still queued from a slow page finish before the next ceiling
            rows.append({"page": name, **page, "ceiling": ceiling, "cached": cached, "cold": cold})
            print(
                f"   {name:32} cached {cached['rps']:8.1f} req/s ({ratio(cached, ceiling)})"
                f"  cold {cold['rps']:8.1f} req/s ({ratio(cold, ceiling)})  ceiling {ceiling['rps']:8.1f}",
                flush=True,
            )
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    return {"size": size, "vendor": info["vendor"], "generated_seconds": info["generated_seconds"], "rows": rows}


# --- the report --------------------------------------------------------------------------------------------


def ratio(load: dict, ceiling: dict) -> str:
    return f"{load['rps'] / ceiling['rps']:.1%}" if ceiling["rps"] else "—"


def _ms(seconds) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def table(result: dict, mode: str) -> str:
    lines = [
        "| page | req/s | ratio to ceiling | p50 | p99 | errors | queries | KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        load, ceiling = row[mode], row["ceiling"]
        lines.append(
            f"| {row['page']} | {load['rps']:.1f} | {ratio(load, ceiling)} | {_ms(load['p50'])} "
            f"| {_ms(load['p99'])} | {load['errors']} | {row['queries']} | {row['bytes'] / 1024:.1f} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"


def generated(result: dict) -> str:
    seconds = result["generated_seconds"]
    return f"generated in {seconds:.0f} s" if seconds else "data of an earlier run, measured with --reuse"


def report(results, args) -> str:
    parts = [
        "## Measured by `make bench`",
        "",
        f"{datetime.datetime.now(datetime.UTC).date().isoformat()}, on {machine()}; "
        f"{'gunicorn as `make serve` runs it' if args.server == 'gunicorn' else args.server}, debug off; "
        f"wrk with {args.threads} threads and {args.connections} connections for {args.duration} s per page and "
        "mode, each page interleaved with the ceiling (a minimal view returning a body of the same size).",
    ]
    for result in results:
        for mode, title in (("cached", "cached: the same URL"), ("cold", "cold: a rotation of different URLs")):
            parts += [
                "",
                f"### {result['size']:,} articles on {result['vendor']}, {title} ({generated(result)})",
                "",
                table(result, mode),
            ]
    return "\n".join(parts) + "\n"


SECTION = re.compile(r"^### ([\d,]+) articles", re.MULTILINE)


def write_report(text: str, output: str) -> None:
    """Replace the measured part of ``output`` with ``text``, keeping the tables of sizes this run did not
    measure (a run of one size, such as ``--reuse``, updates its own tables only)."""
    path = Path(output)
    existing = path.read_text() if path.exists() else "# Performance\n"
    marker = "## Measured by `make bench`"
    head, _, measured = existing.partition(marker)
    new_sizes = {int(size.replace(",", "")) for size in SECTION.findall(text)}
    sections = [section for section in re.split(r"\n(?=### )", text.rstrip()) if section.startswith("### ")]
    for old in re.split(r"\n(?=### )", measured.rstrip()):
        match = SECTION.match(old)
        if match and int(match.group(1).replace(",", "")) not in new_sizes:
            sections.append(old.rstrip())
    sections.sort(key=lambda section: int(SECTION.match(section).group(1).replace(",", "")))
    intro = text.split("\n### ", 1)[0].rstrip()
    path.write_text(head.rstrip() + "\n\n" + intro + "\n\n" + "\n\n".join(sections) + "\n")


def main():
    args = parse_args()
    if args.prepare:
        print(json.dumps(prepare(int(args.prepare)), default=str))
        return
    results = []
    if args.reuse and "," in args.sizes:
        raise SystemExit("--reuse measures one size")
    for size in args.sizes.split(","):
        results.append(measure_size(int(size), args))
        text = report(results, args)  # written after each size, so a long run keeps what it measured
        write_report(text, args.output)
    print(text)


if __name__ == "__main__":
    main()
