#include "backends/jit/orc.hpp"

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
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

#include <cstdlib>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

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
constexpr const char* kObjectFormat = "sam-jit-object-1";

bool PrintIR() {
  const char* env = std::getenv("SAM_JIT_PRINT_IR");
  return env != nullptr && *env != '\0';
}

void Optimize(llvm::Module& m, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder passes(&machine);
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
  std::unique_ptr<llvm::TargetMachine> machine;  // optimizes and generates code
  std::optional<ObjectCache> cache;
  std::unordered_map<std::string, void*> added;  // by key: this process's kernels
  std::string key_prefix;  // what besides the module decides the object: LLVM and the processor
};

Orc::Orc() : impl_(std::make_unique<Impl>()) {
  InitializeOnce();
  // The host's CPU and features: the generated loops use its widest vectors.
  auto builder = Take(llvm::orc::JITTargetMachineBuilder::detectHost(), "the host's target");
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  impl_->machine = Take(builder.createTargetMachine(), "a target machine");
  impl_->key_prefix = std::string(kObjectFormat) + "\n" + LLVM_VERSION_STRING + "\n" +
                      impl_->machine->getTargetCPU().str() + "\n" + impl_->machine->getTargetFeatureString().str() + "\n";
  impl_->jit = Take(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(builder).create(), "an LLJIT");
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

Orc::Added Orc::Add(Unit unit) {
  llvm::Module& m = *unit.module;
  std::string problems;
  llvm::raw_string_ostream out(problems);
  if (llvm::verifyModule(m, &out)) throw std::runtime_error("JIT: generated code does not verify: " + problems);
  llvm::Function* fn = m.getFunction(kFunction);
  if (fn == nullptr) throw std::runtime_error(std::string("JIT: no function ") + kFunction + " in the module");
  // The key: the unoptimized IR says everything the kernel computes (buffers and the
  // run's values are arguments, never addresses in the code).
  std::string ir = impl_->key_prefix;
  {
    llvm::raw_string_ostream text(ir);
    m.print(text, nullptr);
  }
  const std::string key = Blake3Hex(ir);
  if (auto it = impl_->added.find(key); it != impl_->added.end()) return {it->second, true};
  const std::string symbol = std::string(kFunction) + "_" + key;
  fn->setName(symbol);

  // Dumping shows the optimized IR, so those compile.
  const bool show = PrintIR() || keep_ir_;
  std::unique_ptr<llvm::MemoryBuffer> object;
  if (impl_->cache && !show) object = impl_->cache->Load(key);
  const bool cached = object != nullptr;
  if (!object) {
    Optimize(m, *impl_->machine);
    if (PrintIR()) m.print(llvm::errs(), nullptr);  // a debugging aid: the optimized IR of every kernel
    if (keep_ir_) {
      last_ir_.clear();
      llvm::raw_string_ostream kept(last_ir_);
      m.print(kept, nullptr);
    }
    object = Take(llvm::orc::SimpleCompiler(*impl_->machine)(m), "generating code");
    if (impl_->cache && !show) impl_->cache->Store(key, object->getBuffer());
  }
  auto tracker = impl_->jit->getMainJITDylib().createResourceTracker();
  if (auto error = impl_->jit->addObjectFile(tracker, std::move(object))) Fail("adding an object", std::move(error));
  void* address = Take(impl_->jit->lookup(symbol), "looking up " + symbol).toPtr<void*>();
  impl_->added[key] = address;
  return {address, cached};
}

}  // namespace sam::jit
