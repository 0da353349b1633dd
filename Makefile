# The two commands of the README: `make demo` and `make test`. Everything installs
# what it needs first (scripts/install-deps), then builds with CMake + Ninja.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 30
BENCH_CUSTOMERS ?= 1000000

.PHONY: all deps duckdb clickhouse test-clickhouse build asan-build demo test unit-test asan fuzz bench-build bench bench-smoke clean

all: build

deps:
	@scripts/install-deps

# DuckDB's npm package: the SQL backend's DuckDB test and the benchmarks run it.
duckdb:
	@scripts/install-duckdb

# ClickHouse in-process (chDB, ~550 MB from npm): the SQL backend's ClickHouse tests,
# run by `make test-clickhouse`, not yet by `make test` (ctest label `clickhouse`).
clickhouse:
	@scripts/install-clickhouse

# Release, as users and packagers build it (-O3), with warnings as errors: a warning
# that only optimised code shows (GCC's -Wrestrict at -O3) fails here first.
# Configured again when this file changes (its flags may have), touched so that make
# knows it is done even when CMake finds nothing to rewrite.
$(BUILD)/build.ninja: Makefile
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSAM_WERROR=ON
	touch $@

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The sanitizer build uses clang-19 so that the same build also has libFuzzer.
$(ASAN_BUILD)/build.ninja: Makefile
# -O1: the sanitized suite runs 4x faster and libFuzzer 11x, with full reports.
# -gline-tables-only: the reports' stacks name file and line, as with -g, and the
# build takes a fifth less time (the grammar: 150 -> 116 s; a clean build from a
# fresh clone on two cores is most of `make test`'s 20 minutes).
	CC=clang-19 CXX=clang++-19 cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DSAM_SANITIZE=ON -DSAM_FUZZ=ON -DSAM_BENCH=OFF -DSAM_WERROR=ON
	touch $@

asan-build: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)/sam

unit-test: build duckdb
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE clickhouse

asan: asan-build duckdb
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE clickhouse

test-clickhouse: build clickhouse
	cd $(BUILD) && ctest --output-on-failure -L clickhouse

fuzz: asan-build
	scripts/fuzz $(ASAN_BUILD) 600

# `make test`: the normal suite, then the whole suite again under ASan+UBSan, with a
# short libFuzzer run: the targets side by side for FUZZ_SECONDS.
test: unit-test asan
	scripts/fuzz $(ASAN_BUILD) $(FUZZ_SECONDS)

# Benchmarks (docs/performance.md): `make bench BENCH_CUSTOMERS=10000000` for 10M. Not
# part of a plain build (nor of `make test`): built here.
bench-build: build
	cmake --build $(BUILD) -j $(JOBS) --target benchmarks

bench: bench-build
	BENCH_CUSTOMERS=$(BENCH_CUSTOMERS) scripts/bench $(BUILD)

bench-smoke: bench-build
	scripts/bench $(BUILD) --smoke

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
