#include "backends/interp/backend.hpp"

#include <fmt/format.h>

#include "backends/interp/interpreter.hpp"

namespace sam::interp {
namespace {

class InterpPrepared final : public backend::Prepared {
 public:
  InterpPrepared(const ir::Program& program, const Database& db, const backend::Context& context, bool direct)
      : in_(program, db, context, direct) {}

  uint64_t Members(int segment, ir::NodeId where, std::vector<uint8_t>* member) override {
    return in_.Members(segment, where, member);
  }
  uint64_t MembersWith(int segment, ir::NodeId where, std::vector<uint8_t>* member,
                       const backend::MorselTakeover& takeover) override {
    return in_.Members(segment, where, member, &takeover);
  }

  backend::Values Evaluate(ir::NodeId node, std::span<const uint32_t> customers) override {
    const Vec v = in_.EvaluateRows(node, customers);
    backend::Values out;
    out.storage = v.kind;
    if (v.kind == TypeKind::Float) {
      out.floats.assign(v.f.begin(), v.f.end());
    } else if (v.kind == TypeKind::String) {
      out.strings.assign(v.s.begin(), v.s.end());
    } else {
      out.ints.assign(v.i.begin(), v.i.end());
    }
    if (!v.all_present()) out.present.assign(v.present.begin(), v.present.end());
    return out;
  }

  std::vector<backend::EventRow> Events(int table, ir::NodeId filter, int64_t since, int64_t until) override {
    return in_.Events(table, filter, since, until);
  }
  std::vector<backend::EventRow> EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows,
                                          int64_t since) override {
    return in_.EventsOf(table, filter, rows, since);
  }

 private:
  Interpreter in_;
};

void CheckSize(size_t size, uint64_t customers, const char* what) {
  if (size != customers) {
    throw RuntimeError(fmt::format("the evaluation context has {} values of {} for {} customers", size, what, customers));
  }
}

class InterpBackend final : public backend::Backend {
 public:
  explicit InterpBackend(bool direct) : direct_(direct) {}
  std::string_view name() const override { return direct_ ? "interp" : "interp-scopes"; }

  std::unique_ptr<backend::Prepared> Prepare(const ir::Program& program, const Database& db,
                                             const backend::Context& context) override {
    uint64_t customers = db.customer_count();
    if (context.rows) {
      const std::vector<uint32_t>& rows = *context.rows;
      for (size_t k = 0; k < rows.size(); ++k) {
        if (rows[k] >= customers || (k > 0 && rows[k] <= rows[k - 1])) {
          throw RuntimeError("the evaluation context's rows are not ascending customer rows");
        }
      }
      customers = rows.size();  // the sparse form: one value per row
    }
    if (context.trigger) {
      CheckSize(context.trigger->at.size(), customers, "`trigger.at`");
      CheckSize(context.trigger->row.size(), customers, "trigger rows");
    }
    if (context.trigger && context.trigger->table >= 0) {
      const auto t = static_cast<size_t>(context.trigger->table);
      if (t >= db.tables.size()) throw RuntimeError("the evaluation context names a table the data does not have");
      for (int64_t row : context.trigger->row) {
        if (row < -1 || row >= static_cast<int64_t>(db.tables[t].rows)) {
          throw RuntimeError(fmt::format("the evaluation context names row {} of table `{}`, which has {} rows", row,
                                         db.tables[t].name, db.tables[t].rows));
        }
      }
    }
    if (context.entry) CheckSize(context.entry->size(), customers, "`entry`");
    return std::make_unique<InterpPrepared>(program, db, context, direct_);
  }

 private:
  bool direct_;
};

}  // namespace

std::unique_ptr<backend::Backend> MakeBackend(bool direct) { return std::make_unique<InterpBackend>(direct); }

}  // namespace sam::interp
