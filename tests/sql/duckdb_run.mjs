// Runs SQL files on an in-memory DuckDB (the npm package bench/duckdb installs): the
// SQL backend's DuckDB tests (tests/sql/).
//
//   node duckdb_run.mjs FILE.sql...
//
// Each file holds statements separated by `;` at the end of a line; all run in order
// in one connection, and the rows of each file's last statement are printed after a
// line `== FILE`, one JSON array per row (integers as strings, NULL as null), or a
// line {"error": MESSAGE} when a statement of the file failed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../bench/duckdb/', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
await db.run("SET TimeZone = 'UTC'");
// JSON has no infinities: a float that is not finite travels as text ("-Infinity").
const value = (v) =>
  v === null ? null : typeof v === 'bigint' || typeof v === 'object' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;

for (const file of process.argv.slice(2)) {
  process.stdout.write(`== ${file}\n`);
  const statements = readFileSync(file, 'utf8').split(/;\s*\n/).filter((s) => s.trim());
  try {
    let reader;
    for (const statement of statements) reader = await db.runAndReadAll(statement);
    for (const row of reader ? reader.getRows() : []) process.stdout.write(JSON.stringify(row.map(value)) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: e.message.split('\n')[0] }) + '\n');
  }
}
