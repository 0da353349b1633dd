// Operations that look at absence: `is present`, `if`, `??`.
#include "backends/interp/morsel.hpp"

namespace sam::interp {

Vec MorselEval::PresentValues(const Args& args, size_t rows) {
  Vec out = Vec::Of(TypeKind::Int, rows);
  for (size_t r = 0; r < rows; ++r) out.i[r] = args[0]->Present(r);
  return out;
}

Vec MorselEval::IfValues(const ir::Node& n, const Args& args, size_t rows) {
  const TypeKind out_kind = StorageOf(n.type.kind);
  const Vec& c = *args[0];
  const Vec& t = *args[1];
  const Vec& e = *args[2];
  Vec out = Vec::Of(out_kind, rows);
  bool opt = !t.all_present() || !e.all_present();
  if (out_kind == TypeKind::Int && !opt) {
    // Branch-free select: score blocks are sums of such ifs.
    const int64_t* ci = c.i.data();
    const int64_t* ti = t.i.data();
    const int64_t* ei = e.i.data();
    int64_t* o = out.i.data();
    if (c.all_present()) {
      for (size_t r = 0; r < rows; ++r) o[r] = ci[r] != 0 ? ti[r] : ei[r];
    } else {
      const uint8_t* cp = c.present.data();
      for (size_t r = 0; r < rows; ++r) o[r] = ((cp[r] != 0) & (ci[r] != 0)) ? ti[r] : ei[r];
    }
    return out;
  }
  if (opt) out.present.assign(rows, 1);
  for (size_t r = 0; r < rows; ++r) {
    const Vec& src = c.True(r) ? t : e;
    if (out_kind == TypeKind::Float) {
      out.f[r] = src.f[r];
    } else if (out_kind == TypeKind::String) {
      out.s[r] = src.s[r];
    } else {
      out.i[r] = src.i[r];
    }
    if (opt) out.present[r] = src.Present(r);
  }
  return out;
}

Vec MorselEval::CoalesceValues(const ir::Node& n, const Args& args, size_t rows) {
  const TypeKind out_kind = StorageOf(n.type.kind);
  const Vec& a = *args[0];
  const Vec& b = *args[1];
  if (a.all_present()) return a;
  Vec out = a;
  for (size_t r = 0; r < rows; ++r) {
    if (a.present[r]) continue;
    if (out_kind == TypeKind::Float) {
      out.f[r] = b.f[r];
    } else if (out_kind == TypeKind::String) {
      out.s[r] = b.s[r];
    } else {
      out.i[r] = b.i[r];
    }
    out.present[r] = b.Present(r);
  }
  if (b.all_present()) out.present.clear();
  return out;
}

}  // namespace sam::interp
