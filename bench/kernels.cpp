// The hand-written kernels by the names bench/queries.txt gives them (`kernel:`).
#include "bench/kernels.hpp"

#include "bench/kernels/kernels.hpp"

namespace sam::bench {
namespace {

struct Entry {
  const char* name;
  Kernel kernel;
};
constexpr Entry kKernels[] = {
    {"revenue_365", kernels::Revenue365},     {"birthday_nl", kernels::BirthdayNl},
    {"open_cart", kernels::OpenCart},         {"high_value", kernels::HighValue},
    {"multi_product", kernels::MultiProduct}, {"engaged", kernels::Engaged},
    {"last_order", kernels::LastOrder},       {"lapsed", kernels::Lapsed},
    {"new_be_app", kernels::NewBeApp},        {"signup_2y", kernels::Signup2y},
    {"seniors_de", kernels::SeniorsDe},       {"birthday_optin", kernels::BirthdayOptin},
    {"optin_12m", kernels::Optin12m},         {"top_clv", kernels::TopClv},
    {"bottom_rev365", kernels::BottomRev365}, {"rank_clv", kernels::RankClv},
    {"mailed_unengaged", kernels::MailedUnengaged},
};

}  // namespace

Kernel FindKernel(const std::string& name) {
  for (const Entry& e : kKernels) {
    if (name == e.name) return e.kernel;
  }
  return nullptr;
}

std::vector<std::string> KernelNames() {
  std::vector<std::string> names;
  for (const Entry& e : kKernels) names.push_back(e.name);
  return names;
}

}  // namespace sam::bench
