// Runs SQL files on ClickHouse in-process (chDB, the npm package tests/sql/clickhouse
// installs): the SQL backend's ClickHouse tests (tests/sql/), as duckdb_run.mjs does
// for DuckDB.
//
//   node clickhouse_run.mjs FILE.sql...
//
// Each file holds statements separated by `;` at the end of a line; all run in order
// in one session (a temporary database directory), and the rows of each file's last
// statement are printed after a line `== FILE`, one JSON array per row (NULL as null,
// booleans as true/false), or a line {"error": MESSAGE} when a statement failed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('./clickhouse/', import.meta.url));
const { Session } = require('chdb');

const session = new Session();
// Times in the data files are ISO 8601 with an offset (best_effort reads them).
session.query("SET output_format_json_quote_64bit_integers = 1, output_format_json_quote_decimals = 1, output_format_json_quote_denormals = 1, date_time_input_format = 'best_effort', input_format_csv_trim_whitespaces = 0, session_timezone = 'UTC'");
// Values as text, so that 64-bit integers and decimals keep every digit.
const text = (v) => (v === null ? null : typeof v === 'boolean' ? v : String(v));

for (const file of process.argv.slice(2)) {
  process.stdout.write(`== ${file}\n`);
  const statements = readFileSync(file, 'utf8').split(/;\s*\n/).filter((s) => s.trim());
  try {
    let out = '';
    for (const statement of statements) {
      out = session.query(statement, 'JSONCompactEachRow');
    }
    for (const line of (out || '').split('\n')) {
      if (line.trim()) process.stdout.write(JSON.stringify(JSON.parse(line).map(text)) + '\n');
    }
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e.message).split('\n')[0] }) + '\n');
  }
}
session.close();
