#include "backends/jit/orc.hpp"

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
#include <stdexcept>

#include "backends/jit/helpers.hpp"


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

}  // namespace

struct Orc::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> machine;  // for the optimizer's cost model
};

Orc::Orc() : impl_(std::make_unique<Impl>()) {
  InitializeOnce();
  // The host's CPU and features: the generated loops use its widest vectors.
  auto builder = Take(llvm::orc::JITTargetMachineBuilder::detectHost(), "the host's target");
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  impl_->machine = Take(builder.createTargetMachine(), "a target machine");
  impl_->jit = Take(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(builder).create(), "an LLJIT");
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

Orc::Unit Orc::NewUnit(const std::string& name) {
  Unit unit;
  unit.context = std::make_unique<llvm::LLVMContext>();
  unit.module = std::make_unique<llvm::Module>(name, *unit.context);
  unit.module->setDataLayout(impl_->jit->getDataLayout());
  unit.module->setTargetTriple(impl_->jit->getTargetTriple().str());
  return unit;
}

void* Orc::Add(Unit unit, const std::string& symbol) {
  llvm::Module& m = *unit.module;
  std::string problems;
  llvm::raw_string_ostream out(problems);
  if (llvm::verifyModule(m, &out)) throw std::runtime_error("JIT: generated code does not verify: " + problems);
  {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder passes(impl_->machine.get());
    passes.registerModuleAnalyses(mam);
    passes.registerCGSCCAnalyses(cgam);
    passes.registerFunctionAnalyses(fam);
    passes.registerLoopAnalyses(lam);
    passes.crossRegisterProxies(lam, fam, cgam, mam);
    passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
  }
  if (const char* env = std::getenv("SAM_JIT_PRINT_IR"); env != nullptr && *env != '\0') {
    m.print(llvm::errs(), nullptr);  // a debugging aid: the optimized IR of every kernel
  }
  if (keep_ir_) {
    last_ir_.clear();
    llvm::raw_string_ostream ir(last_ir_);
    m.print(ir, nullptr);
  }
  auto tracker = impl_->jit->getMainJITDylib().createResourceTracker();
  if (auto error = impl_->jit->addIRModule(tracker, llvm::orc::ThreadSafeModule(std::move(unit.module), std::move(unit.context)))) {
    Fail("adding a module", std::move(error));
  }
  auto address = Take(impl_->jit->lookup(symbol), "looking up " + symbol);
  return address.toPtr<void*>();
}

}  // namespace sam::jit
