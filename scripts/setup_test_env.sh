#!/usr/bin/env bash
# Best-effort set-up of what the tests need from the machine (called by `make test`):
#  - Debian's Chromium at /usr/bin/chromium for the browser tests (Playwright cannot download a browser here);
#  - the local PostgreSQL server on 127.0.0.1:5432 for the PostgreSQL-backed tests.
#  - axe-core (pinned in tests/a11y/package-lock.json) for the accessibility tests, with npm ci.
# Nothing here fails the run: a missing service makes its tests skip locally, and fail under CI (CI=true).
set -uo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432

# --- Chromium ----------------------------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
    echo "setup: chromium present (/usr/bin/chromium)"
elif [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing Debian chromium for the browser tests..."
    if apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
        echo "setup: chromium installed"
    else
        echo "setup: WARNING: could not install chromium; browser tests will skip (or fail under CI)" >&2
    fi
else
    echo "setup: /usr/bin/chromium is missing and we are not root: browser tests will skip" \
        "(install it with: sudo apt-get install chromium)"
fi

# --- PostgreSQL --------------------------------------------------------------------------------
pg_answering() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
    else
        (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
    fi
}

if pg_answering; then
    echo "setup: PostgreSQL answering on $PG_HOST:$PG_PORT"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    echo "setup: starting PostgreSQL $version cluster main..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 20); do
        pg_answering && break
        sleep 0.5
    done
    if pg_answering; then
        echo "setup: PostgreSQL started"
    else
        echo "setup: WARNING: PostgreSQL did not start; its tests will skip (or fail under CI)" >&2
    fi
else
    echo "setup: PostgreSQL is not installed here: its tests will skip (or fail under CI)"
fi

# --- axe-core (accessibility tests) ------------------------------------------------------------
A11Y_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/a11y"
axe_pinned_and_installed() {  # the installed axe-core is the version package.json pins
    command -v node >/dev/null 2>&1 && [ -f "$A11Y_DIR/node_modules/axe-core/axe.min.js" ] \
        && (cd "$A11Y_DIR" && node -e 'process.exit(require("./node_modules/axe-core/package.json").version
            === require("./package.json").devDependencies["axe-core"] ? 0 : 1)') 2>/dev/null
}
if axe_pinned_and_installed; then
    echo "setup: axe-core present ($A11Y_DIR/node_modules)"
elif command -v npm >/dev/null 2>&1; then
    echo "setup: installing axe-core with npm ci in tests/a11y..."
    if (cd "$A11Y_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
        echo "setup: axe-core installed"
    else
        echo "setup: WARNING: npm ci failed in tests/a11y; accessibility tests will skip (or fail under CI)" >&2
    fi
else
    echo "setup: node/npm not installed: accessibility tests will skip (or fail under CI)"
fi
exit 0
