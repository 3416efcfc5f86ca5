"""The production command as an operator runs it: ``deploy/serve.sh`` (what ``make serve`` runs) on a fresh
database, with debug off, behind nothing; then the same server with its database unreachable."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def own_database(tmp_path):
    """A database of its own for the server, on the engine the suite runs on."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'served.sqlite3'}"
        return
    import psycopg

    name = f"newsroom_served_{os.getpid()}"
    admin = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(tmp_path, database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on 127.0.0.1: no TLS redirect, cookies over HTTP; everything else as in production.
        DJANGO_PLAIN_HTTP="1",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_PAGE_CACHE_DIR=str(tmp_path / "page-cache"),
        DJANGO_SHARED_CACHE_DIR=str(tmp_path / "shared-cache"),
        PYTHON=sys.executable,
        HOST="127.0.0.1",
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
    )
    return env


@contextmanager
def running(command, env, log_path):
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, Path(log_path).read_text(errors="replace")[-3000:]
            try:
                with socket.create_connection(("127.0.0.1", int(env["PORT"])), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start in time"
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def manage(env, *args, stdin=None) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


UPLOAD = """
import io
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.models import Article
buffer = io.BytesIO()
Image.new("RGB", (800, 500), (200, 40, 40)).save(buffer, "JPEG")
article = Article.objects.published().first()
article.hero_image = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
article.hero_alt = "Foto uji"
article.save()
print(article.get_absolute_url(), article.hero_image.url)
"""


def test_serve_runs_the_site_with_debug_off(tmp_path):
    with own_database(tmp_path) as database_url:
        env = production_env(tmp_path, database_url)
        with running(["deploy/serve.sh"], env, tmp_path / "serve.log") as base:
            # serve.sh migrated the fresh database itself; load the demo data and upload a photo meanwhile.
            manage(env, "loaddata", "fixtures/cities.json", "fixtures/events.json", "fixtures/articles.json")
            article_path, image_path = manage(env, "shell", "--verbosity", "0", "-c", UPLOAD).split()[-2:]

            status, headers, body = fetch(base + "/")
            page = body.decode()
            assert status == 200 and 'lang="id"' in page
            assert "Traceback" not in page and "DEBUG" not in page

            status, _headers, body = fetch(base + article_path)
            shown = {part.split('"')[0].split(" ")[0] for part in body.decode().split('="')[1:]}
            renditions = sorted(url for url in shown if url.startswith("/media/renditions/"))
            assert status == 200 and renditions, "the article shows its photo"
            status, headers, _body = fetch(base + renditions[0])
            assert status == 200 and headers["Content-Type"] in {"image/webp", "image/jpeg"}

            stylesheet = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("/static/"))
            status, headers, _body = fetch(base + stylesheet)
            assert status == 200 and headers["Content-Type"].startswith("text/css")

            status, headers, body = fetch(base + image_path)
            assert status == 200 and headers["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8"
            assert headers["X-Content-Type-Options"] == "nosniff"

            status, _headers, body = fetch(base + "/halaman-yang-tidak-ada/")
            assert status == 404 and "Halaman tidak ditemukan" in body.decode()
            assert fetch(base + "/media/../manage.py")[0] == 404
            assert fetch(base + "/media/articles/catatan.html")[0] == 404


def test_an_unreachable_database_gives_an_indonesian_503_and_retry_after(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    # Nothing listens on that port: every query fails to connect, as when the database server is down.
    env = production_env(tmp_path, f"postgres://postgres@127.0.0.1:{port}/newsroom")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi:application"]
    with running(command, env, tmp_path / "gunicorn.log") as base:
        status, headers, body = fetch(base + "/")
    page = body.decode()
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Layanan tidak tersedia" in page and "Traceback" not in page


SLOW_QUERY = """
from django.db import OperationalError, connection
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(3)")
    print("finished")
except OperationalError as error:
    print("stopped:", type(error).__name__)
"""


def test_a_web_query_stops_at_the_statement_time_out_and_a_migration_does_not(tmp_path):
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("a PostgreSQL setting")
    with own_database(tmp_path) as database_url:
        env = production_env(tmp_path, database_url)
        assert manage(
            {**env, "DJANGO_DB_STATEMENT_TIMEOUT": "1"}, "shell", "--verbosity", "0", "-c", SLOW_QUERY
        ).strip() == ("stopped: OperationalError")
        assert (
            manage({**env, "DJANGO_DB_STATEMENT_TIMEOUT": ""}, "shell", "--verbosity", "0", "-c", SLOW_QUERY).strip()
            == "finished"
        )
    # The production command sets it for the web workers only.
    script = (ROOT / "deploy" / "serve.sh").read_text()
    assert 'DJANGO_DB_STATEMENT_TIMEOUT= "$PYTHON" manage.py migrate' in script
    assert 'export DJANGO_DB_STATEMENT_TIMEOUT="${DJANGO_DB_STATEMENT_TIMEOUT:-' in script


COOKIE_NAMES = "from django.conf import settings; print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)"


def test_production_cookies_are_host_only_and_https_only(tmp_path):
    env = production_env(tmp_path, "sqlite:///unused.sqlite3")
    del env["DJANGO_PLAIN_HTTP"]
    assert manage(env, "shell", "--verbosity", "0", "-c", COOKIE_NAMES).split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
    ]
    # A server over plain HTTP on this machine cannot keep __Host- cookies, so it keeps Django's names.
    env["DJANGO_PLAIN_HTTP"] = "1"
    assert manage(env, "shell", "--verbosity", "0", "-c", COOKIE_NAMES).split() == ["sessionid", "csrftoken"]
