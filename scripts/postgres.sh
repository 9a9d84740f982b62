# PostgreSQL for the test suite (sourced by scripts/test). Starts the machine's cluster when
# it is down, makes the `hakpaeng` role and test database, exports HAKPAENG_TEST_PG_URL, and
# stops the server again by its PID when the suite ends, if this script started it.
# A caller who sets HAKPAENG_TEST_PG_URL themselves gets that server untouched.

PG_STARTED_PID=""

stop_postgres() {
  if [ -n "$PG_STARTED_PID" ] && kill -0 "$PG_STARTED_PID" 2>/dev/null; then
    echo "stopping the PostgreSQL server this run started (pid $PG_STARTED_PID)"
    as_root kill -INT "$PG_STARTED_PID"
    for _ in $(seq 1 50); do kill -0 "$PG_STARTED_PID" 2>/dev/null || break; sleep 0.2; done
  fi
}

pg_sql() {
  as_root su postgres -c "psql -p $PG_PORT -qtAc \"$1\""
}

start_postgres() {
  if [ -n "${HAKPAENG_TEST_PG_URL:-}" ]; then
    echo "using HAKPAENG_TEST_PG_URL as given"
    return
  fi
  local version cluster status datadir
  read -r version cluster PG_PORT status _ datadir _ < <(pg_lsclusters -h | head -n 1)
  if [ -z "${version:-}" ]; then
    echo "no PostgreSQL cluster found (pg_lsclusters)" >&2
    return 1
  fi
  if [ "$status" != online ]; then
    as_root pg_ctlcluster "$version" "$cluster" start
    PG_STARTED_PID=$(as_root head -n 1 "$datadir/postmaster.pid")
    echo "started PostgreSQL $version/$cluster on port $PG_PORT (pid $PG_STARTED_PID)"
  fi
  if [ "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = 'hakpaeng'")" != 1 ]; then
    pg_sql "CREATE ROLE hakpaeng LOGIN CREATEDB PASSWORD 'hakpaeng'"
  fi
  if [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = 'hakpaeng_test'")" != 1 ]; then
    pg_sql "CREATE DATABASE hakpaeng_test OWNER hakpaeng"
  fi
  # Databases left by an interrupted earlier run.
  for db in $(pg_sql "SELECT datname FROM pg_database WHERE datname LIKE 'hk\_test\_%'"); do
    pg_sql "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
  export HAKPAENG_TEST_PG_URL="postgres://hakpaeng:hakpaeng@127.0.0.1:$PG_PORT/hakpaeng_test"
}
