#!/usr/bin/env bash
# Creates (or brings up to date) the PostgreSQL role and database of one ROKO node, and writes the node's config
# fragment that points its persistence at them (hocon/persistence-postgres.conf).
#
#   create-node-database.sh NODE_NAME [--out FILE]
#
# The administrative connection is libpq's usual environment: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass),
# PGSSLMODE; it needs a role that may create roles and databases. For node "archive-0" the role and the database are
# both named roko_archive_0; the database is owned by the role, so the node's tables (created on first start) are too.
# A new password is generated and set on every run: re-running rotates it (restart the node with the new fragment).
# The fragment goes to FILE (default ./NODE_NAME.postgres.conf), created with mode 0600: it holds the password.
set -euo pipefail
name="${1:-}"; shift || true
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:-}"; shift 2 ;;
    *) echo "create-node-database.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [[ ! "$name" =~ ^[a-z][a-z0-9-]{0,40}$ ]]; then
  echo "create-node-database.sh: NODE_NAME must be lower-case letters, digits and '-', starting with a letter (got '$name')" >&2
  exit 2
fi
command -v psql >/dev/null || { echo "create-node-database.sh: psql not found (Debian package postgresql-client)" >&2; exit 1; }
out="${out:-./$name.postgres.conf}"
ident="roko_${name//-/_}"
password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)"

run_sql() { psql -v ON_ERROR_STOP=1 -X -q -d "${PGDATABASE:-postgres}" "$@"; }
role_exists="$(run_sql -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$ident'")"
if [[ "$role_exists" == 1 ]]; then
  run_sql -c "ALTER ROLE $ident WITH LOGIN PASSWORD '$password'"
  echo "role $ident exists: password rotated"
else
  run_sql -c "CREATE ROLE $ident WITH LOGIN PASSWORD '$password'"
  echo "role $ident created"
fi
db_exists="$(run_sql -tA -c "SELECT 1 FROM pg_database WHERE datname = '$ident'")"
if [[ "$db_exists" == 1 ]]; then
  run_sql -c "ALTER DATABASE $ident OWNER TO $ident"
  echo "database $ident exists: owner is $ident"
else
  run_sql -c "CREATE DATABASE $ident OWNER $ident"
  echo "database $ident created, owned by $ident"
fi
# Only the owner may connect; the public schema belongs to the owner, so the node creates its tables there.
run_sql -c "REVOKE CONNECT, TEMPORARY ON DATABASE $ident FROM PUBLIC"
run_sql -d "$ident" -c "ALTER SCHEMA public OWNER TO $ident"

host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
umask 077
tmp="$(mktemp "$(dirname "$out")/.${name}.postgres.conf.XXXXXX")"
cat > "$tmp" <<CONF
# PostgreSQL persistence of node $name (written by deploy/postgres/create-node-database.sh; holds a password: mode 0600).
include "persistence-postgres.conf"
roko.persistence.postgres.connection-string = "Host=$host;Port=$port;Database=$ident;Username=$ident;Password=$password"
CONF
mv "$tmp" "$out"
echo "wrote $out"
