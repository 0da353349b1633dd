// The runtime's types the interpreter works with, by their short names.
#pragma once

#include "runtime/data/column.hpp"
#include "runtime/data/database.hpp"
#include "runtime/exec/morsels.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/exec/timezone.hpp"

namespace sam::interp {

using rt::Column;
using rt::Database;
using rt::Encoding;
using rt::FloorDiv;
using rt::kMorsel;
using rt::RuntimeError;
using rt::Table;
using rt::TimeZoneTable;

}  // namespace sam::interp
