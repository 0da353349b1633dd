#include <fmt/format.h>

#include "cli/commands.hpp"
#include "tools/gen/gen.hpp"

namespace sam::cli {

void RegisterGen(CLI::App& app) {
  auto opts = std::make_shared<gen::GenOptions>();
  auto* cmd = app.add_subcommand("gen", "Generate deterministic demo data (CSV) for examples/common/schema.sam");
  cmd->add_option("--customers", opts->customers, "How many customers (ids 1..N)")->required();
  cmd->add_option("--out", opts->out_dir, "The directory for the CSV files (created when missing)")->required();
  cmd->add_option("--seed", opts->seed, "The random seed (default 1); the same seed gives the same bytes");
  cmd->add_option("--threads", opts->threads, "Worker threads (default: one per hardware thread)");
  cmd->add_option("--as-of", opts->as_of, "YYYY-MM-DD: all times lie before this date (default 2026-11-23)");
  cmd->callback([opts] {
    gen::GenReport report = gen::GenerateDemoData(*opts);
    if (!report.ok()) {
      fmt::print(stderr, "sam: error: {}\n", report.error);
      SetExitCode(2);
      return;
    }
    int64_t rows = 0, bytes = 0;
    for (const auto& t : report.tables) {
      fmt::print("{:<22} {:>12} rows {:>15} bytes\n", t.name + ".csv", t.rows, t.bytes);
      rows += t.rows;
      bytes += t.bytes;
    }
    fmt::print("{:<22} {:>12} rows {:>15} bytes in {:.2f} s ({} threads, {} chunks)\n", "total", rows, bytes,
               report.seconds, report.threads, report.chunks);
    SetExitCode(0);
  });
}

}  // namespace sam::cli
