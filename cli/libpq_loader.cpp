// libpq, loaded when a command first talks to PostgreSQL (`--engine`): linked into
// `sam`, it and the two dozen libraries it brings (GnuTLS, Kerberos, LDAP, ...) cost
// every process about 7 ms at start, a third of a one-shot `sam query`. The libpq
// functions `sam` calls are defined here and forward to the library's, so the code
// that uses them is written against libpq-fe.h as usual; they are reached only after
// PgConnect has loaded it.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/pg_session.hpp"

namespace sam::cli {
namespace {

// The library's soname on Debian (libpq5).
constexpr const char* kLibpq = "libpq.so.5";

// clang-format off
#define SAM_LIBPQ_FUNCTIONS(X)                                                              \
  X(PQclear) X(PQconnectdb) X(PQdb) X(PQerrorMessage) X(PQexec) X(PQfinish) X(PQfname)      \
  X(PQfreemem) X(PQgetCopyData) X(PQgetResult) X(PQgetisnull) X(PQgetvalue) X(PQhost)       \
  X(PQnfields) X(PQntuples) X(PQresultErrorMessage) X(PQresultStatus) X(PQsetNoticeProcessor) \
  X(PQstatus)
// clang-format on

struct Libpq {
  std::string error;  // empty: loaded
#define SAM_LIBPQ_MEMBER(f) decltype(&::f) f = nullptr;
  SAM_LIBPQ_FUNCTIONS(SAM_LIBPQ_MEMBER)
#undef SAM_LIBPQ_MEMBER
};

const Libpq& Library() {
  static const Libpq lib = [] {
    Libpq l;
    // $SAM_LIBPQ: another build of the library (docs/cli.md).
    const char* path = std::getenv("SAM_LIBPQ");
    void* handle = dlopen(path && *path ? path : kLibpq, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      l.error = why ? why : kLibpq;
      return l;
    }
#define SAM_LIBPQ_LOOKUP(f)                                  \
  l.f = reinterpret_cast<decltype(&::f)>(dlsym(handle, #f)); \
  if (l.f == nullptr && l.error.empty()) l.error = std::string(kLibpq) + " has no " #f;
    SAM_LIBPQ_FUNCTIONS(SAM_LIBPQ_LOOKUP)
#undef SAM_LIBPQ_LOOKUP
    return l;
  }();
  return lib;
}

// Only after PgConnect loaded the library; a call before is a bug in `sam`.
const Libpq& Loaded() {
  const Libpq& l = Library();
  if (!l.error.empty()) {
    std::fprintf(stderr, "sam: internal error: libpq called but not loaded: %s\n", l.error.c_str());
    std::abort();
  }
  return l;
}

}  // namespace

bool LoadLibpq(std::string& error) {
  error = Library().error;
  return error.empty();
}

}  // namespace sam::cli

using sam::cli::Loaded;

extern "C" {
void PQclear(PGresult* r) { Loaded().PQclear(r); }
PGconn* PQconnectdb(const char* conninfo) { return Loaded().PQconnectdb(conninfo); }
char* PQdb(const PGconn* c) { return Loaded().PQdb(c); }
char* PQerrorMessage(const PGconn* c) { return Loaded().PQerrorMessage(c); }
PGresult* PQexec(PGconn* c, const char* query) { return Loaded().PQexec(c, query); }
void PQfinish(PGconn* c) { Loaded().PQfinish(c); }
char* PQfname(const PGresult* r, int field) { return Loaded().PQfname(r, field); }
void PQfreemem(void* p) { Loaded().PQfreemem(p); }
int PQgetCopyData(PGconn* c, char** buffer, int async) { return Loaded().PQgetCopyData(c, buffer, async); }
PGresult* PQgetResult(PGconn* c) { return Loaded().PQgetResult(c); }
int PQgetisnull(const PGresult* r, int row, int field) { return Loaded().PQgetisnull(r, row, field); }
char* PQgetvalue(const PGresult* r, int row, int field) { return Loaded().PQgetvalue(r, row, field); }
char* PQhost(const PGconn* c) { return Loaded().PQhost(c); }
int PQnfields(const PGresult* r) { return Loaded().PQnfields(r); }
int PQntuples(const PGresult* r) { return Loaded().PQntuples(r); }
char* PQresultErrorMessage(const PGresult* r) { return Loaded().PQresultErrorMessage(r); }
ExecStatusType PQresultStatus(const PGresult* r) { return Loaded().PQresultStatus(r); }
PQnoticeProcessor PQsetNoticeProcessor(PGconn* c, PQnoticeProcessor proc, void* arg) {
  return Loaded().PQsetNoticeProcessor(c, proc, arg);
}
ConnStatusType PQstatus(const PGconn* c) { return Loaded().PQstatus(c); }
}
