#include "backends/jit/shape.hpp"

#include <cstring>
#include <unordered_map>

namespace sam::jit {
namespace {

using ir::NodeId;
using ir::Op;

class Shaper {
 public:
  explicit Shaper(const ir::Program& p) : p_(p) {}

  // The node's number; its record is written once its operands have theirs.
  uint32_t Visit(NodeId id) {
    if (id == ir::kNone) return UINT32_MAX;
    if (auto it = number_.find(id); it != number_.end()) return it->second;
    const auto number = static_cast<uint32_t>(shape_.order.size());
    number_.emplace(id, number);
    shape_.order.push_back(id);
    const ir::Node& n = p_.at(id);
    std::vector<uint32_t> args;
    for (NodeId x : n.args) args.push_back(Visit(x));
    int32_t a = n.a;
    if (n.op == Op::LetRef) a = Let(n.a);
    if (n.op == Op::Agg) a = Agg(n.a);
    if (n.op == Op::Population) a = Pop(n.a);
    Put('N');
    Put(number);
    Put(static_cast<uint8_t>(n.op));
    PutType(n.type);
    Put(static_cast<uint8_t>(n.value.absent));
    Put(n.value.i);
    Put(n.value.f);
    PutText(n.value.s);
    Put(a);
    Put(n.b);
    Put(n.c);
    Put(static_cast<uint32_t>(args.size()));
    for (uint32_t x : args) Put(x);
    return number;
  }

  Shape Take() { return std::move(shape_); }
  template <class T>
  void Put(T x) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &x, sizeof(T));
    shape_.key.append(bytes, sizeof(T));
  }

 private:
  void PutText(const std::string& s) {
    Put(static_cast<uint64_t>(s.size()));
    shape_.key += s;
  }
  void PutType(const Type& t) {
    Put(static_cast<uint8_t>(t.kind));
    Put(static_cast<uint8_t>(t.optional));
    Put(static_cast<uint8_t>(t.elem));
    Put(t.ref);
  }
  // A let, aggregate or ranking: its own number, new at its first use (`first`), when
  // its caller writes its definition.
  static int32_t NumberOf(std::unordered_map<int, int32_t>& numbers, int index, bool& first) {
    auto [it, added] = numbers.emplace(index, static_cast<int32_t>(numbers.size()));
    first = added;
    return it->second;
  }
  // A let, aggregate or ranking: its own number, its definition written at first use.
  int32_t Let(int index) {
    bool first = false;
    const int32_t number = NumberOf(lets_, index, first);
    if (!first) return number;
    const ir::Let& l = p_.lets[index];
    const uint32_t root = Visit(l.root);
    Put('L');
    Put(number);
    PutType(l.type);
    Put(static_cast<uint8_t>(l.segment));
    Put(root);
    return number;
  }
  int32_t Agg(int index) {
    bool first = false;
    const int32_t number = NumberOf(aggs_, index, first);
    if (!first) return number;
    const ir::AggSpec& g = p_.aggs[index];
    const uint32_t low = Visit(g.low), high = Visit(g.high), filter = Visit(g.filter), value = Visit(g.value);
    Put('A');
    Put(number);
    Put(static_cast<uint8_t>(g.op));
    Put(static_cast<uint8_t>(g.distinct));
    Put(static_cast<uint8_t>(g.row_field));
    Put(g.table);
    Put(g.depth);
    for (uint32_t x : {low, high, filter, value}) Put(x);
    return number;
  }
  int32_t Pop(int index) {
    bool first = false;
    const int32_t number = NumberOf(pops_, index, first);
    if (!first) return number;
    const ir::PopSpec& s = p_.pops[index];
    const int32_t among = s.among >= 0 ? Let(s.among) : -1;
    Put('P');
    Put(number);
    Put(static_cast<uint8_t>(s.kind));
    Put(static_cast<uint8_t>(s.percent));
    Put(s.amount);
    Put(among);
    return number;
  }

  const ir::Program& p_;
  Shape shape_;
  std::unordered_map<NodeId, uint32_t> number_;
  std::unordered_map<int, int32_t> lets_, aggs_, pops_;
};

}  // namespace

Shape ShapeOf(const ir::Program& p, NodeId a, NodeId b) {
  Shaper shaper(p);
  const uint32_t x = shaper.Visit(a), y = shaper.Visit(b);
  shaper.Put('R');
  shaper.Put(x);
  shaper.Put(y);
  return shaper.Take();
}

}  // namespace sam::jit
