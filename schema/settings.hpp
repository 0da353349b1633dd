// A schema's stored settings and their fingerprint: what a snapshot records about the
// program it was loaded for, so that it opens only for a program whose values it can
// answer (same tables, fields, types, enums and time zone).
#pragma once

#include <string>
#include <string_view>

#include "schema/schema.hpp"

namespace sam {

// Everything the stored values depend on, as text, a line per item: the program's time
// zone (with the zone database's version, when the zone is not UTC: it decides the
// instant of a wall-clock time), then every table (name, kind, key, time column) with
// its fields (name, type, optional) in order, and every enum with its variants in
// order. Lets, segments, campaigns and the policy are not in it.
std::string StoredSettings(const Schema& schema);
std::string StoredSettings(const Schema& schema, std::string_view tzdata_version);

// What changed from the settings a snapshot was stored with to a program's settings,
// in words, for the error that refuses the snapshot (empty when they are equal).
std::string SettingsChange(std::string_view stored, std::string_view wanted);

// A stable hash of StoredSettings. A snapshot opens only for a program with the same
// fingerprint.
std::string SchemaFingerprint(const Schema& schema);
std::string FingerprintOf(std::string_view settings);

}  // namespace sam
