#include "runtime/load/assemble.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "runtime/data/huge_pages.hpp"
#include "runtime/exec/parallel.hpp"

namespace sam::rt::load {

namespace {

// The key column of a keyed table, over all its parts, in file order.
class Keys {
 public:
  explicit Keys(const std::vector<ColumnBuilder*>& parts) : string_(parts.front()->is_string()) {
    size_t n = 0;
    for (const ColumnBuilder* p : parts) n += p->size();
    if (string_) strings_.reserve(n);
    else ints_.reserve(n);
    for (const ColumnBuilder* p : parts) {
      for (size_t r = 0; r < p->size(); ++r) {
        if (string_) strings_.push_back(p->StringAt(r));
        else ints_.push_back(p->IntAt(r));
      }
    }
  }
  size_t size() const { return string_ ? strings_.size() : ints_.size(); }
  bool Less(uint32_t a, uint32_t b) const { return string_ ? strings_[a] < strings_[b] : ints_[a] < ints_[b]; }
  bool Same(uint32_t a, uint32_t b) const { return string_ ? strings_[a] == strings_[b] : ints_[a] == ints_[b]; }
  std::string Text(uint32_t row) const { return string_ ? std::string(strings_[row].substr(0, 100)) : std::to_string(ints_[row]); }

  // Row numbers in key order; equal keys in file order. Exports are often sorted by
  // key already: that costs one pass.
  std::vector<uint32_t> Order() const {
    const uint32_t n = static_cast<uint32_t>(size());
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    bool sorted = true;
    for (uint32_t r = 1; r < n && sorted; ++r) sorted = !Less(r, r - 1);
    if (sorted) return order;
    if (string_) {
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return Less(a, b); });
      return order;
    }
    const auto [lo, hi] = std::minmax_element(ints_.begin(), ints_.end());
    if (static_cast<unsigned __int128>(static_cast<__int128>(*hi) - *lo) < 4 * static_cast<uint64_t>(n) + 1024) {
      // Dense keys (ids 1..N, shuffled): a counting sort, which keeps file order.
      std::vector<uint32_t> next(static_cast<size_t>(*hi - *lo) + 2, 0);
      for (int64_t k : ints_) ++next[static_cast<size_t>(k - *lo) + 1];
      for (size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
      for (uint32_t r = 0; r < n; ++r) order[next[static_cast<size_t>(ints_[r] - *lo)]++] = r;
      return order;
    }
    // (key, row) pairs sort without an indirection per comparison.
    std::vector<std::pair<int64_t, uint32_t>> pairs(n);
    for (uint32_t r = 0; r < n; ++r) pairs[r] = {ints_[r], r};
    std::sort(pairs.begin(), pairs.end());
    for (uint32_t i = 0; i < n; ++i) order[i] = pairs[i].second;
    return order;
  }

 private:
  bool string_;
  std::vector<int64_t> ints_;
  std::vector<std::string_view> strings_;
};

// The rows of `b` whose keep[r] is set.
ColumnBuilder Compact(const ColumnBuilder& b, const uint8_t* keep) {
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

// A key as the file wrote it: an enum's variant by name, not by its number.
std::string KeyText(const FieldSpec& field, const Keys& keys, uint32_t row) {
  std::string text = keys.Text(row);
  if (field.type.kind != TypeKind::Enum) return text;
  const size_t v = std::stoul(text);
  return v < field.variants.size() ? field.variants[v] : text;
}

// Rejects the second and later rows of each key, dropping them from `parts` (per
// column, its builders in file order); returns the key order of the rows left.
std::vector<uint32_t> RejectDuplicates(const TableContext& ctx, RowSink& rows, std::vector<std::vector<ColumnBuilder*>>& parts) {
  const int key = ctx.info->key;
  std::vector<uint32_t> order;
  std::vector<uint8_t> keep;
  {
    const Keys keys(parts[key]);
    order = keys.Order();
    for (size_t i = 0; i < order.size();) {
      const uint32_t first = order[i++];
      for (; i < order.size() && keys.Same(order[i], first); ++i) {
        const uint32_t r = order[i];
        if (keep.empty()) keep.assign(keys.size(), 1);
        keep[r] = 0;
        std::string_view raw(ctx.data + rows.offsets[r], rows.lengths[r]);
        rows.Reject(rows.lines[r], raw, ctx.fields[key].name,
                    fmt::format("duplicate key `{}`: first on line {}", KeyText(ctx.fields[key], keys, r), rows.lines[first]));
        --rows.read;  // Reject counts a row read; this one was counted when it was added
      }
    }
  }
  if (keep.empty()) return order;
  for (auto& column : parts) {
    size_t at = 0;
    for (ColumnBuilder* p : column) {
      const size_t n = p->size();
      *p = Compact(*p, keep.data() + at);
      at += n;
    }
  }
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
  // Row numbers after the dropped rows move down.
  std::vector<uint32_t> renumber(keep.size());
  uint32_t next = 0;
  for (size_t r = 0; r < keep.size(); ++r) renumber[r] = keep[r] ? next++ : UINT32_MAX;
  size_t o = 0;
  for (uint32_t r : order) {
    if (keep[r]) order[o++] = renumber[r];
  }
  order.resize(o);
  return order;
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
  // read memory in order, and equal times keep file order. Times that fit in 32 bits
  // (counted from the least, in their largest unit) share one word with the row
  // number: half the bytes of a (time, row) pair to place and to sort.
  std::vector<size_t> part_start{0};
  for (const ColumnBuilder* p : time_parts) part_start.push_back(part_start.back() + p->size());
  // fn(part, begin, end, row) for each piece of slice t in one part: its rows
  // [begin, end) are the table's rows from `row` on.
  auto pieces = [&](size_t t, auto fn) {
    const size_t end = slice_begin(t + 1);
    size_t r = slice_begin(t);
    size_t p = static_cast<size_t>(std::upper_bound(part_start.begin(), part_start.end(), r) - part_start.begin()) - 1;
    for (; r < end; ++p) {
      const size_t b = r - part_start[p], e = std::min(end, part_start[p + 1]) - part_start[p];
      fn(*time_parts[p], b, e, r);
      r += e - b;
    }
  };
  // Sorts each customer's keys and writes where each row goes.
  auto sort_each = [&](auto& keyed, auto row_of) {
    const uint64_t blocks = std::max<uint64_t>(1, std::min<uint64_t>(customers, 64));
    ParallelFor(blocks, threads, [&](size_t b) {
      for (uint64_t c = customers * b / blocks; c < customers * (b + 1) / blocks; ++c) {
        auto begin = keyed.begin() + static_cast<ptrdiff_t>(offsets[c]), end = keyed.begin() + static_cast<ptrdiff_t>(offsets[c + 1]);
        if (end - begin > 1) std::sort(begin, end);
        for (auto it = begin; it != end; ++it) dest[row_of(*it)] = static_cast<uint32_t>(it - keyed.begin());
      }
    });
  };
  const ColumnBuilder::Range range = ColumnBuilder::RangeOf(time_parts);
  if (range.exact && static_cast<unsigned __int128>(static_cast<__int128>(range.hi) - range.lo) / static_cast<uint64_t>(range.unit) <= UINT32_MAX) {
    auto keyed = HugeVector<uint64_t>(n);
    ParallelFor(slices, threads, [&](size_t t) {
      uint32_t* pos = next[t].data();
      constexpr size_t kBatch = 1024;
      uint64_t times[kBatch];
      pieces(t, [&](const ColumnBuilder& part, size_t b, size_t e, size_t r) {
        for (size_t i = b; i < e; i += kBatch) {
          const size_t m = std::min(kBatch, e - i);
          part.Scaled(i, i + m, range.lo, range.unit, times);
          for (size_t j = 0; j < m; ++j, ++r) keyed[pos[cust[r]]++] = times[j] << 32 | r;
        }
      });
    });
    Release(next);
    sort_each(keyed, [](uint64_t k) { return static_cast<uint32_t>(k); });
    return dest;
  }
  auto keyed = HugeVector<std::pair<int64_t, uint32_t>>(n);
  ParallelFor(slices, threads, [&](size_t t) {
    uint32_t* pos = next[t].data();
    pieces(t, [&](const ColumnBuilder& part, size_t b, size_t e, size_t r) {
      for (size_t i = b; i < e; ++i, ++r) keyed[pos[cust[r]]++] = {part.IntAt(i), static_cast<uint32_t>(r)};
    });
  });
  Release(next);
  sort_each(keyed, [](const std::pair<int64_t, uint32_t>& k) { return k.second; });
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
    case TableKind::Customers: {
      collect();
      std::vector<uint32_t> order = RejectDuplicates(ctx, rows, parts);
      dest.resize(order.size());
      for (uint32_t i = 0; i < order.size(); ++i) dest[order[i]] = i;
      placed = true;
      break;
    }
    case TableKind::Reference:
      collect();
      RejectDuplicates(ctx, rows, parts);
      break;
    case TableKind::Events:
    case TableKind::List: {
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
