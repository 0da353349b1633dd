// The number built-ins over vectors: rounding, conversions, least/greatest, bucket
// (builtins.cpp dispatches).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/calendar.hpp"
#include "stdlib/bucket_hash.hpp"

namespace sam::interp {

using stdlib::BuiltinId;

namespace {

constexpr int64_t kScale = kDecimalScale;

constexpr uint64_t Pow10(size_t k) { return k == 0 ? 1 : 10 * Pow10(k - 1); }

bool Fits(__int128 v) { return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max(); }

}  // namespace

void MorselEval::NumberBuiltin(BuiltinCall& call, Scope& scope) {
  const ir::Node& n = call.n;
  const std::vector<const Vec*>& a = call.a;
  const std::vector<Type>& t = call.t;
  Vec& out = call.out;
  auto each = [&call](auto fn) { call.Each(fn); };
  switch (static_cast<BuiltinId>(call.n.a)) {
    case BuiltinId::Abs:
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) { out.f[r] = std::fabs(a[0]->f[r]); });
      } else {
        each([&](size_t r) {
          if (a[0]->i[r] == std::numeric_limits<int64_t>::min()) Fail(scope, r, n, "value out of range in `abs`");
          out.i[r] = a[0]->i[r] < 0 ? -a[0]->i[r] : a[0]->i[r];
        });
      }
      break;
    case BuiltinId::Round:
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) {
          double p = std::pow(10.0, static_cast<double>(a[1]->i[r]));
          out.f[r] = std::round(a[0]->f[r] * p) / p;
        });
      } else if (const ir::Node& d = p_.at(n.args[1]); d.op == ir::Op::Const && d.value.i < 6 && d.value.i >= -12) {
        // Digits written in the program (the usual case): rounded by a divisor known
        // here, which the compiler makes a multiplication (a 128-bit division per row
        // was slower than DuckDB's round).
        const int64_t k = 6 - d.value.i;  // 1..18
        auto round_by = [&]<uint64_t F>() {
          each([&](size_t r) {
            const int64_t x = a[0]->i[r];
            const uint64_t m = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
            const uint64_t q = (m + F / 2) / F * F;  // m <= 2^63, F / 2 < 2^59: no wrap
            if (q > (x < 0 ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX)))
              Fail(scope, r, n, "value out of range in `round`");
            out.i[r] = x < 0 ? static_cast<int64_t>(0 - q) : static_cast<int64_t>(q);
          });
        };
        [&]<size_t... K>(std::index_sequence<K...>) {
          (void)((k == static_cast<int64_t>(K) + 1 ? (round_by.template operator()<Pow10(K + 1)>(), true) : false) ||
                 ...);
        }
        (std::make_index_sequence<18>{});
      } else {
        each([&](size_t r) {
          int64_t digits = a[1]->i[r];
          int64_t x = a[0]->i[r];
          if (digits >= 6) {
            out.i[r] = x;
            return;
          }
          if (digits < -12) {  // 10^(6 - digits) beyond every decimal (and 6 - digits may overflow)
            out.i[r] = 0;
            return;
          }
          const __int128 f = Pow10(static_cast<size_t>(6 - digits));  // 10^1 .. 10^18
          __int128 m = x < 0 ? -static_cast<__int128>(x) : x;
          __int128 q = (m + f / 2) / f * f;
          __int128 v = x < 0 ? -q : q;
          if (!Fits(v)) Fail(scope, r, n, "value out of range in `round`");
          out.i[r] = static_cast<int64_t>(v);
        });
      }
      break;
    case BuiltinId::Floor:
    case BuiltinId::Ceil: {
      bool floor = static_cast<BuiltinId>(n.a) == BuiltinId::Floor;
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) {
          double v = floor ? std::floor(a[0]->f[r]) : std::ceil(a[0]->f[r]);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for an int");
          out.i[r] = static_cast<int64_t>(v);
        });
      } else {
        each([&](size_t r) { out.i[r] = floor ? FloorDiv(a[0]->i[r], kScale) : -FloorDiv(-a[0]->i[r], kScale); });
      }
      break;
    }
    case BuiltinId::Least:
    case BuiltinId::Greatest: {
      bool least = static_cast<BuiltinId>(n.a) == BuiltinId::Least;
      if (t[0].kind == TypeKind::Float) {
        // In FloatOrder (NaN above every other value), as comparisons order floats.
        each([&](size_t r) {
          const double x = a[0]->f[r], y = a[1]->f[r];
          out.f[r] = least ? (FloatOrder(y, x) < 0 ? y : x) : (FloatOrder(x, y) < 0 ? y : x);
        });
      } else {
        each([&](size_t r) { out.i[r] = least ? std::min(a[0]->i[r], a[1]->i[r]) : std::max(a[0]->i[r], a[1]->i[r]); });
      }
      break;
    }
    case BuiltinId::ToFloat:
      each([&](size_t r) {
        switch (t[0].kind) {
          case TypeKind::Float: out.f[r] = a[0]->f[r]; break;
          case TypeKind::Decimal: out.f[r] = static_cast<double>(a[0]->i[r]) / kScale; break;
          case TypeKind::Error: case TypeKind::Int: case TypeKind::Bool: case TypeKind::String:
          case TypeKind::Date: case TypeKind::Timestamp: case TypeKind::Duration: case TypeKind::Enum:
          case TypeKind::Set: case TypeKind::Stream: case TypeKind::Row: case TypeKind::RefTable:
            out.f[r] = static_cast<double>(a[0]->i[r]); break;
        }
      });
      break;
    case BuiltinId::ToDecimal:
      each([&](size_t r) {
        if (t[0].kind == TypeKind::Float) {
          double v = std::nearbyint(a[0]->f[r] * kScale);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for a decimal");
          out.i[r] = static_cast<int64_t>(v);
        } else if (t[0].kind == TypeKind::Int) {
          if (__builtin_mul_overflow(a[0]->i[r], kScale, &out.i[r])) Fail(scope, r, n, "value out of range for a decimal");
        } else {
          out.i[r] = a[0]->i[r];
        }
      });
      break;
    case BuiltinId::ToInt:
      each([&](size_t r) {
        if (t[0].kind == TypeKind::Float) {
          double v = std::trunc(a[0]->f[r]);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for an int");
          out.i[r] = static_cast<int64_t>(v);
        } else if (t[0].kind == TypeKind::Decimal) {
          out.i[r] = a[0]->i[r] / kScale;
        } else {
          out.i[r] = a[0]->i[r];
        }
      });
      break;
    case BuiltinId::Bucket:
      EnsureRows(scope);
      each([&](size_t r) {
        int64_t k = a[1]->i[r];
        if (k <= 0) Fail(scope, r, n, fmt::format("`bucket` needs a positive number of buckets, got {}", k));
        size_t slot = scope.depth < 0 ? r : scope.cust[r];
        std::string key = in_.CustomerKey(first_customer() + slot);
        out.i[r] = static_cast<int64_t>(BucketHash(key, a[0]->s[r]) % static_cast<uint64_t>(k));
      });
      break;
    case BuiltinId::DaysSince: case BuiltinId::HoursSince: case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween: case BuiltinId::YearsBetween: case BuiltinId::YearsSince:
    case BuiltinId::DateOf: case BuiltinId::StartOf: case BuiltinId::Year: case BuiltinId::Month:
    case BuiltinId::Day: case BuiltinId::Weekday: case BuiltinId::AddMonths:
    case BuiltinId::AddYears: case BuiltinId::Anniversary: case BuiltinId::IsAnniversary:
    case BuiltinId::Days: case BuiltinId::Hours: case BuiltinId::Lower: case BuiltinId::Upper:
    case BuiltinId::Trim: case BuiltinId::Length: case BuiltinId::Contains:
    case BuiltinId::StartsWith: case BuiltinId::EndsWith: case BuiltinId::CountryTimeZone:
    case BuiltinId::Rank: case BuiltinId::Percentile: break;  // not a number built-in
  }
}

}  // namespace sam::interp
