#!/usr/bin/env bash
# Install PostgreSQL's server binaries from Debian's packages if they are missing.
#
# The tests start their own throw-away server (tests/support/postgres.py); this script only makes
# `initdb` and `pg_ctl` available. It is idempotent, and it neither creates nor starts the
# distribution's own cluster/service.
set -euo pipefail

have_server() {
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}

if have_server; then
    echo "install-postgres: PostgreSQL server binaries already installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null; then
    SUDO=(sudo)
else
    echo "install-postgres: need root (or sudo) to install the postgresql package" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null; then
    echo "install-postgres: apt-get not found; install PostgreSQL's server (initdb, pg_ctl) by hand" >&2
    exit 1
fi

# Do not let the packages start a service: the tests run their own server.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
    created_policy=1
fi
cleanup() {
    if [ "$created_policy" -eq 1 ]; then
        "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d
    fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
APT_INSTALL=(apt-get install -y --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${SUDO[@]}" apt-get update
# postgresql-common first, so that the server package does not create the distribution's cluster.
"${SUDO[@]}" "${APT_INSTALL[@]}" postgresql-common
if [ -f /etc/postgresql-common/createcluster.conf ]; then
    "${SUDO[@]}" sed -ri 's/^#?\s*(create_main_cluster)\s*=.*$/\1 = false/' /etc/postgresql-common/createcluster.conf
fi
"${SUDO[@]}" "${APT_INSTALL[@]}" postgresql

if ! have_server; then
    echo "install-postgres: postgresql installed but initdb is still missing" >&2
    exit 1
fi
echo "install-postgres: installed $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
