#!/usr/bin/env bash
# The production command (make serve): migrations, static files, then gunicorn with deploy/gunicorn.conf.py.
# Reads the environment described in the README; PORT (default 8000) and HOST (default 127.0.0.1) set where
# it listens. Debug is off unless DJANGO_DEBUG says otherwise, so DJANGO_SECRET_KEY is required.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"

"$PYTHON" manage.py check --deploy --fail-level ERROR
# A migration may rightly run for minutes on a large archive: no statement time-out for it.
DJANGO_DB_STATEMENT_TIMEOUT= "$PYTHON" manage.py migrate --noinput
"$PYTHON" manage.py collectstatic --noinput --verbosity 0
# Each query of a web request stops before gunicorn's own time-out would cut the request off.
export DJANGO_DB_STATEMENT_TIMEOUT="${DJANGO_DB_STATEMENT_TIMEOUT:-$(( ${WEB_TIMEOUT:-30} - 5 ))}"
exec "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi:application
