// The reductions of aggregates over a batch of event segments, one function per class
// of aggregate (aggregate.cpp builds the batches and dispatches).
#include "backends/interp/aggregate_reduce.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include "ir/eval.hpp"

namespace sam::interp {

using i128 = __int128;

void ReduceTests(const AggBatch& batch, Vec& out) {
  const ir::AggSpec& g = batch.g;
  const Vec* filter = batch.filter;
  auto match = [&](uint64_t x) { return !filter || filter->True(x); };
  for (size_t r = batch.r0; r < batch.r1; ++r) {
    const uint64_t b = batch.begin[r - batch.r0], en = batch.end[r - batch.r0];
    if (g.op == AggOp::All) {
      bool all = true;
      for (uint64_t x = b; x < en && all; ++x) all = match(x);
      out.i[r] = all;
      continue;
    }
    bool any = false;
    for (uint64_t x = b; x < en && !any; ++x) any = match(x);
    out.i[r] = g.op == AggOp::Any ? any : !any;
  }
}

void ReduceCount(const AggBatch& batch, Vec& out) {
  const ir::AggSpec& g = batch.g;
  const Vec* filter = batch.filter;
  const Vec* value = batch.value;
  auto match = [&](uint64_t x) { return !filter || filter->True(x); };
  auto has_value = [&](uint64_t x) { return value == nullptr || value->Present(x); };
  for (size_t r = batch.r0; r < batch.r1; ++r) {
    const uint64_t b = batch.begin[r - batch.r0], en = batch.end[r - batch.r0];
    if (g.distinct && value) {
      if (value->kind == TypeKind::String) {
        std::vector<std::string_view> seen;
        for (uint64_t x = b; x < en; ++x) {
          if (match(x) && has_value(x)) seen.push_back(value->s[x]);
        }
        std::sort(seen.begin(), seen.end());
        out.i[r] = std::unique(seen.begin(), seen.end()) - seen.begin();
      } else if (value->kind == TypeKind::Float) {
        std::vector<double> seen;
        for (uint64_t x = b; x < en; ++x) {
          if (match(x) && has_value(x)) seen.push_back(value->f[x]);
        }
        // In FloatOrder: NaNs are one value, -0.0 and 0.0 another (`<` is no order with a NaN).
        std::sort(seen.begin(), seen.end(), [](double a, double b) { return FloatOrder(a, b) < 0; });
        out.i[r] = std::unique(seen.begin(), seen.end(), [](double a, double b) { return FloatOrder(a, b) == 0; }) -
                   seen.begin();
      } else {
        std::vector<int64_t> seen;
        for (uint64_t x = b; x < en; ++x) {
          if (match(x) && has_value(x)) seen.push_back(value->i[x]);
        }
        std::sort(seen.begin(), seen.end());
        out.i[r] = std::unique(seen.begin(), seen.end()) - seen.begin();
      }
      continue;
    }
    int64_t k = 0;
    if (!filter && value && value->all_present()) {
      k = static_cast<int64_t>(en - b);
    } else if (filter && filter->all_present() && (!value || value->all_present())) {
      for (uint64_t x = b; x < en; ++x) k += filter->i[x] != 0;
    } else {
      for (uint64_t x = b; x < en; ++x) k += match(x) && has_value(x);
    }
    out.i[r] = k;
  }
}

std::optional<size_t> ReduceSum(const AggBatch& batch, Vec& out) {
  const ir::AggSpec& g = batch.g;
  const Vec* filter = batch.filter;
  const Vec* value = batch.value;
  auto match = [&](uint64_t x) { return !filter || filter->True(x); };
  auto has_value = [&](uint64_t x) { return value == nullptr || value->Present(x); };
  const Type value_type = batch.value_type;
  const ir::Node& n = batch.n;
  for (size_t r = batch.r0; r < batch.r1; ++r) {
    const uint64_t b = batch.begin[r - batch.r0], en = batch.end[r - batch.r0];
    int64_t k = 0;
    if (value->kind == TypeKind::Float) {
      double acc = 0;
      for (uint64_t x = b; x < en; ++x) {
        if (match(x) && has_value(x)) acc += value->f[x], ++k;
      }
      if (g.op == AggOp::Sum) {
        out.f[r] = acc;
      } else if (k > 0) {
        out.f[r] = acc / static_cast<double>(k);
        out.present[r] = 1;
      }
      continue;
    }
    i128 acc = 0;
    if (!filter && value->all_present()) {
      for (uint64_t x = b; x < en; ++x) acc += value->i[x];
      k = static_cast<int64_t>(en - b);
    } else {
      for (uint64_t x = b; x < en; ++x) {
        if (match(x) && has_value(x)) acc += value->i[x], ++k;
      }
    }
    if (g.op == AggOp::Avg) {
      if (k == 0) continue;
      // An average of ints is a decimal: scale before dividing.
      if (value_type.kind == TypeKind::Int && n.type.kind == TypeKind::Decimal) acc *= kDecimalScale;
      acc = ir::RoundDiv(acc, k);
      out.present[r] = 1;
    }
    if (acc < std::numeric_limits<int64_t>::min() || acc > std::numeric_limits<int64_t>::max()) {
      return r;
    }
    out.i[r] = static_cast<int64_t>(acc);
  }
  return std::nullopt;
}

void ReduceMinMax(const AggBatch& batch, Vec& out) {
  const ir::AggSpec& g = batch.g;
  const Vec* filter = batch.filter;
  const Vec* value = batch.value;
  auto match = [&](uint64_t x) { return !filter || filter->True(x); };
  auto has_value = [&](uint64_t x) { return value == nullptr || value->Present(x); };
  const TypeKind out_kind = batch.out_kind;
  for (size_t r = batch.r0; r < batch.r1; ++r) {
    const uint64_t b = batch.begin[r - batch.r0], en = batch.end[r - batch.r0];
    bool is_min = g.op == AggOp::Min;
    int64_t best = -1;
    for (uint64_t x = b; x < en; ++x) {
      if (!match(x) || !has_value(x)) continue;
      if (best < 0) {
        best = static_cast<int64_t>(x);
        continue;
      }
      bool better;
      if (value->kind == TypeKind::Float) {
        const int order = FloatOrder(value->f[x], value->f[best]);  // NaN above all else
        better = is_min ? order < 0 : order > 0;
      } else if (value->kind == TypeKind::String) {
        better = is_min ? value->s[x] < value->s[best] : value->s[x] > value->s[best];
      } else {
        better = is_min ? value->i[x] < value->i[best] : value->i[x] > value->i[best];
      }
      if (better) best = static_cast<int64_t>(x);
    }
    if (best >= 0) {
      if (out_kind == TypeKind::Float) {
        out.f[r] = value->f[best];
      } else if (out_kind == TypeKind::String) {
        out.s[r] = value->s[best];
      } else {
        out.i[r] = value->i[best];
      }
      out.present[r] = 1;
    }
  }
}

void ReduceFirstLast(const AggBatch& batch, Vec& out) {
  const ir::AggSpec& g = batch.g;
  const Vec* filter = batch.filter;
  const Vec* value = batch.value;
  auto match = [&](uint64_t x) { return !filter || filter->True(x); };
  auto has_value = [&](uint64_t x) { return value == nullptr || value->Present(x); };
  const TypeKind out_kind = batch.out_kind;
  for (size_t r = batch.r0; r < batch.r1; ++r) {
    const uint64_t b = batch.begin[r - batch.r0], en = batch.end[r - batch.r0];
    // Events are sorted by time; equal times keep the file's order.
    int64_t pick = -1;
    auto eligible = [&](uint64_t x) { return match(x) && (g.row_field || has_value(x)); };
    if (g.op == AggOp::First) {
      for (uint64_t x = b; x < en && pick < 0; ++x) {
        if (eligible(x)) pick = static_cast<int64_t>(x);
      }
    } else {
      for (uint64_t x = en; x > b && pick < 0; --x) {
        if (eligible(x - 1)) pick = static_cast<int64_t>(x - 1);
      }
    }
    if (pick >= 0 && value && value->Present(pick)) {
      if (out_kind == TypeKind::Float) {
        out.f[r] = value->f[pick];
      } else if (out_kind == TypeKind::String) {
        out.s[r] = value->s[pick];
      } else {
        out.i[r] = value->i[pick];
      }
      out.present[r] = 1;
    }
  }
}

}  // namespace sam::interp
