// The questions the differential test asks every backend about a program, and their
// answers: which customers are in each segment (also narrowed by another condition,
// `count S where C`), and the value of each let and segment for every customer and
// for a subset (the `show` columns' values). Each question is asked on its own, so
// that a runtime error stops only its own answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::differential {

struct Question {
  bool members = false;  // Members(segment, where), else Evaluate(node, rows)
  int segment = -1;
  ir::NodeId where = ir::kNone;
  ir::NodeId node = ir::kNone;
  std::vector<uint32_t> rows;
  std::string text;  // for a report: what was asked, in the program's names
};

struct Answer {
  bool error = false;
  std::string message;  // the error's text and where it points
  uint64_t count = 0;
  std::vector<uint8_t> members;
  backend::Values values;
};

// The questions about the lets and segments named `names` (in the program's order);
// `pick` chooses the pairs and subsets.
std::vector<Question> MakeQuestions(const ir::Program& p, const rt::Database& db, const std::vector<std::string>& names,
                                    uint64_t pick);

// Whether the question's expressions aggregate events (where the JIT's two ways of
// finding a window differ).
bool ReadsEvents(const ir::Program& p, const Question& q);

// Every question asked of `backend`, in order; a fresh preparation after each error.
std::vector<Answer> Ask(backend::Backend& backend, const ir::Program& p, const rt::Database& db,
                        const backend::Context& context, const std::vector<Question>& questions);

// The customers for whom the question's expressions stop with an error, asked of
// `backend` one customer at a time: when only one can fail, every backend must report
// that one, with the same message. (Ask the JIT: the interpreter computes the asked
// customer's whole morsel.)
size_t FailingCustomers(backend::Backend& backend, const ir::Program& p, const rt::Database& db,
                        const backend::Context& context, const Question& q);

// Why two answers differ ("" when they agree); `compare_messages`: errors must have
// the same text too.
std::string Difference(const Answer& reference, const Answer& other, bool compare_messages);

// An answer as text, for a report.
std::string Describe(const rt::Database& db, const Question& q, const Answer& a);

}  // namespace sam::differential
