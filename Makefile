# The two commands of the README:
#   make run   install missing Debian packages, configure, build, run the CLI on an example
#   make test  the same set-up, then the whole test suite, then again under ASan + UBSan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test deps build build-asan test-dev test-asan clean golden-update

deps:
	scripts/install-deps

build/dev/CMakeCache.txt: | deps
	cmake --preset dev

build: deps build/dev/CMakeCache.txt
	cmake --build --preset dev -j $(JOBS)

run: build
	build/dev/examples/cli/breachclock assess examples/incidents/cwu-2024.toml --as-of 2024-03-22T18:00:00Z

test-dev: build
	ctest --preset dev -j $(JOBS)

build/asan/CMakeCache.txt: | deps
	cmake --preset asan

build-asan: deps build/asan/CMakeCache.txt
	cmake --build --preset asan -j $(JOBS)

test-asan: build-asan
	ctest --preset asan -j $(JOBS)

test: test-dev test-asan

# Rewrites the expected files of the golden tests from the current build. Review the diff!
golden-update: build
	cmake -P tests/golden/update.cmake

clean:
	rm -rf build
