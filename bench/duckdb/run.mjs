// The DuckDB side of the segment benchmark (bench/segment_bench.cpp runs it).
//
//   node run.mjs SPEC.json
//
// SPEC: { threads, runs, enums: [{name, variants}], tables: [{name, file, columns:
// [[name, type]]}], setup?: [statement], queries: [{name, sql}], save? }. The setup
// statements run after the load, before the queries (untimed). Loads every table into an
// in-memory table with CREATE TABLE ... AS SELECT * FROM read_csv(...) and the given
// column types (timed: the CSV load), then runs each query `runs` times as
// SELECT count(*), sum(id) FROM (sql) and keeps the best time. With `save` (a path),
// then writes the loaded tables to that DuckDB database file, for fresh.mjs: after the
// queries, so that the write does not run beside them; through a temporary file, so
// that an interrupted run leaves no half-written database behind. Prints one JSON
// object: { version, threads, load: {seconds, tables: [{name, rows, seconds}]},
//   queries: [{name, seconds, times, count, id_sum}], save: {seconds} }
// (count and id_sum as strings; save only with `save`).
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

const instance = await DuckDBInstance.create(':memory:', { threads: String(spec.threads) });
const db = await instance.connect();
const one = async (sql) => (await db.runAndReadAll(sql)).getRows()[0];

for (const e of spec.enums) {
  await db.run(`CREATE TYPE ${ident(e.name)} AS ENUM (${e.variants.map(quote).join(', ')})`);
}

const out = {
  version: (await one('SELECT version()'))[0],
  threads: Number((await one("SELECT current_setting('threads')"))[0]),
  load: { seconds: 0, tables: [] },
  queries: [],
};

for (const t of spec.tables) {
  const columns = `{${t.columns.map(([n, ty]) => `${quote(n)}: ${quote(ty)}`).join(', ')}}`;
  const sql = `CREATE TABLE ${ident(t.name)} AS SELECT * FROM read_csv(${quote(t.file)}, header = true, ` +
    `delim = ',', quote = '"', escape = '"', columns = ${columns})`;
  const t0 = process.hrtime.bigint();
  await db.run(sql);
  const s = seconds(t0);
  const rows = (await one(`SELECT count(*) FROM ${ident(t.name)}`))[0];
  out.load.tables.push({ name: t.name, rows: String(rows), seconds: s });
  out.load.seconds += s;
}

for (const statement of spec.setup ?? []) await db.run(statement);

for (const q of spec.queries) {
  const sql = `SELECT count(*)::BIGINT, coalesce(sum(id), 0)::BIGINT FROM (${q.sql}) AS q`;
  const times = [];
  let answer;
  for (let r = 0; r < spec.runs; ++r) {
    const t0 = process.hrtime.bigint();
    answer = await one(sql);
    times.push(seconds(t0));
  }
  out.queries.push({ name: q.name, seconds: Math.min(...times), times, count: String(answer[0]), id_sum: String(answer[1]) });
}

if (spec.save) {
  const tmp = `${spec.save}.tmp`;
  for (const f of [tmp, `${tmp}.wal`]) rmSync(f, { force: true });
  const t0 = process.hrtime.bigint();
  await db.run(`ATTACH ${quote(tmp)} AS bench_file`);
  await db.run('COPY FROM DATABASE memory TO bench_file');  // the enum types too
  await db.run('DETACH bench_file');  // checkpoints: no WAL file left beside it
  renameSync(tmp, spec.save);
  out.save = { seconds: seconds(t0) };
}

process.stdout.write(JSON.stringify(out) + '\n');
