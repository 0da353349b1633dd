// One query of the segment benchmark in a fresh process (bench/fresh_process.cpp runs
// it once per timed run): the counterpart of `sam query --db SNAPSHOT -e QUERY`.
//
//   node fresh.mjs DBFILE SQL [THREADS]
//
// Opens the DuckDB database file that run.mjs wrote (`save`) read-only, runs
// SELECT count(*), sum(id) FROM (SQL) once and prints one JSON object:
// { count, id_sum, ready_seconds, open_seconds, seconds } (count and id_sum as
// strings). ready_seconds: from node's time origin (its start) to this script's first
// line, i.e. node's start-up and the import of DuckDB's native module; open_seconds:
// opening the file and connecting; seconds: the statement, its rows read back.
import { DuckDBInstance } from '@duckdb/node-api';

const ready = performance.now() / 1e3;
const [file, sql, threads] = process.argv.slice(2);
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

const t0 = process.hrtime.bigint();
const options = { access_mode: 'READ_ONLY' };
if (threads) options.threads = String(threads);
const instance = await DuckDBInstance.create(file, options);
const db = await instance.connect();
const open = seconds(t0);

const t1 = process.hrtime.bigint();
const reader = await db.runAndReadAll(`SELECT count(*)::BIGINT, coalesce(sum(id), 0)::BIGINT FROM (${sql}) AS q`);
const [count, idSum] = reader.getRows()[0];
const statement = seconds(t1);

process.stdout.write(JSON.stringify({
  count: String(count), id_sum: String(idSum), ready_seconds: ready, open_seconds: open, seconds: statement,
}) + '\n');
