#include "backends/jit/orc.hpp"

#include <elf.h>
#include <fmt/format.h>
#include <link.h>
#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Scalar/SimpleLoopUnswitch.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "backends/jit/helpers.hpp"
#include "backends/jit/object_cache.hpp"

namespace sam::jit {
namespace {

[[noreturn]] void Fail(const std::string& what, llvm::Error error) {
  throw std::runtime_error("JIT: " + what + ": " + llvm::toString(std::move(error)));
}

template <class T>
T Take(llvm::Expected<T> value, const std::string& what) {
  if (!value) Fail(what, value.takeError());
  return std::move(*value);
}

void InitializeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

// The version of what Add makes from a module: raise it when that changes other than
// through the module's IR (the optimization pipeline, code generation options).
constexpr const char* kObjectFormat = "sam-jit-object-3";

// The GNU build id of this module (libsam_jit.so), in hex, or "" without one: in
// the cache's key, so that a rebuilt JIT (another pipeline, another code generator
// setting) never runs objects an earlier build made, whether kObjectFormat was
// raised or not.
std::string BuildId() {
  struct Found {
    uintptr_t address;
    std::string id;
  } found{reinterpret_cast<uintptr_t>(&InitializeOnce), {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto& f = *static_cast<Found*>(data);
        bool mine = false;
        for (int k = 0; k < info->dlpi_phnum; ++k) {
          const ElfW(Phdr)& h = info->dlpi_phdr[k];
          const uintptr_t start = info->dlpi_addr + h.p_vaddr;
          if (h.p_type == PT_LOAD && f.address >= start && f.address < start + h.p_memsz) mine = true;
        }
        if (!mine) return 0;
        for (int k = 0; k < info->dlpi_phnum; ++k) {
          const ElfW(Phdr)& h = info->dlpi_phdr[k];
          if (h.p_type != PT_NOTE) continue;
          const auto* at = reinterpret_cast<const unsigned char*>(info->dlpi_addr + h.p_vaddr);
          const unsigned char* end = at + h.p_memsz;
          while (at + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(at);
            const unsigned char* name = at + sizeof(ElfW(Nhdr));
            const unsigned char* desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0 &&
                desc + note->n_descsz <= end) {
              for (unsigned i = 0; i < note->n_descsz; ++i) f.id += fmt::format("{:02x}", desc[i]);
              return 1;
            }
            at = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &found);
  return found.id;
}

bool PrintIR() {
  const char* env = std::getenv("SAM_JIT_PRINT_IR");
  return env != nullptr && *env != '\0';
}
// SAM_JIT_PRINT_IR=raw: the IR as lowered, before LLVM optimizes it (for `opt` and
// `llc -time-passes`).
bool PrintRawIR() {
  const char* env = std::getenv("SAM_JIT_PRINT_IR");
  return env != nullptr && std::string_view(env) == "raw";
}

void Optimize(llvm::Module& m, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder passes(&machine);
  // A loop over customers whose only failure is one that every customer shares (an
  // overflow in `add_years(today, n)`) tests it at every step; taken out of the loop
  // here, once LLVM has hoisted its condition, the loop has one exit and is vectorized.
  passes.registerVectorizerStartEPCallback([](llvm::FunctionPassManager& fpm, llvm::OptimizationLevel) {
    fpm.addPass(llvm::createFunctionToLoopPassAdaptor(llvm::SimpleLoopUnswitchPass(/*NonTrivial=*/false)));
  });
  passes.registerModuleAnalyses(mam);
  passes.registerCGSCCAnalyses(cgam);
  passes.registerFunctionAnalyses(fam);
  passes.registerLoopAnalyses(lam);
  passes.crossRegisterProxies(lam, fam, cgam, mam);
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
}

}  // namespace

struct Orc::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::optional<llvm::orc::JITTargetMachineBuilder> builder;
  std::optional<ObjectCache> cache;
  std::string key_prefix;  // what besides the module decides the object: LLVM and the processor
  std::mutex mutex;        // guards what follows
  // Target machines for optimization and code generation, one per thread that builds
  // (a TargetMachine is not shared between threads), made as threads need them.
  std::vector<std::unique_ptr<llvm::TargetMachine>> machines;
  std::unordered_map<std::string, void*> added;  // by symbol: this process's kernels

  std::unique_ptr<llvm::TargetMachine> TakeMachine() {
    {
      std::lock_guard lock(mutex);
      if (!machines.empty()) {
        auto m = std::move(machines.back());
        machines.pop_back();
        return m;
      }
    }
    return Take(builder->createTargetMachine(), "a target machine");
  }
  void GiveBack(std::unique_ptr<llvm::TargetMachine> m) {
    std::lock_guard lock(mutex);
    machines.push_back(std::move(m));
  }
};

Orc::Orc() : impl_(std::make_unique<Impl>()) {
  InitializeOnce();
  // The host's CPU and features: the generated loops use its widest vectors.
  impl_->builder.emplace(Take(llvm::orc::JITTargetMachineBuilder::detectHost(), "the host's target"));
  impl_->builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  auto machine = impl_->TakeMachine();
  impl_->key_prefix = std::string(kObjectFormat) + "\n" + BuildId() + "\n" + LLVM_VERSION_STRING + "\n" +
                      machine->getTargetCPU().str() + "\n" + machine->getTargetFeatureString().str() + "\n";
  const llvm::DataLayout layout = machine->createDataLayout();
  impl_->GiveBack(std::move(machine));
  // With the data layout given, the builder does not make a target machine of its own to learn it.
  impl_->jit = Take(
      llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*impl_->builder).setDataLayout(layout).create(), "an LLJIT");
  if (auto dir = ObjectCache::DefaultDir()) impl_->cache.emplace(*dir);
  int count = 0;
  const Helper* helpers = Helpers(&count);
  llvm::orc::SymbolMap symbols;
  for (int k = 0; k < count; ++k) {
    symbols[impl_->jit->mangleAndIntern(helpers[k].name)] = {llvm::orc::ExecutorAddr::fromPtr(helpers[k].address),
                                                              llvm::JITSymbolFlags::Exported};
  }
  if (auto error = impl_->jit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    Fail("the runtime helpers", std::move(error));
  }
}

Orc::~Orc() = default;

Orc::Unit Orc::NewUnit() {
  Unit unit;
  unit.context = std::make_unique<llvm::LLVMContext>();
  unit.module = std::make_unique<llvm::Module>(kFunction, *unit.context);
  unit.module->setDataLayout(impl_->jit->getDataLayout());
  unit.module->setTargetTriple(impl_->jit->getTargetTriple().str());
  return unit;
}

Orc::Object Orc::Build(Unit unit) {
  llvm::Module& m = *unit.module;
  llvm::Function* fn = m.getFunction(kFunction);
  if (fn == nullptr) throw std::runtime_error(std::string("JIT: no function ") + kFunction + " in the module");
  // The key: the unoptimized IR says everything the kernel computes (buffers and the
  // run's values are arguments, never addresses in the code). Its bitcode, which
  // round-trips the module as its text does, is written in half the time.
  std::string ir = impl_->key_prefix;
  {
    llvm::raw_string_ostream bitcode(ir);
    llvm::WriteBitcodeToFile(m, bitcode);
  }
  Object result;
  const std::string key = Blake3Hex(ir);
  result.symbol = std::string(kFunction) + "_" + key;
  {
    std::lock_guard lock(impl_->mutex);
    if (auto it = impl_->added.find(result.symbol); it != impl_->added.end()) {
      result.address = it->second;
      result.cached = true;
      return result;
    }
  }
  fn->setName(result.symbol);

  // Dumping shows the optimized IR, so those compile.
  const bool show = PrintIR() || keep_ir_;
  if (impl_->cache && !show) result.object = impl_->cache->Load(key);
  result.cached = result.object != nullptr;
  if (result.object) return result;
  // Verified when compiled only: a module found by its key was verified when it was.
  std::string problems;
  llvm::raw_string_ostream out(problems);
  if (llvm::verifyModule(m, &out)) throw std::runtime_error("JIT: generated code does not verify: " + problems);
  if (PrintRawIR()) {
    std::lock_guard lock(impl_->mutex);
    m.print(llvm::errs(), nullptr);
  }
  auto machine = impl_->TakeMachine();
  Optimize(m, *machine);
  if (PrintIR() && !PrintRawIR()) {  // a debugging aid: the optimized IR of every kernel
    std::lock_guard lock(impl_->mutex);
    m.print(llvm::errs(), nullptr);
  }
  if (keep_ir_) {
    last_ir_.clear();
    llvm::raw_string_ostream kept(last_ir_);
    m.print(kept, nullptr);
  }
  result.object = Take(llvm::orc::SimpleCompiler(*machine)(m), "generating code");
  impl_->GiveBack(std::move(machine));
  if (impl_->cache && !show) impl_->cache->Store(key, result.object->getBuffer());
  return result;
}

void Orc::Link(std::span<Object> objects) {
  std::lock_guard lock(impl_->mutex);
  llvm::orc::ExecutionSession& session = impl_->jit->getExecutionSession();
  auto tracker = impl_->jit->getMainJITDylib().createResourceTracker();
  llvm::orc::SymbolLookupSet wanted;
  std::unordered_set<std::string> adding;  // an equal kernel asked twice in one batch is added once
  for (Object& o : objects) {
    if (o.address != nullptr || !o.object || !adding.insert(o.symbol).second) continue;
    if (auto error = impl_->jit->addObjectFile(tracker, std::move(o.object))) Fail("adding an object", std::move(error));
    wanted.add(impl_->jit->mangleAndIntern(o.symbol));
  }
  if (wanted.empty()) return;
  // One lookup for all: the objects are linked in one session, not one after another.
  const llvm::orc::SymbolMap found =
      Take(session.lookup(llvm::orc::makeJITDylibSearchOrder(&impl_->jit->getMainJITDylib()), std::move(wanted)),
           "linking the kernels");
  for (Object& o : objects) {
    if (o.address != nullptr) continue;
    auto it = found.find(impl_->jit->mangleAndIntern(o.symbol));
    if (it == found.end()) throw std::runtime_error("JIT: " + o.symbol + " not linked");
    o.address = it->second.getAddress().toPtr<void*>();
    impl_->added[o.symbol] = o.address;
  }
}

}  // namespace sam::jit
