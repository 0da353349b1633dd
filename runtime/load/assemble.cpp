#include "runtime/load/assemble.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "runtime/data/huge_pages.hpp"
#include "runtime/load/parallel.hpp"

namespace sam::rt::load {

namespace {

// Row indices in key order; equal keys in file order.
std::vector<uint32_t> KeyOrder(const ColumnBuilder& key) {
  std::vector<uint32_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  if (key.is_string()) {
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key.StringAt(a) < key.StringAt(b); });
  } else {
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key.IntAt(a) < key.IntAt(b); });
  }
  return order;
}

std::string KeyText(const ColumnBuilder& key, uint32_t row) {
  return key.is_string() ? std::string(key.StringAt(row).substr(0, 100)) : std::to_string(key.IntAt(row));
}

ColumnBuilder Compact(ColumnBuilder& b, const std::vector<uint8_t>& keep) {
  ColumnBuilder out(b.type());
  for (size_t r = 0; r < b.size(); ++r) {
    if (!keep[r]) continue;
    if (!b.PresentAt(r)) out.AppendAbsent();
    else if (b.is_string()) out.AppendString(b.StringAt(r));
    else if (b.is_float()) out.AppendFloat(b.FloatAt(r));
    else out.AppendInt(b.IntAt(r));
  }
  return out;
}

// Rejects the second and later rows of each key; returns whether there were any.
bool RejectDuplicates(const TableContext& ctx, RowSink& rows, const std::vector<uint32_t>& order) {
  const int key = ctx.info->key;
  const ColumnBuilder& kb = rows.columns[key];
  std::vector<uint8_t> keep(kb.size(), 1);
  bool any = false;
  auto same = [&](uint32_t a, uint32_t b) { return kb.is_string() ? kb.StringAt(a) == kb.StringAt(b) : kb.IntAt(a) == kb.IntAt(b); };
  for (size_t i = 0; i < order.size();) {
    const uint32_t first = order[i++];
    for (; i < order.size() && same(order[i], first); ++i) {
      uint32_t r = order[i];
      keep[r] = 0;
      any = true;
      std::string_view raw(ctx.data + rows.offsets[r], rows.lengths[r]);
      rows.Reject(rows.lines[r], raw, ctx.fields[key].name,
                  fmt::format("duplicate key `{}`: first on line {}", KeyText(kb, r), rows.lines[first]));
      --rows.read;  // Reject counts a row read; this one was counted when it was added
    }
  }
  if (!any) return false;
  for (auto& b : rows.columns) b = Compact(b, keep);
  size_t w = 0;
  for (size_t r = 0; r < keep.size(); ++r) {
    if (!keep[r]) continue;
    rows.lines[w] = rows.lines[r];
    rows.offsets[w] = rows.offsets[r];
    rows.lengths[w] = rows.lengths[r];
    ++w;
  }
  rows.lines.resize(w);
  rows.offsets.resize(w);
  rows.lengths.resize(w);
  std::stable_sort(rows.rejections.begin(), rows.rejections.end(), [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
  return true;
}

// Where each row goes (dest[row]): events and lists grouped by customer, then by time.
// `time_parts`: the time column's parts.
//
// A counting sort by customer, in parallel: each thread counts the customers of its
// slice of rows, and places them from where the slices before it end, so that rows of
// a customer stay in file order. Then each customer's rows are sorted by time.
std::vector<uint32_t> CsrPlaces(const TableContext& ctx, const std::vector<uint32_t>& cust, const std::vector<ColumnBuilder*>& time_parts,
                                uint64_t customers, std::vector<uint64_t>& offsets, int threads) {
  const size_t n = cust.size();  // < 2^32: rows are numbered in 32 bits
  const size_t slices = std::clamp<size_t>(n / (1 << 16), 1, static_cast<size_t>(std::max(threads, 1)));
  auto slice_begin = [&](size_t t) { return n * t / slices; };
  // next[t][c]: the count of customer c's rows in slice t, then where the next goes.
  std::vector<std::vector<uint32_t>> next(slices);
  ParallelFor(slices, threads, [&](size_t t) {
    next[t].assign(customers, 0);
    for (size_t r = slice_begin(t); r < slice_begin(t + 1); ++r) ++next[t][cust[r]];
  });
  offsets.assign(customers + 1, 0);
  for (uint64_t c = 0; c < customers; ++c) {
    uint64_t at = offsets[c];
    for (auto& counts : next) {
      const uint32_t k = counts[c];
      counts[c] = static_cast<uint32_t>(at);
      at += k;
    }
    offsets[c + 1] = at;
  }
  std::vector<uint32_t> dest(n);
  if (ctx.info->time < 0) {
    ParallelFor(slices, threads, [&](size_t t) {
      uint32_t* pos = next[t].data();
      for (size_t r = slice_begin(t); r < slice_begin(t + 1); ++r) dest[r] = pos[cust[r]]++;
    });
    return dest;
  }
  // Each row's time next to its row number, placed in CSR order: the sorts below then
  // read memory in order. Sorting (time, row) pairs keeps file order among equal times.
  std::vector<std::pair<int64_t, uint32_t>> keyed = HugeVector<std::pair<int64_t, uint32_t>>(n);
  std::vector<size_t> part_start{0};
  for (const ColumnBuilder* p : time_parts) part_start.push_back(part_start.back() + p->size());
  ParallelFor(slices, threads, [&](size_t t) {
    uint32_t* pos = next[t].data();
    const size_t end = slice_begin(t + 1);
    size_t r = slice_begin(t);
    size_t p = static_cast<size_t>(std::upper_bound(part_start.begin(), part_start.end(), r) - part_start.begin()) - 1;
    for (; r < end; ++p) {
      const ColumnBuilder& part = *time_parts[p];
      for (size_t i = r - part_start[p], stop = std::min(end, part_start[p + 1]) - part_start[p]; i < stop; ++i, ++r) {
        keyed[pos[cust[r]]++] = {part.IntAt(i), static_cast<uint32_t>(r)};
      }
    }
  });
  Release(next);
  const uint64_t blocks = std::max<uint64_t>(1, std::min<uint64_t>(customers, 64));
  ParallelFor(blocks, threads, [&](size_t b) {
    for (uint64_t c = customers * b / blocks; c < customers * (b + 1) / blocks; ++c) {
      auto begin = keyed.begin() + static_cast<ptrdiff_t>(offsets[c]), end = keyed.begin() + static_cast<ptrdiff_t>(offsets[c + 1]);
      if (end - begin > 1) std::sort(begin, end);
      for (auto it = begin; it != end; ++it) dest[it->second] = static_cast<uint32_t>(it - keyed.begin());
    }
  });
  return dest;
}

}  // namespace

Table AssembleTable(const TableContext& ctx, RowSink& rows, std::vector<std::unique_ptr<RowSink>>& more, uint64_t customer_count,
                    int threads) {
  Table t;
  t.name = ctx.info->name;
  t.kind = ctx.info->kind;
  // Per column its builders in file order: this chunk's, then the others'.
  std::vector<std::vector<ColumnBuilder*>> parts(rows.columns.size());
  auto collect = [&] {
    for (size_t f = 0; f < rows.columns.size(); ++f) {
      parts[f] = {&rows.columns[f]};
      for (auto& m : more) parts[f].push_back(&m->columns[f]);
    }
  };
  std::vector<uint32_t> dest;  // row r of the parts becomes row dest[r]
  bool placed = false;
  switch (ctx.info->kind) {
    case ast::TableKind::Customers: {
      std::vector<uint32_t> order = KeyOrder(rows.columns[ctx.info->key]);
      if (RejectDuplicates(ctx, rows, order)) order = KeyOrder(rows.columns[ctx.info->key]);
      dest.resize(order.size());
      for (uint32_t i = 0; i < order.size(); ++i) dest[order[i]] = i;
      placed = true;
      collect();
      break;
    }
    case ast::TableKind::Reference:
      RejectDuplicates(ctx, rows, KeyOrder(rows.columns[ctx.info->key]));
      collect();
      break;
    case ast::TableKind::Events:
    case ast::TableKind::List: {
      collect();
      std::vector<uint64_t> offsets;
      std::vector<ColumnBuilder*> none;
      dest = CsrPlaces(ctx, rows.customer_rows, ctx.info->time < 0 ? none : parts[ctx.info->time], customer_count, offsets, threads);
      Release(rows.customer_rows);
      placed = true;
      t.offsets = Buffer::Own(std::move(offsets));
      break;
    }
  }
  t.rows = 0;
  if (!parts.empty()) {
    for (const ColumnBuilder* p : parts[0]) t.rows += p->size();
  }
  t.columns.resize(rows.columns.size());
  ParallelFor(rows.columns.size(), threads,
              [&](size_t f) { t.columns[f] = ColumnBuilder::Finish(parts[f], placed ? &dest : nullptr); });
  return t;
}

}  // namespace sam::rt::load
