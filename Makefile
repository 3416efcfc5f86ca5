# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   virtualenv, install, migrate, load the fixtures, demo staff, serve on 127.0.0.1:$(PORT)
#   make test   virtualenv if needed, then the whole test suite
# and one runs it in production (see README, "Production"):
#   make serve  migrations, static files, gunicorn; debug off

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
FIXTURES := fixtures/cities.json fixtures/events.json fixtures/articles.json
# username city role
DEMO_STAFF := penulis-serang:serang:penulis redaktur-serang:serang:redaktur admin-serang:serang:admin \
              penulis-cimahi:cimahi:penulis redaktur-cimahi:cimahi:redaktur

.PHONY: demo serve bench test install audit lint format messages clean

# Everything, pip included, from the hashed lock (regenerated from pyproject.toml by the command in its header):
# pip refuses a file whose hash is not in the lock, whichever index or --find-links folder offers it, and takes
# wheels only, since building from source would fetch build tools the lock does not cover. The project itself
# is not installed: it is no package, and pytest reads pyproject.toml where it stands. What is not in the lock
# goes: the setuptools that `venv` adds on Python 3.11 (nothing uses it) and an older editable install.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip uninstall --quiet --yes setuptools newsroom 2>/dev/null
	$(PY) -m pip install --quiet --require-hashes --only-binary :all: -r requirements.lock
	touch $@

install: $(VENV)/.installed

# The supply-chain audit (CI runs it too): pip-audit --strict on requirements.lock against the first
# vulnerability database that answers; any finding fails; where none answers it says SKIPPED loudly and does not
# fail (scripts/audit.py). An accepted advisory is added below with its reason and the date to look at it again
# (docs/security.md):
#   AUDIT_IGNORE += --ignore-vuln GHSA-xxxx-xxxx-xxxx  # why it cannot reach us; review by YYYY-MM-DD
AUDIT_IGNORE :=
AUDIT_OSV_URL ?= https://api.osv.dev/v1/query
AUDIT_TIMEOUT ?= 120
audit: install
	$(PY) scripts/audit.py --osv-url "$(AUDIT_OSV_URL)" --timeout $(AUDIT_TIMEOUT) $(AUDIT_IGNORE)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata $(FIXTURES)
	@echo "Demo staff accounts (passwords and authenticator secrets are new on every run):"
	@for spec in $(DEMO_STAFF); do \
		user=$${spec%%:*}; rest=$${spec#*:}; city=$${rest%%:*}; role=$${rest#*:}; \
		password=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(12))'); \
		output=$$(echo "$$password" | $(PY) manage.py create_staff "$$user" --city "$$city" --role "$$role") || exit 1; \
		printf '  %-18s %-9s %-8s %s\n' "$$user" "$$role" "$$city" "$$password"; \
		uri=$$(echo "$$output" | grep '^otpauth://'); \
		if [ -n "$$uri" ]; then printf '  %-18s two-step code from: %s\n' "" "$$uri"; fi; \
	done
	@echo "Redaktur and admin kota log in with a code: add the otpauth:// line to an authenticator app,"
	@echo "or print its current code with: $(PY) manage.py two_factor_code 'otpauth://…'"
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/"
	@test -s .demo-secret-key || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .demo-secret-key
	# The production server and settings, over plain HTTP on this machine only.
	DJANGO_SECRET_KEY="$$(cat .demo-secret-key)" DJANGO_PLAIN_HTTP=1 HOST=127.0.0.1 PORT=$(PORT) PYTHON=$(PY) \
	deploy/serve.sh

serve: install
	PORT=$(PORT) PYTHON=$(PY) deploy/serve.sh

# The benchmark: generated data at each size, the production server, wrk against a ceiling; writes
# docs/performance.md. PostgreSQL by default (a database per size is made beside BENCH_DATABASE_URL's).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_SIZES ?= 1000,100000,1000000
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) scripts/bench.py --sizes $(BENCH_SIZES) --database-url $(BENCH_DATABASE_URL)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(PY) manage.py makemessages --locale id --no-location --ignore '.venv/*'
	$(PY) manage.py compilemessages --locale id --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .demo-secret-key
