// Digests of the small tables a run reads whole (runs, campaigns, pending,
// memberships, texts): SQLite's own checks find damage to a page's structure, not a
// flipped bit in a value, which would change a plan without a word (a previous run's
// `now` moved by months, a customer added to a stored membership). Each commit stores
// a digest of every such table; every open compares them.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace sam::engine::state {

// The tables guarded, in the order they are checked.
inline constexpr const char* kDigestedTables[] = {"runs", "campaigns", "pending", "memberships", "texts"};

// FNV-1a (64 bits) of the table's rows in rowid order, each value with its type: any
// one changed byte changes it (each step of FNV-1a is a bijection of its state).
uint64_t TableDigest(sqlite3* db, const std::string& path, const char* table);

// Stores the digest of every guarded table (in the caller's transaction).
void StoreDigests(sqlite3* db, const std::string& path);

// The first guarded table whose digest differs from the stored one, or empty; read in
// one transaction of its own.
std::string ChangedTable(sqlite3* db, const std::string& path);

}  // namespace sam::engine::state
