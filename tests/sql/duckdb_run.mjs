// Runs SQL files on an in-memory DuckDB (the npm package bench/duckdb installs) and
// prints each statement's rows as CSV: the SQL backend's DuckDB test (tests/sql/).
//
//   node duckdb_run.mjs SETUP.sql QUERY.sql...
//
// SETUP runs first, statement by statement (CREATE TABLE, INSERT ... FROM read_csv,
// helper macros). Each QUERY file is one statement; its rows follow a line `== FILE`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../bench/duckdb/', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
await db.run("SET TimeZone = 'UTC'");
const text = (v) => (v === null ? '' : typeof v === 'object' ? v.toString() : String(v));

const setup = readFileSync(process.argv[2], 'utf8');
for (const statement of setup.split(/;\s*\n/)) {
  if (statement.trim()) await db.run(statement);
}
for (const file of process.argv.slice(3)) {
  process.stdout.write(`== ${file}\n`);
  try {
    const reader = await db.runAndReadAll(readFileSync(file, 'utf8'));
    process.stdout.write(reader.columnNames().join(',') + '\n');
    for (const row of reader.getRows()) process.stdout.write(row.map(text).join(',') + '\n');
  } catch (e) {
    process.stdout.write(`ERROR ${e.message.split('\n')[0]}\n`);
  }
}
