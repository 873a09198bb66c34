#!/bin/sh
# Runs once, on the database's first start (docker-entrypoint-initdb.d): a login role that can read every table and
# view of the pulse database and change nothing, for Grafana's PostgreSQL data source.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$GRAFANA_DB_PASSWORD" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT pg_read_all_data TO grafana_reader;
ALTER ROLE grafana_reader SET default_transaction_read_only = on;
SQL
