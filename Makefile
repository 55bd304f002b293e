# Kažipot: `make run` serves the app, `make test` runs the suite. Both set up first.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
# The suite runs in parallel, one worker a core (pytest-xdist); each worker seeds its database once.
# Production-like servers (make serve, two servers over PostgreSQL and Redis) are `make test-cluster`'s.
PYTEST := $(PY) -m pytest --ignore=tests/bench --ignore=tests/cluster -p no:cacheprovider -rs -n auto

.PHONY: setup run test test-postgres test-cluster cluster bench bench-postgres serve load load-postgres load-cluster lighthouse lint format reset messages

setup: $(STAMP)
	@$(PY) manage.py compilemessages --ignore=.venv -v 0
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py seed_catalogue
	@$(PY) manage.py demo_accounts

# The first Python >= 3.11 found on PATH builds the virtual environment.
$(PY):
	@py=""; for c in python3 python3.11 python3.12 python3.13 python; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then py=$$c; break; fi; \
	done; \
	if [ -z "$$py" ]; then echo "make: no Python 3.11 or newer found on PATH" >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$($$py --version)"; $$py -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST_PORT)

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PYTEST)

# The same suite against PostgreSQL (installed and started on 127.0.0.1 if needed; root only).
test-postgres: setup
	bash .ci/postgres $(PYTEST)

# Two app servers over one PostgreSQL and one Redis (Debian's packages, started and stopped here).
cluster: setup
	bash .ci/postgres bash .ci/redis bash .ci/cluster

# Production-like servers: `make serve` from a clean database (SQLite, four workers), then two app
# servers over PostgreSQL and Redis (an edit, a limit, a sign-out and the catalogue across them).
test-cluster: setup
	bash .ci/postgres bash .ci/redis $(PY) -m pytest tests/cluster -p no:cacheprovider -rs

# Benchmarks (pytest-benchmark): the engine, and search/detail at 1k, 10k and 100k programmes.
BENCH := $(PY) -m pytest tests/bench -p no:cacheprovider -s --benchmark-columns=min,median,max,rounds
bench: setup
	$(BENCH)

bench-postgres: setup
	bash .ci/postgres $(BENCH)

# Refresh the message catalogues after changing interface strings, then translate locale/sl.
# The other referral-sheet languages keep only the sheet's words (context "sheet"): translate those.
SHEET_LOCALES := uk ru ro es zh_Hans hu sr_Latn sq ar fa
MAKEMESSAGES := $(PY) manage.py makemessages --ignore=.venv --ignore=tests --ignore=staticfiles --add-location=file
messages:
	$(MAKEMESSAGES) -l sl -l en $(addprefix -l ,$(SHEET_LOCALES))
	@for l in $(SHEET_LOCALES); do po=locale/$$l/LC_MESSAGES/django.po; \
	  msggrep --msgctxt --regexp='^sheet$$' --sort-by-file -o $$po $$po; done

# Production-like server: gunicorn, four workers, DEBUG off, static files collected with DEBUG off too
# (the hashed names the pages ask for), one cache for the four (CACHE_URL, by default the database's
# table: limits hold across workers). Set DJANGO_SECRET_KEY to keep sessions across restarts.
serve: setup
	HOST_PORT=$(HOST_PORT) bash .ci/serve

# Load test: 50 users for 60 s of mixed traffic against a local gunicorn over 10k programmes.
load: setup
	$(PY) -m pip install --quiet -e '.[dev,load]'
	bash .ci/load

load-postgres: setup
	$(PY) -m pip install --quiet -e '.[dev,load]'
	bash .ci/postgres bash .ci/load

# The same traffic over two app servers, one PostgreSQL and one Redis.
load-cluster: setup
	$(PY) -m pip install --quiet -e '.[dev,load]'
	bash .ci/postgres bash .ci/redis bash .ci/load-cluster

# Lighthouse (mobile) on the home page, the directory and a programme page (npm and Chromium needed).
lighthouse: setup
	bash .ci/lighthouse

lint:
	$(PY) -m ruff check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Drops the local SQLite database and loads the catalogue again.
reset:
	rm -f db.sqlite3
	$(MAKE) setup
