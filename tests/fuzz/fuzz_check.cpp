// libFuzzer target: the whole front end on arbitrary bytes. Any crash, sanitizer
// report, hang or leak is a bug; diagnostics are the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sam::Frontend fe;
  sam::CheckText(fe, "fuzz.sam", std::string(reinterpret_cast<const char*>(data), size));
  // Rendering walks spans and lines: every span a stage reports must be printable.
  fe.diags.Sort();
  for (const auto& d : fe.diags.all()) {
    (void)sam::RenderText(fe.sources, d, sam::RenderOptions{false});
    (void)sam::RenderJson(fe.sources, d);
  }
  return 0;
}
