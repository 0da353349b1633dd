#include "cli/pg_session.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sam::cli {

PgConnection PgConnect(const std::string& url) {
  if (std::string why; !LoadLibpq(why)) {
    fmt::print(stderr, "sam: error: --engine: cannot load PostgreSQL's client library: {}\n", why);
    return PgConnection(nullptr, &PQfinish);
  }
  PgConnection c(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) {
    fmt::print(stderr, "sam: error: --engine: cannot connect: {}", PQerrorMessage(c.get()));
    return PgConnection(nullptr, &PQfinish);
  }
  PQsetNoticeProcessor(
      c.get(), [](void*, const char*) {}, nullptr);
  return c;
}

PgResult PgExec(PGconn* c, const std::string& sql, std::string& error) {
  PgResult r(PQexec(c, sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) error = PQresultErrorMessage(r.get());
  return r;
}

int64_t PgCopyToFile(PGconn* c, const std::string& query, const std::string& path, std::string& error) {
  std::unique_ptr<FILE, decltype(&fclose)> out(fopen(path.c_str(), "wb"), &fclose);
  if (!out) {
    error = fmt::format("{}: {}\n", path, strerror(errno));
    return -1;
  }
  PgResult start(PQexec(c, ("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER true)").c_str()), &PQclear);
  if (PQresultStatus(start.get()) != PGRES_COPY_OUT) {
    error = PQresultErrorMessage(start.get());
    return -1;
  }
  int64_t lines = 0;
  bool written = true;
  char* buffer = nullptr;
  int n;
  while ((n = PQgetCopyData(c, &buffer, 0)) > 0) {  // one row (a CSV line) at a time
    written &= fwrite(buffer, 1, static_cast<size_t>(n), out.get()) == static_cast<size_t>(n);
    PQfreemem(buffer);
    ++lines;
  }
  PgResult end(PQgetResult(c), &PQclear);
  while (PGresult* more = PQgetResult(c)) PQclear(more);
  if (n == -2 || PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    error = PQresultErrorMessage(end.get());
    if (error.empty()) error = PQerrorMessage(c);
    return -1;
  }
  if (!written || fflush(out.get()) != 0) {
    error = fmt::format("{}: {}\n", path, strerror(errno));
    return -1;
  }
  return lines - 1;  // the header
}

}  // namespace sam::cli
