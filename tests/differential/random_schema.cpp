#include "tests/differential/random_schema.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace sam::differential {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;
const std::vector<std::string> kZones = {"UTC", "Europe/Amsterdam", "America/New_York", "Asia/Tokyo", "Australia/Sydney"};
// Few distinct strings, so that a column is stored as a dictionary (what the JIT
// compares); a quarter of the string columns get many distinct ones instead.
const std::vector<std::string> kStrings = {"NL", "BE", "nl", "de", "Amsterdam", "a b", " x ", "Ünï", "zz", "NLD"};

Kind RandomKind(Rng& r) {
  const int w = r.Below(100);
  if (w < 24) return Kind::Int;
  if (w < 38) return Kind::Decimal;
  if (w < 48) return Kind::Float;
  if (w < 58) return Kind::Bool;
  if (w < 68) return Kind::String;
  if (w < 78) return Kind::Date;
  if (w < 88) return Kind::Timestamp;
  if (w < 94) return Kind::Duration;
  return Kind::Enum;
}

Field RandomField(Rng& r, std::string name, int enums) {
  Field f;
  f.name = std::move(name);
  f.kind = RandomKind(r);
  if (f.kind == Kind::Enum) f.enum_id = r.Below(enums);
  f.optional = r.Chance(40);
  f.all_absent = f.optional && r.Chance(15);
  f.extreme = f.kind != Kind::Bool && f.kind != Kind::String && f.kind != Kind::Enum && f.kind != Kind::Date && r.Chance(12);
  return f;
}

std::string TypeText(const RandomSchema& s, const Field& f) {
  static const char* names[] = {"int", "decimal", "float", "bool", "string", "date", "timestamp", "duration"};
  std::string t;
  if (f.kind == Kind::Enum) {
    const EnumDef& e = s.enums[f.enum_id];
    if (!e.name.empty()) {
      t = e.name;
    } else {
      t = "enum { ";
      for (size_t k = 0; k < e.variants.size(); ++k) t += (k ? ", " : "") + e.variants[k];
      t += " }";
    }
  } else {
    t = names[static_cast<int>(f.kind)];
  }
  return t + (f.optional ? "?" : "");
}

// ---- values as CSV text ----

std::string TimestampText(int64_t micros) {
  const int64_t day = micros >= 0 ? micros / kMicrosPerDay : -((-micros + kMicrosPerDay - 1) / kMicrosPerDay);
  const int64_t rest = micros - day * kMicrosPerDay;
  const int64_t secs = rest / 1'000'000, frac = rest % 1'000'000;
  std::string t = fmt::format("{}T{:02}:{:02}:{:02}", DateText(day), secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0) t += fmt::format(".{:06}", frac);
  return t + "Z";
}

std::string DecimalText(int64_t scaled) {
  const bool neg = scaled < 0;
  const uint64_t m = neg ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  std::string frac = fmt::format("{:06}", m % 1'000'000);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}{}{}", neg ? "-" : "", m / 1'000'000, frac.empty() ? "" : ".", frac);
}

int64_t ExtremeInt(Rng& r) {
  static const std::vector<int64_t> v = {INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, int64_t{1} << 62,
                                         -(int64_t{1} << 62), 3'037'000'500, -3'037'000'500, int64_t{1} << 32};
  return r.Pick(v);
}

// The number of events of one customer: none, one, a few, or more than 64.
int EventCount(Rng& r, bool many) {
  if (many) return static_cast<int>(r.Between(65, 140));
  const int w = r.Below(100);
  if (w < 20) return 0;
  if (w < 40) return 1;
  return static_cast<int>(r.Between(2, 12));
}

class DataMaker {
 public:
  DataMaker(Rng& r, const RandomSchema& s, int64_t today) : r_(r), s_(s), today_(today) {}

  std::string Value(const Field& f, bool plain_strings) {
    if (f.optional && (f.all_absent || r_.Chance(25))) return "";
    switch (f.kind) {
      case Kind::Int:
        return std::to_string(f.extreme && r_.Chance(30) ? ExtremeInt(r_) : r_.Between(-50, 200));
      case Kind::Decimal:
        if (f.extreme && r_.Chance(30)) return DecimalText(ExtremeInt(r_) / (r_.Chance(50) ? 1 : 1000));
        return DecimalText(r_.Between(-100'000'000, 1'000'000'000) / r_.Pick(std::vector<int64_t>{1, 10'000, 1'000'000}) *
                           r_.Pick(std::vector<int64_t>{1, 10'000, 1'000'000}));
      case Kind::Float:
        if (r_.Chance(5)) return r_.Chance(50) ? "0" : "-0.0";
        // Sums and products of these reach infinity (and inf - inf is NaN).
        if (f.extreme && r_.Chance(30)) return r_.Pick(std::vector<std::string>{"1.5e308", "-1.7e308", "4.9e-324", "1e300"});
        return fmt::format("{}", static_cast<double>(r_.Between(-8000, 8000)) / r_.Pick(std::vector<double>{1, 8, 1000, 3}));
      case Kind::Bool: return r_.Pick(std::vector<std::string>{"true", "false", "1", "0", "TRUE"});
      case Kind::String:
        if (plain_strings) {  // nearly all distinct; cases and white space for lower, upper and trim
          const int w = r_.Below(10);
          return Quote(fmt::format("{}{}{}{}",
                                   w == 0   ? " "
                                   : w == 1 ? "\t"
                                            : "",
                                   r_.Pick(std::vector<std::string>{"s", "S", "Ün", "a B"}), r_.Between(0, 100000),
                                   w == 2 ? " " : ""));
        }
        return Quote(r_.Pick(kStrings));
      case Kind::Date: {
        if (r_.Chance(8)) return r_.Chance(50) ? "2024-02-29" : "2028-02-29";
        return DateText(today_ + r_.Between(-12000, 400));
      }
      case Kind::Timestamp:
        // The ends of what a data file may hold (four-digit years).
        if (f.extreme && r_.Chance(30)) return r_.Chance(50) ? "9999-12-31T23:59:59.999999Z" : "0001-01-01T00:00:00Z";
        return Stamp(r_.Between(-3000, 30));
      case Kind::Duration:
        if (f.extreme && r_.Chance(30)) return r_.Chance(50) ? "106751991d" : "-106751991d";
        return fmt::format("{}{}", r_.Between(-100, 1000), r_.Pick(std::vector<std::string>{"h", "d", "m", "s", "w"}));
      case Kind::Enum: return r_.Pick(s_.enums[f.enum_id].variants);
    }
    return "";
  }

  // An event time `back` days before today or later: on the zone's midnight (often
  // a window's edge), or at a random moment, in UTC. Styles 1 and 2 keep to whole
  // days and hours, which the loader stores in 8 or 16 bits.
  std::string Stamp(int64_t back_days, int style = 0) {
    if (style == 1 || r_.Chance(30)) return DateText(today_ - back_days);  // local midnight
    if (style == 2) return TimestampText((today_ - back_days) * kMicrosPerDay + r_.Between(-23, 23) * 3'600'000'000);
    const int64_t micros = (today_ - back_days) * kMicrosPerDay + r_.Between(-kMicrosPerDay, kMicrosPerDay);
    const int64_t unit = r_.Chance(70) ? 1'000'000 : 1;  // whole seconds, or microseconds
    return TimestampText(micros / unit * unit);
  }

  // Days before today of an event: often on the edges of the usual windows.
  int64_t EventBack(int style) {
    if (style == 1) return r_.Between(-2, 110);
    const int w = r_.Below(100);
    if (w < 2) return r_.Between(20'000, 30'000);  // before 1970: negative times (the JIT once lost such tables)
    if (w < 25) return r_.Pick(std::vector<int64_t>{0, 1, 7, 30, 90, 365, 366, -1});
    if (w < 35) return -r_.Between(0, 3);  // after the run date: not seen
    return r_.Between(0, 900);
  }

  static std::string Quote(const std::string& s) {
    if (s.find_first_of(",\" ") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }

 private:
  Rng& r_;
  const RandomSchema& s_;
  int64_t today_;
};

}  // namespace

std::string DateText(int64_t day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

RandomSchema MakeSchema(Rng& r) {
  RandomSchema s;
  s.zone = r.Pick(kZones);
  s.enums.push_back({"color", {"red", "green", "blue"}});
  s.enums.push_back({"", {"lo", "mid", "hi", "peak"}});  // an inline enum
  s.customer.push_back(Field{"id", Kind::Int});
  const int fields = static_cast<int>(r.Between(3, 8));
  for (int k = 1; k <= fields; ++k) s.customer.push_back(RandomField(r, fmt::format("c{}", k), 2));
  // The inline enum belongs to one field only: later uses of it become `color`.
  bool inline_used = false;
  for (auto& f : s.customer) {
    if (f.kind == Kind::Enum && f.enum_id == 1) {
      if (inline_used) f.enum_id = 0;
      inline_used = true;
    }
  }
  const int tables = static_cast<int>(r.Between(1, 3));
  for (int t = 0; t < tables; ++t) {
    EventTable e;
    e.name = fmt::format("ev{}", t);
    e.time = fmt::format("t{}", t);
    e.date_time = r.Chance(20);
    const int n = static_cast<int>(r.Between(1, 5));
    for (int k = 0; k < n; ++k) {
      Field f = RandomField(r, fmt::format("x{}{}", t, k), 1);  // only the named enum
      e.fields.push_back(f);
    }
    s.events.push_back(e);
  }
  s.list = r.Chance(20);
  s.reference = r.Chance(15);
  return s;
}

std::string SchemaText(const RandomSchema& s) {
  std::string t = fmt::format("timezone \"{}\"\n", s.zone);
  for (const EnumDef& e : s.enums) {
    if (e.name.empty()) continue;
    t += "enum " + e.name + " {";
    for (size_t k = 0; k < e.variants.size(); ++k) t += (k ? ", " : " ") + e.variants[k];
    t += " }\n";
  }
  t += "schema {\n  customers key id {\n";
  for (const Field& f : s.customer) t += fmt::format("    {}: {}\n", f.name, TypeText(s, f));
  t += "  }\n";
  for (const EventTable& e : s.events) {
    t += fmt::format("  events {} of customers by cid at {} {{\n", e.name, e.time);
    if (e.date_time) t += fmt::format("    {}: date\n", e.time);
    for (const Field& f : e.fields) t += fmt::format("    {}: {}\n", f.name, TypeText(s, f));
    t += "  }\n";
  }
  if (s.list) t += "  list vips of customers by cid\n";
  if (s.reference) t += "  table offers key code { code: string  bonus: int?  label: string }\n";
  return t + "}\n";
}

std::map<std::string, std::string> MakeData(Rng& r, const RandomSchema& s, int64_t today) {
  DataMaker m(r, s, today);
  std::map<std::string, std::string> files;
  const int w = r.Below(100);
  const int customers = w < 2 ? 0 : w < 5 ? 1 : static_cast<int>(r.Between(4, 30));
  std::set<int64_t> taken;
  std::vector<int64_t> ids;
  while (static_cast<int>(ids.size()) < customers) {
    const int64_t id = r.Chance(10) ? r.Between(-1000, -1) : r.Between(1, 5000);
    if (taken.insert(id).second) ids.push_back(id);
  }
  std::vector<bool> plain(s.customer.size());
  for (size_t k = 0; k < plain.size(); ++k) plain[k] = r.Chance(25);
  std::string c;
  for (size_t k = 0; k < s.customer.size(); ++k) c += (k ? "," : "") + s.customer[k].name;
  c += "\n";
  for (int64_t id : ids) {
    c += std::to_string(id);
    for (size_t k = 1; k < s.customer.size(); ++k) c += "," + m.Value(s.customer[k], plain[k]);
    c += "\n";
  }
  files["customers.csv"] = c;
  for (const EventTable& e : s.events) {
    std::string t = "cid," + e.time;
    for (const Field& f : e.fields) t += "," + f.name;
    t += "\n";
    const int style = r.Below(4);  // the times' precision and range
    std::vector<bool> eplain(e.fields.size());
    for (size_t k = 0; k < eplain.size(); ++k) eplain[k] = r.Chance(20);
    // In some programs one customer has many events, so that windows are searched.
    const int many = r.Chance(45) && !ids.empty() ? r.Below(static_cast<int>(ids.size())) : -1;
    std::vector<std::string> rows;
    for (size_t i = 0; i < ids.size(); ++i) {
      const int n = EventCount(r, static_cast<int>(i) == many);
      for (int k = 0; k < n; ++k) {
        const int64_t back = m.EventBack(style);
        std::string row = std::to_string(ids[i]) + "," + (e.date_time ? DateText(today - back - 1) : m.Stamp(back, style));
        for (size_t j = 0; j < e.fields.size(); ++j) row += "," + m.Value(e.fields[j], eplain[j]);
        rows.push_back(row);
      }
    }
    // Rows in a random order: the loader groups them per customer, in time order.
    for (size_t k = rows.size(); k > 1; --k) std::swap(rows[k - 1], rows[static_cast<size_t>(r.Below(static_cast<int>(k)))]);
    for (const auto& row : rows) t += row + "\n";
    files[e.name + ".csv"] = t;
  }
  if (s.list) {
    std::string l = "cid\n";
    for (int64_t id : ids) {
      if (r.Chance(40)) l += std::to_string(id) + "\n";
    }
    files["vips.csv"] = l;
  }
  if (s.reference) {
    std::string o = "code,bonus,label\n";
    for (const char* code : {"NL", "BE", "de", "Amsterdam"}) {
      if (r.Chance(70)) o += fmt::format("{},{},{}\n", code, r.Chance(30) ? "" : std::to_string(r.Between(-5, 50)), r.Pick(kStrings).size() > 3 ? "long" : "short");
    }
    files["offers.csv"] = o;
  }
  return files;
}

}  // namespace sam::differential
