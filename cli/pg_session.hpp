// A PostgreSQL session through libpq, for the commands that run on a server
// (`sam query --engine`, `sam run --engine`).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

namespace sam::cli {

using PgConnection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Loads libpq (cli/libpq_loader.cpp), once; false with the loader's message when
// it cannot. PgConnect does first.
bool LoadLibpq(std::string& error);

// Connects to `url` (a libpq URI or connection string) with the server's notices
// silenced. Null, printed (`sam: error: --engine: cannot connect: ...`), when it cannot.
PgConnection PgConnect(const std::string& url);

// The statement's result; `error` set to the server's message when it failed.
PgResult PgExec(PGconn* c, const std::string& sql, std::string& error);

// `COPY (query) TO STDOUT` in CSV with a header, into the file at `path`: the rows
// written, or -1 with `error` set (the server's message, or the file's).
int64_t PgCopyToFile(PGconn* c, const std::string& query, const std::string& path, std::string& error);

}  // namespace sam::cli
