# The two commands of the README:
#   make run   install missing Debian packages, configure, build, run the CLI on an example
#   make test  the same set-up, then the whole test suite, again under ASan + UBSan, the
#              concurrency test under TSan, and each fuzz target briefly (clang, libFuzzer)
# (A build folder is configured again when CMakePresets.json changes.)
# And for developers:
#   make fuzz FUZZ_SECONDS=600   each fuzz target for that long, keeping what it finds
#   make bench                   the benchmarks, diff and batch throughput, and cold processes
#                                beside node+luxon and python3+zoneinfo (scripts/bench; installs
#                                the peers: scripts/install-deps --bench); options in BENCH_ARGS,
#                                e.g. make bench BENCH_ARGS='--max-corpus 100000'
#   make lint                    clang-format and clang-tidy (scripts/lint --tidy; slow)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: run test deps build build-asan test-dev test-asan test-tsan test-fuzz fuzz bench clean golden-update

deps:
	scripts/install-deps

build/dev/CMakeCache.txt: CMakePresets.json | deps
	cmake --preset dev

build: deps build/dev/CMakeCache.txt
	cmake --build --preset dev -j $(JOBS)

run: build
	build/dev/examples/cli/breachclock assess rules/uk/examples/cwu-2024.toml --as-of 2024-03-22T18:00:00Z

test-dev: build
	ctest --preset dev -j $(JOBS)

build/asan/CMakeCache.txt: CMakePresets.json | deps
	cmake --preset asan

build-asan: deps build/asan/CMakeCache.txt
	cmake --build --preset asan -j $(JOBS)

test-asan: build-asan
	ctest --preset asan -j $(JOBS)

build/tsan/CMakeCache.txt: CMakePresets.json | deps
	cmake --preset tsan

test-tsan: deps build/tsan/CMakeCache.txt
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan

build/fuzz/CMakeCache.txt: CMakePresets.json | deps
	cmake --preset fuzz

test-fuzz: deps build/fuzz/CMakeCache.txt
	cmake --build --preset fuzz -j $(JOBS)
	ctest --preset fuzz -j $(JOBS)

test: test-dev test-asan test-tsan test-fuzz

# Longer fuzzing than the test suite's 10 seconds a target; the corpus grows in build/fuzz.
fuzz: deps build/fuzz/CMakeCache.txt
	cmake --preset fuzz -DBREACHCLOCK_FUZZ_SECONDS=$(FUZZ_SECONDS) -DBREACHCLOCK_FUZZ_KEEP=ON
	cmake --build --preset fuzz -j $(JOBS)
	ctest --preset fuzz -j $(JOBS); status=$$?; \
	  cmake --preset fuzz -DBREACHCLOCK_FUZZ_SECONDS=10 -DBREACHCLOCK_FUZZ_KEEP=OFF >/dev/null; exit $$status

BENCH_ARGS ?=
bench: deps
	scripts/install-deps --with-optional --bench
	scripts/bench $(BENCH_ARGS)

# Rewrites the expected files of the golden tests from the current build. Review the diff!
golden-update: build
	cmake -P tests/golden/update.cmake

# clang-format check of every C++ file and clang-tidy over src/ and examples/ (scripts/lint);
# scripts/lint --fix formats the tree.
.PHONY: lint
lint: deps build/dev/CMakeCache.txt
	scripts/lint --tidy --jobs $(JOBS)

clean:
	rm -rf build
