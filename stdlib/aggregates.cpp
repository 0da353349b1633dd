#include "stdlib/aggregates.hpp"

namespace sam {

std::string_view AggOpText(AggOp op) {
  switch (op) {
    case AggOp::Count: return "count";
    case AggOp::Sum: return "sum";
    case AggOp::Min: return "min";
    case AggOp::Max: return "max";
    case AggOp::Avg: return "avg";
    case AggOp::First: return "first";
    case AggOp::Last: return "last";
    case AggOp::Any: return "any";
    case AggOp::All: return "all";
    case AggOp::None: return "none";
  }
  return "?";
}

}  // namespace sam
