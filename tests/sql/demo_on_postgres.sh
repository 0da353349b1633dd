# Sourced by the tests that run `sam` against a PostgreSQL server (under
# tests/sql/with_postgres.sh, after tests/support/script_lib.sh): `url` and `psql` for
# the server, and demo_on_postgres, which makes N demo customers with `sam gen` in
# DIR and loads them into the server's tables for PROGRAM (the files' times without
# an offset are Europe/Amsterdam's, the example schema's zone).
url="host=$PGHOST user=$PGUSER dbname=postgres"
psql=(psql -X -q -v ON_ERROR_STOP=1 -d "$url")

demo_on_postgres() {  # sam program customers dir
  local sam=$1 program=$2 customers=$3 dir=$4 f t header
  "$sam" gen --customers "$customers" --out "$dir" > /dev/null || fail "sam gen"
  "$sam" compile --target postgres "$program" --create-tables | "${psql[@]}" || fail "create tables"
  for f in "$dir"/*.csv; do
    t=$(basename "$f" .csv)
    header=$(head -1 "$f" | sed 's/\([^,]*\)/"\1"/g')
    PGTZ=Europe/Amsterdam "${psql[@]}" -c "\\copy \"$t\" ($header) FROM '$f' WITH (FORMAT csv, HEADER true)" ||
      fail "copy $t"
  done
}
